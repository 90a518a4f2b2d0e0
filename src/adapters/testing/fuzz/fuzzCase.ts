/**
 * One fuzz case: a scenario run under a schedule and a fault plan, followed by a liveness phase,
 * then judged — SWF's invariants on every history, the user's properties, and liveness — into a
 * verdict that is plain data.
 */
import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { checkHistory, type CheckHistoryOptions } from '../../../sim/check/checkHistory.js';
import type { InvariantName, Violation } from '../../../sim/check/invariants.js';
import type { TimerHandle } from '../../../sim/clock/VirtualClock.js';
import { readFaultNote } from '../../../sim/faults/faultNotes.js';
import type { FaultPlan } from '../../../sim/faults/FaultPlan.js';
import type {
  LogLine,
  PendingReport,
  RunControls,
  RunOutcome,
  RunReport,
} from '../../../sim/scheduler/RunOutcome.js';
import type { TraceEntry, TraceFile } from '../../../sim/scheduler/Trace.js';
import type { OperationName } from '../../../sim/service/operations.js';
import type { FaultTargets, FuzzCase } from './arbitraries.js';
import { createRunner, timedOutMessage, type ExecutionSummary } from '../harness/createRunner.js';
import {
  allowedTimeouts,
  prepareScenario,
  scenarioRunnerOptions,
  type ScenarioModule,
  type ScenarioParameters,
} from '../harness/runScenario.js';

/**
 * A property of a finished run, as the user states it. It fails when it returns `false` or a string
 * (the explanation), or throws (a vitest `expect` failing inside it, say); anything else passes.
 * Properties are judged only on runs that passed the invariants and liveness.
 * @public
 */
export type FuzzProperty = (run: FuzzRun) => unknown;

/** One workflow run of a fuzz case, with its history. @public */
export interface FuzzExecution extends ExecutionSummary {
  readonly history: HistoryEvent[];
}

/** A finished fuzz run, as properties and reports see it. @public */
export interface FuzzRun {
  readonly case: FuzzCase;
  /** How the scheduler stopped (the fuzzer stops it when every run closed or the liveness budget ran out). */
  readonly outcome: RunOutcome;
  /** Every workflow run, in start order. */
  readonly executions: readonly FuzzExecution[];
  readonly logs: readonly LogLine[];
  readonly steps: number;
  /** Virtual ms since the start when the last injected fault took effect; undefined when none fired. */
  readonly lastFaultAtMs: number | undefined;
  /** Virtual ms since the start when the run stopped. */
  readonly endAtMs: number;
  /** The liveness budget this run was judged with (the option, or the default derived for it). */
  readonly livenessBudgetMs: number;
  /** The history of `workflowId`'s latest run, or of the first execution when omitted. */
  history(workflowId?: string): HistoryEvent[];
  /** The events of one type in that history. */
  events(type: EventType, workflowId?: string): HistoryEvent[];
  /** The run as a trace file (`swf-sim run --replay-trace` format). */
  traceFile(): TraceFile;
}

/**
 * Why a fuzz case failed. `failureClass` is what exit codes and summaries count: `safety` (something
 * that must never happen did: an invariant broke, a property failed, an actor threw) or `liveness`
 * (something that must eventually happen did not: a workflow stayed open).
 * @public
 */
export type FuzzFailure =
  | {
      readonly failureClass: 'safety';
      readonly kind: 'invariant';
      readonly invariant: InvariantName;
      /** `domain/workflowId (runId)` */
      readonly execution: string;
      readonly violations: readonly Violation[];
      readonly message: string;
    }
  | {
      readonly failureClass: 'safety';
      readonly kind: 'property';
      readonly property: string;
      readonly message: string;
    }
  | {
      readonly failureClass: 'safety';
      readonly kind: 'actorError' | 'watchdog' | 'harness';
      readonly actor?: string;
      readonly message: string;
    }
  | {
      readonly failureClass: 'liveness';
      readonly kind: 'liveness';
      /**
       * `budget`: still open the liveness budget after the last fault; `timedOut`: closed by a
       * timeout the scenario does not expect; else the scheduler's reason.
       */
      readonly reason: 'budget' | 'timedOut' | 'stuck' | 'maxSteps' | 'maxVirtualMs';
      readonly execution?: string;
      readonly pending: PendingReport;
      /** `noIdleOpenExecution` violations of the open histories: where they got stuck. */
      readonly violations: readonly Violation[];
      readonly message: string;
    };

