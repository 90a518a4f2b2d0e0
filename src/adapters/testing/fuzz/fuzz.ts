/**
 * Property-based fuzzing of a scenario (docs/fuzzing.md): fast-check generates fuzz cases — a fault
 * plan of a few scripted faults and a schedule — runs the user's actors under each, and checks SWF's
 * invariants, liveness and the user's properties. A failure shrinks to a minimal plan and is
 * reported with the fast-check seed and path that replay it.
 *
 * ```ts
 * const fuzzer = await createFuzzer(scenario, { properties, maxFaults: 2, reorder: true });
 * await assertFuzz(fuzzer, { numRuns: 200 });                    // or, with @fast-check/vitest:
 * test.prop([fuzzer.cases], fuzzParameters())('survives faults', (c) => fuzzer.assertCase(c));
 * ```
 */
import fc from 'fast-check';
import {
  fuzzCaseArbitrary,
  type FaultTargets,
  type FuzzCase,
  type FuzzCaseArbitraryOptions,
} from './arbitraries.js';
import {
  failureKey,
  faultTargetsOf,
  FuzzCaseError,
  runFuzzCase,
  runPilot,
  type FuzzCaseResult,
  type FuzzFailure,
  type FuzzRunOptions,
} from './fuzzCase.js';
import { formatFuzzFailure, formatFuzzReport, type FuzzReport, type ReproduceOptions } from './fuzzReport.js';
import type { ScenarioModule } from '../harness/runScenario.js';

/**
 * How a scenario wants to be fuzzed: what a scenario module may export as `fuzz` (read by
 * `swf-sim fuzz` and {@link createFuzzer}; explicit options override it).
 * @public
 */
export interface FuzzScenarioOptions
  extends FuzzRunOptions, Partial<Omit<FuzzCaseArbitraryOptions, 'targets'>> {
  /** What faults may aim at; default discovered by a fault-free pilot run. */
  readonly targets?: FaultTargets;
  /** The fault window: no fault selects a later call of an operation. Default 6. */
  readonly maxCall?: number;
}

/** A scenario module, optionally with its fuzzing options. @public */
export interface FuzzScenario extends ScenarioModule {
  readonly fuzz?: FuzzScenarioOptions;
}

/** Options of {@link createFuzzer}: the scenario's own `fuzz` options, overridden, plus where it lives. @public */
export interface FuzzOptions extends FuzzScenarioOptions, ReproduceOptions {}

/** A scenario ready to fuzz: its case arbitrary and how to run and judge one case. @public */
export interface Fuzzer {
  readonly scenario: ScenarioModule;
  /**
   * The scenario's `fuzz` options merged with the explicit ones; `livenessBudgetMs` is resolved
   * (the default derived from the pilot run) unless targets and budget were both given.
   */
  readonly options: FuzzOptions;
  readonly targets: FaultTargets;
  /** Fuzz cases for fast-check (`fc.asyncProperty(fuzzer.cases, …)`, `test.prop([fuzzer.cases])`). */
  readonly cases: fc.Arbitrary<FuzzCase>;
  /** Runs and judges one case; the verdict as data. */
  run(fuzzCase: FuzzCase): Promise<FuzzCaseResult>;
  /** Runs one case and throws a {@link FuzzCaseError} describing its failure, if it fails. */
  assertCase(fuzzCase: FuzzCase): Promise<void>;
}

/**
 * Prepares a scenario for fuzzing: merges its `fuzz` options with `options`, runs a fault-free
 * pilot run to discover the fault targets and the default liveness budget unless both are given,
 * and builds the case arbitrary.
 * @public
 */
export async function createFuzzer(scenario: FuzzScenario, options: FuzzOptions = {}): Promise<Fuzzer> {
  const given: FuzzOptions = {
    ...scenario.fuzz,
    ...options,
    properties: { ...scenario.fuzz?.properties, ...options.properties },
  };
  const pilot =
    given.targets === undefined || given.livenessBudgetMs === undefined
      ? await runPilot(scenario, given)
      : undefined;
  const merged: FuzzOptions = {
    ...given,
    ...(pilot !== undefined && { livenessBudgetMs: given.livenessBudgetMs ?? pilot.run.livenessBudgetMs }),
  };
  const targets = merged.targets ?? faultTargetsOf(scenario, pilot as FuzzCaseResult, merged);
  const cases = fuzzCaseArbitrary({ ...merged, targets });
  const run = (fuzzCase: FuzzCase): Promise<FuzzCaseResult> => runFuzzCase(scenario, fuzzCase, merged);
  return {
    scenario,
    options: merged,
    targets,
    cases,
    run,
    async assertCase(fuzzCase) {
      const result = await run(fuzzCase);
      if (result.failure === undefined) return;
      const replay =
        merged.testFile === undefined
          ? ''
          : `\nreplay with fast-check's seed and path (printed above): FC_SEED=<seed> FC_PATH=<path> npx vitest run ${merged.testFile}`;
      throw new FuzzCaseError(result, `${formatFuzzFailure(result, merged)}${replay}`);
    },
  };
}

