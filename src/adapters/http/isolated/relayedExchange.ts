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

/** What the backend answers a relayed request with. @internal */
export interface RelayedAnswer {
  readonly id: number;
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Uint8Array;
}

/** The rest of a relayed request: its body as it comes, or its client's hang-up. @internal */
export interface RelayedBody {
  body(chunk: Uint8Array | undefined, end: boolean): void;
  hangUp(): void;
}

/** Where the front relays SWF calls: a worker backend's message port. @internal */
export interface RelayTarget {
  /** Sends a request's head (and, when given, its whole body); `answered` gets the answer, or undefined if the backend stopped. */
  relay(
    req: { method?: string | undefined; url?: string | undefined; headers: IncomingHttpHeaders },
    answered: (answer: RelayedAnswer | undefined) => void,
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
 * The answer side: what the server's handlers use of a `ServerResponse` for an SWF call (a whole
 * answer: `writeHead`, then `end`), and its `finish` and `close` events.
 */
class RelayedResponse extends EventEmitter {
  headersSent = false;
  destroyed = false;
  writableFinished = false;
  private status = 200;
  private headers: OutgoingHttpHeaders = {};

  constructor(
    private readonly id: number,
    private readonly answer: (answer: RelayedAnswer) => void,
  ) {
    super();
  }

  writeHead(status: number, headers: OutgoingHttpHeaders = {}): this {
    this.status = status;
    this.headers = headers;
    this.headersSent = true;
    return this;
  }

  end(body?: Uint8Array | string): this {
    if (this.writableFinished || this.destroyed) return this;
    // An exact copy: a pooled Buffer's whole slab would be cloned with it.
    const bytes = typeof body === 'string' ? Buffer.from(body) : new Uint8Array(body ?? []);
    this.answer({ id: this.id, status: this.status, headers: this.headers, body: bytes });
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }

  /** The client hung up before the answer. */
  abandon(): void {
    if (this.writableFinished || this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
}

/**
 * An SWF request the front relays over the worker's message port instead of forwarding it over
 * HTTP (which costs both sides a round of HTTP): a request and a response with what the server's
 * SWF route uses of Node's, fed by the front's messages and answering through `answer`.
 * @internal
 */
export class RelayedExchange {
  private readonly req: RelayedRequest;
  private readonly res: RelayedResponse;

  constructor(head: RelayedHead, answer: (answer: RelayedAnswer) => void) {
    this.req = new RelayedRequest(head);
    this.res = new RelayedResponse(head.id, answer);
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
}
