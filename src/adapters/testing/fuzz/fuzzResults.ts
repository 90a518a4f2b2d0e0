/**
 * Fuzz result files: what one worker (a vitest file, a CI shard, one `swf-sim fuzz --json` run)
 * found, as JSON, and their merge into one summary (`swf-sim fuzz --merge results/*.json`).
 */
import type { FuzzCase } from './arbitraries.js';
import type { FuzzReport } from './fuzzReport.js';
import { failureKey, type FuzzFailure } from './fuzzCase.js';

/** One failure in a result file: enough to count it, read it and replay it. @public */
export interface FuzzResultFailure {
  readonly scenario: string;
  /** fast-check seed and path: `swf-sim fuzz <scenario> --seed <seed> --path <path>` replays it. */
  readonly seed: number;
  readonly path: string;
  readonly failureClass: FuzzFailure['failureClass'];
  /** `invariant:<name>`, `property:<name>`, `actorError:<actor>`, `liveness`, … */
  readonly key: string;
  readonly message: string;
  readonly runsToFailure: number;
  /** The shrunk case: runner seed, reordering and fault plan. */
  readonly case: FuzzCase;
  /** The liveness budget the case was judged with (absent when the harness itself threw). */
  readonly livenessBudgetMs?: number;
  /** The command that replays it, when the worker knew it. */
  readonly replay?: string;
}

/** What one fuzzing worker found. @public */
export interface FuzzResultFile {
  readonly format: 'swf-sim-fuzz-result';
  readonly version: 1;
  /** Scenarios fuzzed (module paths or names). */
  readonly scenarios: readonly string[];
  /** fast-check seeds run. */
  readonly seeds: readonly number[];
  /** Generated cases run (failing ones included), and runs spent shrinking. */
  readonly runs: number;
  readonly shrinkRuns: number;
  /** Wall time this worker spent fuzzing. */
  readonly elapsedMs: number;
  readonly failures: readonly FuzzResultFailure[];
}

/** A result file that cannot be read. @public */
export class FuzzResultFileError extends Error {
  override readonly name = 'FuzzResultFileError';
}

/** One scenario's report for a result file, and the command that replays its failure. @public */
export interface FuzzResultEntry {
  readonly scenario: string;
  readonly report: FuzzReport;
  readonly replay?: string;
}

/** A result file for the reports of one worker. @public */
export function fuzzResultFile(entries: readonly FuzzResultEntry[]): FuzzResultFile {
  const failures: FuzzResultFailure[] = [];
  for (const { scenario, report, replay } of entries) {
    if (!report.failed) continue;
    failures.push({
      scenario,
      seed: report.seed,
      path: report.path,
      failureClass: report.failure.failureClass,
      key: failureKey(report.failure),
      message: report.failure.message,
      runsToFailure: report.runsToFailure,
      case: report.case,
      ...(report.result !== undefined && { livenessBudgetMs: report.result.run.livenessBudgetMs }),
      ...(replay !== undefined && { replay }),
    });
  }
  return {
    format: 'swf-sim-fuzz-result',
    version: 1,
    scenarios: [...new Set(entries.map((e) => e.scenario))],
    seeds: [...new Set(entries.map((e) => e.report.seed))],
    runs: entries.reduce((n, e) => n + e.report.numRuns, 0),
    shrinkRuns: entries.reduce((n, e) => n + e.report.shrinkRuns, 0),
    elapsedMs: entries.reduce((n, e) => n + e.report.elapsedMs, 0),
    failures,
  };
}

/**
 * The value as a {@link FuzzResultFile}, checking its shape.
 * @throws FuzzResultFileError naming what is wrong.
 * @public
 */
