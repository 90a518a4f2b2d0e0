import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTROL_PREFIX, controlBodyLimit, type ClockStatus } from '../controlRoutes.js';
import type { Recovered } from '../durability/durability.js';
import { listen, requestPath, sendError, urlOf } from '../httpIo.js';
import { announcesOversizedSwfBody, CONTROL_HEADER, refusal, refuseOversizedBody } from '../requestGuard.js';
import { logTo, resolveSettings, type StartServerOptions } from '../serverSettings.js';
import { Backends } from './Backends.js';
import { LocalBackend } from './LocalBackend.js';
import { isImport } from './requestKinds.js';

/** A running isolated server (see {@link startIsolatedServer}). @public */
export interface IsolatedServer {
  /** `http://host:port`, what clients use as their endpoint. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The clock when the server started. */
  readonly status: ClockStatus;
  /** With a state directory: what was restored from it at start. */
  readonly recovered?: Recovered;
  /** Stops: no new connections, parked polls answered empty, connections closed. */
  close(): Promise<void>;
}

/**
 * The smallest import (declared `Content-Length`) built in a worker. Smaller ones are built in
 * place: their collections are short, and the state stays where calls cost least. ≈ 4,000
 * executions.
 */
const ASIDE_FROM_BYTES = 4 * 1024 * 1024;

/** The options a worker can be given: functions become messages. */
function plainOptions(options: StartServerOptions): StartServerOptions {
  const plain = { ...options };
  delete plain.logClock;
  delete plain.logErrors;
  return plain;
}

/**
 * What `swf-sim serve` runs: {@link startServer}'s endpoint behind a thin HTTP front, so that a
 * large import does not stall everyone else. An import (`PUT /_swf-sim/state`) of 4 MiB or more
 * (`asideFromBytes`; or of unknown length) is built in a worker thread, with a heap of its own,
 * while the current state goes on serving; once it is built and checked,
 * the current state stops, hands over (token counts, imports, skip locks, the state directory) and
 * the worker serves from then on, requests relayed over its message port. Until the first import
 * the state lives in the front's own thread and costs nothing more than `startServer`. Same
 * options, same answers, same state directory as `startServer`; what it lacks is `startServer`'s
 * in-process access to the state.
 * @public
 */
export async function startIsolatedServer(
  options: StartServerOptions = {},
  { asideFromBytes = ASIDE_FROM_BYTES }: { readonly asideFromBytes?: number } = {},
): Promise<IsolatedServer> {
  const settings = resolveSettings(options);
  const logErrors = settings.logErrors;
  const logClock = logTo(options.logClock);
  const first = await LocalBackend.start(options);
  const backends = new Backends(
    first,
    { options: plainOptions(options), logClock: logClock !== undefined },
    { out: (line) => logClock?.(line), err: (line) => logErrors?.(line) },
    (req) => {
      const path = requestPath(req);
      const method = req.method ?? 'GET';
      if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`))
        return controlBodyLimit(method, path, settings.maxStateBytes);
      return path === '/' && method === 'POST' ? settings.maxBodyBytes : undefined;
    },
  );
  let closing = false;

  /**
   * An import worth a worker: a large one (or one of unknown length) that the backend would not
   * refuse at once (it answers those itself, and builds small ones in place).
   */
  const importsAside = (req: IncomingMessage): boolean => {
    const length = req.headers['content-length'];
    const declared = length === undefined ? Infinity : Number(length);
    return (
      isImport(req) &&
      !closing &&
      declared >= asideFromBytes &&
      refusal(req.headers, settings.access) === undefined &&
      req.headers[CONTROL_HEADER] !== undefined &&
      !(settings.maxStateBytes !== undefined && declared > settings.maxStateBytes)
    );
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const work = importsAside(req) ? backends.importAside(req, res) : backends.serve(req, res);
    work.catch((error: unknown) => {
      logErrors?.(`${req.method ?? '?'} ${req.url ?? '/'}: ${String(error)}`);
      if (res.headersSent) res.destroy();
      else sendError(res, 500, 'InternalFailure', 'swf-sim failed to handle the request', {}, true);
    });
  };

  const server = await listen(settings.host, options.port ?? 0, onRequest, (req, res) => {
    if (!announcesOversizedSwfBody(req, settings.maxBodyBytes)) return false;
    refuseOversizedBody(res, settings.maxBodyBytes);
    return true;
  }).catch(async (error: unknown) => {
    await backends.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const host = settings.host;
  const status = first.server.clockStatus();
  const { recovered } = first.server;
  let closed: Promise<void> | undefined;
  return {
    url: urlOf(host, port),
    host,
    port,
    status,
    ...(recovered !== undefined && { recovered }),
    close(): Promise<void> {
      closing = true;
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await backends.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
