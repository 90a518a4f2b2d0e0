/**
 * `swf-sim fuzz <scenario module> [--runs N] [--seed S | --seed-range A..B] [--reorder]
 * [--max-faults K] [--budget-ms MS] [--path P] [--out DIR] [--json FILE]`: fuzzes a scenario module
 * (docs/fuzzing.md) with fast-check — fault plans of a few scripted faults, seeded schedules — and
 * checks SWF's invariants, liveness and the module's `fuzz.properties` on every run. A failure is
 * shrunk, printed with its plan and the lines that reproduce it, and its plan and the timeline of
 * its shrunk run (docs/timeline.md) written to files.
 * `swf-sim fuzz --merge results/*.json` merges result files (from `--json`, CI shards or vitest
 * workers) into one summary.
 *
 * Exit codes: 0 no failure; 1 a safety failure (invariant, property, actor error); 2 bad usage;
 * 3 only liveness failures (a workflow did not close within the budget after the last fault).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatHistoryTable } from '../adapters/formats/historyTable.js';
import {
  checkFuzz,
  createFuzzer,
  type FuzzReport,
  type FuzzScenario,
  type Fuzzer,
} from '../adapters/testing/fuzz/fuzz.js';
import { DEFAULT_LIVENESS_BUDGET_MS, formatFaultPlan } from '../adapters/testing/fuzz/fuzzCase.js';
import { formatFuzzReport, reproduceLines } from '../adapters/testing/fuzz/fuzzReport.js';
import {
  formatFuzzSummary,
  fuzzExitCode,
  fuzzResultFile,
  FuzzResultFileError,
  mergeFuzzResults,
  parseFuzzResultFile,
  type FuzzResultEntry,
  type FuzzResultFile,
} from '../adapters/testing/fuzz/fuzzResults.js';
import { renderTimeline } from '../adapters/timeline/renderTimeline.js';
import { fuzzTimelineInput } from '../adapters/timeline/timelineInputs.js';
import { defineCommand, EXIT, UsageError, type CliIo, type ExitCode } from './command.js';
import { loadScenario, readJsonFile } from './userFiles.js';

const USAGE = `usage: swf-sim fuzz <scenario module> [--runs N] [--seed S | --seed-range A..B] [--reorder]
                     [--max-faults K] [--budget-ms MS] [--path P] [--out DIR] [--json FILE]
       swf-sim fuzz --merge <result.json>...

Fuzzes a scenario module under generated fault plans and schedules (see docs/fuzzing.md).
  --runs N           cases per seed (default 100)
  --seed S           fast-check seed (default: a fresh one, printed first)
  --seed-range A..B  one campaign per seed A, A+1, …, B (split ranges across machines)
  --reorder          also reorder enabled steps from the run's seed (3 runs in 4)
  --max-faults K     most faults per plan (default 3, or the module's fuzz.maxFaults)
  --budget-ms MS     liveness budget after the last fault (default the module's, else half
                     the shortest execution timeout, at most 6 h)
  --path P           replay the case at fast-check path P of --seed S and print it in full
  --out DIR          where failing plans and their timelines are written (default .)
  --json FILE        write the result file (for --merge)
  --merge            merge result files into one summary
exit status: 0 no failure, 1 a safety failure, 2 bad usage, 3 only liveness failures
`;

function parseSeed(text: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 0x7fffffff) {
    throw new UsageError(`${what} must be an integer in 0..2147483647, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function positive(text: string | undefined, what: string, fallback: number | undefined): number | undefined {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${what} must be an integer >= 1, got ${JSON.stringify(text)}`);
  return Number(text);
}

function readResult(path: string): FuzzResultFile {
  const json = readJsonFile(path, 'result file');
  try {
    return parseFuzzResultFile(json);
  } catch (error) {
    if (!(error instanceof FuzzResultFileError)) throw error;
    throw new UsageError(`${path}: ${error.message}`);
  }
}

/** A progress display on stderr: a bar redrawn in place on a terminal, a plain line every 10% otherwise. */
class Progress {
  private readonly started = performance.now();
  private lastDrawMs = 0;
  private lastTenth = 0;
  private lastFailures = 0;

  constructor(
    private readonly total: number,
    private readonly io: CliIo,
  ) {}

  update(done: number, shrinkRuns: number, failures: number): void {
    const now = performance.now();
    const rate = done / Math.max((now - this.started) / 1000, 1e-3);
    const text = `${done}/${this.total} runs${shrinkRuns > 0 ? ` (+${shrinkRuns} shrinking)` : ''}, ${failures} failure(s), ${rate.toFixed(0)} runs/s`;
    if (this.io.errIsTerminal === true) {
      if (now - this.lastDrawMs < 100 && done < this.total) return;
      this.lastDrawMs = now;
      const width = 30;
      const filled = Math.round((width * Math.min(done, this.total)) / Math.max(this.total, 1));
      this.io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
      return;
    }
    const tenth = Math.floor((10 * done) / Math.max(this.total, 1));
    if (tenth > this.lastTenth || failures > this.lastFailures) {
      this.lastTenth = tenth;
      this.lastFailures = failures;
      this.io.err(`progress: ${text}\n`);
    }
  }

