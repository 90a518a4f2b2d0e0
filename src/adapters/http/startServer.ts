import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { VirtualClock } from '../../sim/clock/VirtualClock.js';
import type { CallContext, SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import { DEFAULT_START_MS, type SwfService } from '../../sim/service/SwfService.js';
import { handleWireRequest } from '../wire/awsJson.js';
import { createClockDriver, type ClockDriver, type ClockMode } from './clockDrivers.js';
import { CONTROL_PREFIX, handleControl, type ClockStatus } from './controlRoutes.js';
import { flatHeaders, readBody, regionFromAuthorization, send, sendError } from './httpIo.js';
import { RegionLimitError, REGION_PATTERN, ServerWorld, type ServerSnapshot } from './ServerWorld.js';

/** Options of {@link startServer}; every one has a default. @public */
export interface StartServerOptions {
  /** TCP port; 0 (the default here; the CLI's is 8585) picks a free one. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`: only this machine can connect. */
  readonly host?: string;
  /** How virtual time moves (see {@link ClockMode}). Default `auto`. */
  readonly clock?: ClockMode;
  /** Realtime mode: virtual milliseconds per real millisecond. Default 1. */
  readonly scale?: number;
  /** Auto mode: real milliseconds of quiet, with every client parked in a poll, before time jumps. Default 20. */
  readonly graceMs?: number;
  /** Account id in domain ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Region for requests that carry no SigV4 credential scope. Default `us-east-1`. */
  readonly defaultRegion?: string;
  /** Seed of the services' random streams (run ids); each region's is `<seed>/<region>`. Default `swf-sim`. */
  readonly seed?: string;
  /** Virtual instant the clock starts at (and returns to on reset). Default 2025-01-01T00:00:00Z. */
  readonly startTime?: Date;
  /** Virtual time a long poll waits for a task. Default 60 000 (SWF's 60 s). */
  readonly longPollMs?: number;
  /** Largest SWF request body; larger ones get HTTP 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Largest state document `PUT /_swf-sim/state` accepts. Default 256 MiB. */
  readonly maxStateBytes?: number;
  /** Most regions served at once. Default 32. */
  readonly maxRegions?: number;
}

/** A running `swf-sim serve` endpoint. @public */
export interface SwfServer {
  /** `http://host:port`, what clients use as their endpoint. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly clockMode: ClockMode;
  /** The current virtual clock (reset and import replace it). */
  readonly clock: VirtualClock;
  /** The simulated service of `region` (default: the default region), created on first use. */
  service(region?: string): SwfService;
  /** Regions served so far. */
  regions(): string[];
  clockStatus(): ClockStatus;
  /** Moves virtual time forward by `ms`, firing every timer due on the way. */
  advanceBy(ms: number): ClockStatus;
  /** Forgets everything: parked polls are answered empty, services emptied, clock back to the start. */
  reset(): ClockStatus;
  /** The whole state as JSON-ready data. */
  exportState(): ServerSnapshot;
  /** Replaces the whole state; parked polls are answered empty. @throws SnapshotError (nothing changed) */
  importState(snapshot: unknown): ClockStatus;
  /** Requests being served, and how many are long polls waiting for a task. */
  activity(): { openRequests: number; pendingPolls: number };
  /** Stops: no new connections, parked polls answered empty, connections closed. */
  close(): Promise<void>;
}

const POLL_OPERATIONS: ReadonlySet<string> = new Set(['PollForDecisionTask', 'PollForActivityTask']);

/** What a released poll answers: the service's own "no task" replies. */
const EMPTY_POLL_ANSWERS: Readonly<Record<string, unknown>> = {
  PollForDecisionTask: { taskToken: '', startedEventId: 0, previousStartedEventId: 0 },
  PollForActivityTask: { taskToken: '', startedEventId: 0 },
};

const DEFAULTS = {
  host: '127.0.0.1',
  clock: 'auto' as ClockMode,
  scale: 1,
  graceMs: 20,
  accountId: '123456789012',
  defaultRegion: 'us-east-1',
  seed: 'swf-sim',
  maxBodyBytes: 1024 * 1024,
  maxStateBytes: 256 * 1024 * 1024,
  maxRegions: 32,
};

/** How long close() lets answers in flight finish before cutting connections. */
const CLOSE_GRACE_MS = 2000;

function positive(name: string, value: number | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isSafeInteger(value))) {
    throw new RangeError(`startServer: ${name} must be a positive ${integer ? 'integer' : 'number'}`);
  }
  return value;
}

