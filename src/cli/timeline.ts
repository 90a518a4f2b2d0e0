/**
 * `swf-sim timeline <file>... [-o run.html]`: draws workflow runs as one self-contained HTML page
 * (docs/timeline.md). Each file is recognised by its content: a history; a trace written by
 * `swf-sim run --trace` (its actors' calls and injected faults; the histories come from the other
 * files, or else from re-running the scenario module the trace names, exactly as recorded); or a
 * fuzz result file (one failure's shrunk case, re-run).
 *
 * Exit codes: 0 the page was written; 2 bad usage or unreadable input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { HistoryFileError, parseHistoryJson } from '../adapters/formats/loadHistoryFile.js';
import type { FuzzScenario } from '../adapters/testing/fuzz/fuzz.js';
import { failureKey, runFuzzCase } from '../adapters/testing/fuzz/fuzzCase.js';
import {
  FuzzResultFileError,
  parseFuzzResultFile,
  type FuzzResultFile,
} from '../adapters/testing/fuzz/fuzzResults.js';
import { replayScenario } from '../adapters/testing/harness/runScenario.js';
import type { TimelineExecution, TimelineInput } from '../adapters/timeline/buildTimeline.js';
import { renderTimeline } from '../adapters/timeline/renderTimeline.js';
import { fuzzTimelineInput, scenarioTimelineInput } from '../adapters/timeline/timelineInputs.js';
import { parseTraceFile, TraceFileError, type TraceFile } from '../sim/scheduler/Trace.js';
import { defineCommand, EXIT, UsageError, type CliIo } from './command.js';
import { loadScenario } from './userFiles.js';

const USAGE = `usage: swf-sim timeline <file>... [-o run.html] [--title TEXT] [--scenario module.js] [--failure N]

Draws workflow runs as one self-contained HTML page (no network needed; see docs/timeline.md):
lanes for decision tasks, activities, timers, children, Lambdas, signals, cancel requests and
markers on a virtual-time axis, coloured by outcome, invariant violations outlined.
Each file is read by its content:
  a history    {"events": [...]} or an array of events (as swf-sim check reads them); several
               histories (a parent and its children, a continue-as-new chain) share one axis
  a trace      written by swf-sim run --trace: the actors' calls, the injected faults where they
               took effect and heartbeats; without history files, the scenario module the trace
               names (or --scenario) is re-run exactly as recorded to get the histories
  a fuzz result written by swf-sim fuzz --json (alone): one failure's shrunk case is re-run
               through the scenario module it names (or --scenario) and drawn with its faults

  -o, --out FILE       the page to write (default: the first file's name with .html, here)
  --title TEXT         the page's title
  --scenario FILE      the compiled scenario module to re-run a trace or fuzz failure with
  --failure N          which failure of a fuzz result file to draw (default 1)

exit status: 0 the page was written, 2 bad usage or unreadable input
`;

/** `swf-sim timeline`. @internal */
export const run = defineCommand({
  name: 'timeline',
  usage: USAGE,
  options: {
    out: { type: 'string', short: 'o' },
    title: { type: 'string' },
    scenario: { type: 'string' },
    failure: { type: 'string' },
  },
  inputErrors: [HistoryFileError],
  async execute({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('no file given', true);
    const input = await readInputs(positionals, values, io);
    const out = values.out ?? `${basename(positionals[0] as string).replace(/\.json$/i, '')}.html`;
    const html = renderTimeline({ ...input, ...(values.title !== undefined && { title: values.title }) });
    await writeFile(out, html);
    const events = input.executions.reduce((n, e) => n + e.history.length, 0);
    io.out(
      `timeline: ${out} (${plural(input.executions.length, 'execution')}, ${plural(events, 'event')}${input.trace === undefined ? '' : ', with the trace'}, ${(html.length / 1024).toFixed(0)} KB)\n`,
    );
    return EXIT.ok;
  },
});

/** What the options say about re-running a trace or a fuzz failure. */
interface RerunOptions {
  readonly scenario?: string | undefined;
  readonly failure?: string | undefined;
}

async function readInputs(
  paths: readonly string[],
  options: RerunOptions,
  io: CliIo,
): Promise<TimelineInput> {
  const executions: TimelineExecution[] = [];
  let trace: TraceFile | undefined;
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
    }
    const file = swfSimFile(text);
    if (file?.format === 'swf-sim-fuzz-result') {
      if (paths.length > 1) throw new UsageError(`${path}: a fuzz result file is drawn on its own`);
      return fuzzFailureInput(parsed(path, parseFuzzResultFile, file.value), path, options, io);
    }
    if (file?.format === 'swf-sim-trace') {
      if (trace !== undefined) throw new UsageError(`${path}: one trace at a time (a page draws one run)`);
      trace = parsed(path, parseTraceFile, file.value);
      continue;
    }
    executions.push({ history: parseHistoryJson(text, path).events, title: path });
  }
  if (trace !== undefined && executions.length === 0) {
    executions.push(...(await rerunTrace(trace, options.scenario, io)));
  }
  return {
    title:
      paths.length === 1
        ? (paths[0] as string)
        : `${paths[0] as string} and ${plural(paths.length - 1, 'more file')}`,
    executions,
    ...(trace !== undefined && { trace }),
  };
}