  end(): void {
    if (this.io.errIsTerminal === true) this.io.err('\r\x1b[K');
  }
}

/** What one `swf-sim fuzz <module>` invocation asks for, checked. */
interface Campaign {
  readonly path: string;
  readonly seeds: readonly number[];
  readonly runs: number;
  /** `--path`: replay this one case of `seeds[0]`. */
  readonly casePath: string | undefined;
  readonly outDir: string;
  readonly jsonPath: string | undefined;
  readonly fuzzer: Fuzzer;
  /** The arguments that shape the cases: a replay line must repeat them. */
  readonly fuzzArgs: readonly string[];
  readonly out: (line?: string) => void;
  readonly io: CliIo;
}

/** `swf-sim fuzz`. @internal */
export const run = defineCommand({
  name: 'fuzz',
  usage: USAGE,
  options: {
    runs: { type: 'string' },
    seed: { type: 'string' },
    'seed-range': { type: 'string' },
    reorder: { type: 'boolean', default: false },
    'max-faults': { type: 'string' },
    'budget-ms': { type: 'string' },
    path: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
    merge: { type: 'boolean', default: false },
  },
  inputErrors: [FuzzResultFileError],
  async execute({ values, positionals }, io) {
    if (values.merge) return merge(positionals, io);
    const [path, ...extra] = positionals;
    if (path === undefined || extra.length > 0)
      throw new UsageError('expected exactly one scenario module', true);
    if (values.seed !== undefined && values['seed-range'] !== undefined) {
      throw new UsageError('give --seed or --seed-range, not both');
    }
    const seeds = parseSeeds(values.seed, values['seed-range']);
    if (values.path !== undefined && (values.seed === undefined || !/^\d+(:\d+)*$/.test(values.path))) {
      throw new UsageError('--path P replays one case: it needs --seed S and a path such as 12:0:3');
    }
    const runs = positive(values.runs, '--runs', 100) as number;
    const maxFaults = positive(values['max-faults'], '--max-faults', undefined);
    const budgetMs = positive(values['budget-ms'], '--budget-ms', undefined);
    const module = (await loadScenario(path)) as FuzzScenario;

    const fuzzArgs: string[] = [];
    if (values.reorder) fuzzArgs.push('--reorder');
    if (maxFaults !== undefined) fuzzArgs.push('--max-faults', String(maxFaults));
    if (budgetMs !== undefined) fuzzArgs.push('--budget-ms', String(budgetMs));
    const fuzzer = await createFuzzer(module, {
      scenarioPath: path,
      fuzzArgs,
      ...(values.reorder && { reorder: true }),
      ...(maxFaults !== undefined && { maxFaults }),
      ...(budgetMs !== undefined && { livenessBudgetMs: budgetMs }),
    });
    const out = (line = ''): void => io.out(`${line}\n`);
    const campaign: Campaign = {
      path,
      seeds,
      runs,
      casePath: values.path,
      outDir: values.out ?? '.',
      jsonPath: values.json,
      fuzzer,
      fuzzArgs,
      out,
      io,
    };
    printSettings(campaign);
    if (campaign.casePath !== undefined) return replay(campaign, campaign.casePath);
    return runCampaign(campaign);
  },
});

