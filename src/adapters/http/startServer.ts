import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { VirtualClock } from '../../sim/clock/VirtualClock.js';
import { DEFAULT_START_MS, type SwfService } from '../../sim/service/SwfService.js';
import { SwfFault } from '../../sim/faults/SwfFault.js';
import type { SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import { handleWireRequest } from '../wire/awsJson.js';
import { Durability, type Recovered } from './durability/durability.js';
import { runInSlices } from './durability/pacing.js';
import { writeSnapshot, type TextSink } from './durability/snapshotText.js';
import { createClockDriver, type ClockDriver, type ClockMode } from './clockDrivers.js';
import { CONTROL_PREFIX, handleControl, type ClockStatus, type ControlTarget } from './controlRoutes.js';
import { InternalErrorLog } from './internalErrors.js';
import { refusal, type AccessPolicy } from './requestGuard.js';
import { flatHeaders, readBody, regionFromAuthorization, send, sendError } from './httpIo.js';
import { RegionLimitError, REGION_PATTERN, ServerWorld, type ServerSnapshot } from './ServerWorld.js';
import { firstFew, SkipGate, type RequestTicket } from './skipGate.js';
import { isPollTarget, trackedEndpoint, virtualSleep } from './waiters.js';

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
  /**
   * Auto mode: real milliseconds of quiet after an ordinary SWF call (not a long poll) arrived or
   * was answered before time may jump, so a client's next call, a few ms later, lands first.
   * Default 5. Safety comes from tracking tasks in progress and from skip locks, not from this.
   */
  readonly graceMs?: number;
  /**
   * Auto mode: real milliseconds after which something the clock waits for is given up on: a
   * request whose body is still arriving, a task no poller comes for, a client whose virtual sleep
   * ended and that does not call again. Default 2000.
   */
  readonly abandonMs?: number;
  /** Auto mode: report every jump (from, to, what fired, what everyone waited on); `true` writes to stderr. */
  readonly logClock?: boolean | ((line: string) => void);
  /** Account id in domain ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Region for requests that carry no SigV4 credential scope. Default `us-east-1`. */
  readonly defaultRegion?: string;
  /**
   * Seed of the services' random streams (run ids); each region's is `<seed>/<region>`. Default
   * `swf-sim`. Given, it also keys the task tokens (same seed, same tokens); not given, the tokens
   * are keyed by a fresh random secret, so nobody can guess one handed to another client.
   */
  readonly seed?: string;
  /** Virtual instant the clock starts at (and returns to on reset). Default 2025-01-01T00:00:00Z. */
  readonly startTime?: Date;
  /** Virtual time a long poll waits for a task. Default 60 000 (SWF's 60 s). */
  readonly longPollMs?: number;
  /** Largest SWF request body; larger ones get HTTP 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Largest state document `PUT /_swf-sim/state` accepts. Default: no limit (it is read as a stream). */
  readonly maxStateBytes?: number;
  /** Most regions served at once. Default 32. */
  readonly maxRegions?: number;
  /**
   * Host names accepted in the `Host` header besides IP addresses, `localhost` and `*.localhost`
   * (what DNS rebinding cannot fake); `['*']` accepts any. Default none.
   */
  readonly allowHosts?: readonly string[];
  /** Origins (`https://app.example`) of web pages whose requests are accepted besides loopback ones; `['*']` accepts any. Default none. */
  readonly allowOrigins?: readonly string[];
  /**
   * Report the server's own failures (answers of 500), once per distinct cause, so they can be
   * reported; `true` (the default) writes to stderr, a function is given each report.
   */
  readonly logErrors?: boolean | ((line: string) => void);
  /**
   * A directory that keeps the state across restarts and crashes (docs/serve.md, "Durability"):
   * every state-changing call is journaled there before it is answered, and on start the state is
   * rebuilt from it. Seed, account, start time and long-poll time are then the directory's own.
   */
  readonly stateDir?: string;
  /** With `stateDir`: fsync the journal before answering (default true); false survives a crash of the process, not of the machine. */
  readonly fsync?: boolean;
  /** With `stateDir`: journal bytes after which a snapshot compacts it. Default 64 MiB. */
  readonly compactAfterBytes?: number;
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
  /** Takes (or renews) the skip lock `name` for `ttlMs` real ms: the auto clock does not jump while it is held. */
  lockSkipping(name: string, ttlMs: number): ClockStatus;
  /** Releases the skip lock `name`; `released` is false when it was not held (or had expired). */
  unlockSkipping(name: string): ClockStatus & { readonly released: boolean };
  /** Forgets everything: parked polls are answered empty, services emptied, clock back to the start. */
  reset(): ClockStatus;
  /** The whole state as JSON-ready data. */
  exportState(): ServerSnapshot;
  /** Replaces the whole state; parked polls are answered empty. @throws SnapshotError (nothing changed) */
  importState(snapshot: unknown): ClockStatus;
  /** Requests being served, and how many are long polls waiting for a task. */
  activity(): { openRequests: number; pendingPolls: number };
  /** With a state directory: what was restored from it at start. */
  readonly recovered?: Recovered;
  /** Stops: no new connections, parked polls answered empty, connections closed. */
  close(): Promise<void>;
}

