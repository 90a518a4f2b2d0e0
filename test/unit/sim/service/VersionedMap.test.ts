import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VersionedMap } from '../../../../src/sim/service/VersionedMap.js';
import { applyMapOp, MAP_PROPERTY_PARAMS, mapKey, mapOp } from './mapOps.js';

describe('VersionedMap', () => {
  it('behaves as a Map does, insertion order included, and counts every change', () => {
    fc.assert(
      fc.property(fc.array(mapOp, { maxLength: 40 }), fc.array(mapKey, { maxLength: 30 }), (ops, probes) => {
        const model = new Map<string, number>();
        const map = new VersionedMap<string, number>();
        for (const op of ops) {
          const version = map.version;
          applyMapOp(model, op);
          applyMapOp(map, op);
          expect(map.version).toBeGreaterThan(version);
          expect(map.size).toBe(model.size);
        }
        expect([...map.entries()]).toEqual([...model.entries()]);
        expect([...map]).toEqual([...model]);
        expect([...map.keys()]).toEqual([...model.keys()]);
        expect([...map.values()]).toEqual([...model.values()]);
        expect(map.valuesArray()).toEqual([...model.values()]);
        for (const k of probes) {
          expect(map.get(`w${k}`)).toBe(model.get(`w${k}`));
          expect(map.has(`w${k}`)).toBe(model.has(`w${k}`));
        }
      }),
      MAP_PROPERTY_PARAMS,
    );
  });

  it('goes on iterating when the entry it stands on, or the next one, is deleted', () => {
    const map = new VersionedMap<string, number>();
    for (let i = 0; i < 10_000; i++) map.set(`w${i}`, i);
    const seen: number[] = [];
    for (const [k, value] of map) {
      seen.push(value);
      map.delete(k);
      map.delete(`w${value + 1}`);
    }
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => 2 * i));
    expect(map.size).toBe(0);
  });

  it('keeps each segment small, and drops the emptied ones without losing order', () => {
    const map = new VersionedMap<string, number>();
    for (let i = 0; i < 20_000; i++) map.set(`w${i}`, i);
    for (let i = 0; i < 12_288; i++) map.delete(`w${i}`);
    for (let i = 20_000; i < 30_000; i++) map.set(`w${i}`, i);
    const segments = (map as unknown as { segments: Map<string, number>[] }).segments;
    // 12,288 deleted = the first three segments of 4,096: dropped once the next segment started.
    expect(segments.every((segment) => segment.size > 0 && segment.size <= 4096)).toBe(true);
    expect(segments).toHaveLength(5);
    expect([...map.values()]).toEqual(Array.from({ length: 17_712 }, (_, i) => 12_288 + i));
    expect(map.valuesArray()).toEqual([...map.values()]);
  });

  it('keeps a segment down to one entry when the emptied ones are dropped', () => {
    const map = new VersionedMap<string, number>();
    for (let i = 0; i < 3 * 4096; i++) map.set(`w${i}`, i);
    for (let i = 1; i < 2 * 4096; i++) map.delete(`w${i}`);
    map.set('next', -1);
    expect([...map.keys()].slice(0, 2)).toEqual(['w0', 'w8192']);
    expect(map.valuesArray().slice(0, 2)).toEqual([0, 8192]);
  });

  it('goes on with the segments it started on when the emptied ones are dropped under it', () => {
    const map = new VersionedMap<string, number>();
    for (let i = 0; i < 3 * 4096; i++) map.set(`w${i}`, i);
    for (let i = 0; i < 4096; i++) map.delete(`w${i}`);
    const seen: number[] = [];
    for (const [key, value] of map) {
      seen.push(value);
      // The newest segment is full: this starts one, and drops the emptied first.
      if (key === 'w4096') map.set('next', -1);
    }
    expect(seen.slice(0, 2 * 4096)).toEqual(Array.from({ length: 2 * 4096 }, (_, i) => 4096 + i));
  });
});