/** The seeds of `--seed S` or `--seed-range A..B`; a fresh one, printed, when neither is given. */
function parseSeeds(seed: string | undefined, range: string | undefined): number[] {
  if (range === undefined) {
    return [seed === undefined ? randomBytes(4).readUInt32BE() >>> 1 : parseSeed(seed, '--seed')];
  }
  const m = /^(\d+)\.\.(\d+)$/.exec(range);
  const [from, to] =
    m === null
      ? [NaN, NaN]
      : [parseSeed(m[1] ?? '', '--seed-range start'), parseSeed(m[2] ?? '', '--seed-range end')];
  if (!(from <= to))
    throw new UsageError(`--seed-range must be A..B with A <= B, got ${JSON.stringify(range)}`);
  if (to - from >= 100_000) throw new UsageError('--seed-range spans more than 100000 seeds');
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The seed and derived settings come first, so a cut-off log still says how to reproduce it. */
function printSettings({ path, seeds, runs, casePath, fuzzer, out }: Campaign): void {
  out(`swf-sim fuzz ${path}`);
  out(
    `seed: ${seeds.length === 1 ? String(seeds[0]) : `${seeds[0]}..${seeds.at(-1)} (${seeds.length} seeds)`}  ` +
      `runs: ${casePath !== undefined ? `path ${casePath}` : `${runs}${seeds.length > 1 ? ' per seed' : ''}`}  ` +
      `reorder: ${fuzzer.options.reorder === true ? 'on' : 'off'}  max faults: ${fuzzer.options.maxFaults ?? 3}  ` +
      `liveness budget: ${((fuzzer.options.livenessBudgetMs ?? DEFAULT_LIVENESS_BUDGET_MS) / 1000).toFixed(0)} s  ` +
      `properties: ${Object.keys(fuzzer.options.properties ?? {}).length}`,
  );
  out(`fault targets: ${describeTargets(fuzzer)}`);
  out();
}

async function runCampaign(campaign: Campaign): Promise<ExitCode> {
  const { path, seeds, runs, fuzzer, fuzzArgs, out } = campaign;
  const progress = new Progress(runs * seeds.length, campaign.io);
  const entries: FuzzResultEntry[] = [];
  let done = 0;
  let shrinking = 0;
  let failures = 0;
  const started = performance.now();
  for (const seed of seeds) {
    const report = await checkFuzz(fuzzer, {
      numRuns: runs,
      seed,
      onRun: (p) => progress.update(done + p.runs, shrinking + p.shrinkRuns, failures + (p.failed ? 1 : 0)),
    });
    done += report.numRuns;
    shrinking += report.shrinkRuns;
    const replayLine = report.failed
      ? ['npx swf-sim fuzz', path, '--seed', String(report.seed), '--path', report.path, ...fuzzArgs].join(
          ' ',
        )
      : undefined;
    entries.push({ scenario: path, report, ...(replayLine !== undefined && { replay: replayLine }) });
    if (report.failed) {
      failures++;
      progress.end();
      printFailure(report, campaign);
    }
  }
  progress.end();
  const wallMs = performance.now() - started;
  const result = fuzzResultFile(entries);
  if (campaign.jsonPath !== undefined) {
    writeFileSync(campaign.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
    out(`result file: ${campaign.jsonPath}`);
  }
  const summary = mergeFuzzResults([result]);
  out(
    `runs: ${summary.runs} (+${summary.shrinkRuns} shrinking) in ${(wallMs / 1000).toFixed(1)} s, ` +
      `${((summary.runs + summary.shrinkRuns) / Math.max(wallMs / 1000, 1e-3)).toFixed(0)} runs/s; ` +
      `failures: ${summary.failures.length} (safety ${summary.byClass.safety}, liveness ${summary.byClass.liveness})`,
  );
  return fuzzExitCode(summary.failures);
}

function describeTargets(fuzzer: Fuzzer): string {
  const parts = Object.entries(fuzzer.targets.actors).map(
    ([actor, ops]) =>
      `${actor} ${Object.entries(ops)
        .map(([op, n]) => `${op} ≤${n}`)
        .join(', ')}`,
  );
  const types = fuzzer.targets.activityTypes ?? [];
  if (types.length > 0) parts.push(`activity failures of ${types.join(', ')}`);
  return parts.join('; ') || 'none';
}

function printFailure(report: Extract<FuzzReport, { failed: true }>, campaign: Campaign): void {
  const { outDir, path, fuzzer, fuzzArgs, out } = campaign;
  mkdirSync(outDir, { recursive: true });
  const planPath = join(
    outDir,
    `fuzz-${basename(path).replace(/\.[cm]?[jt]s$/, '')}-${report.seed}.plan.json`,
  );
  writeFileSync(planPath, formatFaultPlan(report.case.faults));
  out(formatFuzzReport(report, { ...fuzzer.options, scenarioPath: path, planPath, fuzzArgs }));
  out(`plan file: ${planPath}`);
  if (report.result !== undefined) {
    // The shrunk failing run, drawn next to its plan (docs/timeline.md).
    const timelinePath = planPath.replace(/\.plan\.json$/, '.timeline.html');
    const reproduce = reproduceLines(report, { scenarioPath: path, fuzzArgs });
    const input = fuzzTimelineInput(report.result, {
      title: `swf-sim fuzz ${path} --seed ${report.seed}: shrunk failure`,
      extraNotes: reproduce.map((line) => `reproduce: ${line}`),
      ...(fuzzer.options.invariants !== undefined && { check: fuzzer.options.invariants }),
    });
    writeFileSync(timelinePath, renderTimeline(input));
    out(`timeline: ${timelinePath}`);
  }
  out();
}

/** `--path P`: replays one case and prints it with its histories in full. */
async function replay({ fuzzer, seeds, out }: Campaign, path: string): Promise<ExitCode> {
  const seed = seeds[0] as number;
  const report = await checkFuzz(fuzzer, { seed, path, numRuns: 1, endOnFailure: true });
  if (!report.failed) {
    out(`the case at seed ${seed}, path ${path} passes`);
    return EXIT.ok;
  }
  out(formatFuzzReport(report, fuzzer.options));
  for (const e of report.result?.run.executions ?? []) {
    out();
    out(
      `execution ${e.domain}/${e.workflowId} (runId ${e.runId}): ${e.status === 'OPEN' ? 'OPEN' : e.closeStatus}, ${e.events} events`,
    );
    out(formatHistoryTable(e.history));
  }
  return fuzzExitCode([report.failure]);
}

function merge(paths: string[], io: CliIo): ExitCode {
  if (paths.length === 0) throw new UsageError('--merge needs result files');
  const summary = mergeFuzzResults(paths.map(readResult));
  io.out(`${formatFuzzSummary(summary)}\n`);
  return fuzzExitCode(summary.failures);
}
