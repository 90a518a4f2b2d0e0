import fc from 'fast-check';

/** One change to a string-keyed map, drawn by the map tests. */
export type MapOp =
  | { readonly kind: 'set'; readonly key: number; readonly value: number }
  | { readonly kind: 'delete'; readonly key: number }
  /** Sets `count` keys from `from` on: how a sequence gets past the point where a map splits. */
  | { readonly kind: 'bulk'; readonly from: number; readonly count: number }
  | { readonly kind: 'clear' };

/** Keys are `w0` … `w19999`. */
export const KEYS = 20_000;
export const mapKey = fc.integer({ min: 0, max: KEYS - 1 });

export const mapOp: fc.Arbitrary<MapOp> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({ kind: fc.constant('set' as const), key: mapKey, value: fc.integer() }),
  },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: mapKey }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bulk' as const),
      from: mapKey,
      count: fc.integer({ min: 1, max: 9000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

/** The part of a `Map` the maps under test share. */
interface StringMap {
  set(key: string, value: number): unknown;
  delete(key: string): unknown;
  clear(): void;
}

export function applyMapOp(target: StringMap, op: MapOp): void {
  switch (op.kind) {
    case 'set':
      target.set(`w${op.key}`, op.value);
      return;
    case 'delete':
      target.delete(`w${op.key}`);
      return;
    case 'bulk':
      for (let k = op.from; k < op.from + op.count; k++) target.set(`w${k % KEYS}`, k);
      return;
    case 'clear':
      target.clear();
      return;
    default:
      op satisfies never;
  }
}

/** FC_NUM_RUNS / FC_SEED widen or pin the search; by default 40 sequences, under a second. */
export const MAP_PROPERTY_PARAMS = {
  numRuns: Number(process.env.FC_NUM_RUNS ?? 40),
  ...(process.env.FC_SEED !== undefined && { seed: Number(process.env.FC_SEED) }),
};
