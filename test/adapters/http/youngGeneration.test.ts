/**
 * Before a state built from an import serves, V8 is made to collect its young generation twice,
 * so that what the import left there is moved while nobody waits (see youngGeneration.ts).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { collectYoungGeneration } from '../../../src/adapters/http/youngGeneration.js';

describe('collectYoungGeneration', () => {
  it('has V8 collect twice, there and then', async () => {
    let collections = 0;
    const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
    observer.observe({ entryTypes: ['gc'] });
    // Entries come a moment after their collection: let those of earlier ones come first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    collections = 0;
    collectYoungGeneration();
    for (let waited = 0; waited < 1000 && collections < 2; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    observer.disconnect();
    expect(collections).toBeGreaterThanOrEqual(2);
  });
});
