import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonStreamParser } from './durability/jsonStream.js';
import { nextTurn } from './durability/pacing.js';
import type { TextSink } from './durability/snapshotText.js';

/** A state document read from a request, or why there is none. @internal */
export type StateBody =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'aborted' };

/**
 * Reads and parses a state document chunk by chunk, never holding its text whole (an export of
 * gigabytes is fine), letting other clients in between chunks. `limitBytes` undefined: no limit.
 * @internal
 */
export async function readStateBody(
  req: IncomingMessage,
  limitBytes: number | undefined,
): Promise<StateBody> {
  const declared = Number(req.headers['content-length']);
  if (limitBytes !== undefined && Number.isFinite(declared) && declared > limitBytes)
    return { kind: 'too-large' };
  const parser = new JsonStreamParser();
  let size = 0;
  let malformed: string | undefined;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (limitBytes !== undefined && size > limitBytes) return { kind: 'too-large' };
      // After a syntax error the rest is read and dropped, so the answer reaches the client.
      if (malformed !== undefined) continue;
      try {
        parser.feed(chunk as Buffer);
      } catch (error) {
        malformed = (error as Error).message;
      }
      await nextTurn();
    }
  } catch {
    return { kind: 'aborted' };
  }
  if (!req.complete) return { kind: 'aborted' };
  if (malformed === undefined && size === 0) return { kind: 'ok', value: {} };
  if (malformed === undefined) {
    try {
      return { kind: 'ok', value: parser.end() };
    } catch (error) {
      malformed = (error as Error).message;
    }
  }
  return { kind: 'malformed', message: malformed };
}

/** The client of a streamed answer hung up: the rest is not produced. */
class HungUp extends Error {}

/**
 * Answers 200 with a JSON document `write` produces piece by piece (chunked), waiting for the
 * client to take each piece: a slow reader holds up its own answer, not the server.
 * @internal
 */
export async function sendJsonStream(
  res: ServerResponse,
  write: (sink: TextSink) => Promise<void>,
  closeConnection: boolean,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json', ...(closeConnection && { connection: 'close' }) });
  const sink: TextSink = async (text) => {
    if (res.destroyed) throw new HungUp();
    if (!res.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  };
  try {
    await write(sink);
  } catch (error) {
    if (error instanceof HungUp) return;
    throw error;
  }
  res.end();
}
