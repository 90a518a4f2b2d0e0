/** The least memory allocated to keep the text of a value that spans chunks. */
const MIN_STORE_BYTES = 64 * 1024;

/** Values up to this many bytes are handed to JSON.parse whole; larger containers are entered. */
const WHOLE_VALUE_BYTES = 256 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** What a container being built waits for next. */
type Expect = 'first-key' | 'key' | 'colon' | 'value' | 'first-value' | 'comma';

interface Frame {
  readonly value: Record<string, unknown> | unknown[];
  /** Where the container sits in the document. */
  readonly path: JsonPath;
  key: string | undefined;
  /** Arrays: elements seen so far (taken ones included). */
  count: number;
  expect: Expect;
}

/** Where a value sits in a document: member names and array indexes from the root. @internal */
export type JsonPath = readonly (string | number)[];

/**
 * Lets a reader take values as they complete instead of having them built into the document.
 * @internal
 */
export interface JsonStreamHooks {
  /**
   * Asked once for each object or array that starts (the document itself at `[]`): true to have
   * it built member by member whatever its size, so that its members reach {@link take}.
   */
  enter(path: JsonPath, isObject: boolean): boolean;
  /**
   * A value inside a container built member by member is complete: true when the reader takes it,
   * which leaves it out of its container (an array then keeps no hole; indexes still count it).
   */
  take(path: JsonPath, value: unknown): boolean;
}

/** How far the value at the read position has been scanned, so a chunk boundary costs no rescan. */
interface Scan {
  offset: number;
  depth: number;
  inString: boolean;
  escaped: boolean;
}

/**
 * Parses one JSON document fed in chunks, as `JSON.parse` would (same values, `__proto__` an own
 * member), without ever holding its whole text: values up to 256 KiB (by default) are parsed by `JSON.parse` as
 * soon as they are complete, larger objects and arrays (and those the hooks ask for) are entered and
 * built member by member. The work per chunk is proportional to the chunk (plus at most one pending
 * value), so a caller can parse a document of gigabytes a chunk at a time between other work; with
 * hooks that take the values it needs as they complete, it never holds the whole parsed document
 * either.
 * @internal
 */
export class JsonStreamParser {
  /** The text not parsed yet starts at `pos`: the last chunk, or a part of `store`. */
  private buffer: Buffer = Buffer.alloc(0);
  /** Memory of our own that `buffer` lies in when a value spanned chunks. */
  private store: Buffer | undefined;
  private pos = 0;
  /** Bytes dropped from the front of the buffer, for error positions. */
  private consumed = 0;
  private readonly stack: Frame[] = [];
  private scan: Scan | undefined;
  private root: { value: unknown } | undefined;
  private ended = false;

  /**
   * @param hooks - see {@link JsonStreamHooks}; without them the whole document is built.
   * @param wholeValueBytes - values up to this size are parsed whole (smaller in tests, to enter more).
   */
  constructor(
    private readonly hooks?: JsonStreamHooks,
    private readonly wholeValueBytes = WHOLE_VALUE_BYTES,
  ) {}

  /** Parses what `chunk` completes. @throws SyntaxError */
  feed(chunk: Buffer): void {
    const pending = this.buffer.length - this.pos;
    if (pending <= 0) {
      this.consumed += this.pos;
      this.buffer = chunk;
      this.pos = 0;
      this.store = undefined;
    } else if (this.store !== undefined && this.buffer.length + chunk.length <= this.store.length) {
      // Room after the pending bytes: the chunk joins them where they are.
      chunk.copy(this.store, this.buffer.length);
      this.buffer = this.store.subarray(0, this.buffer.length + chunk.length);
    } else {
      // A store twice the size needed, so that a value over many chunks is copied O(1) times per byte.
      const store = Buffer.allocUnsafe(Math.max(2 * (pending + chunk.length), MIN_STORE_BYTES));
      this.buffer.copy(store, 0, this.pos);
      chunk.copy(store, pending);
      this.consumed += this.pos;
      this.pos = 0;
      this.store = store;
      this.buffer = store.subarray(0, pending + chunk.length);
    }
    this.pump();
  }

  /** The document, once all of it was fed. @throws SyntaxError */
  end(): unknown {
    this.ended = true;
    this.pump();
    if (this.root === undefined || this.stack.length > 0) this.fail('unexpected end of the document');
    return this.root.value;
  }

