import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fuzzParameters } from '../../../src/adapters/testing/fuzz/fuzz.js';
import { hostileHttpProperty, isolatedHostileHttpProperty } from './hostileHttp.js';

// Issue 12.7 over HTTP (hostileHttp.ts); FC_NUM_RUNS / FC_SEED widen or pin the search.
const parameters = fuzzParameters({ numRuns: 40 });

describe('hostile requests over HTTP', () => {
  // About 150 ms a case on a busy machine.
  it(
    'never answers 5xx, refuses in SWF error shape, and a refusal changes no state',
    { timeout: 30_000 + parameters.numRuns * 300 },
    async () => {
      await fc.assert(await hostileHttpProperty(), parameters);
    },
  );

  it(
    'swf-sim serve (a front forwarding to a worker) answers them exactly as startServer does',
    { timeout: 30_000 + parameters.numRuns * 300 },
    async () => {
      const { property, close } = await isolatedHostileHttpProperty();
      try {
        await fc.assert(property, parameters);
      } finally {
        await close();
      }
    },
  );
});
