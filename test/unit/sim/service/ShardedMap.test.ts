import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShardedMap } from '../../../../src/sim/service/ShardedMap.js';
import { applyMapOp, MAP_PROPERTY_PARAMS, mapKey, mapOp } from './mapOps.js';

describe('ShardedMap', () => {
  it('finds what a Map finds, before and after it splits', () => {
    fc.assert(
      fc.property(fc.array(mapOp, { maxLength: 40 }), fc.array(mapKey, { maxLength: 30 }), (ops, probes) => {
        const model = new Map<string, number>();
        const map = new ShardedMap<string, number>();
        for (const op of ops) {
          applyMapOp(model, op);
          applyMapOp(map, op);
          expect(map.size).toBe(model.size);
        }
        for (const k of [...probes, ...ops.flatMap((op) => ('key' in op ? [op.key] : []))]) {
          expect(map.get(`w${k}`)).toBe(model.get(`w${k}`));
          expect(map.has(`w${k}`)).toBe(model.has(`w${k}`));
        }
      }),
      MAP_PROPERTY_PARAMS,
    );
  });

  it('never rehashes more than a small map at once as it grows', () => {
    // The growth a Map would do in one step at 131,072 entries is spread over 256 small maps here:
    // each holds about 1/256 of the keys.
    const map = new ShardedMap<string, number>();
    for (let i = 0; i < 131_073; i++) map.set(`run-${i}`, i);
    const shards = (map as unknown as { shards: Map<string, unknown>[] }).shards;
    expect(shards).toHaveLength(256);
    expect(Math.max(...shards.map((shard) => shard.size))).toBeLessThan(1024);
    expect(map.get('run-131072')).toBe(131_072);
  });
});