/** `host:port` as a URL authority (IPv6 literals in brackets). */
function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A dispatched long poll that the server can answer empty (shutdown, reset, import). */
interface TrackedPoll {
  release(): void;
}

/**
 * Starts a local SWF endpoint: `POST /` with `X-Amz-Target: SimpleWorkflowService.<Op>` and an AWS
 * JSON 1.0 body, any SigV4 signature accepted; the region comes from the request's credential scope
 * (one simulated service per region, all on one virtual clock). Control endpoints live under
 * `/_swf-sim/` (see docs/serve.md). Resolves once it listens.
 * @public
 */
export async function startServer(options: StartServerOptions = {}): Promise<SwfServer> {
  const host = options.host ?? DEFAULTS.host;
  const clockMode = options.clock ?? DEFAULTS.clock;
  const scale = positive('scale', options.scale, DEFAULTS.scale, false);
  const graceMs = positive('graceMs', options.graceMs, DEFAULTS.graceMs, false);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, DEFAULTS.maxBodyBytes, true);
  const maxStateBytes = positive('maxStateBytes', options.maxStateBytes, DEFAULTS.maxStateBytes, true);
  const maxRegions = positive('maxRegions', options.maxRegions, DEFAULTS.maxRegions, true);
  const defaultRegion = options.defaultRegion ?? DEFAULTS.defaultRegion;
  if (!REGION_PATTERN.test(defaultRegion)) throw new RangeError(`startServer: bad region ${defaultRegion}`);
  if (options.longPollMs !== undefined) positive('longPollMs', options.longPollMs, 0, true);

  const world = new ServerWorld({
    seed: options.seed ?? DEFAULTS.seed,
    accountId: options.accountId ?? DEFAULTS.accountId,
    startMs: options.startTime?.getTime() ?? DEFAULT_START_MS,
    maxRegions,
    ...(options.longPollMs !== undefined && { longPollMs: options.longPollMs }),
  });
  const polls = new Set<TrackedPoll>();
  let openRequests = 0;
  let requestCount = 0;
  let closing = false;
  const activity = (): { openRequests: number; pendingPolls: number } => ({
    openRequests,
    pendingPolls: polls.size,
  });
  const driver: ClockDriver = createClockDriver(
    { clock: () => world.clock, activity },
    { mode: clockMode, scale, graceMs },
  );

  /** Answers every parked poll empty (it is aborted on the service side, so it never gets a task). */
  const releasePolls = (): void => {
    for (const poll of [...polls]) poll.release();
  };

  /** Wraps a regional service so the server knows which dispatched calls are long polls. */
  const trackedEndpoint = (service: SwfService): SwfEndpoint => ({
    dispatch(operation: string, input: unknown, context?: CallContext): Promise<unknown> {
      if (!POLL_OPERATIONS.has(operation)) return service.dispatch(operation, input, context);
      const serviceSide = new AbortController();
      const hangUp = (): void => serviceSide.abort();
      context?.signal?.addEventListener('abort', hangUp, { once: true });
      return new Promise<unknown>((resolve, reject) => {
        let settled = false;
        const settle = (): boolean => {
          if (settled) return false;
          settled = true;
          polls.delete(entry);
          context?.signal?.removeEventListener('abort', hangUp);
          driver.noteActivity();
          return true;
        };
        const entry: TrackedPoll = {
          release: () => {
            // Answer first, then abort: the service's AbortError then finds the poll settled.
            if (settle()) resolve(EMPTY_POLL_ANSWERS[operation]);
            serviceSide.abort();
          },
        };
        polls.add(entry);
        driver.noteActivity();
        service.dispatch(operation, input, { signal: serviceSide.signal }).then(
          (output) => {
            if (settle()) resolve(output);
          },
          (error: unknown) => {
            if (settle()) reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
  });

  const clockStatus = (): ClockStatus => {
    const clock = world.clock;
    const next = clock.nextDueAtMs();
    return {
      mode: clockMode,
      now: new Date(clock.now()).toISOString(),
      nowMs: clock.now(),
      ...(clockMode === 'realtime' && { scale }),
      nextTimerAt: next === undefined ? null : new Date(next).toISOString(),
      pendingTimers: clock.pending().length,
      openRequests,
      pendingPolls: polls.size,
    };
  };

  const control = {
    clockStatus,
    advanceBy(ms: number): ClockStatus {
      driver.beforeDispatch();
      world.clock.advanceBy(ms);
      driver.reanchor();
      return clockStatus();
    },
    reset(): ClockStatus {
      releasePolls();
      world.reset();
      driver.reanchor();
      return clockStatus();
    },
    exportState(): ServerSnapshot {
      driver.beforeDispatch();
      return world.exportState();
    },
    importState(snapshot: unknown): ClockStatus {
      // The new world is built and checked aside (a bad snapshot changes nothing); once it is swapped
      // in, polls parked on the old one are answered empty.
      const current = world.clock;
      world.importState(snapshot);
      if (world.clock !== current) {
        releasePolls();
        driver.reanchor();
      }
      return clockStatus();
    },
  };

  const serveSwf = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (req.method !== 'POST') {
      sendError(
        res,
        405,
        'MethodNotAllowed',
        `swf-sim serves SWF at POST /, not ${req.method ?? '?'} ${path}`,
        { allow: 'POST' },
        closing,
      );
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') {
      // The rest of the body is never read: answer, then close the connection.
      sendError(res, 413, 'RequestEntityTooLarge', `Request body exceeds ${maxBodyBytes} bytes`, {}, true);
      return;
    }
    const headers = flatHeaders(req.headers);
    const region = regionFromAuthorization(headers.authorization) ?? defaultRegion;
    let service: SwfService;
    try {
      service = world.service(region);
    } catch (error) {
      if (!(error instanceof RegionLimitError)) throw error;
      sendError(res, 400, 'ValidationException', error.message, {}, closing);
      return;
    }
    const hangUp = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) hangUp.abort();
    });
    driver.beforeDispatch();
    requestCount += 1;
    const requestId = `00000000-0000-4000-8000-${requestCount.toString(16).padStart(12, '0')}`;
    const wire = await handleWireRequest(
      trackedEndpoint(service),
      { method: 'POST', path, headers, body: body.body },
      requestId,
      { signal: hangUp.signal },
    );
    if (hangUp.signal.aborted) return;
    send(res, wire.statusCode, wire.headers, wire.body, closing);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    openRequests += 1;
    driver.noteActivity();
    res.once('close', () => {
      openRequests -= 1;
      driver.noteActivity();
    });
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const work = async (): Promise<void> => {
      if (closing) {
        sendError(res, 503, 'ServiceUnavailable', 'swf-sim is shutting down', {}, true);
      } else if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
        await handleControl(req, res, path, control, { maxStateBytes, closing: () => closing });
      } else if (path === '/') {
        await serveSwf(req, res, path);
      } else {
        sendError(
          res,
          404,
          'NotFound',
          `No such path: ${path}. SWF requests go to POST /; control endpoints are under ${CONTROL_PREFIX}/`,
          {},
          closing,
        );
      }
    };
    work().catch((error: unknown) => {
      // A bug of ours, not the client's: say so without internals, keep serving.
      process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'SwfSimServerError');
      sendError(res, 500, 'InternalFailure', 'swf-sim failed to handle the request', {}, true);
    });
  };

  const server: Server = createServer({ keepAliveTimeout: 5000 }, onRequest);
  // Expect: 100-continue with an oversized body: refuse before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    const isSwf = !(req.url ?? '/').startsWith(CONTROL_PREFIX);
    if (isSwf && Number.isFinite(declared) && declared > maxBodyBytes) {
      openRequests += 1;
      res.once('close', () => {
        openRequests -= 1;
      });
      sendError(res, 413, 'RequestEntityTooLarge', `Request body exceeds ${maxBodyBytes} bytes`, {}, true);
      return;
    }
    res.writeContinue();
    onRequest(req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify({ __type: 'BadRequest', message: 'Malformed HTTP request' });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = urlOf(host, port);
  let closed: Promise<void> | undefined;

  return {
    url,
    host,
    port,
    clockMode,
    get clock() {
      return world.clock;
    },
    service: (region = defaultRegion) => world.service(region),
    regions: () => world.regions(),
    activity,
    ...control,
    close(): Promise<void> {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        driver.stop();
        releasePolls();
        server.closeIdleConnections();
        const deadline = performance.now() + CLOSE_GRACE_MS;
        while (openRequests > 0 && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
