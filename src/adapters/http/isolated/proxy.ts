import {
  request,
  type Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { sendError } from '../httpIo.js';
import { refuseOversizedBody } from '../requestGuard.js';
import { isLastPart, type RelayedBody, type RelayedPart, type RelayTarget } from './relayedExchange.js';

/** Headers that belong to one connection, not to the request or answer they carry. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'expect'];

function endToEnd<T extends Record<string, unknown>>(headers: T): T {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

/** A body declared over the limit: refused before a byte of it is read. */
function refusedAtOnce(
  req: IncomingMessage,
  res: ServerResponse,
  limitBytes: number | undefined,
  done: () => void,
): boolean {
  if (limitBytes === undefined || !(Number(req.headers['content-length']) > limitBytes)) return false;
  res.on('close', done);
  refuseOversizedBody(res, limitBytes);
  return true;
}

/** The backend's status and headers, less those of its connection (a `close` it asks for stays). */
function writeHead(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): void {
  res.writeHead(status, {
    ...endToEnd(headers),
    ...(headers.connection === 'close' && { connection: 'close' }),
  });
}

/** The request was lost with its backend. */
function lost(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else sendError(res, 502, 'InternalFailure', 'swf-sim lost the request on its way', {}, true);
}

/**
 * Hands `req` to the server at `127.0.0.1:port` and its answer to `res`, both streamed, headers as
 * they are (`Host` and `Origin` included, for the backend's own checks). A body over `limitBytes`
 * is refused here with the backend's own 413, as the backend would (it stops reading and closes,
 * which would otherwise cut the forwarding short). A client that hangs up is hung up on upstream
 * too (a long poll's hang-up is journaled). `done` is called once, when `res` is finished or
 * abandoned.
 * @internal
 */
export function forward(
  port: number,
  agent: Agent,
  req: IncomingMessage,
  res: ServerResponse,
  limitBytes: number | undefined,
  done: () => void,
): void {
  if (refusedAtOnce(req, res, limitBytes, done)) return;
  const forwarded = request({
    host: '127.0.0.1',
    port,
    agent,
    method: req.method,
    path: req.url,
    headers: endToEnd(req.headers),
    setHost: false,
  });
  res.on('close', () => {
    if (!res.writableFinished) forwarded.destroy();
    done();
  });
  forwarded.on('response', (answer) => {
    writeHead(res, answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  forwarded.on('error', () => lost(res));
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (limitBytes !== undefined && size > limitBytes) {
      req.pause();
      forwarded.destroy();
      refuseOversizedBody(res, limitBytes);
    } else if (!forwarded.write(chunk)) {
      req.pause();
      forwarded.once('drain', () => req.resume());
    }
  });
  req.on('end', () => forwarded.end());
}

/**
 * Relays a request to `backend` over its message port, which costs far less than
 * {@link forward}'s second round of HTTP: in one message when the whole body is there
 * within the turn it arrived in (as an SDK's is); otherwise its head at once (the backend's skip
 * gate counts the request from then, as it would one of its own) and its body as it comes. A
 * streamed answer is written as its pieces come, each acknowledged once written out (the backend
 * waits for that). A hang-up follows the client. The same limit, the same answers.
 * @internal
 */
export function relay(
  backend: RelayTarget,
  req: IncomingMessage,
  res: ServerResponse,
  limitBytes: number | undefined,
  done: () => void,
): void {
  if (refusedAtOnce(req, res, limitBytes, done)) return;
  const answered = (part: RelayedPart | undefined): void => {
    if (part === undefined) {
      lost(res);
      return;
    }
    if (res.destroyed) return;
    const bytes = 'status' in part ? part.body : part.chunk;
    const piece = bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if ('status' in part) writeHead(res, part.status, part.headers);
    if (isLastPart(part)) res.end(piece);
    else if (piece !== undefined) res.write(piece, () => exchange?.taken(piece.length));
  };
  let exchange: RelayedBody | undefined;
  let chunks: Buffer[] = [];
  let size = 0;
  const sendHead = (): RelayedBody => {
    exchange ??= backend.relay(req, answered);
    for (const chunk of chunks) exchange.body(new Uint8Array(chunk), false);
    chunks = [];
    return exchange;
  };
  const slowBody = setImmediate(sendHead);
  res.on('close', () => {
    clearImmediate(slowBody);
    if (!res.writableFinished) exchange?.hangUp();
    done();
  });
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (limitBytes !== undefined && size > limitBytes) {
      req.pause();
      clearImmediate(slowBody);
      exchange?.hangUp();
      refuseOversizedBody(res, limitBytes);
    } else if (exchange === undefined) chunks.push(chunk);
    else exchange.body(new Uint8Array(chunk), false);
  });
  req.on('end', () => {
    clearImmediate(slowBody);
    if (exchange !== undefined) exchange.body(undefined, true);
    // An exact copy: a pooled Buffer's whole slab would be cloned with it.
    else exchange = backend.relay(req, answered, new Uint8Array(Buffer.concat(chunks, size)));
  });
}
