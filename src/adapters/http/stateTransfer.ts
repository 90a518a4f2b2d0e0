import type { IncomingMessage, ServerResponse } from 'node:http';
import { SnapshotError } from '../../sim/service/snapshot/ServiceSnapshot.js';
import type { TextSink } from './durability/snapshotText.js';

/** What reads a state document as it streams in: fed each chunk, then told it is complete. @internal */
export interface StateReader<T> {
  /** @throws SyntaxError (malformed JSON), SnapshotError (a document that does not fit) */
  feed(chunk: Buffer): Promise<void>;
  /** @throws SyntaxError, SnapshotError */
  end(): Promise<T>;
}

/** What reading a state document from a request came to. @internal */
export type StateBody<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'aborted' };

/**
 * Hands a state document to `reader` chunk by chunk as the request brings it, never holding its
 * text whole (an export of gigabytes is fine). Once the reader refuses it the rest is read and
 * dropped, so that the answer reaches the client. `limitBytes` undefined: no limit.
 * @internal
 */
export async function readStateBody<T>(
  req: IncomingMessage,
  limitBytes: number | undefined,
  reader: StateReader<T>,
): Promise<StateBody<T>> {
  const declared = Number(req.headers['content-length']);
  if (limitBytes !== undefined && Number.isFinite(declared) && declared > limitBytes)
    return { kind: 'too-large' };
  let size = 0;
  let refused: StateBody<T> | undefined;
  let failure: { error: unknown } | undefined;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (limitBytes !== undefined && size > limitBytes) return { kind: 'too-large' };
      if (refused !== undefined || failure !== undefined) continue;
      try {
        await reader.feed(chunk as Buffer);
      } catch (error) {
        refused = refusal(error);
        if (refused === undefined) failure = { error };
      }
    }
  } catch {
    return { kind: 'aborted' };
  }
  if (!req.complete) return { kind: 'aborted' };
  if (failure !== undefined) throw failure.error;
  if (refused !== undefined) return refused;
  try {
    return { kind: 'ok', value: await reader.end() };
  } catch (error) {
    const refusedAtEnd = refusal(error);
    if (refusedAtEnd === undefined) throw error;
    return refusedAtEnd;
  }
}

/** The answer to a document the reader refused; undefined for any other error (a bug). */
function refusal(error: unknown): StateBody<never> | undefined {
  if (error instanceof SyntaxError) return { kind: 'malformed', message: error.message };
  if (error instanceof SnapshotError) return { kind: 'invalid', message: error.message };
  return undefined;
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
