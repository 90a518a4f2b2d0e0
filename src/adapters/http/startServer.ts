import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { VirtualClock } from '../../sim/clock/VirtualClock.js';
import type { SwfService } from '../../sim/service/SwfService.js';
import type { Durability, Recovered } from './durability/durability.js';
import { createClockDriver, type ClockDriver, type ClockMode } from './clockDrivers.js';
import { CONTROL_PREFIX, handleControl, type ClockStatus } from './controlRoutes.js';
import { InternalErrorLog } from './internalErrors.js';
import { refusal } from './requestGuard.js';
import { sendError } from './httpIo.js';
import { serverControl } from './serverControl.js';
import { logTo, openStateDir, resolveSettings, type StartServerOptions } from './serverSettings.js';
import { ServerWorld, type ServerSnapshot } from './ServerWorld.js';
import { firstFew, SkipGate } from './skipGate.js';
import { swfRoute } from './swfRoute.js';
import { trackRequest } from './waiters.js';
import { listen } from './httpIo.js';

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

/** How long close() lets answers in flight finish before cutting connections. */
const CLOSE_GRACE_MS = 2000;

/** `host:port` as a URL authority (IPv6 literals in brackets). */
function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

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
export async function startServer(options: StartServerOptions = {}): Promise<SwfServer> {
  const settings = resolveSettings(options);
  const { clockMode, host } = settings;
  const errorLog = new InternalErrorLog(settings.logErrors);
  const durability = await openStateDir(options, settings);
  const releasing = releaseOnFailure(durability);
  const worldSettings = durability?.settings ?? settings.world;
  const newWorld = (): ServerWorld =>
    new ServerWorld({
      ...worldSettings,
      maxRegions: settings.maxRegions,
      tokenSecret: worldSettings.tokenSecret ?? undefined,
      ...(durability !== undefined && { observer: durability }),
    });
  const { world, recovered } = (await durability?.recover(newWorld).catch(releasing)) ?? {
    world: newWorld(),
  };
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
  const activity = (): { openRequests: number; pendingPolls: number } => ({
    openRequests: gate.openRequests(),
    pendingPolls: gate.waiters().filter((w) => w.kind === 'poll').length,
  });

  const { control, clockStatus, releaseWaiters, replacedWorld } = serverControl({
    world,
    gate,
    driver,
    durability,
    clockMode: settings.clockMode,
    scale: settings.scale,
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
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const request = trackRequest(gate, req, res, path);
    const work = async (): Promise<void> => {
      const refused = refusal(req.headers, settings.access);
      if (closing) {
        sendError(res, 503, 'ServiceUnavailable', 'swf-sim is shutting down', {}, true);
      } else if (refused !== undefined) {
        sendError(res, 403, 'Forbidden', refused, {}, closing);
      } else if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
        await handleControl(req, res, path, control, {
          maxStateBytes: settings.maxStateBytes,
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

  const server = await listen(host, options.port ?? 0, onRequest, (req, res) => {
    // Expect: 100-continue with an oversized SWF body: refused before the client sends it.
    const declared = Number(req.headers['content-length']);
    const isSwf = !(req.url ?? '/').startsWith(CONTROL_PREFIX);
    if (!isSwf || !Number.isFinite(declared) || declared <= settings.maxBodyBytes) return false;
    trackRequest(gate, req, res, '/');
    const message = `Request body exceeds ${settings.maxBodyBytes} bytes`;
    sendError(res, 413, 'RequestEntityTooLarge', message, {}, true);
    return true;
  }).catch(releasing);
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
    service: (region = settings.defaultRegion) => world.service(region),
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
      closing = true;
      closed ??= shutDown(server, gate, () => {
        driver.stop();
        releaseWaiters();
      }).then(() => durability?.close());
      return closed;
    },
  };
}
