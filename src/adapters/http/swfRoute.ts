import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwfFault } from '../../sim/faults/SwfFault.js';
import type { SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import { handleWireRequest } from '../wire/awsJson.js';
import type { ClockDriver } from './clockDrivers.js';
import type { Durability } from './durability/durability.js';
import { flatHeaders, readBody, regionFromAuthorization, send, sendError } from './httpIo.js';
import type { InternalErrorLog } from './internalErrors.js';
import { refuseOversizedBody } from './requestGuard.js';
import { RegionLimitError, type ServerWorld } from './ServerWorld.js';
import type { SkipGate } from './skipGate.js';
import { trackedEndpoint, type TrackedRequest } from './waiters.js';

/** What serving SWF calls needs. @internal */
export interface SwfRouteParts {
  readonly world: ServerWorld;
  readonly gate: SkipGate;
  readonly driver: ClockDriver;
  readonly durability: Durability | undefined;
  readonly errorLog: InternalErrorLog;
  readonly maxBodyBytes: number;
  readonly defaultRegion: string;
  /** Whether the server is shutting down (answers then close their connection). */
  readonly closing: () => boolean;
}

/**
 * `POST /`: an SWF call in AWS JSON 1.0, served by the service of the region its signature names,
 * journaled (with a state directory) before it is answered.
 * @internal
 */
export function swfRoute({
  world,
  gate,
  driver,
  durability,
  errorLog,
  maxBodyBytes,
  defaultRegion,
  closing,
}: SwfRouteParts): (
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  request: TrackedRequest,
) => Promise<void> {
  let requestCount = 0;
  return async (
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
        closing(),
      );
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (closing()) {
      // Its body came too late: the state may no longer be ours to change (shutdown, a successor).
      sendError(res, 503, 'ServiceUnavailable', 'swf-sim is shutting down', {}, true);
      return;
    }
    if (body.kind === 'too-large') {
      // The rest of the body is never read: answer, then close the connection.
      refuseOversizedBody(res, maxBodyBytes);
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
    send(res, wire.statusCode, wire.headers, wire.body, closing());
  };
}
