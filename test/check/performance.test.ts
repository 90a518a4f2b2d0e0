import { describe, expect, it } from 'vitest';
import { longHistory } from '../../bench/longHistory.js';
import { checkHistory } from '../../src/sim/check/checkHistory.js';

// The per-event cost (flat from 2,500 to 25,000 events) is measured by bench/checkHistory.bench.ts.
describe('checkHistory: long histories', () => {
  it('accepts a valid 25,000-event history', () => {
    const large = longHistory(25_000);
    expect(large.length).toBeGreaterThan(24_900);
    expect(checkHistory(large)).toEqual([]);
  });
});
