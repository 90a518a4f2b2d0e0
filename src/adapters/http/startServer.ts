import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { VirtualClock } from '../../sim/clock/VirtualClock.js';
import type { SwfService } from '../../sim/service/SwfService.js';
import type { Durability, Recovered } from './durability/durability.js';
import { createClockDriver, type ClockDriver, type ClockMode } from './clockDrivers.js';
import { CONTROL_PREFIX, handleControl, type ClockStatus, type ControlTarget } from './controlRoutes.js';
import { InternalErrorLog } from './internalErrors.js';
import { announcesOversizedSwfBody, refusal, refuseOversizedBody } from './requestGuard.js';
import { listen, requestPath, sendError, urlOf } from './httpIo.js';
import { serverControl, type Succession } from './serverControl.js';
import { collectYoungGeneration } from './youngGeneration.js';
import {
  logTo,
  openStateDir,
  resolveSettings,
  type StartServerOptions,
  type WorldSettings,
} from './serverSettings.js';
import { ServerWorld, type ServerSnapshot, type WorldCarry } from './ServerWorld.js';
import { firstFew, SkipGate } from './skipGate.js';
import { swfRoute } from './swfRoute.js';
import { trackRequest, type TrackedRequest } from './waiters.js';

export type { StartServerOptions } from './serverSettings.js';

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

/** What a retiring server hands on to the one that succeeds it (see {@link BackendHooks}). @internal */
export interface Handover {
  readonly world: WorldCarry;
  readonly locks: readonly { readonly name: string; readonly expiresInMs: number }[];
}

/**
 * What a backend of an isolated server (`isolated/backendMain.ts`) adds to {@link startServer}: it may
 * stand for a server it succeeds, and it can retire in favour of a successor.
 * @internal
 */
export interface BackendHooks {
  /** The world settings of the server this one goes on from (its token secret, its directory's settings). */
  readonly world?: WorldSettings;
  /** Set for a server built from an import to succeed another (its state directory is taken over, not recovered). */
  readonly successor?: {
    readonly importsBegun: number;
    /** What the server it succeeds hands on, once that one let go of everything. */
    readonly handedOver: () => Promise<Handover>;
    /** Requests may come now. */
    readonly serving: () => void;
  };
  /** Told, once listening, how to drive this server. */
  readonly started?: (handle: BackendHandle) => void;
}

