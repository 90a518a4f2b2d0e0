import type { IncomingMessage } from 'node:http';
import { CONTROL_PREFIX } from '../controlRoutes.js';
import { requestPath } from '../httpIo.js';

/** The path is `/_swf-sim/state` (trailing slashes aside). @internal */
export function statePath(req: IncomingMessage): boolean {
  return requestPath(req).replace(/\/+$/, '') === `${CONTROL_PREFIX}/state`;
}

/** `PUT` (or `POST`) `/_swf-sim/state`: replaces the state with the document it brings. @internal */
export function isImport(req: IncomingMessage): boolean {
  return (req.method === 'PUT' || req.method === 'POST') && statePath(req);
}

/** `GET /_swf-sim/state`: reads a cut of the state and changes nothing. @internal */
export function isExport(req: IncomingMessage): boolean {
  return req.method === 'GET' && statePath(req);
}
