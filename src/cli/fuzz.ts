/**
 * `swf-sim fuzz <scenario module> [--runs N] [--seed S | --seed-range A..B] [--reorder]
 * [--max-faults K] [--budget-ms MS] [--path P] [--out DIR] [--json FILE]`: fuzzes a scenario module
 * (docs/fuzzing.md) with fast-check — fault plans of a few scripted faults, seeded schedules — and
 * checks SWF's invariants, liveness and the module's `fuzz.properties` on every run. A failure is
 * shrunk, printed with its plan and the lines that reproduce it, and its plan written to a file.
 * `swf-sim fuzz --merge results/*.json` merges result files (from `--json`, CI shards or vitest
 * workers) into one summary.
 *
 * Exit codes: 0 no failure; 1 a safety failure (invariant, property, actor error); 2 bad usage;
 * 3 only liveness failures (a workflow did not close within the budget after the last fault).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatHistoryTable } from '../adapters/formats/historyTable.js';
import {
  checkFuzz,
  createFuzzer,
  type FuzzReport,
  type FuzzScenario,
  type Fuzzer,
} from '../adapters/testing/fuzz/fuzz.js';
import { formatFaultPlan } from '../adapters/testing/fuzz/fuzzCase.js';
import { formatFuzzReport } from '../adapters/testing/fuzz/fuzzReport.js';
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
import { loadScenario, UsageError } from './run.js';

const USAGE = `usage: swf-sim fuzz <scenario module> [--runs N] [--seed S | --seed-range A..B] [--reorder]
                     [--max-faults K] [--budget-ms MS] [--path P] [--out DIR] [--json FILE]
       swf-sim fuzz --merge <result.json>...

Fuzzes a scenario module under generated fault plans and schedules (see docs/fuzzing.md).
  --runs N           cases per seed (default 100)
  --seed S           fast-check seed (default: a fresh one, printed first)
  --seed-range A..B  one campaign per seed A, A+1, …, B (split ranges across machines)
  --reorder          also reorder enabled steps from the run's seed (3 runs in 4)
  --max-faults K     most faults per plan (default 3, or the module's fuzz.maxFaults)
  --budget-ms MS     liveness budget after the last fault (default the module's, else 6 h)
  --path P           replay the case at fast-check path P of --seed S and print it in full
  --out DIR          where failing plans are written (default .)
  --json FILE        write the result file (for --merge)
  --merge            merge result files into one summary
Exit codes: 0 ok, 1 safety failure, 2 usage, 3 liveness failure.
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read result file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseFuzzResultFile(JSON.parse(text) as unknown);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

/** A progress display on stderr: a bar redrawn in place on a terminal, a plain line every 10% otherwise. */
class Progress {
  private readonly tty = process.stderr.isTTY;
  private readonly started = performance.now();
  private lastDrawMs = 0;
  private lastTenth = 0;
  private lastFailures = 0;

  constructor(private readonly total: number) {}

  update(done: number, shrinkRuns: number, failures: number): void {
    const now = performance.now();
    const rate = done / Math.max((now - this.started) / 1000, 1e-3);
    const text = `${done}/${this.total} runs${shrinkRuns > 0 ? ` (+${shrinkRuns} shrinking)` : ''}, ${failures} failure(s), ${rate.toFixed(0)} runs/s`;
    if (this.tty) {
      if (now - this.lastDrawMs < 100 && done < this.total) return;
      this.lastDrawMs = now;
      const width = 30;
      const filled = Math.round((width * Math.min(done, this.total)) / Math.max(this.total, 1));
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
      return;
    }
    const tenth = Math.floor((10 * done) / Math.max(this.total, 1));
    if (tenth > this.lastTenth || failures > this.lastFailures) {
      this.lastTenth = tenth;
      this.lastFailures = failures;
      process.stderr.write(`progress: ${text}\n`);
    }
  }

