/**
 * `swf-sim run <scenario module> [--seed S] [--faults plan.json] [--reorder] [--trace out.json]
 * [--replay-trace trace.json] [--timeline run.html]`: runs a scenario module (docs/runner.md) once
 * on the deterministic runner and prints its settings, its actors' log, every execution's history
 * and the outcome.
 * The same arguments print the same bytes.
 *
 * Exit codes: 0 the scenario reached its goal (and its expected outcome); 1 a safety failure (an
 * actor threw, an expectation was not met, an actor awaited something outside the simulation);
 * 2 bad usage (arguments, module, fault plan or trace file); 3 a liveness failure (stuck, or out of
 * budget); 4 a replayed trace diverged from its recording.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { formatHistoryTable } from '../adapters/formats/historyTable.js';
import {
  describeOutcome,
  replayScenario,
  runScenario,
  type ScenarioResult,
} from '../adapters/testing/harness/runScenario.js';
import { renderTimeline } from '../adapters/timeline/renderTimeline.js';
import { scenarioTimelineInput } from '../adapters/timeline/timelineInputs.js';
import { FaultPlanError, parseFaultPlan, type FaultPlan } from '../sim/faults/FaultPlan.js';
import { formatTraceFile, parseTraceFile, TraceFileError, type TraceFile } from '../sim/scheduler/Trace.js';
import { defineCommand, EXIT, UsageError, type CliIo, type ExitCode } from './command.js';
import { loadScenario, readJsonFile } from './userFiles.js';

const USAGE = `usage: swf-sim run <scenario module> [--seed S] [--faults plan.json] [--reorder]
                    [--trace out.json] [--replay-trace trace.json] [--timeline run.html]

Runs a scenario module once on the deterministic runner (see docs/runner.md).
  --seed S               seed of every random choice (default: a fresh one, printed)
  --faults plan.json     fault plan to inject (JSON: {"faults": [...], "rates": {...}})
  --reorder              choose among enabled steps from the seed instead of FIFO
  --trace out.json       save the run's trace (replay it with --replay-trace)
  --replay-trace t.json  re-run exactly as a saved trace recorded it and compare the traces
  --timeline run.html    draw the run as one HTML page: its executions, actors and faults (docs/timeline.md)
exit status: 0 ok, 1 a safety failure, 2 bad usage, 3 a liveness failure, 4 the replayed trace diverged
`;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

/** The exit code of each outcome of a run. */
const EXIT_OF_OUTCOME: Record<ScenarioResult['outcome']['status'], ExitCode> = {
  ok: EXIT.ok,
  failure: EXIT.failure,
  liveness: EXIT.liveness,
};

/** The command line that reproduces a run. */
function reproduction(path: string, seed: string, reorder: boolean, faultsPath: string | undefined): string {
  const parts = ['swf-sim run', path, '--seed', JSON.stringify(seed)];
  if (reorder) parts.push('--reorder');
  if (faultsPath !== undefined) parts.push('--faults', faultsPath);
  return parts.join(' ');
}

function print(result: ScenarioResult, io: CliIo): void {
  const out = (line = ''): void => io.out(`${line}\n`);
  const { report, trace } = result;
  if (result.logs.length > 0) {
    out('log:');
    for (const { atMs, actor, line } of result.logs) out(`  +${seconds(atMs)} ${actor}: ${line}`);
    out();
  }
  for (const e of result.executions) {
    const ending =
      e.status === 'OPEN'
        ? 'OPEN'
        : `${e.closeStatus}${e.result !== undefined ? ` result=${JSON.stringify(e.result)}` : ''}${e.reason !== undefined ? ` reason=${JSON.stringify(e.reason)}` : ''}`;
    out(`execution ${e.domain}/${e.workflowId} (runId ${e.runId}): ${ending}, ${e.events} events`);
    out(formatHistoryTable(e.history));
    out();
  }
  const virtualMs = report.endMs - trace.startMs;
  out(
    `steps: ${trace.entries.filter((entry) => entry.step !== undefined).length}, choices: ${trace.choices.length}, virtual time: ${seconds(virtualMs)} (${new Date(trace.startMs).toISOString()} → ${new Date(report.endMs).toISOString()})`,
  );
  out(`outcome: ${describeOutcome(result.outcome)}`);
  if (result.outcome.status === 'liveness') {
    const { pending } = result.outcome;
    out('pending:');
    for (const line of pending.actors) out(`  actor ${line}`);
    for (const line of pending.openExecutions) out(`  open execution ${line}`);
    for (const line of pending.timers.slice(0, 20)) out(`  timer ${line}`);
    if (pending.timers.length > 20) out(`  … and ${pending.timers.length - 20} more timers`);
  }
}

