import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClockJump, ClockMode } from './clockDrivers.js';
import { readBody, sendError, sendJson } from './httpIo.js';
import { CONTROL_HEADER, CONTROL_PREFIX, refuseOversizedBody } from './requestGuard.js';
import type { TextSink } from './durability/snapshotText.js';
import type { RequestTicket } from './skipGate.js';
import { readStateBody, sendJsonStream, type StateReader } from './stateTransfer.js';

export { CONTROL_PREFIX } from './requestGuard.js';

/** The clock as `GET /_swf-sim/clock` reports it. @public */
export interface ClockStatus {
  readonly mode: ClockMode;
  /** Virtual time, ISO 8601 and epoch milliseconds. */
  readonly now: string;
  readonly nowMs: number;
  /** Realtime: virtual milliseconds per real millisecond. */
  readonly scale?: number;
  /** When the next virtual timer is due (a timeout, a timer, a poll's expiry), or null. */
  readonly nextTimerAt: string | null;
  readonly pendingTimers: number;
  /** HTTP requests being served, and how many of them are long polls waiting for a task or virtual sleeps. */
  readonly openRequests: number;
  readonly pendingPolls: number;
  readonly sleeps: number;
  /** Decision and activity tasks handed out over HTTP and not answered yet. */
  readonly tasksInProgress: readonly string[];
  /** Skip locks held, with the real milliseconds each has left. */
  readonly locks: readonly { readonly name: string; readonly expiresInMs: number }[];
  /** Automatic jumps so far (auto mode), and the last one: from, to, what fired, what everyone waited on. */
  readonly jumps: number;
  readonly lastJump: ClockJump | null;
  /** Why the clock would not jump right now; empty when nothing holds it. */
  readonly blockedBy: readonly string[];
}

/**
 * What the control endpoints act on (the server). The clock routes answer with
 * {@link ControlTarget.clockStatus}, read once what the clock fired has acted; the statuses the
 * other members return are read at once, for `SwfServer`, whose methods answer in the same turn.
 * @internal
 */
export interface ControlTarget {
  /** The clock status once the effects of the timers fired last (polls answered, tasks handed out) settled. */
  readonly clockStatus: () => Promise<ClockStatus>;
  readonly advanceBy: (ms: number) => ClockStatus;
  readonly lockSkipping: (name: string, ttlMs: number) => ClockStatus;
  readonly unlockSkipping: (name: string) => ClockStatus & { readonly released: boolean };
  /** Resolves once virtual time has passed `ms` (`slept`), or early (shutdown, reset, import: not `slept`). */
  readonly sleep: (
    ms: number,
    ticket: RequestTicket,
    hangUp: AbortSignal,
  ) => Promise<ClockStatus & { readonly slept: boolean }>;
  readonly reset: () => ClockStatus;
  /** Writes the state document piece by piece, letting other clients in between. */
  readonly exportState: (sink: TextSink) => Promise<void>;
  /** Replaces the state with a document read as it streams in, the new one built aside in slices. */
  readonly importState: () => StateReader<ClockStatus>;
  /** Settles once every change answered so far is durable (with a state directory). */
  readonly durable: () => Promise<void>;
}

/** {@link CONTROL_HEADER} as docs and messages spell it. */
const CONTROL_HEADER_DISPLAY = 'X-Swf-Sim-Control';

/** Most virtual time one advance may cover: 100 years. */
const MAX_ADVANCE_MS = 100 * 366 * 24 * 3600 * 1000;
/** Largest JSON body of the small control requests. */
const MAX_CONTROL_BODY_BYTES = 64 * 1024;
/** Longest a skip lock may be held without renewal: an hour of real time. */
const MAX_LOCK_TTL_MS = 3600_000;
/** A skip lock's time to live when the request names none. */
const DEFAULT_LOCK_TTL_MS = 60_000;
const LOCK_NAME = /^[\x21-\x7e]{1,128}$/;

interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly summary: string;
}

