import type { IncomingMessage, ServerResponse } from 'node:http';
import { SnapshotError } from '../../sim/service/snapshot/ServiceSnapshot.js';
import type { ClockMode } from './clockDrivers.js';
import { readBody, sendError, sendJson } from './httpIo.js';
import type { ServerSnapshot } from './ServerWorld.js';

/** Where the control endpoints live: outside the SWF protocol, which only uses `POST /`. @public */
export const CONTROL_PREFIX = '/_swf-sim';

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
  /** HTTP requests being served, and how many of them are long polls waiting for a task. */
  readonly openRequests: number;
  readonly pendingPolls: number;
}

/** What the control endpoints act on (the server). @internal */
export interface ControlTarget {
  clockStatus(): ClockStatus;
  advanceBy(ms: number): ClockStatus;
  reset(): ClockStatus;
  exportState(): ServerSnapshot;
  importState(snapshot: unknown): ClockStatus;
}

/** Most virtual time one advance may cover: 100 years. */
const MAX_ADVANCE_MS = 100 * 366 * 24 * 3600 * 1000;
/** Largest JSON body of the small control requests. */
const MAX_CONTROL_BODY_BYTES = 64 * 1024;

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
    sendError(res, 413, 'RequestEntityTooLarge', `Request body exceeds ${limitBytes} bytes`, {}, true);
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
  limits: { readonly maxStateBytes: number; readonly closing: () => boolean },
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
  switch (`${method} ${sub}`) {
    case 'GET /':
      sendJson(res, 200, { endpoints: routeIndex() }, close);
      return;
    case 'GET /clock':
      sendJson(res, 200, target.clockStatus(), close);
      return;
    case 'POST /clock/advance': {
      const body = await readJson(req, res, MAX_CONTROL_BODY_BYTES, limits.closing);
      if (body === undefined) return;
      const ms = (body as { ms?: unknown }).ms;
      if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
        sendError(
          res,
          400,
          'InvalidControlRequest',
          `Expected a body {"ms": N} with N a whole number of milliseconds from 0 to ${MAX_ADVANCE_MS}`,
          {},
          close,
        );
        return;
      }
      sendJson(res, 200, target.advanceBy(ms), close);
      return;
    }
    case 'POST /reset':
      sendJson(res, 200, target.reset(), close);
      return;
    case 'GET /state':
      sendJson(res, 200, target.exportState(), close);
      return;
    case 'PUT /state':
    case 'POST /state': {
      const snapshot = await readJson(req, res, limits.maxStateBytes, limits.closing);
      if (snapshot === undefined) return;
      try {
        sendJson(res, 200, target.importState(snapshot), close);
      } catch (error) {
        if (!(error instanceof SnapshotError)) throw error;
        sendError(res, 400, 'InvalidSnapshot', error.message, {}, close);
      }
      return;
    }
    default:
      sendError(res, 405, 'MethodNotAllowed', `${method} is not allowed on ${path}`, {}, close);
  }
}