  end(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}

export async function run(args: string[]): Promise<number> {
  try {
    return await fuzzCommand(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof FuzzResultFileError) {
      process.stderr.write(`swf-sim fuzz: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function fuzzCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
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
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`swf-sim fuzz: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.merge) return merge(positionals);
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) {
    process.stderr.write(`swf-sim fuzz: expected exactly one scenario module\n\n${USAGE}`);
    return 2;
  }
  if (values.seed !== undefined && values['seed-range'] !== undefined) {
    throw new UsageError('give --seed or --seed-range, not both');
  }
  let seeds: number[];
  if (values['seed-range'] !== undefined) {
    const m = /^(\d+)\.\.(\d+)$/.exec(values['seed-range']);
    const [from, to] =
      m === null
        ? [NaN, NaN]
        : [parseSeed(m[1] ?? '', '--seed-range start'), parseSeed(m[2] ?? '', '--seed-range end')];
    if (!(from <= to))
      throw new UsageError(
        `--seed-range must be A..B with A <= B, got ${JSON.stringify(values['seed-range'])}`,
      );
    if (to - from >= 100_000) throw new UsageError('--seed-range spans more than 100000 seeds');
    seeds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  } else {
    seeds = [
      values.seed === undefined ? randomBytes(4).readUInt32BE() >>> 1 : parseSeed(values.seed, '--seed'),
    ];
  }
  if (values.path !== undefined && (values.seed === undefined || !/^\d+(:\d+)*$/.test(values.path))) {
    throw new UsageError('--path P replays one case: it needs --seed S and a path such as 12:0:3');
  }
  const runs = positive(values.runs, '--runs', 100) as number;
  const maxFaults = positive(values['max-faults'], '--max-faults', undefined);
  const budgetMs = positive(values['budget-ms'], '--budget-ms', undefined);
  const module = (await loadScenario(path)) as FuzzScenario;

  // Arguments that shape the cases: a replay must repeat them.
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

  const out = (line = ''): void => void process.stdout.write(`${line}\n`);
  out(`swf-sim fuzz ${path}`);
  out(
    `seed: ${seeds.length === 1 ? String(seeds[0]) : `${seeds[0]}..${seeds.at(-1)} (${seeds.length} seeds)`}  ` +
      `runs: ${values.path !== undefined ? `path ${values.path}` : `${runs}${seeds.length > 1 ? ' per seed' : ''}`}  ` +
      `reorder: ${fuzzer.options.reorder === true ? 'on' : 'off'}  max faults: ${fuzzer.options.maxFaults ?? 3}  ` +
      `liveness budget: ${((fuzzer.options.livenessBudgetMs ?? 6 * 3600 * 1000) / 1000).toFixed(0)} s  ` +
      `properties: ${Object.keys(fuzzer.options.properties ?? {}).length}`,
  );
  out(`fault targets: ${describeTargets(fuzzer)}`);
  out();

  if (values.path !== undefined) return replay(fuzzer, seeds[0] as number, values.path, out);

  const progress = new Progress(runs * seeds.length);
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
      printFailure(report, fuzzer, values.out ?? '.', path, fuzzArgs, out);
    }
  }
  progress.end();
  const wallMs = performance.now() - started;
  const result = fuzzResultFile(entries);
  if (values.json !== undefined) {
    writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
    out(`result file: ${values.json}`);
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

function printFailure(
  report: Extract<FuzzReport, { failed: true }>,
  fuzzer: Fuzzer,
  outDir: string,
  path: string,
  fuzzArgs: readonly string[],
  out: (line?: string) => void,
): void {
  mkdirSync(outDir, { recursive: true });
  const planPath = join(
    outDir,
    `fuzz-${basename(path).replace(/\.[cm]?[jt]s$/, '')}-${report.seed}.plan.json`,
  );
  writeFileSync(planPath, formatFaultPlan(report.case.faults));
  out(formatFuzzReport(report, { ...fuzzer.options, scenarioPath: path, planPath, fuzzArgs }));
  out(`plan file: ${planPath}`);
  out();
}

async function replay(
  fuzzer: Fuzzer,
  seed: number,
  path: string,
  out: (line?: string) => void,
): Promise<number> {
  const report = await checkFuzz(fuzzer, { seed, path, numRuns: 1, endOnFailure: true });
  if (!report.failed) {
    out(`the case at seed ${seed}, path ${path} passes`);
    return 0;
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

function merge(paths: string[]): number {
  if (paths.length === 0) throw new UsageError('--merge needs result files');
  const summary = mergeFuzzResults(paths.map(readResult));
  process.stdout.write(`${formatFuzzSummary(summary)}\n`);
  return fuzzExitCode(summary.failures);
}
