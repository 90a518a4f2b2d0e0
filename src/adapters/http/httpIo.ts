import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { AWS_JSON_CONTENT_TYPE } from '../wire/awsJson.js';
import { REGION_PATTERN } from './ServerWorld.js';

/** A request body, or why there is none. @internal */
export type BodyResult =
  | { readonly kind: 'ok'; readonly body: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' };

/**
 * Reads a request body of at most `limitBytes`. A declared `Content-Length` over the limit is
 * refused before a byte is read; a body that grows past it (chunked) stops being read and buffered
 * at the limit.
 * @internal
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        req.pause();
        chunks.length = 0;
        finish({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: 'ok', body: Buffer.concat(chunks, size).toString('utf8') });
    const onClose = (): void => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onClose);
    req.on('close', onClose);
  });
}

/**
 * The region of a SigV4-signed request: the third part of the credential scope in
 * `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/us-west-2/swf/aws4_request, …`.
 * Undefined for an unsigned request or a scope that does not parse (the signature itself is never
 * checked: any credentials are accepted).
 * @internal
 */
export function regionFromAuthorization(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /Credential=[^/\s,]+\/\d{8}\/([^/\s,]+)\/[^/\s,]+\/aws4_request/.exec(authorization);
  const region = match?.[1]?.toLowerCase();
  return region !== undefined && REGION_PATTERN.test(region) ? region : undefined;
}

/** Node's headers as the codec wants them: one string per (lower-case) name. @internal */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Writes a whole response with an exact Content-Length (keep-alive friendly). @internal */
export function send(
  res: ServerResponse,
  statusCode: number,
  headers: Record<string, string>,
  body: string,
  closeConnection = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.from(body, 'utf8');
  res.writeHead(statusCode, {
    ...headers,
    'content-length': String(payload.length),
    ...(closeConnection && { connection: 'close' }),
  });
  res.end(payload);
}

/**
 * An error outside the SWF protocol (wrong path or method, body too large, control endpoint
 * misuse), shaped like SWF's own errors so any client can read it: `{"__type", "message"}`.
 * @internal
 */
export function sendError(
  res: ServerResponse,
  statusCode: number,
  type: string,
  message: string,
  extraHeaders: Record<string, string> = {},
  closeConnection = false,
): void {
  send(
    res,
    statusCode,
    { 'content-type': AWS_JSON_CONTENT_TYPE, 'x-amzn-errortype': type, ...extraHeaders },
    JSON.stringify({ __type: type, message }),
    closeConnection,
  );
}

/** A JSON document (control endpoints). @internal */
export function sendJson(
  res: ServerResponse,
  statusCode: number,
  value: unknown,
  closeConnection = false,
): void {
  send(res, statusCode, { 'content-type': 'application/json' }, JSON.stringify(value), closeConnection);
}

/** The path of a request, its query left out. @internal */
export function requestPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** `http://host:port`, IPv6 literals in brackets. @internal */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * An HTTP server listening on `host:port` for `onRequest`. A request announcing its body with
 * `Expect: 100-continue` is first offered to `refuseEarly`, which may answer it before the body is
 * sent; bytes that are not HTTP get a 400 and the connection is closed.
 * @internal
 */
export async function listen(
  host: string,
  port: number,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  refuseEarly: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 5000 }, onRequest);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (refuseEarly(req, res)) return;
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
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
