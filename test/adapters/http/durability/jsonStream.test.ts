import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStreamParser } from '../../../../src/adapters/http/durability/jsonStream.js';

/** Feeds `text` to a parser in pieces cut at `cuts` (byte offsets), small values parsed whole below `whole` bytes. */
function parseInPieces(text: string, cuts: number[], whole: number): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new JsonStreamParser(whole);
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    parser.feed(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  parser.feed(bytes.subarray(from));
  return parser.end();
}

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

  it('builds a large document member by member, keeping no more than the pending value', () => {
    const run = { events: Array.from({ length: 20 }, (_, i) => ({ eventId: i + 1, text: 'x'.repeat(100) })) };
    const doc = {
      regions: { r: { domains: [{ name: 'd', runs: Array.from({ length: 100 }, () => run) }] } },
    };
    const bytes = Buffer.from(JSON.stringify(doc));
    const parser = new JsonStreamParser(16 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) parser.feed(bytes.subarray(i, i + 4096));
    expect(parser.end()).toStrictEqual(doc);
  });
});