  private pump(): void {
    const bytes = this.buffer;
    for (;;) {
      while (this.pos < bytes.length && isSpace(bytes[this.pos] as number)) this.pos++;
      if (this.pos >= bytes.length) return;
      const byte = bytes[this.pos] as number;
      const top = this.stack.at(-1);
      if (top === undefined) {
        if (this.root !== undefined) this.fail('unexpected text after the document');
        if (!this.value()) return;
        continue;
      }
      switch (top.expect) {
        case 'first-key':
        case 'key': {
          if (top.expect === 'first-key' && byte === CLOSE_OBJECT) {
            this.pos++;
            this.close();
            break;
          }
          if (byte !== QUOTE) this.fail('expected a member name');
          const end = this.scanValue();
          if (end === undefined) return;
          top.key = this.parse(end) as string;
          top.expect = 'colon';
          break;
        }
        case 'colon':
          if (byte !== COLON) this.fail("expected ':'");
          this.pos++;
          top.expect = 'value';
          break;
        case 'first-value':
        case 'value':
          if (top.expect === 'first-value' && byte === CLOSE_ARRAY) {
            this.pos++;
            this.close();
            break;
          }
          if (!this.value()) return;
          break;
        case 'comma': {
          const isArray = Array.isArray(top.value);
          if (byte === (isArray ? CLOSE_ARRAY : CLOSE_OBJECT)) {
            this.pos++;
            this.close();
          } else if (byte === COMMA) {
            this.pos++;
            top.expect = isArray ? 'value' : 'key';
          } else this.fail(`expected ',' or '${isArray ? ']' : '}'}'`);
          break;
        }
        default: {
          const unknown: never = top.expect;
          throw new Error(`unknown state ${String(unknown)}`);
        }
      }
    }
  }

  /** Reads the value at the read position, whole or by entering it; false when more text is needed. */
  private value(): boolean {
    const byte = this.buffer[this.pos];
    const container = byte === OPEN_OBJECT || byte === OPEN_ARRAY;
    // Asked once per value: a value not complete yet keeps its scan from one chunk to the next.
    if (container && this.scan === undefined && this.hooks?.enter(this.valuePath(), byte === OPEN_OBJECT)) {
      this.enter(byte === OPEN_OBJECT);
      return true;
    }
    const end = this.scanValue();
    if (end !== undefined && end - this.pos <= this.wholeValueBytes) {
      this.deliver(this.parse(end));
      return true;
    }
    const large = (this.scan?.offset ?? 0) > this.wholeValueBytes || end !== undefined;
    if (!container || !large) {
      if (end !== undefined) this.deliver(this.parse(end));
      return end !== undefined;
    }
    // Too large to parse whole: build it member by member.
    this.enter(byte === OPEN_OBJECT);
    return true;
  }

  /** Starts building the container at the read position member by member. */
  private enter(isObject: boolean): void {
    const path = this.valuePath();
    this.scan = undefined;
    this.pos++;
    this.stack.push({
      value: isObject ? {} : [],
      path,
      key: undefined,
      count: 0,
      expect: isObject ? 'first-key' : 'first-value',
    });
  }

  /** The path of the value at the read position. */
  private valuePath(): JsonPath {
    const top = this.stack.at(-1);
    if (top === undefined) return [];
    return [...top.path, Array.isArray(top.value) ? top.count : (top.key as string)];
  }

  /**
   * Where the value at the read position ends (exclusive), or undefined when the text so far does
   * not complete it. Resumes where the previous call stopped.
   */
  private scanValue(): number | undefined {
    const bytes = this.buffer;
    const start = this.pos;
    const first = bytes[start] as number;
    const scan = (this.scan ??= { offset: 0, depth: 0, inString: false, escaped: false });
    let i = start + scan.offset;
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY && first !== QUOTE) {
      // A number or a literal runs to the next delimiter (or the end of the document).
      while (i < bytes.length) {
        const byte = bytes[i] as number;
        if (
          isSpace(byte) ||
          byte === COMMA ||
          byte === CLOSE_ARRAY ||
          byte === CLOSE_OBJECT ||
          byte === COLON
        )
          break;
        i++;
      }
      scan.offset = i - start;
      if (i >= bytes.length && !this.ended) return undefined;
      this.scan = undefined;
      return i;
    }
    for (; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      if (scan.inString) {
        if (scan.escaped) scan.escaped = false;
        else if (byte === BACKSLASH) scan.escaped = true;
        else if (byte === QUOTE) {
          scan.inString = false;
          if (scan.depth === 0) {
            this.scan = undefined;
            return i + 1;
          }
        }
      } else if (byte === QUOTE) scan.inString = true;
      else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) scan.depth++;
      else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        scan.depth--;
        if (scan.depth === 0) {
          this.scan = undefined;
          return i + 1;
        }
      }
    }
    scan.offset = i - start;
    return undefined;
  }

  /** JSON.parse of the text from the read position to `end`, which becomes the read position. */
  private parse(end: number): unknown {
    const text = this.buffer.toString('utf8', this.pos, end);
    try {
      const value: unknown = JSON.parse(text);
      this.pos = end;
      return value;
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  /** A complete value: the next member of the container being built, or the document. */
  private deliver(value: unknown): void {
    const top = this.stack.at(-1);
    if (top === undefined) {
      this.root = { value };
      return;
    }
    top.expect = 'comma';
    if (this.hooks?.take(this.valuePath(), value) === true) {
      if (Array.isArray(top.value)) top.count++;
      return;
    }
    if (Array.isArray(top.value)) {
      top.value.push(value);
      top.count++;
    } else {
      // As JSON.parse: `__proto__` is an own member, never the prototype.
      Object.defineProperty(top.value, top.key as string, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }

  private close(): void {
    const frame = this.stack.pop() as Frame;
    this.deliver(frame.value);
  }

  private fail(message: string): never {
    throw new SyntaxError(`JSON at byte ${this.consumed + this.pos}: ${message}`);
  }
}
