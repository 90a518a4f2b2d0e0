import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenIssuer } from '../../../../src/sim/random/ids.js';
import { sipHash64, type SipKey } from '../../../../src/sim/random/sipHash.js';

const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

/** SipHash-2-4 of one 8-byte message, written the obvious way with BigInt, as the reference. */
function reference(key: SipKey, message: bigint): bigint {
  const k0 = (BigInt(key[1]) << 32n) | BigInt(key[0]);
  const k1 = (BigInt(key[3]) << 32n) | BigInt(key[2]);
  let v0 = k0 ^ 0x736f6d6570736575n;
  let v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n;
  let v3 = k1 ^ 0x7465646279746573n;
  const round = (): void => {
    v0 = (v0 + v1) & MASK;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & MASK;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & MASK;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  for (const block of [message, 8n << 56n]) {
    v3 ^= block;
    round();
    round();
    v0 ^= block;
  }
  v2 ^= 0xffn;
  for (let i = 0; i < 4; i++) round();
  return v0 ^ v1 ^ v2 ^ v3;
}

const joined = ([hi, lo]: [number, number]): bigint => (BigInt(hi) << 32n) | BigInt(lo);

describe('task tokens', () => {
  it('SipHash-2-4 gives the published value for key 00..0f and message 00..07', () => {
    const key: SipKey = [0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c];
    expect(joined(sipHash64(key, 0x07060504, 0x03020100))).toBe(0x93f5f5799a932462n);
  });

  it('SipHash-2-4 agrees with a BigInt reference on any key and message', () => {
    const word = fc.nat({ max: 0xffffffff });
    fc.assert(
      fc.property(fc.tuple(word, word, word, word), word, word, (key, hi, lo) => {
        expect(joined(sipHash64(key, hi, lo))).toBe(reference(key, (BigInt(hi) << 32n) | BigInt(lo)));
      }),
    );
  });

  it('are the same for the same secret, differ between secrets, and never repeat', () => {
    const issue = (secret: string): string[] => {
      const issuer = new TokenIssuer(secret);
      return Array.from({ length: 1000 }, (_, i) => issuer.next(i % 2 === 0 ? 'decision' : 'activity'));
    };
    const a = issue('s1');
    expect(issue('s1')).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    const b = issue('s2');
    expect(a.filter((token, i) => token === b[i])).toEqual([]);
    for (const token of a) expect(token).toMatch(/^AAAA[DA][0-9a-z]{8}[A-Za-z0-9_-]{11}$/);
  });

  it('spread their hash digits evenly, unlike a counter', () => {
    const issuer = new TokenIssuer('secret');
    const hashes = Array.from({ length: 2000 }, () => issuer.next('activity').slice(-11));
    // Each of the 64 digits appears in each position about equally often (a counter would not).
    for (let position = 0; position < 10; position++) {
      const counts = new Map<string, number>();
      for (const hash of hashes)
        counts.set(hash[position] as string, (counts.get(hash[position] as string) ?? 0) + 1);
      expect(counts.size).toBeGreaterThan(55);
    }
  });

  it('skip past the tokens a restored service had issued', () => {
    const issuer = new TokenIssuer('secret');
    issuer.skipTo(41);
    expect(issuer.next('decision')).toMatch(/^AAAAD00000016[A-Za-z0-9_-]{11}$/);
    expect(issuer.issued).toBe(42);
  });
});