/** `swf-sim run`. @internal */
export const run = defineCommand({
  name: 'run',
  usage: USAGE,
  options: {
    seed: { type: 'string' },
    faults: { type: 'string' },
    reorder: { type: 'boolean', default: false },
    trace: { type: 'string' },
    'replay-trace': { type: 'string' },
    timeline: { type: 'string' },
  },
  inputErrors: [FaultPlanError, TraceFileError],
  async execute({ values, positionals }, io) {
    const [path, ...extra] = positionals;
    if (path === undefined || extra.length > 0)
      throw new UsageError('expected exactly one scenario module', true);
    const replayPath = values['replay-trace'];
    let recorded: TraceFile | undefined;
    if (replayPath !== undefined) {
      if (values.seed !== undefined || values.faults !== undefined || values.reorder) {
        throw new UsageError(
          '--replay-trace takes the seed, faults and reordering from the trace; drop --seed/--faults/--reorder',
        );
      }
      recorded = parseTraceFile(readJsonFile(replayPath, 'trace file'));
    }
    const faults: FaultPlan =
      recorded?.faults ??
      (values.faults === undefined ? {} : parseFaultPlan(readJsonFile(values.faults, 'fault plan')));
    const seed = recorded?.seed ?? values.seed ?? randomBytes(4).readUInt32BE().toString();
    const reorder = recorded?.reorder ?? values.reorder;
    const module = await loadScenario(path);

    io.out(`swf-sim run ${path}\n`);
    io.out(
      `seed: ${seed}  reorder: ${reorder ? 'on' : 'off'}  faults: ${values.faults ?? (recorded !== undefined ? `from ${replayPath}` : 'none')}${Object.keys(faults).length > 0 ? ` ${JSON.stringify(faults)}` : ''}\n\n`,
    );

    let result: ScenarioResult;
    let code: ExitCode;
    if (recorded !== undefined) {
      const replay = await replayScenario(module, recorded, { scenario: path });
      result = replay.result;
      print(result, io);
      if (replay.divergence === undefined) {
        io.out(`replay: identical to ${replayPath} (${recorded.entries.length} trace entries)\n`);
        code = EXIT_OF_OUTCOME[result.outcome.status];
      } else {
        io.out(`replay: DIVERGED from ${replayPath} at ${replay.divergence.message}\n`);
        code = EXIT.traceDiverged;
      }
    } else {
      result = await runScenario(module, { seed, reorder, faults, scenario: path });
      print(result, io);
      code = EXIT_OF_OUTCOME[result.outcome.status];
      if (code !== EXIT.ok) io.out(`reproduce: ${reproduction(path, seed, reorder, values.faults)}\n`);
    }
    if (values.trace !== undefined) {
      writeFileSync(values.trace, formatTraceFile(result.trace));
      io.out(`trace: ${values.trace} (${result.trace.entries.length} entries)\n`);
    }
    if (values.timeline !== undefined) {
      writeFileSync(values.timeline, renderTimeline(scenarioTimelineInput(result, `swf-sim run ${path}`)));
      io.out(`timeline: ${values.timeline}\n`);
    }
    return code;
  },
});