const ROUTES: Readonly<Record<string, readonly Route[]>> = {
  '/': [{ method: 'GET', summary: 'this list' }],
  '/clock': [{ method: 'GET', summary: 'the virtual clock: mode, now, next timer, open polls' }],
  '/clock/advance': [
    {
      method: 'POST',
      summary: 'body {"ms": N}: move virtual time forward N ms, firing every timer on the way',
    },
  ],
  '/clock/sleep': [
    {
      method: 'POST',
      summary: 'body {"ms": N}: answer once virtual time has passed N ms (a waiter, like a poll)',
    },
  ],
  '/clock/lock': [
    {
      method: 'POST',
      summary: `body {"name": "me", "ttlMs": N}: hold the auto clock's jumps (time still flows) until unlocked or N real ms pass (default ${DEFAULT_LOCK_TTL_MS})`,
    },
  ],
  '/clock/unlock': [{ method: 'POST', summary: 'body {"name": "me"}: release that skip lock' }],
  '/reset': [{ method: 'POST', summary: 'forget everything: empty service, clock back to the start time' }],
  '/state': [
    { method: 'GET', summary: 'export the whole state (domains, types, runs with histories, clock) as JSON' },
    { method: 'PUT', summary: 'replace the whole state with an exported one (POST works too)' },
  ],
};

function routeIndex(): unknown {
  return Object.entries(ROUTES).flatMap(([path, routes]) =>
    routes.map((r) => ({
      method: r.method,
      path: `${CONTROL_PREFIX}${path === '/' ? '/' : path}`,
      summary: r.summary,
    })),
  );
}

/**
 * The most body bytes the control endpoint `method path` reads (`maxStateBytes` for an import,
 * undefined: no limit), or undefined when it reads none.
 * @internal
 */
export function controlBodyLimit(
  method: string,
  path: string,
  maxStateBytes: number | undefined,
): number | undefined {
  const sub = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
  if (sub === '/state') return method === 'PUT' || method === 'POST' ? maxStateBytes : undefined;
  const reads = ['/clock/advance', '/clock/sleep', '/clock/lock', '/clock/unlock'].includes(sub);
  return reads && method === 'POST' ? MAX_CONTROL_BODY_BYTES : undefined;
}

/** Reads a small JSON control body; `{}` when empty. Undefined after an error response was sent. */
async function readJson(
  req: IncomingMessage,
  res: ServerResponse,
  limitBytes: number,
  closing: () => boolean,
): Promise<unknown> {
  const body = await readBody(req, limitBytes);
  if (body.kind === 'aborted') return undefined;
  if (body.kind === 'too-large') {
    refuseOversizedBody(res, limitBytes);
    return undefined;
  }
  if (body.body.trim() === '') return {};
  try {
    return JSON.parse(body.body) as unknown;
  } catch {
    sendError(res, 400, 'InvalidControlRequest', 'Malformed JSON in request body', {}, closing());
    return undefined;
  }
}

