import {
  StartWorkflowExecutionCommand,
  type CloseStatus,
  type HistoryEvent,
  type StartWorkflowExecutionInput,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { ScriptedChooser } from '../../../sim/random/Chooser.js';
import type { SpawnOptions } from '../../../sim/scheduler/Actor.js';
import type { LogLine, RunControls, RunOutcome, RunReport } from '../../../sim/scheduler/RunOutcome.js';
import { compareTraces, type TraceDivergence, type TraceFile } from '../../../sim/scheduler/Trace.js';
import {
  createRunner,
  RunnerSetupError,
  type ActorClientFactory,
  type ExecutionSummary,
  type Runner,
  type RunnerOptions,
  type SdkActor,
} from './createRunner.js';

/** How every started execution should end. @public */
export interface ExpectedOutcome {
  /** `TIMED_OUT` also lets executions close by a timeout (otherwise a liveness failure). */
  readonly closeStatus?: CloseStatus;
  /** The `result` of `WorkflowExecutionCompleted`. */
  readonly result?: string;
  /** The `reason` of `WorkflowExecutionFailed`. */
  readonly reason?: string;
}

/**
 * A scenario module (docs/runner.md): plain named exports that `swf-sim run` and
 * {@link runScenario} understand.
 * @public
 */
export interface ScenarioModule {
  /** Registrations: domains and types, through a real client. Runs first, alone, without faults. */
  readonly register?: (client: SWFClient) => Promise<void>;
  /** The actors under test, by name; each gets its own client. */
  readonly actors: Readonly<Record<string, SdkActor>>;
  /** How actors are treated (exempt from rate faults, restarted on error). */
  readonly actorOptions?: Readonly<Record<string, SpawnOptions>>;
  /**
   * Executions the setup starts after the registrations, in order; or a function of the
   * scenario's parameters that returns them.
   */
  readonly executions?: ScenarioExecutions;
  /** The scenario's parameters and their defaults (`ctx.parameters`; runs may override them). */
  readonly parameters?: ScenarioParameters;
  /** How every execution should end; checked when the run reaches its goal. */
  readonly expected?: ExpectedOutcome;
  /** When to stop and the budgets; default: until every execution closed. */
  readonly controls?: RunControls;
  /** Run the actors' timers, `Date` and `performance.now` on virtual time (createRunner's option). */
  readonly virtualTimers?: boolean;
  /** Builds the actors' clients (createRunner's option), so `swf-sim run` and fuzzing use yours. */
  readonly createClient?: ActorClientFactory;
}

/** A scenario's parameters: plain JSON-like values by name. @public */
export type ScenarioParameters = Readonly<Record<string, unknown>>;

/** The executions a scenario starts: a list, or a function of its parameters. @public */
export type ScenarioExecutions =
  | readonly StartWorkflowExecutionInput[]
  | ((parameters: ScenarioParameters) => readonly StartWorkflowExecutionInput[]);

/** The runner options a scenario module implies, overridden by `options`. @internal */
export function scenarioRunnerOptions(module: ScenarioModule, options: RunnerOptions): RunnerOptions {
  const virtualTimers = options.virtualTimers ?? module.virtualTimers;
  const createClient = options.createClient ?? module.createClient;
  return {
    ...options,
    parameters: { ...module.parameters, ...options.parameters },
    ...(virtualTimers !== undefined && { virtualTimers }),
    ...(createClient !== undefined && { createClient }),
  };
}

/**
 * Registers the scenario's types and starts its executions (alone, fault-free, as the setup
 * actor), then spawns its actors. Returns the setup's report when the setup failed.
 * @internal
 */
export async function prepareScenario(
  runner: Runner,
  module: ScenarioModule,
  parameters: ScenarioParameters,
): Promise<RunReport | undefined> {
  const executions = module.executions;
  const starts = typeof executions === 'function' ? executions(parameters) : (executions ?? []);
  try {
    await runner.setup(async (swf) => {
      await module.register?.(swf);
      for (const input of starts) await swf.send(new StartWorkflowExecutionCommand(input));
    });
  } catch (error) {
    if (error instanceof RunnerSetupError) return error.report;
    throw error;
  }
  for (const [name, actor] of Object.entries(module.actors)) {
    runner.spawn(name, actor, module.actorOptions?.[name]);
  }
  return undefined;
}

/** Whether the scenario lets its executions close by a timeout: `expected` says TIMED_OUT, or `allowTimeouts`. @internal */
export function allowedTimeouts(
  module: ScenarioModule,
  controls: RunControls | undefined,
): RunControls['allowTimeouts'] {
  return controls?.allowTimeouts ?? (module.expected?.closeStatus === 'TIMED_OUT' || undefined);
}

/** A scenario's outcome: the run's, or an expectation the histories did not meet. @public */
export type ScenarioOutcome =
  RunOutcome | { readonly status: 'failure'; readonly reason: 'expectation'; readonly message: string };

/** Everything a scenario run produced. @public */
export interface ScenarioResult {
  readonly outcome: ScenarioOutcome;
  /** The main run (after setup). */
  readonly report: RunReport;
  readonly executions: readonly (ExecutionSummary & { readonly history: HistoryEvent[] })[];
  readonly logs: readonly LogLine[];
  readonly trace: TraceFile;
}

/** Options of {@link runScenario}. @public */
export interface ScenarioRunOptions extends RunnerOptions {
  /** Name recorded in the trace (e.g. the module path). */
  readonly scenario?: string;
  /** Overrides the module's controls. */
  readonly controls?: RunControls;
}

/** A one-line account of an outcome, as traces and the CLI print it. @public */
export function describeOutcome(outcome: ScenarioOutcome): string {
  switch (outcome.status) {
    case 'ok':
      return `ok (${outcome.reason})`;
    case 'liveness':
      return `liveness failure (${outcome.reason}): ${outcome.message}`;
    case 'failure':
      return `failure (${outcome.reason}): ${outcome.message}`;
    default: {
      const unreachable: never = outcome;
      return String(unreachable);
    }
  }
}

function unmet(expected: ExpectedOutcome, executions: readonly ExecutionSummary[]): string | undefined {
  if (executions.length === 0) return 'no execution was started';
  for (const e of executions) {
    const name = `${e.workflowId} (${e.runId})`;
    if (expected.closeStatus !== undefined && e.closeStatus !== expected.closeStatus) {
      return `${name} ended ${e.closeStatus ?? 'still OPEN'}, expected ${expected.closeStatus}`;
    }
    if (expected.result !== undefined && e.result !== expected.result) {
      return `${name} has result ${JSON.stringify(e.result)}, expected ${JSON.stringify(expected.result)}`;
    }
    if (expected.reason !== undefined && e.reason !== expected.reason) {
      return `${name} has reason ${JSON.stringify(e.reason)}, expected ${JSON.stringify(expected.reason)}`;
    }
  }
  return undefined;
}

/**
 * Runs a scenario once: its registrations and executions (alone, fault-free), then its actors under
 * the options' seed, reordering and faults until every execution closes (or the module's controls
 * say otherwise); then checks the expected outcome.
 * @public
 */
export async function runScenario(
  module: ScenarioModule,
  options: ScenarioRunOptions = {},
): Promise<ScenarioResult> {
  const runnerOptions = scenarioRunnerOptions(module, options);
  const runner = createRunner(runnerOptions);
  const controls = options.controls ?? module.controls;
  const allowTimeouts = allowedTimeouts(module, controls);
  const report =
    (await prepareScenario(runner, module, runnerOptions.parameters ?? {})) ??
    (await runner.run({ ...controls, ...(allowTimeouts !== undefined && { allowTimeouts }) }));
  runner.close();
  let outcome: ScenarioOutcome = report.outcome;
  const executions = runner.executions();
  if (outcome.status === 'ok' && module.expected !== undefined) {
    const problem = unmet(module.expected, executions);
    if (problem !== undefined) outcome = { status: 'failure', reason: 'expectation', message: problem };
  }
  return {
    outcome,
    report,
    executions: executions.map((e) => ({ ...e, history: runner.history(e.domain, e.workflowId, e.runId) })),
    logs: [...runner.scheduler.logs],
    trace: runner.traceFile(describeOutcome(outcome), options.scenario),
  };
}

/** A replay of a saved trace: the re-run and where it departs from the recording, if it does. @public */
export interface ReplayResult {
  readonly result: ScenarioResult;
  readonly divergence: TraceDivergence | undefined;
}

/**
 * Re-runs a scenario exactly as a trace recorded it — same seed, fault plan, start time and SDK
 * attempts, the chooser replaying the recorded answers — and compares the new trace with the saved
 * one entry by entry.
 * @public
 */
export async function replayScenario(
  module: ScenarioModule,
  trace: TraceFile,
  options: Pick<ScenarioRunOptions, 'controls' | 'watchdogMs' | 'scenario'> = {},
): Promise<ReplayResult> {
  const result = await runScenario(module, {
    ...options,
    seed: trace.seed,
    reorder: trace.reorder,
    faults: trace.faults,
    startTime: new Date(trace.startMs),
    maxAttempts: trace.maxAttempts,
    virtualTimers: trace.virtualTimers === true,
    parameters: trace.parameters ?? {},
    chooser: new ScriptedChooser(trace.choices),
    ...(trace.scenario !== undefined && options.scenario === undefined && { scenario: trace.scenario }),
  });
  return { result, divergence: compareTraces(trace.entries, result.trace.entries) };
}