/** A fuzz case's verdict: the run and, when it failed, why. @public */
export interface FuzzCaseResult {
  readonly case: FuzzCase;
  readonly run: FuzzRun;
  readonly failure: FuzzFailure | undefined;
}

/** Options of {@link runFuzzCase}. @public */
export interface FuzzRunOptions {
  /** The user's properties of a finished run, by name. */
  readonly properties?: Readonly<Record<string, FuzzProperty>>;
  /**
   * Liveness: once the last fault has taken effect, every workflow run must close within this much
   * virtual time. Set it above the longest chain of timeouts and backoffs the workflow may need to
   * recover. Default {@link defaultLivenessBudgetMs}: 6 hours, or half the shortest execution
   * timeout of the started executions when that is shorter.
   */
  readonly livenessBudgetMs?: number;
  /** Overrides of the scenario's parameters. */
  readonly parameters?: ScenarioParameters;
  /** Overrides the scenario's `virtualTimers`. */
  readonly virtualTimers?: boolean;
  /** Step budget of one run (a liveness failure when exhausted). Default 50 000. */
  readonly maxSteps?: number;
  /** Options of `checkHistory` for every history, e.g. `{ ignore: [...] }`. */
  readonly invariants?: CheckHistoryOptions;
  /** SDK attempts per call. Default 3 (the SDK's). */
  readonly maxAttempts?: number;
  /** Real-time watchdog period (createRunner's). */
  readonly watchdogMs?: number;
  /** Virtual start instant. */
  readonly startTime?: Date;
}

/** The longest default liveness budget: 6 virtual hours. @public */
export const DEFAULT_LIVENESS_BUDGET_MS = 6 * 3600 * 1000;

/**
 * The default liveness budget for executions: 6 hours, or half the shortest execution timeout
 * (`executionStartToCloseTimeout` of each run's `WorkflowExecutionStarted`) when that is shorter,
 * so that a stuck run is reported as stuck, with what it waits on, before its timeout closes it.
 * @public
 */
export function defaultLivenessBudgetMs(executions: readonly { readonly history: HistoryEvent[] }[]): number {
  let budget = DEFAULT_LIVENESS_BUDGET_MS;
  for (const e of executions) {
    const timeout = e.history[0]?.workflowExecutionStartedEventAttributes?.executionStartToCloseTimeout;
    const seconds = Number(timeout);
    if (timeout !== undefined && Number.isFinite(seconds)) budget = Math.min(budget, (seconds * 1000) / 2);
  }
  return budget;
}
const DEFAULT_MAX_STEPS = 50_000;
const BUDGET_TIMER = 'fuzz liveness budget';
const IDLE = 'noIdleOpenExecution';

/** A fuzz case failed; thrown by `Fuzzer.assertCase` and inside fast-check properties. @public */
export class FuzzCaseError extends Error {
  override readonly name = 'FuzzCaseError';
  /** The failed case's run and verdict (not enumerable: test reporters print the message, not this). */
  declare readonly result: FuzzCaseResult;

  constructor(result: FuzzCaseResult, message: string) {
    super(message);
    Object.defineProperty(this, 'result', { value: result, enumerable: false });
  }
}

