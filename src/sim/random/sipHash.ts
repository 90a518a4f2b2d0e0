/*
 * SipHash-2-4 (Aumasson & Bernstein), a keyed hash built as a pseudo-random function: without the
 * 128-bit key its outputs cannot be predicted from earlier ones. 64-bit words are held as pairs of
 * unsigned 32-bit halves, since BigInt arithmetic would cost ten times more per token.
 */

/** A 128-bit SipHash key as four unsigned 32-bit words, least significant first. @internal */
export type SipKey = readonly [number, number, number, number];

/**
 * SipHash-2-4 of one 8-byte message, the 64-bit word `mHi:mLo` in little-endian byte order. Returns
 * the 64-bit result as `[high, low]` unsigned 32-bit halves.
 * @internal
 */
export function sipHash64(key: SipKey, mHi: number, mLo: number): [number, number] {
  // v0..v3 = key words xor "somepseudorandomlygeneratedbytes".
  let v0h = (key[1] ^ 0x736f6d65) >>> 0;
  let v0l = (key[0] ^ 0x70736575) >>> 0;
  let v1h = (key[3] ^ 0x646f7261) >>> 0;
  let v1l = (key[2] ^ 0x6e646f6d) >>> 0;
  let v2h = (key[1] ^ 0x6c796765) >>> 0;
  let v2l = (key[0] ^ 0x6e657261) >>> 0;
  let v3h = (key[3] ^ 0x74656462) >>> 0;
  let v3l = (key[2] ^ 0x79746573) >>> 0;

  const round = (): void => {
    let t: number;
    // v0 += v1; v1 = rotl(v1, 13) ^ v0; v0 = rotl(v0, 32)
    t = v0l + v1l;
    v0h = (v0h + v1h + (t > 0xffffffff ? 1 : 0)) >>> 0;
    v0l = t >>> 0;
    t = v1h;
    v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0;
    v1l = ((v1l << 13) | (t >>> 19)) >>> 0;
    v1h = (v1h ^ v0h) >>> 0;
    v1l = (v1l ^ v0l) >>> 0;
    t = v0h;
    v0h = v0l;
    v0l = t;
    // v2 += v3; v3 = rotl(v3, 16) ^ v2
    t = v2l + v3l;
    v2h = (v2h + v3h + (t > 0xffffffff ? 1 : 0)) >>> 0;
    v2l = t >>> 0;
    t = v3h;
    v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0;
    v3l = ((v3l << 16) | (t >>> 16)) >>> 0;
    v3h = (v3h ^ v2h) >>> 0;
    v3l = (v3l ^ v2l) >>> 0;
    // v0 += v3; v3 = rotl(v3, 21) ^ v0
    t = v0l + v3l;
    v0h = (v0h + v3h + (t > 0xffffffff ? 1 : 0)) >>> 0;
    v0l = t >>> 0;
    t = v3h;
    v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0;
    v3l = ((v3l << 21) | (t >>> 11)) >>> 0;
    v3h = (v3h ^ v0h) >>> 0;
    v3l = (v3l ^ v0l) >>> 0;
    // v2 += v1; v1 = rotl(v1, 17) ^ v2; v2 = rotl(v2, 32)
    t = v2l + v1l;
    v2h = (v2h + v1h + (t > 0xffffffff ? 1 : 0)) >>> 0;
    v2l = t >>> 0;
    t = v1h;
    v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0;
    v1l = ((v1l << 17) | (t >>> 15)) >>> 0;
    v1h = (v1h ^ v2h) >>> 0;
    v1l = (v1l ^ v2l) >>> 0;
    t = v2h;
    v2h = v2l;
    v2l = t;
  };
  const compress = (hi: number, lo: number): void => {
    v3h = (v3h ^ hi) >>> 0;
    v3l = (v3l ^ lo) >>> 0;
    round();
    round();
    v0h = (v0h ^ hi) >>> 0;
    v0l = (v0l ^ lo) >>> 0;
  };

  compress(mHi, mLo);
  // The final block holds only the message length (8) in its top byte.
  compress(0x08000000, 0);
  v2l = (v2l ^ 0xff) >>> 0;
  for (let i = 0; i < 4; i++) round();
  return [(v0h ^ v1h ^ v2h ^ v3h) >>> 0, (v0l ^ v1l ^ v2l ^ v3l) >>> 0];
}