const DEFAULTS = {
  host: '127.0.0.1',
  clock: 'auto' as ClockMode,
  scale: 1,
  graceMs: 5,
  abandonMs: 2000,
  accountId: '123456789012',
  defaultRegion: 'us-east-1',
  seed: 'swf-sim',
  maxBodyBytes: 1024 * 1024,
  maxRegions: 32,
  longPollMs: 60_000,
  compactAfterBytes: 64 * 1024 * 1024,
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

/** A request as the server follows it: its ticket in the skip gate, and whether its client hung up. */
type TrackedRequest = RequestTicket & { readonly hangUp: AbortSignal };

/** Most waiters a jump record names. */
const MAX_WAITERS_NAMED = 20;

/** Where a `logClock` / `logErrors` option writes: `true` is stderr. */
function logTo(option: boolean | ((line: string) => void) | undefined): ((line: string) => void) | undefined {
  if (option === true) return (line) => process.stderr.write(`swf-sim ${line}\n`);
  return option === false ? undefined : option;
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
  const abandonMs = positive('abandonMs', options.abandonMs, DEFAULTS.abandonMs, false);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, DEFAULTS.maxBodyBytes, true);
  const maxStateBytes =
    options.maxStateBytes === undefined
      ? undefined
      : positive('maxStateBytes', options.maxStateBytes, 0, true);
  const maxRegions = positive('maxRegions', options.maxRegions, DEFAULTS.maxRegions, true);
  const defaultRegion = options.defaultRegion ?? DEFAULTS.defaultRegion;
  if (!REGION_PATTERN.test(defaultRegion)) throw new RangeError(`startServer: bad region ${defaultRegion}`);
  const longPollMs = positive('longPollMs', options.longPollMs, DEFAULTS.longPollMs, true);
  const access: AccessPolicy = {
    allowHosts: (options.allowHosts ?? []).map((h) => h.toLowerCase()),
    allowOrigins: (options.allowOrigins ?? []).map((o) => o.toLowerCase().replace(/\/+$/, '')),
  };
  const writeErrors = logTo(options.logErrors ?? true);
  const errorLog = new InternalErrorLog(writeErrors);

  const wanted = {
    seed: options.seed ?? DEFAULTS.seed,
    accountId: options.accountId ?? DEFAULTS.accountId,
    startMs: options.startTime?.getTime() ?? DEFAULT_START_MS,
    longPollMs,
    // Without a seed nobody can derive the tokens; with one they are reproducible.
    tokenSecret: options.seed === undefined ? randomBytes(24).toString('base64url') : null,
  };
  const durability =
    options.stateDir === undefined
      ? undefined
      : await Durability.open(
          {
            dir: options.stateDir,
            fsync: options.fsync ?? true,
            compactAfterBytes: positive(
              'compactAfterBytes',
              options.compactAfterBytes,
              DEFAULTS.compactAfterBytes,
              true,
            ),
            warn: (line) => writeErrors?.(line),
          },
          wanted,
          {
            seed: options.seed !== undefined,
            accountId: options.accountId !== undefined,
            startMs: options.startTime !== undefined,
            longPollMs: options.longPollMs !== undefined,
          },
        );
  const settings = durability?.settings ?? wanted;
  const world = new ServerWorld({
    ...settings,
    maxRegions,
    tokenSecret: settings.tokenSecret ?? undefined,
    ...(durability !== undefined && { observer: durability }),
  });
  const recovered = await durability?.recover(world);
  let requestCount = 0;
  let closing = false;
  const gate = new SkipGate({
    graceMs,
    abandonMs,
    services: () => world.allServices(),
    onChange: () => driver.noteActivity(),
  });
  const driver: ClockDriver = createClockDriver(
    {
      clock: () => world.clock,
      blockers: () => gate.blockers(false),
      waiting: () =>
        firstFew(
          gate.waiters().map((w) => w.what),
          MAX_WAITERS_NAMED,
          'waiting',
        ),
    },
    { mode: clockMode, scale, log: logTo(options.logClock) },
  );
  const activity = (): { openRequests: number; pendingPolls: number } => ({
    openRequests: gate.openRequests(),
    pendingPolls: gate.waiters().filter((w) => w.kind === 'poll').length,
  });

  /** Answers every waiting poll empty and every sleep early, without moving the clock. */
  const releaseWaiters = (): void => {
    for (const waiter of gate.waiters()) waiter.release();
  };

  const clockStatus = (): ClockStatus => {
    driver.beforeDispatch();
    const clock = world.clock;
    const next = clock.nextDueAtMs();
    const waiters = gate.waiters();
    const blockedBy =
      clockMode !== 'auto' ? [`the ${clockMode} clock never jumps`] : gate.blockers().map((b) => b.reason);
    if (blockedBy.length === 0 && next === undefined) blockedBy.push('no timer is armed');
    return {
      mode: clockMode,
      now: new Date(clock.now()).toISOString(),
      nowMs: clock.now(),
      ...(clockMode === 'realtime' && { scale }),
      nextTimerAt: next === undefined ? null : new Date(next).toISOString(),
      pendingTimers: clock.pending().length,
      openRequests: gate.openRequests(),
      pendingPolls: waiters.filter((w) => w.kind === 'poll').length,
      sleeps: waiters.filter((w) => w.kind === 'sleep').length,
      tasksInProgress: gate.tasksInProgress(),
      locks: gate.heldLocks(),
      jumps: driver.jumps,
      lastJump: driver.lastJump ?? null,
      blockedBy,
    };
  };

  /** The state directory's snapshot of the last reset or import, until it is durable. */
  let replacing: Promise<void> | undefined;
  /** The world was replaced: whatever waited on the old one is answered, its tasks forgotten. */
  const replacedWorld = (): void => {
    releaseWaiters();
    gate.forgetTasks();
    driver.reanchor();
    if (durability !== undefined) {
      const written = durability.replaced();
      written.catch(() => undefined); // reported to whoever awaits control.durable()
      replacing = written;
    }
  };

  const control: ControlTarget = {
    clockStatus,
    advanceBy(ms: number): ClockStatus {
      driver.beforeDispatch();
      // Journaled even when nothing fires: the answer says where the clock is.
      durability?.clockMoved(world.clock.now() + ms);
      world.clock.advanceBy(ms);
      driver.reanchor();
      return clockStatus();
    },
    lockSkipping(name: string, ttlMs: number): ClockStatus {
      gate.lock(name, ttlMs);
      return clockStatus();
    },
    unlockSkipping(name: string): ClockStatus & { readonly released: boolean } {
      const released = gate.unlock(name);
      return { released, ...clockStatus() };
    },
    async sleep(ms: number, ticket: RequestTicket, signal: AbortSignal) {
      driver.beforeDispatch();
      const slept = ms === 0 || (await virtualSleep(world.clock, ms, ticket, signal));
      return { slept, ...clockStatus() };
    },
    reset(): ClockStatus {
      world.reset();
      replacedWorld();
      return clockStatus();
    },
    exportState(sink: TextSink): Promise<void> {
      driver.beforeDispatch();
      // A cut now, written out in slices while the world goes on.
      return writeSnapshot(world.cut(), undefined, sink);
    },
    async importState(snapshot: unknown): Promise<ClockStatus> {
      // The new world is built and checked aside, in slices (a bad snapshot changes nothing); once
      // it is swapped in, what waited on the old one is answered.
      await runInSlices(world.importSteps(snapshot));
      replacedWorld();
      return clockStatus();
    },
    async durable(): Promise<void> {
      await replacing;
      await durability?.sync();
    },
  };

  const serveSwf = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    request: TrackedRequest,
  ): Promise<void> => {
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
    // The region's service is looked up only once the request decoded, and a new region is kept
    // only if the call left state in it: garbage cannot use up the region limit.
    const regional: SwfEndpoint = {
      dispatch: (operation, input, context) =>
        world
          .withService(region, (service) =>
            trackedEndpoint(
              service,
              gate,
              request,
              durability?.journaled(region, service) ?? service,
            ).dispatch(operation, input, context),
          )
          .catch((error: unknown) => {
            if (error instanceof RegionLimitError) throw new SwfFault('ValidationException', error.message);
            throw error;
          }),
    };
    driver.beforeDispatch();
    requestCount += 1;
    const requestId = `00000000-0000-4000-8000-${requestCount.toString(16).padStart(12, '0')}`;
    const wire = await handleWireRequest(
      regional,
      { method: 'POST', path, headers, body: body.body },
      requestId,
      { signal: request.hangUp },
      // A client that hung up ends its poll with an AbortError: expected, and nobody gets the answer.
      (operation, error) => {
        if (!request.hangUp.aborted)
          errorLog.report(`${operation ?? 'an undecoded request'} (${region})`, error);
      },
    );
    // Acknowledged means durable: what the call changed is journaled before the answer leaves.
    await durability?.sync();
    if (request.hangUp.aborted) return;
    send(res, wire.statusCode, wire.headers, wire.body, closing);
  };

  /** Follows a request in the skip gate until its connection lets go of it. */
  const track = (req: IncomingMessage, res: ServerResponse, path: string): TrackedRequest => {
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
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const request = track(req, res, path);
    const work = async (): Promise<void> => {
      const refused = refusal(req.headers, access);
      if (closing) {
        sendError(res, 503, 'ServiceUnavailable', 'swf-sim is shutting down', {}, true);
      } else if (refused !== undefined) {
        sendError(res, 403, 'Forbidden', refused, {}, closing);
      } else if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
        await handleControl(req, res, path, control, {
          maxStateBytes,
          closing: () => closing,
          ticket: request,
          hangUp: request.hangUp,
        });
      } else if (path === '/') {
        await serveSwf(req, res, path, request);
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
      // A bug of ours, not the client's: say so without internals, log it, keep serving.
      errorLog.report(`${req.method ?? '?'} ${path}`, error);
      sendError(res, 500, 'InternalFailure', 'swf-sim failed to handle the request', {}, true);
    });
  };

  const server: Server = createServer({ keepAliveTimeout: 5000 }, onRequest);
  // Expect: 100-continue with an oversized body: refuse before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    const isSwf = !(req.url ?? '/').startsWith(CONTROL_PREFIX);
    if (isSwf && Number.isFinite(declared) && declared > maxBodyBytes) {
      track(req, res, '/');
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
    ...(recovered !== undefined && { recovered }),
    get clock() {
      driver.beforeDispatch();
      return world.clock;
    },
    service: (region = defaultRegion) => world.service(region),
    regions: () => world.regions(),
    activity,
    clockStatus,
    advanceBy: control.advanceBy,
    lockSkipping: control.lockSkipping,
    unlockSkipping: control.unlockSkipping,
    reset: control.reset,
    exportState(): ServerSnapshot {
      driver.beforeDispatch();
      return world.exportState();
    },
    importState(snapshot: unknown): ClockStatus {
      world.importState(snapshot);
      replacedWorld();
      return clockStatus();
    },
    close(): Promise<void> {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        driver.stop();
        releaseWaiters();
        server.closeIdleConnections();
        const deadline = performance.now() + CLOSE_GRACE_MS;
        while (gate.openRequests() > 0 && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        server.closeAllConnections();
        await stopped;
        await durability?.close();
      })();
      return closed;
    },
  };
}
