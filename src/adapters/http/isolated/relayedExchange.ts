import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** An SWF request as the front relays it: its head at once, its body as it comes. @internal */
export interface RelayedHead {
  readonly id: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * What the backend answers a relayed request with: its status, headers and body, or (`more`) the
 * first piece of a body that follows in {@link RelayedMore}s. @internal
 */
export interface RelayedAnswer {
  readonly id: number;
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Uint8Array;
  readonly more?: true;
}

/** A further piece of a streamed answer; `end` on the last. @internal */
export interface RelayedMore {
  readonly id: number;
  readonly chunk?: Uint8Array;
  readonly end: boolean;
}

/** A relayed answer or a piece of one. @internal */
export type RelayedPart = RelayedAnswer | RelayedMore;

/** The part ends its answer. @internal */
export function isLastPart(part: RelayedPart): boolean {
  return 'status' in part ? part.more === undefined : part.end;
}

/** The rest of a relayed request: its body as it comes, or its client's hang-up; and how much of a streamed answer its client took. @internal */
export interface RelayedBody {
  body(chunk: Uint8Array | undefined, end: boolean): void;
  hangUp(): void;
  taken(bytes: number): void;
}

/** Where the front relays SWF calls: a worker backend's message port. @internal */
export interface RelayTarget {
  /** Sends a request's head (and, when given, its whole body); `answered` gets the answer piece by piece, or undefined if the backend stopped. */
  relay(
    req: { method?: string | undefined; url?: string | undefined; headers: IncomingHttpHeaders },
    answered: (part: RelayedPart | undefined) => void,
    body?: Uint8Array,
  ): RelayedBody;
}

/** The request side: what the server's handlers read of an `IncomingMessage`. */
class RelayedRequest extends Readable {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  complete = false;

  constructor(head: RelayedHead) {
    super();
    this.method = head.method;
    this.url = head.url;
    this.headers = head.headers;
  }

  override _read(): void {
    // Pushed by `deliver` as the front relays the body.
  }

  deliver(chunk: Uint8Array | undefined, end: boolean): void {
    if (chunk !== undefined) this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (end) {
      this.complete = true;
      this.push(null);
    }
  }
}

/**
 * Bytes of a streamed answer on their way to the client past which {@link RelayedResponse.write}
 * asks its writer to wait for `drain`.
 */
const UNTAKEN_LIMIT_BYTES = 1024 * 1024;

/**
 * Bytes to send, in a buffer of their own (transferred to the front, not copied; a pooled
 * Buffer's whole slab would go with them, and a caller's buffer is not ours to detach).
 */
function ownedBytes(body: Uint8Array | string | undefined): Uint8Array {
  if (typeof body !== 'string') return new Uint8Array(body ?? []);
  const bytes = Buffer.from(body);
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : new Uint8Array(bytes);
}

/**
 * The answer side: what the server's handlers use of a `ServerResponse` — a whole answer
 * (`writeHead`, then `end`) or a streamed one (`write` until it returns false, then wait for
 * `drain`: sent pieces count until the front says its client took them) — and its `finish` and
 * `close` events.
 */
class RelayedResponse extends EventEmitter {
  headersSent = false;
  destroyed = false;
  writableFinished = false;
  private status = 200;
  private headers: OutgoingHttpHeaders = {};
  /** The head went with a first piece: the rest follows as {@link RelayedMore}s. */
  private streaming = false;
  private untaken = 0;

  constructor(
    private readonly id: number,
    private readonly send: (part: RelayedPart) => void,
  ) {
    super();
  }

  writeHead(status: number, headers: OutgoingHttpHeaders = {}): this {
    this.status = status;
    this.headers = headers;
    this.headersSent = true;
    return this;
  }

  write(chunk: Uint8Array | string): boolean {
    if (this.writableFinished || this.destroyed) return false;
    const bytes = ownedBytes(chunk);
    this.untaken += bytes.byteLength;
    if (this.streaming) this.send({ id: this.id, chunk: bytes, end: false });
    else this.send({ id: this.id, status: this.status, headers: this.headers, body: bytes, more: true });
    this.streaming = true;
    this.headersSent = true;
    return this.untaken < UNTAKEN_LIMIT_BYTES;
  }

  end(body?: Uint8Array | string): this {
    if (this.writableFinished || this.destroyed) return this;
    const bytes = ownedBytes(body);
    if (!this.streaming) this.send({ id: this.id, status: this.status, headers: this.headers, body: bytes });
    else this.send({ id: this.id, ...(bytes.byteLength > 0 && { chunk: bytes }), end: true });
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }

  /** The client took `bytes` of the streamed answer. */
  taken(bytes: number): void {
    const waiting = this.untaken >= UNTAKEN_LIMIT_BYTES;
    this.untaken -= bytes;
    if (waiting && this.untaken < UNTAKEN_LIMIT_BYTES && !this.destroyed) this.emit('drain');
  }

  /** The client hung up before the answer. */
  abandon(): void {
    if (this.writableFinished || this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
}

/**
 * A request the front relays over the worker's message port instead of forwarding it over HTTP
 * (which costs both sides a round of HTTP, and the front a collection every few megabytes of a
 * streamed answer): a request and a response with what the server's SWF route and its export use
 * of Node's, fed by the front's messages and answering through `send`.
 * @internal
 */
export class RelayedExchange {
  private readonly req: RelayedRequest;
  private readonly res: RelayedResponse;

  constructor(head: RelayedHead, send: (part: RelayedPart) => void) {
    this.req = new RelayedRequest(head);
    this.res = new RelayedResponse(head.id, send);
  }

  get request(): IncomingMessage {
    return this.req as unknown as IncomingMessage;
  }

  get response(): ServerResponse {
    return this.res as unknown as ServerResponse;
  }

  deliver(chunk: Uint8Array | undefined, end: boolean): void {
    this.req.deliver(chunk, end);
  }

  hangUp(): void {
    this.req.destroy();
    this.res.abandon();
  }

  taken(bytes: number): void {
    this.res.taken(bytes);
  }
}
