import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../../../src/sim/service/snapshot/importState.js';
import { sortInSteps } from '../../../../src/sim/service/snapshot/sortInSteps.js';

describe('sortInSteps', () => {
  it('sorts as a stable sort does, across the blocks it merges', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5000 }), (keys) => {
        // Each item remembers its place, so a tie sorted out of order shows.
        const items = keys.map((key, place) => ({ key, place }));
        const byKey = (a: { key: number }, b: { key: number }): number => a.key - b.key;
        expect(runSteps(sortInSteps(items, byKey))).toEqual([...items].sort(byKey));
      }),
      { numRuns: 60 },
    );
  });

  it('takes a comparison that gives NaN for a tie, as Array.prototype.sort does', () => {
    const items = Array.from({ length: 3000 }, (_, place) => ({
      key: place % 3 === 0 ? Infinity : 1,
      place,
    }));
    const byKey = (a: { key: number }, b: { key: number }): number => a.key - b.key;
    expect(runSteps(sortInSteps(items, byKey))).toEqual([...items].sort(byKey));
  });

  it('gives the caller its turn back every thousand or so items', () => {
    const steps = sortInSteps(
      Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003),
      (a, b) => a - b,
    );
    let yields = 0;
    for (let step = steps.next(); step.done !== true; step = steps.next()) yields++;
    // 98 blocks sorted, then 7 merge passes over 100,000 items.
    expect(yields).toBeGreaterThan(700);
  });
});
