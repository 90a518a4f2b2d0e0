/**
 * `swf-sim timeline <file>... [-o run.html]`: draws workflow runs as one self-contained HTML page
 * (docs/timeline.md). Each file is recognised by its content: a history, or a trace written by
 * `swf-sim run --trace` (its actors' calls and injected faults; the histories come from the other
 * files, or else from re-running the scenario module the trace names, exactly as recorded).
 *
 * Exit codes: 0 the page was written; 2 bad usage or unreadable input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { HistoryFileError, parseHistoryJson } from '../adapters/formats/loadHistoryFile.js';
import { replayScenario } from '../adapters/testing/harness/runScenario.js';
import type { TimelineExecution, TimelineInput } from '../adapters/timeline/buildTimeline.js';
import { renderTimeline } from '../adapters/timeline/renderTimeline.js';
import { parseTraceFile, TraceFileError, type TraceFile } from '../sim/scheduler/Trace.js';
import { defineCommand, EXIT, UsageError, type CliIo } from './command.js';
import { loadScenario } from './userFiles.js';

const USAGE = `usage: swf-sim timeline <file>... [-o run.html] [--title TEXT] [--scenario module.js]

Draws workflow runs as one self-contained HTML page (no network needed; see docs/timeline.md):
lanes for decision tasks, activities, timers, children, Lambdas, signals, cancel requests and
markers on a virtual-time axis, coloured by outcome, invariant violations outlined.
Each file is read by its content:
  a history    {"events": [...]} or an array of events (as swf-sim check reads them); several
               histories (a parent and its children, a continue-as-new chain) share one axis
  a trace      written by swf-sim run --trace: the actors' calls, the injected faults where they
               took effect and heartbeats; without history files, the scenario module the trace
               names (or --scenario) is re-run exactly as recorded to get the histories

  -o, --out FILE       the page to write (default: the first file's name with .html, here)
  --title TEXT         the page's title
  --scenario FILE      the compiled scenario module to re-run a trace with

exit status: 0 the page was written, 2 bad usage or unreadable input
`;

/** `swf-sim timeline`. @internal */
export const run = defineCommand({
  name: 'timeline',
  usage: USAGE,
  options: { out: { type: 'string', short: 'o' }, title: { type: 'string' }, scenario: { type: 'string' } },
  inputErrors: [HistoryFileError, TraceFileError],
  async execute({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('no file given', true);
    const input = await readInputs(positionals, values.scenario, io);
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

async function readInputs(
  paths: readonly string[],
  scenario: string | undefined,
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
    const format = formatOf(text);
    if (format === 'swf-sim-trace') {
      if (trace !== undefined) throw new UsageError(`${path}: one trace at a time (a page draws one run)`);
      try {
        trace = parseTraceFile(JSON.parse(text));
      } catch (error) {
        throw new UsageError(`${path}: ${(error as Error).message}`);
      }
      continue;
    }
    const history = parseHistoryJson(text, path);
    executions.push({ history: history.events, title: path });
  }
  if (trace !== undefined && executions.length === 0) {
    executions.push(...(await rerun(trace, scenario, io)));
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

/** The `format` member of a swf-sim JSON file, if the text is one. */
function formatOf(text: string): string | undefined {
  if (!/^\s*\{/.test(text) || !text.includes('"format"')) return undefined;
  try {
    const value = JSON.parse(text) as { format?: unknown };
    return typeof value.format === 'string' ? value.format : undefined;
  } catch {
    return undefined;
  }
}

/** The histories of a traced run, by re-running its scenario as the trace recorded it. */
async function rerun(
  trace: TraceFile,
  scenario: string | undefined,
  io: CliIo,
): Promise<TimelineExecution[]> {
  const path = scenario ?? trace.scenario;
  if (path === undefined) {
    throw new UsageError('the trace names no scenario module: give --scenario, or the history files');
  }
  const { result, divergence } = await replayScenario(await loadScenario(path), trace, { scenario: path });
  if (divergence !== undefined) {
    io.err(`swf-sim timeline: warning: re-running ${path} departs from the trace: ${divergence.message}\n`);
  }
  return result.executions.map((e) => ({
    history: e.history,
    domain: e.domain,
    workflowId: e.workflowId,
    runId: e.runId,
  }));
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}
