/**
 * The hostile-request properties of issue 12.7 (test/property/hostileRequests.prop.test.ts and
 * test/adapters/http/hostileRequests.test.ts) at campaign size: HOSTILE_RUNS in-process cases
 * (default 10,000) and a tenth as many over HTTP, from seed FUZZ_SEED_BASE (default 0). A failure
 * prints the shrunk requests and the fast-check seed and path; FC_SEED=<seed> FC_PATH=<path>
 * replays it with the same command.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { hostileHttpProperty } from '../../adapters/http/hostileHttp.js';
import { hostileRequestsProperty } from '../../support/hostileChecks.js';

const env = process.env;
const runs = Number(env.HOSTILE_RUNS ?? 10_000);
// Not FC_NUM_RUNS: in the campaign that counts cases per seed of each retry scenario.
const parameters = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  seed: Number(env.FC_SEED ?? env.FUZZ_SEED_BASE ?? 0),
  ...(env.FC_PATH !== undefined && { path: env.FC_PATH, endOnFailure: true }),
});

describe('hostile requests campaign', () => {
  it(`in process: ${runs} cases`, async () => {
    await fc.assert(await hostileRequestsProperty(), parameters(runs));
  });

  it(`over HTTP: ${Math.ceil(runs / 10)} cases`, async () => {
    await fc.assert(await hostileHttpProperty(), parameters(Math.ceil(runs / 10)));
  });
});
