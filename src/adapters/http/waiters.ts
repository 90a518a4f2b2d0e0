import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VirtualClock } from '../../sim/clock/VirtualClock.js';
import type { CallContext, SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import type { SwfService } from '../../sim/service/SwfService.js';
import { CONTROL_PREFIX } from './controlRoutes.js';
import type { RequestTicket, SkipGate, Waiter } from './skipGate.js';

/** A request as the server follows it: its ticket in the skip gate, and whether its client hung up. @internal */
export type TrackedRequest = RequestTicket & { readonly hangUp: AbortSignal };

/**
 * Follows a request in the skip gate until its connection lets go of it. Long polls, virtual sleeps
 * and reads are quiet: they do not hold the auto clock back.
 * @internal
 */
export function trackRequest(
  gate: SkipGate,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): TrackedRequest {
  const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
  const target = req.headers['x-amz-target'];
  const quiet =
    req.method === 'GET' ||
    (isControl
      ? path.startsWith(`${CONTROL_PREFIX}/clock/sleep`)
      : isPollTarget(typeof target === 'string' ? target : undefined));
  const ticket = gate.arrived(quiet);
  const hangUp = new AbortController();
  res.once('finish', () => ticket.answered());
  res.once('close', () => {
    if (!res.writableFinished) hangUp.abort();
    ticket.closed();
  });
  return { ...ticket, hangUp: hangUp.signal };
}

const POLL_OPERATIONS: ReadonlySet<string> = new Set(['PollForDecisionTask', 'PollForActivityTask']);

/** Whether an `X-Amz-Target` names a long poll. @internal */
export function isPollTarget(target: string | undefined): boolean {
  return target !== undefined && POLL_OPERATIONS.has(target.slice(target.lastIndexOf('.') + 1));
}

/** What a released poll answers: the service's own "no task" replies. */
const EMPTY_POLL_ANSWERS: Readonly<Record<string, unknown>> = {
  PollForDecisionTask: { taskToken: '', startedEventId: 0, previousStartedEventId: 0 },
  PollForActivityTask: { taskToken: '', startedEventId: 0 },
};

function describePoll(operation: string, input: unknown): string {
  const { domain, taskList, identity } = (input ?? {}) as {
    domain?: unknown;
    taskList?: { name?: unknown };
    identity?: unknown;
  };
  const by = typeof identity === 'string' && identity !== '' ? ` by ${identity}` : '';
  return `${operation} ${String(domain)}/${String(taskList?.name)}${by}`;
}

/**
 * The regional service as one HTTP request sees it: a long poll waits in the skip gate as a
 * {@link Waiter} (released empty on shutdown, reset or import), and a task it hands out counts as
 * work in progress until answered. Calls go to the service through `endpoint` (a journal).
 * @internal
 */
export function trackedEndpoint(
  service: SwfService,
  gate: SkipGate,
  ticket: RequestTicket,
  endpoint: SwfEndpoint = service,
): SwfEndpoint {
  return {
    dispatch(operation: string, input: unknown, context?: CallContext): Promise<unknown> {
      if (!POLL_OPERATIONS.has(operation)) return endpoint.dispatch(operation, input, context);
      const serviceSide = new AbortController();
      const hangUp = (): void => serviceSide.abort();
      if (context?.signal?.aborted === true) hangUp();
      context?.signal?.addEventListener('abort', hangUp, { once: true });
      return new Promise<unknown>((resolve, reject) => {
        let settled = false;
        const settle = (): boolean => {
          if (settled) return false;
          settled = true;
          ticket.unwait(waiter);
          context?.signal?.removeEventListener('abort', hangUp);
          return true;
        };
        const waiter: Waiter = {
          kind: 'poll',
          what: describePoll(operation, input),
          release: () => {
            // Answer first, then abort: the service's AbortError then finds the poll settled.
            if (settle()) resolve(EMPTY_POLL_ANSWERS[operation]);
            serviceSide.abort();
          },
        };
        const answer = endpoint.dispatch(operation, input, { signal: serviceSide.signal });
        // Only now, with the poll parked and its expiry armed: the gate's news of the wait is what
        // makes the clock driver arm a real timer for that expiry.
        ticket.wait(waiter);
        answer.then(
          (output) => {
            const token = (output as { taskToken?: unknown } | undefined)?.taskToken;
            if (typeof token === 'string' && token !== '') gate.handedOutTask(service, token);
            if (settle()) resolve(output);
          },
          (error: unknown) => {
            if (settle()) reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
  };
}

/**
 * A virtual sleep: resolves true once virtual time has passed `ms`, false when released early
 * (shutdown, reset, import) or when `signal` aborts (the client hung up). It waits in the skip
 * gate like a long poll, so the auto clock may jump to its end.
 * @internal
 */
export function virtualSleep(
  clock: VirtualClock,
  ms: number,
  ticket: RequestTicket,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const finish = (slept: boolean): void => {
      timer.cancel();
      signal.removeEventListener('abort', onAbort);
      ticket.unwait(waiter, slept);
      resolve(slept);
    };
    const onAbort = (): void => finish(false);
    const waiter: Waiter = {
      kind: 'sleep',
      what: `sleep until ${new Date(clock.now() + ms).toISOString()}`,
      release: onAbort,
    };
    const timer = clock.after(ms, 'swf-sim sleep', () => finish(true));
    signal.addEventListener('abort', onAbort, { once: true });
    ticket.wait(waiter);
  });
}
