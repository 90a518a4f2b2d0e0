import { describe, expect, it } from 'vitest';
import { retryBugScenario, type RetryBug } from '../../fixtures/examples/retryBugs.js';
import { checkFuzz, createFuzzer, fuzzParameters } from '../../src/adapters/testing/fuzz/fuzz.js';
import { formatFuzzReport } from '../../src/adapters/testing/fuzz/fuzzReport.js';

/**
 * The fuzzer finds each realistic retry bug within 200 runs and shrinks it to at most two faults,
 * while the correct decider passes the same scenario. The search is seeded (FC_SEED pins another
 * seed); across seeds 1..30 every bug was found within 200 runs (docs/fuzzing.md lists the figures).
 */
const FIND_WITHIN_RUNS = 200;
const { numRuns: CORRECT_RUNS, seed: FC_SEED } = fuzzParameters({ numRuns: 100 });
const SEED = FC_SEED ?? 1;

const bugs: [RetryBug, string, string][] = [
  ['ignoresTimeout', 'liveness', 'liveness'],
  ['ignoresUnhandledDecision', 'liveness', 'liveness'],
  ['noRetryCap', 'safety', 'property'],
  ['fatalOnLostReply', 'safety', 'actorError'],
  // Default fuzzing options: the liveness budget derives from the execution timeout.
  ['endlessRetry', 'liveness', 'liveness'],
  ['hungDecider', 'liveness', 'liveness'],
];

describe('fuzzing finds realistic retry bugs', () => {
  it.each(bugs)(
    'bug %s: found as a %s failure (%s) within 200 runs, shrunk to at most 2 faults',
    async (bug, failureClass, kind) => {
      const fuzzer = await createFuzzer(retryBugScenario(bug), {
        scenarioPath: `dist/fixtures/examples/${bug}.js`,
      });
      const report = await checkFuzz(fuzzer, { numRuns: FIND_WITHIN_RUNS, seed: SEED });
      if (!report.failed) throw new Error(`seed ${SEED}: ${bug} not found in ${FIND_WITHIN_RUNS} runs`);
      expect(report.failure, formatFuzzReport(report)).toMatchObject({ failureClass, kind });
      expect(report.runsToFailure).toBeLessThanOrEqual(FIND_WITHIN_RUNS);
      expect(report.case.faults.faults?.length ?? 0).toBeGreaterThanOrEqual(1);
      expect(report.case.faults.faults?.length).toBeLessThanOrEqual(2);

      // The report carries everything needed to understand and replay it.
      const text = formatFuzzReport(report, fuzzer.options);
      expect(text).toContain(`fast-check seed ${SEED}, path "${report.path}"`);
      expect(text).toContain('fault plan (');
      expect(text).toContain(
        `npx swf-sim fuzz dist/fixtures/examples/${bug}.js --seed ${SEED} --path ${report.path}`,
      );

      // Replaying the path gives the same shrunk case and the same failure.
      const replay = await checkFuzz(fuzzer, { seed: report.seed, path: report.path, endOnFailure: true });
      expect(replay.failed && replay.case).toEqual(report.case);
      expect(replay.failed && replay.failure.message).toBe(report.failure.message);
    },
  );

  it.each(bugs)('bug %s: the correct decider passes the same scenario', async (bug) => {
    const fuzzer = await createFuzzer(retryBugScenario(bug, { correct: true }), { reorder: true });
    const report = await checkFuzz(fuzzer, { numRuns: CORRECT_RUNS, seed: SEED });
    expect(report.failed ? formatFuzzReport(report) : 'passed').toBe('passed');
    expect(report.numRuns).toBe(CORRECT_RUNS);
  });
});
