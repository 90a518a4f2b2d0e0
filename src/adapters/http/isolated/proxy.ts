import { request, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendError } from '../httpIo.js';
import { refuseOversizedBody } from '../requestGuard.js';

/** Headers that belong to one connection, not to the request or answer they carry. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'expect'];

function endToEnd<T extends Record<string, unknown>>(headers: T): T {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
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
  const declared = Number(req.headers['content-length']);
  if (limitBytes !== undefined && declared > limitBytes) {
    res.on('close', done);
    refuseOversizedBody(res, limitBytes);
    return;
  }
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
    const headers = endToEnd(answer.headers);
    res.writeHead(answer.statusCode ?? 502, {
      ...headers,
      ...(answer.headers.connection === 'close' && { connection: 'close' }),
    });
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  forwarded.on('error', () => {
    if (res.headersSent) res.destroy();
    else sendError(res, 502, 'InternalFailure', 'swf-sim lost the request on its way', {}, true);
  });
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
