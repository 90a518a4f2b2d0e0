import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../src/adapters/testing/fuzz/fuzz.js';
import { hostileRequestsProperty } from '../support/hostileChecks.js';
import { MODEL_OPERATIONS } from '../support/hostileRequests.js';

// Issue 12.7: whatever a client sends, the endpoint answers like SWF and a refusal changes nothing.
// FC_NUM_RUNS / FC_SEED widen or pin the search; `npm run fuzz` runs many more cases.

const parameters = fuzzParameters({ numRuns: 300 });

describe('hostile requests, in process through the wire codec', () => {
  it('generates requests for every operation of the model', () => {
    expect(MODEL_OPERATIONS).toHaveLength(39);
  });

  // About 10 ms a case on a busy machine; FC_NUM_RUNS may ask for many more than the default.
  it(
    'never answers 5xx, refuses in SWF error shape, and a refusal changes no state',
    { timeout: 30_000 + parameters.numRuns * 50 },
    async () => {
      await fc.assert(await hostileRequestsProperty(), parameters);
    },
  );
});
