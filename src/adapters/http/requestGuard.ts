import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { sendError } from './httpIo.js';

/** Where the control endpoints live: outside the SWF protocol, which only uses `POST /`. @public */
export const CONTROL_PREFIX = '/_swf-sim';

/**
 * The header every control call but `GET /_swf-sim/` and `GET /_swf-sim/clock` must carry (any
 * value). A browser sends a custom header cross-origin only after a CORS preflight, which this
 * server refuses, so no web page can reset, import or export state. @public
 */
export const CONTROL_HEADER = 'x-swf-sim-control';

/** Who may talk to the server besides this machine's own non-browser clients (see docs/serve.md, Security). @internal */
export interface AccessPolicy {
  /** Host names accepted in `Host` besides `localhost`, `*.localhost` and IP addresses; `*` accepts any. */
  readonly allowHosts: readonly string[];
  /** Origins (`scheme://host[:port]`) accepted in `Origin` besides loopback ones; `*` accepts any. */
  readonly allowOrigins: readonly string[];
}

/** The host name of a `Host` header (`name:port`, `[v6]:port`), lower-case, without a trailing dot. */
function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  const name = trimmed.startsWith('[')
    ? trimmed.slice(1, trimmed.indexOf(']') < 0 ? undefined : trimmed.indexOf(']'))
    : trimmed.replace(/:\d*$/, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function isLocalhostName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

function isLoopback(name: string): boolean {
  if (isLocalhostName(name) || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/**
 * Why a request is refused before anything else looks at it, or undefined when it may proceed.
 * - `Host` must name this machine in a way DNS rebinding cannot fake: an IP address, `localhost`
 *   (or `*.localhost`), or a name the user allowed. A page of `evil.example` rebound to 127.0.0.1
 *   still sends `Host: evil.example:8585`.
 * - `Origin`, when present (a browser sent the request for a web page), must be a loopback origin
 *   or one the user allowed.
 * @internal
 */
export function refusal(headers: IncomingHttpHeaders, policy: AccessPolicy): string | undefined {
  const host = headers.host;
  if (host !== undefined && !policy.allowHosts.includes('*')) {
    const name = hostName(host);
    if (isIP(name) === 0 && !isLocalhostName(name) && !policy.allowHosts.includes(name)) {
      return `Host ${JSON.stringify(host)} is not an IP address or localhost; start swf-sim serve with --allow-host ${name} to accept it`;
    }
  }
  const origin = headers.origin;
  if (origin !== undefined && !policy.allowOrigins.includes('*')) {
    if (!isLoopbackOrigin(origin) && !policy.allowOrigins.includes(origin.toLowerCase())) {
      return `Requests from web pages of origin ${JSON.stringify(origin)} are refused; start swf-sim serve with --allow-origin ${origin} to accept them`;
    }
  }
  return undefined;
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(hostName(url.host));
  } catch {
    return false; // `null` (a sandboxed frame, a file) or garbage
  }
}

/**
 * An SWF request (`Expect: 100-continue`) whose declared body is over `maxBodyBytes`: refused with
 * {@link refuseOversizedBody} before the client sends it.
 * @internal
 */
export function announcesOversizedSwfBody(req: IncomingMessage, maxBodyBytes: number): boolean {
  const declared = Number(req.headers['content-length']);
  const isSwf = !(req.url ?? '/').startsWith(CONTROL_PREFIX);
  return isSwf && Number.isFinite(declared) && declared > maxBodyBytes;
}

/** Answers 413 for a body over `limitBytes`, and closes the connection. @internal */
export function refuseOversizedBody(res: ServerResponse, limitBytes: number): void {
  sendError(res, 413, 'RequestEntityTooLarge', `Request body exceeds ${limitBytes} bytes`, {}, true);
}
