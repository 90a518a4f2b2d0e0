/**
 * `swf-sim run <scenario module> [--seed S] [--faults plan.json] [--reorder] [--trace out.json]
 * [--replay-trace trace.json]`: runs a scenario module (docs/runner.md) once on the deterministic
 * runner and prints its settings, its actors' log, every execution's history and the outcome.
 * The same arguments print the same bytes.
 *
 * Exit codes: 0 the scenario reached its goal (and its expected outcome); 1 a safety failure (an
 * actor threw, an expectation was not met, an actor awaited something outside the simulation);
 * 2 bad usage (arguments, module, fault plan or trace file); 3 a liveness failure (stuck, or out of
 * budget); 4 a replayed trace diverged from its recording.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatHistoryTable } from '../adapters/formats/historyTable.js';
import {
  describeOutcome,
  replayScenario,
  runScenario,
  type ScenarioModule,
  type ScenarioResult,
} from '../adapters/testing/harness/runScenario.js';
import { FaultPlanError, parseFaultPlan, type FaultPlan } from '../sim/faults/FaultPlan.js';
import { formatTraceFile, parseTraceFile, TraceFileError, type TraceFile } from '../sim/scheduler/Trace.js';

const USAGE = `usage: swf-sim run <scenario module> [--seed S] [--faults plan.json] [--reorder]
                    [--trace out.json] [--replay-trace trace.json]

Runs a scenario module once on the deterministic runner (see docs/runner.md).
  --seed S               seed of every random choice (default: a fresh one, printed)
  --faults plan.json     fault plan to inject (JSON: {"faults": [...], "rates": {...}})
  --reorder              choose among enabled steps from the seed instead of FIFO
  --trace out.json       save the run's trace (replay it with --replay-trace)
  --replay-trace t.json  re-run exactly as a saved trace recorded it and compare the traces
Exit codes: 0 ok, 1 failure, 2 usage, 3 liveness failure, 4 replay diverged.
`;

/** Thrown for anything the user must fix in the invocation; printed without a stack. */
export class UsageError extends Error {}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what} ${path} is not JSON: ${(error as Error).message}`);
  }
}

/** Imports a scenario module and checks its exports. */
export async function loadScenario(path: string): Promise<ScenarioModule> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new UsageError(
        `cannot load ${path}: this Node cannot import TypeScript directly; compile it (npm run build puts the examples in dist/fixtures/examples/*.js) or run node with a TypeScript loader`,
      );
    }
    if (code === 'ERR_MODULE_NOT_FOUND') {
      throw new UsageError(`cannot load ${path}: ${(error as Error).message}`);
    }
    throw error;
  }
  const module = (
    loaded.actors === undefined && typeof loaded.default === 'object' && loaded.default !== null
      ? loaded.default
      : loaded
  ) as Record<string, unknown>;
  const problems: string[] = [];
  const actors = module.actors;
  if (typeof actors !== 'object' || actors === null || Object.keys(actors).length === 0) {
    problems.push('it must export `actors`: an object of actor name → async (client, ctx) => void');
  } else {
    for (const [name, actor] of Object.entries(actors)) {
      if (typeof actor !== 'function')
        problems.push(`actors.${name} must be a function (client, ctx) => Promise<void>`);
    }
  }
  if (module.register !== undefined && typeof module.register !== 'function') {
    problems.push('`register` must be a function (client) => Promise<void>');
  }
  if (module.executions !== undefined && !Array.isArray(module.executions)) {
    problems.push('`executions` must be an array of StartWorkflowExecution inputs');
  }
  if (module.expected !== undefined && (typeof module.expected !== 'object' || module.expected === null)) {
    problems.push('`expected` must be an object such as { closeStatus: "COMPLETED" }');
  }
  if (problems.length > 0) {
    throw new UsageError(`${path} is not a scenario module:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return module as unknown as ScenarioModule;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function exitCode(result: ScenarioResult): number {
  switch (result.outcome.status) {
    case 'ok':
      return 0;
    case 'failure':
      return 1;
    case 'liveness':
      return 3;
    default: {
      const unreachable: never = result.outcome;
      return unreachable;
    }
  }
}

/** The command line that reproduces a run. */
function reproduction(path: string, seed: string, reorder: boolean, faultsPath: string | undefined): string {
  const parts = ['swf-sim run', path, '--seed', JSON.stringify(seed)];
  if (reorder) parts.push('--reorder');
  if (faultsPath !== undefined) parts.push('--faults', faultsPath);
  return parts.join(' ');
}

function print(result: ScenarioResult): void {
  const out = (line = ''): void => void process.stdout.write(`${line}\n`);
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

export async function run(args: string[]): Promise<number> {
  try {
    return await runCommand(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof FaultPlanError || error instanceof TraceFileError) {
      process.stderr.write(`swf-sim run: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function runCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        faults: { type: 'string' },
        reorder: { type: 'boolean', default: false },
        trace: { type: 'string' },
        'replay-trace': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`swf-sim run: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) {
    process.stderr.write(`swf-sim run: expected exactly one scenario module\n\n${USAGE}`);
    return 2;
  }
  const replayPath = values['replay-trace'];
  let recorded: TraceFile | undefined;
  if (replayPath !== undefined) {
    if (values.seed !== undefined || values.faults !== undefined || values.reorder) {
      throw new UsageError(
        '--replay-trace takes the seed, faults and reordering from the trace; drop --seed/--faults/--reorder',
      );
    }
    recorded = parseTraceFile(readJson(replayPath, 'trace file'));
  }
  const faults: FaultPlan =
    recorded?.faults ??
    (values.faults === undefined ? {} : parseFaultPlan(readJson(values.faults, 'fault plan')));
  const seed = recorded?.seed ?? values.seed ?? randomBytes(4).readUInt32BE().toString();
  const reorder = recorded?.reorder ?? values.reorder;
  const module = await loadScenario(path);

  process.stdout.write(`swf-sim run ${path}\n`);
  process.stdout.write(
    `seed: ${seed}  reorder: ${reorder ? 'on' : 'off'}  faults: ${values.faults ?? (recorded !== undefined ? `from ${replayPath}` : 'none')}${Object.keys(faults).length > 0 ? ` ${JSON.stringify(faults)}` : ''}\n\n`,
  );

  let result: ScenarioResult;
  let code: number;
  if (recorded !== undefined) {
    const replay = await replayScenario(module, recorded, { scenario: path });
    result = replay.result;
    print(result);
    if (replay.divergence === undefined) {
      process.stdout.write(`replay: identical to ${replayPath} (${recorded.entries.length} trace entries)\n`);
      code = exitCode(result);
    } else {
      process.stdout.write(`replay: DIVERGED from ${replayPath} at ${replay.divergence.message}\n`);
      code = 4;
    }
  } else {
    result = await runScenario(module, { seed, reorder, faults, scenario: path });
    print(result);
    code = exitCode(result);
    if (code !== 0) process.stdout.write(`reproduce: ${reproduction(path, seed, reorder, values.faults)}\n`);
  }
  if (values.trace !== undefined) {
    writeFileSync(values.trace, formatTraceFile(result.trace));
    process.stdout.write(`trace: ${values.trace} (${result.trace.entries.length} entries)\n`);
  }
  return code;
}