export function parseFuzzResultFile(value: unknown): FuzzResultFile {
  const fail = (what: string): never => {
    throw new FuzzResultFileError(`Not a swf-sim fuzz result file: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('expected a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format !== 'swf-sim-fuzz-result')
    fail(`"format" is ${JSON.stringify(v.format)}, expected "swf-sim-fuzz-result"`);
  if (v.version !== 1) fail(`"version" is ${JSON.stringify(v.version)}, expected 1`);
  for (const key of ['runs', 'shrinkRuns', 'elapsedMs'] as const) {
    if (typeof v[key] !== 'number' || !Number.isFinite(v[key])) fail(`"${key}" must be a number`);
  }
  if (!Array.isArray(v.scenarios) || !v.scenarios.every((s) => typeof s === 'string')) {
    fail('"scenarios" must be an array of strings');
  }
  if (!Array.isArray(v.seeds) || !v.seeds.every((s) => Number.isInteger(s)))
    fail('"seeds" must be an array of integers');
  if (!Array.isArray(v.failures)) fail('"failures" must be an array');
  for (const f of v.failures as unknown[]) {
    const failure = f as Record<string, unknown> | null;
    if (
      typeof failure !== 'object' ||
      failure === null ||
      (failure.failureClass !== 'safety' && failure.failureClass !== 'liveness') ||
      typeof failure.key !== 'string' ||
      typeof failure.message !== 'string'
    ) {
      fail('every failure needs "failureClass" (safety or liveness), "key" and "message"');
    }
    if (failure?.livenessBudgetMs !== undefined && typeof failure?.livenessBudgetMs !== 'number') {
      fail('"livenessBudgetMs" of a failure must be a number');
    }
  }
  return value as FuzzResultFile;
}

/** Several result files merged. @public */
export interface FuzzSummary {
  readonly files: number;
  readonly scenarios: readonly string[];
  readonly seeds: number;
  readonly runs: number;
  readonly shrinkRuns: number;
  /** Wall time summed over the workers. */
  readonly workerMs: number;
  readonly failures: readonly FuzzResultFailure[];
  readonly byClass: { readonly safety: number; readonly liveness: number };
  /** Failures counted by key (`liveness`, `property:<name>`, …). */
  readonly byKey: Readonly<Record<string, number>>;
}

/** Merges result files into one summary. @public */
export function mergeFuzzResults(files: readonly FuzzResultFile[]): FuzzSummary {
  const failures = files.flatMap((f) => f.failures);
  const byKey: Record<string, number> = {};
  for (const f of failures) byKey[f.key] = (byKey[f.key] ?? 0) + 1;
  return {
    files: files.length,
    scenarios: [...new Set(files.flatMap((f) => f.scenarios))],
    seeds: files.reduce((n, f) => n + f.seeds.length, 0),
    runs: files.reduce((n, f) => n + f.runs, 0),
    shrinkRuns: files.reduce((n, f) => n + f.shrinkRuns, 0),
    workerMs: files.reduce((n, f) => n + f.elapsedMs, 0),
    failures,
    byClass: {
      safety: failures.filter((f) => f.failureClass === 'safety').length,
      liveness: failures.filter((f) => f.failureClass === 'liveness').length,
    },
    byKey,
  };
}

/**
 * Exit code by failure class, as `swf-sim run`'s: 0 none, 1 any safety failure, 3 only liveness
 * failures.
 * @public
 */
export function fuzzExitCode(failures: readonly Pick<FuzzResultFailure, 'failureClass'>[]): 0 | 1 | 3 {
  if (failures.some((f) => f.failureClass === 'safety')) return 1;
  return failures.length > 0 ? 3 : 0;
}

/**
 * The summary as text: runs, failures by class and kind, runs per second per worker (and over the
 * wall time when given), then one line per failure with the command that replays it.
 * @public
 */
export function formatFuzzSummary(summary: FuzzSummary, options: { readonly wallMs?: number } = {}): string {
  const perWorker =
    summary.workerMs > 0 ? (summary.runs + summary.shrinkRuns) / (summary.workerMs / 1000) : 0;
  const keys = Object.entries(summary.byKey)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`);
  const lines = [
    `fuzz summary: ${summary.files} result file(s), ${summary.scenarios.length} scenario(s), ${summary.seeds} seed(s)`,
    `  runs: ${summary.runs} (+${summary.shrinkRuns} shrinking); failures: ${summary.failures.length} (safety ${summary.byClass.safety}, liveness ${summary.byClass.liveness})${keys.length > 0 ? ` — ${keys.join(', ')}` : ''}`,
    `  time: ${(summary.workerMs / 1000).toFixed(1)} s in workers, ${perWorker.toFixed(0)} runs/s per worker` +
      (options.wallMs !== undefined && options.wallMs > 0
        ? `; ${(options.wallMs / 1000).toFixed(1)} s wall, ${((summary.runs + summary.shrinkRuns) / (options.wallMs / 1000)).toFixed(0)} runs/s`
        : ''),
  ];
  for (const f of summary.failures) {
    lines.push(
      `  FAILED ${f.scenario} (${f.failureClass}, ${f.key}) after ${f.runsToFailure} run(s): ${f.message}`,
    );
    lines.push(
      `    replay: ${f.replay ?? `npx swf-sim fuzz ${f.scenario} --seed ${f.seed} --path ${f.path}`}`,
    );
  }
  return lines.join('\n');
}