/** How a backend is driven (see {@link BackendHooks}). @internal */
export interface BackendHandle {
  /** Handles a request as if it had come to the server's own port (one the front relays). */
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** The world settings the server uses (its directory's, when it has one). */
  readonly world: WorldSettings;
  /** Reserves an import for a successor built elsewhere (see `ServerWorld.reserveImport`). */
  reserveImport(): number;
  /** No more requests will come: the clock stops, whatever waits is answered. */
  stop(): void;
  /** Once every request that changes state was answered: lets go of the state directory and hands on. */
  handOver(): Promise<Handover>;
}

/** How long close() lets answers in flight finish before cutting connections. */
const CLOSE_GRACE_MS = 2000;

/** Most waiters a jump record names. */
const MAX_WAITERS_NAMED = 20;

/**
 * Stops `server`: no new connections; `stopWork` is run, idle connections closed, answers in flight
 * get {@link CLOSE_GRACE_MS} to finish, then every connection is cut.
 */
async function shutDown(server: Server, gate: SkipGate, stopWork: () => void): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  stopWork();
  server.closeIdleConnections();
  const deadline = performance.now() + CLOSE_GRACE_MS;
  while (gate.openRequests() > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  server.closeAllConnections();
  await stopped;
}

/** Where a request goes: refused, a control endpoint, SWF, or nowhere. */
async function route(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  request: TrackedRequest,
  parts: {
    readonly settings: ReturnType<typeof resolveSettings>;
    readonly control: ControlTarget;
    readonly serveSwf: ReturnType<typeof swfRoute>;
    readonly closing: () => boolean;
  },
): Promise<void> {
  const { settings, control, serveSwf, closing } = parts;
  const refused = refusal(req.headers, settings.access);
  if (closing()) {
    sendError(res, 503, 'ServiceUnavailable', 'swf-sim is shutting down', {}, true);
  } else if (refused !== undefined) {
    sendError(res, 403, 'Forbidden', refused, {}, closing());
  } else if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
    await handleControl(req, res, path, control, {
      maxStateBytes: settings.maxStateBytes,
      closing,
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
      closing(),
    );
  }
}

/** A retiring server's handover (see {@link BackendHandle.handOver}). */
async function handOver(
  world: ServerWorld,
  gate: SkipGate,
  durability: Durability | undefined,
): Promise<Handover> {
  await durability?.close();
  return { world: world.carry(), locks: gate.heldLocks() };
}

/**
 * The state directory, if any, and the world: rebuilt from the directory, or new (a successor's
 * directory is taken over later, see {@link succession}).
 */
async function openWorld(
  options: StartServerOptions,
  settings: ReturnType<typeof resolveSettings>,
  { successor, world: given }: BackendHooks,
): Promise<{
  durability: Durability | undefined;
  releasing: (error: unknown) => Promise<never>;
  worldSettings: WorldSettings;
  world: ServerWorld;
  recovered?: Recovered | undefined;
}> {
  const durability = await openStateDir(options, settings, successor && given);
  const releasing = releaseOnFailure(durability);
  const worldSettings = given ?? durability?.settings ?? settings.world;
  const newWorld = (): ServerWorld =>
    new ServerWorld({
      ...worldSettings,
      maxRegions: settings.maxRegions,
      tokenSecret: worldSettings.tokenSecret ?? undefined,
      ...(durability !== undefined && { observer: durability }),
      ...(successor !== undefined && { importsBegun: successor.importsBegun }),
    });
  const recovering = successor === undefined ? durability?.recover(newWorld) : undefined;
  const { world, recovered } = (await recovering?.catch(releasing)) ?? { world: newWorld() };
  return { durability, releasing, worldSettings, world, recovered };
}

/** How a successor takes over once its import is swapped in (see {@link BackendHooks}). */
function succession(
  successor: NonNullable<BackendHooks['successor']>,
  world: ServerWorld,
  gate: SkipGate,
  durability: Durability | undefined,
): Succession {
  return {
    async takeOver() {
      // Both while the server it succeeds still serves: the handover then costs a rename, and the
      // first collection after it a few ms.
      await durability?.writeAside(world);
      collectYoungGeneration();
      const handover = await successor.handedOver();
      world.succeed(handover.world);
      for (const { name, expiresInMs } of handover.locks) gate.lock(name, expiresInMs);
      await durability?.attach(world, handover.world);
    },
    serving: successor.serving,
  };
}

/** For a start that fails once the state directory is taken: gives the directory back, then fails. */
function releaseOnFailure(durability: Durability | undefined): (error: unknown) => Promise<never> {
  return async (error) => {
    await durability?.close().catch(() => undefined);
    throw error;
  };
}

/**
 * Starts a local SWF endpoint: `POST /` with `X-Amz-Target: SimpleWorkflowService.<Op>` and an AWS
 * JSON 1.0 body, any SigV4 signature accepted; the region comes from the request's credential scope
 * (one simulated service per region, all on one virtual clock). Control endpoints live under
 * `/_swf-sim/` (see docs/serve.md). Resolves once it listens.
 * @public
 */
export async function startServer(
  options: StartServerOptions = {},
  backend: BackendHooks = {},
): Promise<SwfServer> {
  const settings = resolveSettings(options);
  const { clockMode, host } = settings;
  const errorLog = new InternalErrorLog(settings.logErrors);
  const { successor } = backend;
  const { durability, releasing, worldSettings, world, recovered } = await openWorld(
    options,
    settings,
    backend,
  );
  let closing = false;
  const gate = new SkipGate({
    graceMs: settings.graceMs,
    abandonMs: settings.abandonMs,
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
    { mode: clockMode, scale: settings.scale, log: logTo(options.logClock) },
  );

  const { control, clockStatus, releaseWaiters, replacedWorld } = serverControl({
    world,
    gate,
    driver,
    durability,
    clockMode: settings.clockMode,
    scale: settings.scale,
    ...(successor !== undefined && { succession: succession(successor, world, gate, durability) }),
  });
  const serveSwf = swfRoute({
    world,
    gate,
    driver,
    durability,
    errorLog,
    maxBodyBytes: settings.maxBodyBytes,
    defaultRegion: settings.defaultRegion,
    closing: () => closing,
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const path = requestPath(req);
    const request = trackRequest(gate, req, res, path);
    const parts = { settings, control, serveSwf, closing: () => closing };
    route(req, res, path, request, parts).catch((error: unknown) => {
      // A bug of ours, not the client's: say so without internals, log it, keep serving.
      errorLog.report(`${req.method ?? '?'} ${path}`, error);
      sendError(res, 500, 'InternalFailure', 'swf-sim failed to handle the request', {}, true);
    });
  };

  const server = await listen(host, options.port ?? 0, onRequest, (req, res) => {
    if (!announcesOversizedSwfBody(req, settings.maxBodyBytes)) return false;
    trackRequest(gate, req, res, '/');
    refuseOversizedBody(res, settings.maxBodyBytes);
    return true;
  }).catch(releasing);
  const port = (server.address() as AddressInfo).port;
  const url = urlOf(host, port);
  let closed: Promise<void> | undefined;
  backend.started?.({
    serve: onRequest,
    world: worldSettings,
    reserveImport: () => world.reserveImport(),
    stop: () => {
      closing = true;
      driver.stop();
      releaseWaiters();
    },
    handOver: () => handOver(world, gate, durability),
  });

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
    service: (region = settings.defaultRegion) => world.service(region),
    regions: () => world.regions(),
    activity: () => ({
      openRequests: gate.openRequests(),
      pendingPolls: gate.waiters().filter((w) => w.kind === 'poll').length,
    }),
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
      closing = true;
      closed ??= shutDown(server, gate, () => {
        driver.stop();
        releaseWaiters();
      }).then(() => durability?.close());
      return closed;
    },
  };
}
