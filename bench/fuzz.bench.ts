/**
 * Fuzzing figures (docs/fuzzing.md): fuzz runs per second per core of the retry workflow through
 * real SDK clients — fast-check generating the cases, the runner, the liveness phase, the invariant
 * checker and the workflow's properties all included — in this single process; what the fuzz layer
 * adds over plain `runScenario` runs of the same cases; and how long finding and shrinking each
 * retry bug takes. DESIGN §7's target: 1,000 seeded runs in ≤ 20 s on 2 cores.
 */
import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import { RETRY_BUGS, retryBugScenario, retryProperties } from '../fixtures/examples/retryBugs.js';
import * as retry from '../fixtures/examples/retryWorkflow.js';
import { checkFuzz, createFuzzer } from '../src/adapters/testing/fuzz/fuzz.js';
import { runFuzzCase } from '../src/adapters/testing/fuzz/fuzzCase.js';
import { runScenario } from '../src/adapters/testing/harness/runScenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);

export async function main(): Promise<void> {
  const cores = availableParallelism();
  const input: retry.RetryWorkflowInput = {
    maxAttempts: 4,
    backoffBaseSeconds: 10,
    failuresBeforeSuccess: 1,
  };
  const scenario = { ...retry, executions: [retry.retryExecution('retry-1', input)] };
  const fuzzer = await createFuzzer(scenario, {
    reorder: true,
    maxFaults: 3,
    properties: retryProperties(input),
  });

  // Warm up the SDK and the JIT.
  await checkFuzz(fuzzer, { numRuns: 100, seed: 999 });

  const report = await checkFuzz(fuzzer, { numRuns: RUNS, seed: 1 });
  const perSecond = (report.numRuns + report.shrinkRuns) / (report.elapsedMs / 1000);
  process.stdout.write(
    `retry workflow, ≤3 scripted faults per run, reordering 3 runs in 4, invariants + 3 properties + liveness:\n` +
      `  ${RUNS} fuzz runs in ${(report.elapsedMs / 1000).toFixed(2)} s on one core: ${perSecond.toFixed(0)} runs/s per core, ` +
      `${(report.elapsedMs / RUNS).toFixed(2)} ms per run (${report.failed ? 'FAILED' : 'all passed'})\n` +
      `  this machine: ${cores} core(s) → ≈ ${(perSecond * cores).toFixed(0)} runs/s with one vitest worker per core; ` +
      `1,000 runs ≈ ${(1000 / (perSecond * cores)).toFixed(1)} s (target ≤ 20 s on 2 cores)\n`,
  );

  // The same cases run plainly (no liveness phase, no checks) and through the fuzz layer.
  // Interleaved, so that warm-up and garbage collection fall on both alike.
  const cases = fc.sample(fuzzer.cases, { numRuns: 500, seed: 2 });
  let plainMs = 0;
  let fuzzMs = 0;
  for (const c of cases) {
    let t = performance.now();
    await runScenario(scenario, { seed: c.seed, reorder: c.reorder, faults: c.faults });
    plainMs += performance.now() - t;
    t = performance.now();
    await runFuzzCase(scenario, c, fuzzer.options);
    fuzzMs += performance.now() - t;
  }
  plainMs /= cases.length;
  fuzzMs /= cases.length;
  process.stdout.write(
    `  same ${cases.length} cases: runScenario ${plainMs.toFixed(2)} ms/run, runFuzzCase ${fuzzMs.toFixed(2)} ms/run ` +
      `(the fuzz layer — liveness watch, checkHistory, properties — adds ${(((fuzzMs - plainMs) / plainMs) * 100).toFixed(0)}%)\n`,
  );

  process.stdout.write('finding and shrinking the retry bugs (fast-check seed 1, ≤ 200 runs):\n');
  for (const bug of RETRY_BUGS) {
    const bugFuzzer = await createFuzzer(retryBugScenario(bug));
    const found = await checkFuzz(bugFuzzer, { numRuns: 200, seed: 1 });
    process.stdout.write(
      found.failed
        ? `  ${bug.padEnd(26)} found after ${String(found.runsToFailure).padStart(3)} runs, shrunk to ${found.case.faults.faults?.length ?? 0} fault(s) in ${found.shrinkRuns} more runs, ${(found.elapsedMs / 1000).toFixed(2)} s (${found.failure.failureClass}: ${found.failure.kind})\n`
        : `  ${bug.padEnd(26)} NOT found in 200 runs\n`,
    );
  }
}
