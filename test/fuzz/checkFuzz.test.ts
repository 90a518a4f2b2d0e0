import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FuzzCase } from '../../src/adapters/testing/fuzz/arbitraries.js';
import {
  assertFuzz,
  checkFuzz,
  FuzzFailureError,
  fuzzParameters,
  type Fuzzer,
} from '../../src/adapters/testing/fuzz/fuzz.js';
import type { FuzzCaseResult, FuzzFailure, FuzzRun } from '../../src/adapters/testing/fuzz/fuzzCase.js';

/** A fuzzer whose cases are numbers in disguise: n >= 50 breaks property A, 10 <= n < 50 property B. */
function fakeFuzzer(): Fuzzer & { runs: number[] } {
  const runs: number[] = [];
  const run = (c: FuzzCase): Promise<FuzzCaseResult> => {
    const n = Number(c.seed);
    runs.push(n);
    const property = n >= 50 ? 'A' : n >= 10 ? 'B' : undefined;
    const failure: FuzzFailure | undefined =
      property === undefined
        ? undefined
        : { failureClass: 'safety', kind: 'property', property, message: `${property} fails at ${n}` };
    return Promise.resolve({ case: c, run: { executions: [], logs: [] } as unknown as FuzzRun, failure });
  };
  return {
    scenario: { actors: {} },
    options: {},
    targets: { actors: {} },
    cases: fc
      .integer({ min: 0, max: 100 })
      .map((n): FuzzCase => ({ seed: String(n), reorder: false, faults: {} })),
    run,
    assertCase: async () => {},
    runs,
  };
}

describe('checkFuzz', () => {
  it('shrinks on the failure it found first, not on another one met on the way', async () => {
    const fuzzer = fakeFuzzer();
    const report = await checkFuzz(fuzzer, { numRuns: 200, seed: 3 });
    expect(report.failed).toBe(true);
    if (!report.failed) return;
    // Seed 3 first fails at 86 (property A); shrinking meets 43 and 49, which break B instead, and
    // does not take them: it ends at 50, the smallest case that breaks A.
    expect(fuzzer.runs[report.runsToFailure - 1]).toBe(86);
    expect(fuzzer.runs.slice(report.runsToFailure)).toContain(43);
    expect(report.failure).toMatchObject({ kind: 'property', property: 'A' });
    expect(report.case.seed).toBe('50');
    expect(report.numRuns).toBe(report.runsToFailure);
    expect(report.shrinkRuns).toBe(fuzzer.runs.length - report.runsToFailure);

    // The seed and path replay the shrunk case.
    const replay = await checkFuzz(fakeFuzzer(), {
      seed: report.seed,
      path: report.path,
      endOnFailure: true,
    });
    expect(replay.failed && replay.case).toEqual(report.case);
  });

  it('reports progress after every run, and passes when nothing fails', async () => {
    const fuzzer = {
      ...fakeFuzzer(),
      cases: fc.constant<FuzzCase>({ seed: '1', reorder: false, faults: {} }),
    };
    const progress: number[] = [];
    const report = await checkFuzz(fuzzer, { numRuns: 25, seed: 1, onRun: (p) => progress.push(p.runs) });
    expect(report).toMatchObject({ failed: false, seed: 1, numRuns: 25, shrinkRuns: 0 });
    expect(progress).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('assertFuzz throws the full report', async () => {
    const error = await assertFuzz(fakeFuzzer(), { numRuns: 200, seed: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FuzzFailureError);
    expect((error as Error).message).toMatch(/^fast-check seed 3, path "[\d:]+": FAILED after \d+ run\(s\)/);
    expect((error as Error).message).toContain('reproduce:\n  fc.check / checkFuzz with { seed: 3, path: ');
    // The report rides along without being enumerable (test reporters print the message only).
    expect(Object.keys(error as object)).not.toContain('report');
    expect((error as FuzzFailureError).report.failed).toBe(true);
  });

  it('takes FC_NUM_RUNS, FC_SEED and FC_PATH from the environment', () => {
    expect(fuzzParameters({ numRuns: 7 }, {})).toEqual({ numRuns: 7 });
    expect(fuzzParameters({}, { FC_NUM_RUNS: '30', FC_SEED: '9', FC_PATH: '3:1' })).toEqual({
      numRuns: 30,
      seed: 9,
      path: '3:1',
      endOnFailure: true,
    });
  });
});