/**
 * Serves `/_swf-sim/…`. Every answer is JSON; misuse gets a 4xx `{"__type", "message"}` and
 * changes nothing.
 * @internal
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  target: ControlTarget,
  limits: {
    readonly maxStateBytes: number | undefined;
    readonly closing: () => boolean;
    readonly ticket: RequestTicket;
    readonly hangUp: AbortSignal;
  },
): Promise<void> {
  const sub = path === CONTROL_PREFIX ? '/' : path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/';
  const routes = ROUTES[sub];
  const method = req.method ?? 'GET';
  const close = limits.closing();
  if (routes === undefined) {
    sendError(
      res,
      404,
      'NotFound',
      `No control endpoint ${path}; GET ${CONTROL_PREFIX}/ lists them`,
      {},
      close,
    );
    return;
  }
  const allowed = routes.map((r) => r.method as string);
  if (sub === '/state') allowed.push('POST');
  if (!allowed.includes(method)) {
    sendError(
      res,
      405,
      'MethodNotAllowed',
      `${method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
      { allow: allowed.join(', ') },
      close,
    );
    return;
  }
  const call = `${method} ${sub}`;
  if (call !== 'GET /' && call !== 'GET /clock' && req.headers[CONTROL_HEADER] === undefined) {
    sendError(
      res,
      403,
      'Forbidden',
      `Control calls need the header ${CONTROL_HEADER_DISPLAY}: 1 (so that no web page can make them)`,
      {},
      close,
    );
    return;
  }
  switch (call) {
    case 'GET /':
      sendJson(
        res,
        200,
        {
          endpoints: routeIndex(),
          header: `${CONTROL_HEADER_DISPLAY}: 1 on every call but the two GETs above`,
        },
        close,
      );
      return;
    case 'GET /clock':
      sendJson(res, 200, await target.clockStatus(), close);
      return;
    case 'POST /clock/advance':
    case 'POST /clock/sleep': {
      const body = await readJson(req, res, MAX_CONTROL_BODY_BYTES, limits.closing);
      if (body === undefined) return;
      const ms = member(body, 'ms');
      if (!isWholeMs(ms, MAX_ADVANCE_MS)) {
        invalid(
          res,
          `Expected a body {"ms": N} with N a whole number of milliseconds from 0 to ${MAX_ADVANCE_MS}`,
          close,
        );
        return;
      }
      if (sub === '/clock/advance') {
        target.advanceBy(ms);
        await target.durable();
        sendJson(res, 200, await target.clockStatus(), close);
      } else {
        const slept = await target.sleep(ms, limits.ticket, limits.hangUp);
        sendJson(res, 200, slept, limits.closing());
      }
      return;
    }
    case 'POST /clock/lock':
    case 'POST /clock/unlock': {
      const body = await readJson(req, res, MAX_CONTROL_BODY_BYTES, limits.closing);
      if (body === undefined) return;
      const name = member(body, 'name');
      const ttlMs = member(body, 'ttlMs') ?? DEFAULT_LOCK_TTL_MS;
      if (typeof name !== 'string' || !LOCK_NAME.test(name)) {
        invalid(
          res,
          'Expected a body {"name": "…"}: a lock name of 1 to 128 visible ASCII characters',
          close,
        );
        return;
      }
      if (sub === '/clock/unlock') {
        const { released } = target.unlockSkipping(name);
        sendJson(res, 200, { released, ...(await target.clockStatus()) }, close);
        return;
      }
      if (!isWholeMs(ttlMs, MAX_LOCK_TTL_MS) || ttlMs === 0) {
        invalid(res, `Expected "ttlMs" a whole number of milliseconds from 1 to ${MAX_LOCK_TTL_MS}`, close);
        return;
      }
      target.lockSkipping(name, ttlMs);
      sendJson(res, 200, await target.clockStatus(), close);
      return;
    }
    case 'POST /reset': {
      const status = target.reset();
      await target.durable();
      sendJson(res, 200, status, close);
      return;
    }
    case 'GET /state':
      await sendJsonStream(res, target.exportState, close);
      return;
    case 'PUT /state':
    case 'POST /state':
      await importStateRoute(req, res, target, limits.maxStateBytes, close);
      return;
    default:
      sendError(res, 405, 'MethodNotAllowed', `${method} is not allowed on ${path}`, {}, close);
  }
}

/** PUT (or POST) /state: replaces the whole state with an export, parsed as it streams in. */
async function importStateRoute(
  req: IncomingMessage,
  res: ServerResponse,
  target: ControlTarget,
  maxStateBytes: number | undefined,
  close: boolean,
): Promise<void> {
  const body = await readStateBody(req, maxStateBytes, target.importState());
  switch (body.kind) {
    case 'aborted':
      return;
    case 'too-large': {
      refuseOversizedBody(res, maxStateBytes as number);
      return;
    }
    case 'malformed':
      sendError(res, 400, 'InvalidControlRequest', 'Malformed JSON in request body', {}, close);
      return;
    case 'invalid':
      sendError(res, 400, 'InvalidSnapshot', body.message, {}, close);
      return;
    case 'ok':
      await target.durable();
      sendJson(res, 200, body.value, close);
      return;
    default: {
      const unknown: never = body;
      throw new Error(`unknown outcome ${JSON.stringify(unknown)}`);
    }
  }
}

function isWholeMs(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

function invalid(res: ServerResponse, message: string, close: boolean): void {
  sendError(res, 400, 'InvalidControlRequest', message, {}, close);
}

/** A member of a JSON body, if the body is an object. */
function member(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
}
