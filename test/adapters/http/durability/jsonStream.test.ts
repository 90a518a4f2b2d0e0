import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JsonStreamParser,
  type JsonPath,
  type JsonStreamHooks,
} from '../../../../src/adapters/http/durability/jsonStream.js';

/** A yes or no for a path, the same each time it is asked (a cheap hash). */
function choose(path: JsonPath, salt: number, oneIn: number): boolean {
  let hash = salt;
  for (const char of JSON.stringify(path)) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % oneIn === 0;
}

/** What a parser entering every container and handing over the values `takes` picks should give. */
function withoutTaken(
  value: unknown,
  path: JsonPath,
  takes: (path: JsonPath) => boolean,
  taken: [JsonPath, unknown][],
): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [i, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const at = [...path, key];
    const kept = withoutTaken(item, at, takes, taken);
    if (takes(at)) taken.push([at, kept]);
    else if (Array.isArray(out)) out.push(kept);
    else
      Object.defineProperty(out, key, { value: kept, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/** Feeds `text` to a parser in pieces cut at `cuts` (byte offsets), small values parsed whole below `whole` bytes. */
function parseInPieces(text: string, cuts: number[], whole: number, hooks?: JsonStreamHooks): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new JsonStreamParser(hooks, whole);
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    parser.feed(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  parser.feed(bytes.subarray(from));
  return parser.end();
}

/** A document, where to cut it, how small a value is parsed whole, and a salt for the hooks' choices. */
const withHooks = [
  fc.jsonValue(),
  fc.array(fc.nat(), { maxLength: 12 }),
  fc.integer({ min: 1, max: 64 }),
  fc.nat(),
] as const;

describe('JsonStreamParser', () => {
  it('parses any JSON document fed in any pieces exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (value, cuts, whole, pretty) => {
          const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
          expect(parseInPieces(text, cuts, whole)).toStrictEqual(JSON.parse(text));
        },
      ),
    );
  });

  it('keeps __proto__ an own member, as JSON.parse does', () => {
    const text = '{"a":{"__proto__":{"polluted":true},"b":[1,2,3]}}';
    const parsed = parseInPieces(text, [3, 9], 4) as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
    expect(Object.keys(parsed.a)).toEqual(['__proto__', 'b']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what JSON.parse refuses, naming the byte', () => {
    for (const text of ['{"a":1,}', '[1,]', '{"a" 1}', '[1 2]', '{"a":1}x', '[', '', 'nul', '{"a":tru}']) {
      expect(() => void JSON.parse(text), text).toThrow();
      expect(() => parseInPieces(text, [1, 2], 2), text).toThrow(/^JSON at byte \d+/);
    }
  });

  it('hands the values a reader takes over as they complete, in document order, leaving them out', () => {
    fc.assert(
      fc.property(...withHooks, (value, cuts, whole, salt) => {
        const text = JSON.stringify(value);
        const takes = (path: JsonPath): boolean => choose(path, salt, 3);
        const expectedTaken: [JsonPath, unknown][] = [];
        const expected = withoutTaken(JSON.parse(text), [], takes, expectedTaken);
        const taken: [JsonPath, unknown][] = [];
        const hooks: JsonStreamHooks = {
          enter: () => true,
          take: (path, item) => {
            if (!takes(path)) return false;
            taken.push([path, item]);
            return true;
          },
        };
        expect(parseInPieces(text, cuts, whole, hooks)).toStrictEqual(expected);
        expect(taken).toStrictEqual(expectedTaken);
      }),
    );
  });

  it('asks once per container whether to enter it, whatever the pieces, and parses the same', () => {
    fc.assert(
      fc.property(...withHooks, (value, cuts, whole, salt) => {
        const text = JSON.stringify(value);
        const asked: string[] = [];
        const hooks: JsonStreamHooks = {
          enter: (path) => {
            asked.push(JSON.stringify(path));
            return choose(path, salt, 2);
          },
          take: () => false,
        };
        expect(parseInPieces(text, cuts, whole, hooks)).toStrictEqual(JSON.parse(text));
        expect(new Set(asked).size).toBe(asked.length);
        if (typeof value === 'object' && value !== null) expect(asked).toContain('[]');
      }),
    );
  });

  it('keeps a value that spans a thousand chunks whole, growing its store as it comes', () => {
    const doc = { big: 'é'.repeat(300_000), after: [1, 'x'.repeat(70_000)] };
    const bytes = Buffer.from(JSON.stringify(doc));
    const parser = new JsonStreamParser();
    for (let i = 0; i < bytes.length; i += 997) parser.feed(bytes.subarray(i, i + 997));
    expect(parser.end()).toStrictEqual(doc);
  });

  it('builds a large document member by member, keeping no more than the pending value', () => {
    const run = { events: Array.from({ length: 20 }, (_, i) => ({ eventId: i + 1, text: 'x'.repeat(100) })) };
    const doc = {
      regions: { r: { domains: [{ name: 'd', runs: Array.from({ length: 100 }, () => run) }] } },
    };
    const bytes = Buffer.from(JSON.stringify(doc));
    const parser = new JsonStreamParser(undefined, 16 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) parser.feed(bytes.subarray(i, i + 4096));
    expect(parser.end()).toStrictEqual(doc);
  });
});
