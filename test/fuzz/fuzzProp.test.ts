import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import * as retry from '../../fixtures/examples/retryWorkflow.js';
import { retryProperties } from '../../fixtures/examples/retryBugs.js';
import { createFuzzer, fuzzParameters } from '../../src/adapters/testing/fuzz/fuzz.js';
import { swfMatchers } from '../../src/adapters/testing/vitest/matchers.js';

expect.extend(swfMatchers);

/**
 * How a user fuzzes their own workflow in their own vitest suite: `createFuzzer` once (a pilot run
 * finds what faults can aim at), then `test.prop([fuzzer.cases])` with `fuzzer.assertCase` as the
 * body. FC_NUM_RUNS / FC_SEED / FC_PATH come from the environment; a failure prints fast-check's seed
 * and path and, in the error, the shrunk plan, the failing invariant or property, a history excerpt
 * and the `swf-sim run` line.
 */
const input: retry.RetryWorkflowInput = {
  maxAttempts: 4,
  backoffBaseSeconds: 10,
  failuresBeforeSuccess: 1,
  activityStartToCloseSeconds: 120,
};
const scenario = { ...retry, executions: [retry.retryExecution('retry-1', input)] };

const fuzzer = await createFuzzer(scenario, {
  reorder: true,
  maxFaults: 3,
  livenessBudgetMs: 3 * 3600 * 1000,
  scenarioPath: 'dist/fixtures/examples/retryWorkflow.js',
  testFile: 'test/fuzz/fuzzProp.test.ts',
  properties: {
    ...retryProperties(input),
    // Matchers work inside properties: a failing expect fails the property with its message.
    'closes COMPLETED unless every attempt failed': (run) => {
      const scheduled = run.events('ActivityTaskScheduled').length;
      if (scheduled < 4) expect(run.history()).toHaveClosedWith('COMPLETED');
    },
    'every history satisfies the invariants (also checked by the fuzzer itself)': (run) => {
      for (const e of run.executions) expect(e.history).toSatisfySwfInvariants();
    },
  },
});

describe('fuzzing with @fast-check/vitest', () => {
  test.prop([fuzzer.cases], fuzzParameters({ numRuns: 150 }))(
    'the retry workflow survives up to 3 faults under reordering',
    (fuzzCase) => fuzzer.assertCase(fuzzCase),
  );

  test.prop([fuzzer.cases], { numRuns: 20, seed: 7 })('cases are plain JSON that round-trips', (fuzzCase) => {
    expect(JSON.parse(JSON.stringify(fuzzCase))).toEqual(fuzzCase);
  });

  test('the arbitrary is fast-check’s own: it combines with other arbitraries', () => {
    const [sample] = fc.sample(fc.tuple(fuzzer.cases, fc.nat(3)), { numRuns: 1, seed: 1 });
    expect(typeof sample?.[0].seed).toBe('string');
    expect(sample?.[1]).toBeGreaterThanOrEqual(0);
  });
});