/** `parse(value)`, its complaint (a TraceFileError, a FuzzResultFileError) naming the file. */
function parsed<T>(path: string, parse: (value: unknown) => T, value: unknown): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof TraceFileError || error instanceof FuzzResultFileError) {
      throw new UsageError(`${path}: ${error.message}`);
    }
    throw error;
  }
}

/** A swf-sim JSON file (trace, fuzz result): its `format` and value; undefined for anything else. */
function swfSimFile(text: string): { format: string; value: unknown } | undefined {
  if (!/^\s*\{/.test(text) || !text.includes('"format"')) return undefined;
  try {
    const value = JSON.parse(text) as { format?: unknown };
    return typeof value.format === 'string' ? { format: value.format, value } : undefined;
  } catch {
    return undefined;
  }
}

/** The histories of a traced run, by re-running its scenario as the trace recorded it. */
async function rerunTrace(
  trace: TraceFile,
  scenario: string | undefined,
  io: CliIo,
): Promise<readonly TimelineExecution[]> {
  const path = scenario ?? trace.scenario;
  if (path === undefined) {
    throw new UsageError('the trace names no scenario module: give --scenario, or the history files');
  }
  const { result, divergence } = await replayScenario(await loadScenario(path), trace, { scenario: path });
  if (divergence !== undefined) {
    io.err(`swf-sim timeline: warning: re-running ${path} departs from the trace: ${divergence.message}\n`);
  }
  return scenarioTimelineInput(result).executions;
}

/**
 * One failure of a fuzz result file: its shrunk case re-run through its scenario module with the
 * module's fuzz options and the liveness budget the case was judged with (recorded, or given on its
 * replay line by files written before budgets were recorded), drawn with its verdict.
 */
async function fuzzFailureInput(
  file: FuzzResultFile,
  path: string,
  options: RerunOptions,
  io: CliIo,
): Promise<TimelineInput> {
  const count = file.failures.length;
  if (count === 0) throw new UsageError(`${path} records no failure to draw`);
  const number = options.failure === undefined ? 1 : Number(options.failure);
  const failure = file.failures[number - 1];
  if (!Number.isInteger(number) || failure === undefined) {
    throw new UsageError(
      `--failure must be 1..${String(count)} for ${path}, got ${JSON.stringify(options.failure)}`,
    );
  }
  const scenarioPath = options.scenario ?? failure.scenario;
  const module = (await loadScenario(scenarioPath)) as FuzzScenario;
  const budget = failure.livenessBudgetMs ?? /--budget-ms (\d+)/.exec(failure.replay ?? '')?.[1];
  const result = await runFuzzCase(module, failure.case, {
    ...module.fuzz,
    ...(budget !== undefined && { livenessBudgetMs: Number(budget) }),
  });
  const key = result.failure === undefined ? 'none' : failureKey(result.failure);
  if (key !== failure.key) {
    io.err(`swf-sim timeline: warning: re-run, the case fails with ${key}, not ${failure.key} as recorded\n`);
  }
  if (count > 1)
    io.err(
      `swf-sim timeline: failure ${String(number)} of ${String(count)} in ${path} (--failure N for another)\n`,
    );
  return fuzzTimelineInput(result, {
    title: `${failure.scenario}: ${failure.key} (fuzz seed ${String(failure.seed)})`,
    extraNotes: failure.replay === undefined ? [] : [`reproduce: ${failure.replay}`],
    ...(module.fuzz?.invariants !== undefined && { check: module.fuzz.invariants }),
  });
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}