/** When a trace entry's fault takes effect (virtual ms since the start), if it carries one. */
function faultEffectAtMs(entry: TraceEntry): number | undefined {
  if (entry.notes === undefined || entry.operation === 'sleep') return undefined;
  let at: number | undefined;
  for (const note of entry.notes) {
    // Not `backoff+…`: the SDK's own retry backoff is no fault.
    const fault = readFaultNote(note);
    if (fault === undefined) continue;
    const effect = entry.atMs + (fault.delayMs ?? 0);
    if (at === undefined || effect > at) at = effect;
  }
  return at;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs one fuzz case: the scenario's registrations and executions (alone, fault-free), then its
 * actors under the case's schedule and fault plan until every workflow run has closed — or until
 * the liveness budget has passed since the last fault took effect. Then judges the run: SWF's
 * invariants on every history (`checkHistory`), liveness (every run closed within the budget), and
 * the user's properties. The scenario's `expected` outcome is not applied: under faults a workflow
 * may legitimately fail; say what must hold with `properties`.
 * @public
 */
export async function runFuzzCase(
  scenario: ScenarioModule,
  fuzzCase: FuzzCase,
  options: FuzzRunOptions = {},
): Promise<FuzzCaseResult> {
  const runnerOptions = scenarioRunnerOptions(scenario, {
    seed: fuzzCase.seed,
    reorder: fuzzCase.reorder,
    faults: fuzzCase.faults,
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    ...(options.watchdogMs !== undefined && { watchdogMs: options.watchdogMs }),
    ...(options.startTime !== undefined && { startTime: options.startTime }),
    ...(options.parameters !== undefined && { parameters: options.parameters }),
    ...(options.virtualTimers !== undefined && { virtualTimers: options.virtualTimers }),
  });
  const runner = createRunner(runnerOptions);
  const { scheduler, service } = runner;
  const clock = service.clock;
  const relative = (): number => clock.now() - scheduler.startMs;
  const histories = (): FuzzExecution[] =>
    runner.executions().map((e) => ({ ...e, history: runner.history(e.domain, e.workflowId, e.runId) }));

  const failedSetup = await prepareScenario(runner, scenario, runnerOptions.parameters ?? {});
  let report: RunReport | undefined = failedSetup;
  const budgetMs = options.livenessBudgetMs ?? defaultLivenessBudgetMs(histories());
  let lastFaultAtMs: number | undefined;
  let budgetSpent = false;
  const allClosed = (): boolean => {
    let any = false;
    for (const domain of service.state.domains.values()) {
      if (domain.openRuns.size > 0) return false;
      if (domain.runs.size > 0) any = true;
    }
    return any;
  };
  if (report === undefined) {
    // The liveness phase: a virtual timer due `budgetMs` after the last fault took effect (after
    // the start while none has), re-armed whenever a later fault shows up in the trace.
    let budgetTimer: TimerHandle | undefined;
    const arm = (fromMs: number): void => {
      budgetTimer?.cancel();
      budgetTimer = clock.after(Math.max(0, fromMs + budgetMs - relative()), BUDGET_TIMER, () => {
        budgetSpent = true;
      });
    };
    arm(relative());
    let scanned = scheduler.entries.length;
    report = await runner.run({
      until: () => {
        const entries = scheduler.entries;
        let moved = false;
        for (; scanned < entries.length; scanned++) {
          const at = faultEffectAtMs(entries[scanned] as TraceEntry);
          if (at !== undefined && (lastFaultAtMs === undefined || at > lastFaultAtMs)) {
            lastFaultAtMs = at;
            moved = true;
          }
        }
        if (moved && lastFaultAtMs !== undefined) arm(lastFaultAtMs);
        return budgetSpent || allClosed();
      },
      maxSteps: options.maxSteps ?? scenario.controls?.maxSteps ?? DEFAULT_MAX_STEPS,
      ...(scenario.controls?.maxVirtualMs !== undefined && { maxVirtualMs: scenario.controls.maxVirtualMs }),
    });
    budgetTimer?.cancel();
  }

  const executions = histories();
  const find = (workflowId?: string): FuzzExecution | undefined =>
    workflowId === undefined ? executions[0] : executions.filter((e) => e.workflowId === workflowId).at(-1);
  const run: FuzzRun = {
    case: fuzzCase,
    outcome: report.outcome,
    executions,
    logs: [...scheduler.logs],
    steps: scheduler.steps,
    lastFaultAtMs,
    endAtMs: relative(),
    livenessBudgetMs: budgetMs,
    history: (workflowId) => find(workflowId)?.history ?? [],
    events: (type, workflowId) => (find(workflowId)?.history ?? []).filter((e) => e.eventType === type),
    traceFile: () => runner.traceFile(outcomeLine(report.outcome)),
  };
  const failure = await judge(run, {
    budgetSpent: budgetSpent && !allClosed(),
    allowTimeouts: allowedTimeouts(scenario, scenario.controls),
    pending: () => scheduler.pending(),
    options,
  });
  runner.close();
  return { case: fuzzCase, run, failure };
}

function outcomeLine(outcome: RunOutcome): string {
  return outcome.status === 'ok' ? `ok (${outcome.reason})` : `${outcome.status} (${outcome.reason})`;
}

function executionName(e: ExecutionSummary): string {
  return `${e.domain}/${e.workflowId} (${e.runId})`;
}

function withoutBudgetTimer(pending: PendingReport): PendingReport {
  return { ...pending, timers: pending.timers.filter((t) => !t.endsWith(BUDGET_TIMER)) };
}

/** What {@link judge} needs besides the run. */
interface Verdict {
  /** The liveness budget ran out with a run still open. */
  readonly budgetSpent: boolean;
  readonly allowTimeouts: RunControls['allowTimeouts'];
  readonly pending: () => PendingReport;
  readonly options: FuzzRunOptions;
}

async function judge(
  run: FuzzRun,
  { budgetSpent, allowTimeouts, pending, options }: Verdict,
): Promise<FuzzFailure | undefined> {
  const { outcome } = run;
  if (outcome.status === 'failure') {
    return {
      failureClass: 'safety',
      kind: outcome.reason,
      ...(outcome.actor !== undefined && { actor: outcome.actor }),
      message: outcome.message,
    };
  }
  const idle: Violation[] = [];
  for (const e of run.executions) {
    const violations = checkHistory(e.history, options.invariants);
    const safety = violations.filter((v) => v.invariant !== IDLE);
    idle.push(...violations.filter((v) => v.invariant === IDLE));
    const first = safety[0];
    if (first !== undefined) {
      return {
        failureClass: 'safety',
        kind: 'invariant',
        invariant: first.invariant,
        execution: executionName(e),
        violations: safety,
        message: `${executionName(e)} breaks ${first.invariant}: ${first.message}`,
      };
    }
  }
  const open = run.executions.find((e) => e.status === 'OPEN');
  const timedOut = timedOutMessage(run.executions, allowTimeouts);
  if (timedOut !== undefined && outcome.status === 'ok') {
    const first = run.executions.find((e) => e.closeStatus === 'TIMED_OUT');
    return {
      failureClass: 'liveness',
      kind: 'liveness',
      reason: 'timedOut',
      ...(first !== undefined && { execution: executionName(first) }),
      pending: withoutBudgetTimer(pending()),
      violations: idle,
      message: timedOut,
    };
  }
  if (outcome.status === 'liveness' || budgetSpent) {
    const since =
      run.lastFaultAtMs === undefined
        ? 'the start'
        : `the last fault took effect (+${seconds(run.lastFaultAtMs)})`;
    const message =
      outcome.status === 'liveness'
        ? outcome.message
        : `${open === undefined ? 'a workflow run' : executionName(open)} is still open ${seconds(run.livenessBudgetMs)} after ${since}: it did not close within the liveness budget`;
    return {
      failureClass: 'liveness',
      kind: 'liveness',
      reason: outcome.status === 'liveness' ? outcome.reason : 'budget',
      ...(open !== undefined && { execution: executionName(open) }),
      pending: withoutBudgetTimer(outcome.status === 'liveness' ? outcome.pending : pending()),
      violations: idle,
      message,
    };
  }
  for (const [name, property] of Object.entries(options.properties ?? {})) {
    let verdict: unknown;
    try {
      verdict = await property(run);
    } catch (error) {
      return { failureClass: 'safety', kind: 'property', property: name, message: describeError(error) };
    }
    if (verdict === false || typeof verdict === 'string') {
      return {
        failureClass: 'safety',
        kind: 'property',
        property: name,
        message: verdict === false ? `property "${name}" does not hold` : verdict,
      };
    }
  }
  return undefined;
}

/**
 * A stable name for what failed — `invariant:<name>`, `property:<name>`, `actorError:<actor>`,
 * `liveness` — so that shrinking can insist on the same failure.
 * @public
 */
export function failureKey(failure: FuzzFailure): string {
  switch (failure.kind) {
    case 'invariant':
      return `invariant:${failure.invariant}`;
    case 'property':
      return `property:${failure.property}`;
    case 'actorError':
    case 'watchdog':
    case 'harness':
      return `${failure.kind}:${failure.actor ?? ''}`;
    case 'liveness':
      return 'liveness';
    default: {
      const unreachable: never = failure;
      return String(unreachable);
    }
  }
}

/** Options of {@link discoverFaultTargets}. @public */
export interface DiscoverFaultTargetsOptions extends FuzzRunOptions {
  /** The fault window: no fault selects a call after this one of its operation. Default 6. */
  readonly maxCall?: number;
  /** Calls beyond those the pilot made that faults may still select (retries shift numbers). Default 2. */
  readonly extraCalls?: number;
}

/**
 * What faults can aim at in a scenario, found by one fault-free FIFO pilot run: each actor's
 * operations with the number of calls of each it made (plus `extraCalls`, at most `maxCall`), and
 * the activity types it scheduled.
 * @public
 */
export async function discoverFaultTargets(
  scenario: ScenarioModule,
  options: DiscoverFaultTargetsOptions = {},
): Promise<FaultTargets> {
  return faultTargetsOf(scenario, await runPilot(scenario, options), options);
}

/** The fault-free FIFO pilot run of a scenario. @internal */
export function runPilot(scenario: ScenarioModule, options: FuzzRunOptions): Promise<FuzzCaseResult> {
  return runFuzzCase(scenario, { seed: 'pilot', reorder: false, faults: {} }, options);
}

/** What faults can aim at, from a pilot run (see {@link discoverFaultTargets}). @internal */
export function faultTargetsOf(
  scenario: ScenarioModule,
  pilot: FuzzCaseResult,
  options: DiscoverFaultTargetsOptions,
): FaultTargets {
  const maxCall = options.maxCall ?? 6;
  const extraCalls = options.extraCalls ?? 2;
  const counts = new Map<string, Map<string, number>>();
  const names = new Set(Object.keys(scenario.actors));
  for (const entry of pilot.run.traceFile().entries) {
    if (entry.kind !== 'call' || entry.operation === undefined || entry.operation === 'sleep') continue;
    if (entry.actor === undefined || !names.has(entry.actor)) continue;
    let ops = counts.get(entry.actor);
    if (ops === undefined) counts.set(entry.actor, (ops = new Map<string, number>()));
    ops.set(entry.operation, (ops.get(entry.operation) ?? 0) + 1);
  }
  const actors: Record<string, Partial<Record<OperationName, number>>> = {};
  for (const [actor, ops] of counts) {
    actors[actor] = Object.fromEntries([...ops].map(([op, n]) => [op, Math.min(n + extraCalls, maxCall)]));
  }
  const activityTypes = new Set<string>();
  for (const e of pilot.run.executions) {
    for (const event of e.history) {
      const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (name !== undefined) activityTypes.add(name);
    }
  }
  return { actors, activityTypes: [...activityTypes] };
}

/** The plan as JSON with one fault per line: small enough to read, valid for `--faults`. @public */
export function formatFaultPlan(plan: FaultPlan): string {
  const faults = plan.faults ?? [];
  const lines = ['{'];
  const rates = plan.rates === undefined ? undefined : `  "rates": ${JSON.stringify(plan.rates)}`;
  if (faults.length === 0) lines.push(`  "faults": []${rates === undefined ? '' : ','}`);
  else {
    lines.push('  "faults": [');
    faults.forEach((f, i) => lines.push(`    ${JSON.stringify(f)}${i < faults.length - 1 ? ',' : ''}`));
    lines.push(`  ]${rates === undefined ? '' : ','}`);
  }
  if (rates !== undefined) lines.push(rates);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