/** Progress of a {@link checkFuzz}, reported after every run. @public */
export interface FuzzProgress {
  /** Generated cases run so far (the failing one included). */
  readonly runs: number;
  /** Runs spent shrinking a failure. */
  readonly shrinkRuns: number;
  /** Whether a failure was found (what follows is shrinking). */
  readonly failed: boolean;
}

/** Parameters of {@link checkFuzz}: fast-check's, plus progress. @public */
export interface FuzzCheckParameters {
  /** Cases to generate. Default 100. */
  readonly numRuns?: number;
  /** fast-check seed; default a fresh one (always reported). */
  readonly seed?: number;
  /** fast-check path: replays that case (and what it shrinks to) only. */
  readonly path?: string;
  /** Stop at the first failure without shrinking. */
  readonly endOnFailure?: boolean;
  readonly onRun?: (progress: FuzzProgress) => void;
}

export type { FuzzReport };

/** A fuzz campaign found a failure; the message is {@link formatFuzzReport}'s. @public */
export class FuzzFailureError extends Error {
  override readonly name = 'FuzzFailureError';
  /** The report (not enumerable: test reporters print the message, not this). */
  declare readonly report: Extract<FuzzReport, { failed: true }>;

  constructor(report: Extract<FuzzReport, { failed: true }>, message: string) {
    super(message);
    Object.defineProperty(this, 'report', { value: report, enumerable: false });
  }
}

const DEFAULT_NUM_RUNS = 100;

/**
 * Fuzzes a scenario with fast-check and returns what it found. Shrinking keeps to the first
 * failure's kind (the same invariant, property, actor error or liveness), so the shrunk case fails
 * for the reason that was found.
 * @public
 */
export async function checkFuzz(fuzzer: Fuzzer, params: FuzzCheckParameters = {}): Promise<FuzzReport> {
  let target: string | undefined;
  let runs = 0;
  let shrinkRuns = 0;
  const property = fc.asyncProperty(fuzzer.cases, async (fuzzCase) => {
    if (target === undefined) runs++;
    else shrinkRuns++;
    let result: FuzzCaseResult;
    try {
      result = await fuzzer.run(fuzzCase);
    } finally {
      params.onRun?.({ runs, shrinkRuns, failed: target !== undefined });
    }
    const failure = result.failure;
    if (failure === undefined) return;
    const key = failureKey(failure);
    if (target === undefined) target = key;
    else if (key !== target) return; // fails otherwise: not the failure being shrunk
    throw new FuzzCaseError(result, failure.message);
  });
  const started = performance.now();
  const details = await fc.check(property, {
    numRuns: params.numRuns ?? DEFAULT_NUM_RUNS,
    ...(params.seed !== undefined && { seed: params.seed }),
    ...(params.path !== undefined && { path: params.path }),
    ...(params.endOnFailure !== undefined && { endOnFailure: params.endOnFailure }),
  });
  const elapsedMs = performance.now() - started;
  if (!details.failed) {
    return { failed: false, seed: details.seed, numRuns: details.numRuns, shrinkRuns: 0, elapsedMs };
  }
  const error = details.errorInstance;
  const result = error instanceof FuzzCaseError ? error.result : undefined;
  const counterexample = details.counterexample?.[0];
  const failure: FuzzFailure = result?.failure ?? {
    failureClass: 'safety',
    kind: 'harness',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
  return {
    failed: true,
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    runsToFailure: details.numRuns,
    numRuns: runs,
    numShrinks: details.numShrinks,
    shrinkRuns,
    elapsedMs,
    case: result?.case ?? counterexample ?? { seed: '', reorder: false, faults: {} },
    failure,
    result,
  };
}

/**
 * {@link checkFuzz}, throwing a {@link FuzzFailureError} whose message is the full report (seed,
 * path, shrunk plan, failure, history excerpt, reproduce lines) when a case fails.
 * @public
 */
export async function assertFuzz(fuzzer: Fuzzer, params: FuzzCheckParameters = {}): Promise<FuzzReport> {
  const report = await checkFuzz(fuzzer, params);
  if (report.failed) throw new FuzzFailureError(report, formatFuzzReport(report, fuzzer.options));
  return report;
}

/**
 * fast-check parameters from the environment, as property tests here take them: `FC_NUM_RUNS`
 * (default `numRuns`), `FC_SEED`, and `FC_PATH` (replays one counterexample; needs `FC_SEED`).
 * @public
 */
export function fuzzParameters(
  defaults: { readonly numRuns?: number } = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): { numRuns: number; seed?: number; path?: string; endOnFailure?: boolean } {
  const numRuns =
    env.FC_NUM_RUNS === undefined ? (defaults.numRuns ?? DEFAULT_NUM_RUNS) : Number(env.FC_NUM_RUNS);
  return {
    numRuns,
    ...(env.FC_SEED !== undefined && { seed: Number(env.FC_SEED) }),
    ...(env.FC_PATH !== undefined && { path: env.FC_PATH, endOnFailure: true }),
  };
}
