import {
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
  DeleteActivityTypeCommand,
  DeleteWorkflowTypeCommand,
  DeprecateActivityTypeCommand,
  DeprecateWorkflowTypeCommand,
  ListOpenWorkflowExecutionsCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  UndeprecateActivityTypeCommand,
  UndeprecateWorkflowTypeCommand,
  type Decision,
  type HistoryEvent,
  type PollForDecisionTaskCommandOutput,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { attributesOf } from '../../../sim/history/appendEvent.js';
import {
  compareHistories,
  formatHistoryComparison,
  REENACT_TOLERANCE_MS,
  type HistoryComparison,
} from '../../../sim/replay/compareHistories.js';
import { planReenactment } from '../../../sim/replay/reenactment/planReenactment.js';
import {
  REENACT_PREFIX,
  STAND_IN_TYPE,
  type LambdaOutcome,
  type ReenactmentPlan,
  type ReenactStep,
} from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import { UnusableHistoryError } from '../../../sim/replay/ReplayDivergenceError.js';
import { requireUsableHistory } from '../../../sim/replay/requireUsableHistory.js';
import type { LambdaFunction } from '../../../sim/service/ServiceState.js';
import { DEFAULT_START_MS } from '../../../sim/service/SwfService.js';
import { createSimulation, type Simulation } from '../harness/createSimulation.js';
import type { ReplayInput } from '../replay/replayHistory.js';

/** Options of {@link reenactHistory} and {@link reenactHistories}. @public */
export interface ReenactOptions {
  /** Name in reports (for one history); default the file's path or `history`. */
  readonly name?: string;
  /** The domain the re-enactment registers (a history does not name its domain). Default `swf-sim-reenact`. */
  readonly domain?: string;
  /** The run's workflowId; default what the history tells (`inferExecution`), else `swf-sim-reenact`. */
  readonly workflowId?: string;
  /** See `REENACT_TOLERANCE_MS` (500 ms). */
  readonly toleranceMs?: number;
  /** Seed of the simulation (it draws the runIds). Default `swf-sim-reenact`. */
  readonly seed?: string;
  /**
   * Count known divergences (docs/divergences.md, "Re-enactment") as failures too. Default false:
   * a history whose every difference is a documented divergence passes.
   */
  readonly strict?: boolean;
}

/** The re-enactment of one history. @public */
export interface ReenactResult {
  readonly name: string;
  /**
   * - `identical`: the simulator wrote the recorded history (timestamps within the tolerance);
   * - `knownDivergences`: it differs only in documented, deliberate ways;
   * - `different`: it differs otherwise, or the re-enactment could not go on (`stoppedAt`);
   * - `error`: the history cannot be re-enacted (`error`).
   */
  readonly status: 'identical' | 'knownDivergences' | 'different' | 'error';
  /** `identical`, or `knownDivergences` unless `strict`. */
  readonly ok: boolean;
  readonly comparison?: HistoryComparison;
  readonly recorded: readonly HistoryEvent[];
  /** The history the simulator wrote for the re-enacted run. */
  readonly reenacted: readonly HistoryEvent[];
  /** A recorded event the re-enactment could not bring about; it stopped there. */
  readonly stoppedAt?: { readonly eventId: number; readonly message: string };
  /** What cannot be re-enacted exactly, known before running (one sentence each). */
  readonly limitations: readonly string[];
  readonly error?: string;
}

/**
 * A re-enactment whose history differs from the recording (beyond the documented divergences).
 * @public
 */
export class ReenactmentDivergenceError extends Error {
  override readonly name = 'ReenactmentDivergenceError';

  constructor(readonly result: ReenactResult) {
    super(formatReenactResult(result));
  }
}

/**
 * Re-enacts a recorded history in the simulator: drives it through a real SDK client, on a
 * virtual clock moved by hand to each recorded instant, with what the recording says happened —
 * registrations inferred from it, the start with its recorded configuration, each batch's
 * decisions recovered from its events, activity polls and outcomes (and the heartbeats they
 * imply), signals, cancel requests, terminations, children's outcomes (the child side is played
 * by the re-enactment), Lambda results — then compares the history the simulator wrote with the
 * recording (`compareHistories`).
 * Resolves with the result when the histories are identical or differ only by documented
 * divergences (with `strict`, only when identical).
 * @throws ReenactmentDivergenceError otherwise.
 * @throws UnusableHistoryError when the history cannot be re-enacted at all.
 * @public
 */
export async function reenactHistory(
  history: ReplayInput,
  options: ReenactOptions = {},
): Promise<ReenactResult> {
  const result = await reenactOne(history, options, 'history');
  if (result.status === 'error') throw new UnusableHistoryError(`${result.name}: ${result.error ?? ''}`);
  if (!result.ok) throw new ReenactmentDivergenceError(result);
  return result;
}

/** Re-enacts many histories; one result per history, as data. @public */
export async function reenactHistories(
  histories: Iterable<ReplayInput>,
  options: Omit<ReenactOptions, 'name' | 'workflowId'> = {},
): Promise<ReenactResult[]> {
  const results: ReenactResult[] = [];
  let index = 0;
  for (const history of histories) {
    index++;
    results.push(await reenactOne(history, options, `history #${String(index)}`));
  }
  return results;
}

async function reenactOne(
  input: ReplayInput,
  options: ReenactOptions,
  fallbackName: string,
): Promise<ReenactResult> {
  const events: readonly HistoryEvent[] = Array.isArray(input)
    ? (input as readonly HistoryEvent[])
    : (input as { events: readonly HistoryEvent[] }).events;
  const named = Array.isArray(input) ? {} : (input as { name?: string; path?: string; source?: string });
  const name = options.name ?? named.name ?? named.path ?? fallbackName;
  try {
    requireUsableHistory(events, 2);
  } catch (error) {
    if (!(error instanceof UnusableHistoryError)) throw error;
    return {
      name,
      status: 'error',
      ok: false,
      recorded: events,
      reenacted: [],
      limitations: [],
      error: error.message,
    };
  }
  const plan = planReenactment(events, {
    ...(options.workflowId !== undefined && { workflowId: options.workflowId }),
    ...(named.source !== undefined && { source: named.source }),
  });
  const reenactor = new Reenactor(plan, options);
  let stoppedAt: { eventId: number; message: string } | undefined;
  let reenacted: HistoryEvent[] = [];
  try {
    stoppedAt = await reenactor.run();
    reenacted = reenactor.history();
  } finally {
    reenactor.close();
  }
  const comparison = compareHistories(events, reenacted, {
    toleranceMs: options.toleranceMs ?? REENACT_TOLERANCE_MS,
  });
  const status: ReenactResult['status'] =
    stoppedAt !== undefined || !comparison.explained
      ? 'different'
      : comparison.identical
        ? 'identical'
        : 'knownDivergences';
  return {
    name,
    status,
    ok: status === 'identical' || (status === 'knownDivergences' && options.strict !== true),
    comparison,
    recorded: events,
    reenacted,
    ...(stoppedAt !== undefined && { stoppedAt }),
    limitations: [...plan.limitations, ...reenactor.notes],
  };
}

/** A re-enactment result in a few lines: a headline, the differences, the histories side by side. @public */
export function formatReenactResult(result: ReenactResult): string {
  const events = `${String(result.recorded.length)} events`;
  const lines: string[] = [];
  switch (result.status) {
    case 'error':
      return `ERROR ${result.name}: ${result.error ?? 'cannot re-enact'}`;
    case 'identical':
      lines.push(
        `OK    ${result.name}: identical (${events}, timestamps within ${String(result.comparison?.maxTimestampDeltaMs ?? 0)} ms)`,
      );
      break;
    case 'knownDivergences': {
      const ids = [...new Set(result.comparison?.differences.map((d) => d.known?.id))].join(', ');
      lines.push(
        `${result.ok ? 'OK   ' : 'FAIL '} ${result.name}: identical but for known divergences: ${ids} (${events})`,
      );
      break;
    }
    case 'different':
      lines.push(
        `FAIL  ${result.name}: ${result.stoppedAt === undefined ? 'differs' : `stopped at event ${String(result.stoppedAt.eventId)}: ${result.stoppedAt.message}`} (${events})`,
      );
      break;
    default: {
      const unknown: never = result.status;
      return String(unknown);
    }
  }
  if (result.comparison !== undefined && !result.comparison.identical) {
    lines.push(
      ...formatHistoryComparison(result.comparison, result.recorded, result.reenacted)
        .split('\n')
        .map((line) => `      ${line}`),
    );
  }
  if (result.status !== 'identical') {
    for (const limitation of result.limitations) lines.push(`      note: ${limitation}`);
  }
  return lines.join('\n');
}

/** A step the re-enactment cannot take; it stops there. */
class StepError extends Error {}

interface ChildRun {
  readonly workflowId: string;
  readonly runId: string;
  readonly taskList: string;
  /** The private task list its decision tasks were moved to, once diverted. */
  privateList?: string;
}

/** A run the re-enactment started for its own needs, on a private task list. */
interface StandIn {
  readonly workflowId: string;
  readonly runId: string;
  readonly list: string;
}

const LONG_ENOUGH_S = '31536000';

/**
 * Drives one simulation through a plan: registrations, stand-ins, the start, then each step at
 * its recorded instant.
 */
class Reenactor {
  readonly notes: string[] = [];
  private readonly sim: Simulation;
  private readonly swf: SWFClient;
  private readonly domain: string;
  private mainRunId = '';
  /** Recorded runIds → the re-enactment's. */
  private readonly runIds = new Map<string, string>();
  private decisionToken: string | undefined;
  private readonly activityTokens = new Map<string, string>();
  private readonly children = new Map<string, ChildRun>();
  /** Runs the re-enactment started for its own needs (targets, senders, a parent), by workflowId. */
  private readonly standIns = new Map<string, StandIn>();
  private readonly childRunCount = new Map<string, number>();
  private privateLists = 0;

  constructor(
    private readonly plan: ReenactmentPlan,
    options: ReenactOptions,
  ) {
    this.domain = options.domain ?? REENACT_PREFIX;
    this.sim = createSimulation({
      seed: options.seed ?? REENACT_PREFIX,
      startTime: new Date(plan.startMs ?? DEFAULT_START_MS),
      autoAdvance: false,
      decisionScheduleToStartAttribute: plan.serviceOptions.decisionScheduleToStartAttribute,
      lambdaAvailable: plan.serviceOptions.lambdaAvailable,
      lambdaFunctions: lambdaFunctions(plan.lambdas),
      ...(plan.serviceOptions.maxHistoryEvents !== undefined && {
        maxHistoryEvents: plan.serviceOptions.maxHistoryEvents,
      }),
    });
    this.swf = this.sim.client();
  }

  close(): void {
    this.sim.close();
  }

  history(): HistoryEvent[] {
    return this.mainRunId === '' ? [] : this.sim.history(this.domain, this.plan.workflowId, this.mainRunId);
  }

  /** Runs the plan; returns where it had to stop, if it did. */
  async run(): Promise<{ eventId: number; message: string } | undefined> {
    try {
      await this.setUp();
    } catch (error) {
      return { eventId: 1, message: `the run could not be set up: ${describe(error)}` };
    }
    for (const step of this.plan.steps) {
      this.advanceTo(step);
      try {
        await this.execute(step);
      } catch (error) {
        return { eventId: step.eventId, message: describe(error) };
      }
    }
    return undefined;
  }

  private advanceTo(step: ReenactStep): void {
    if (step.atMs === undefined || this.plan.startMs === undefined) {
      if (step.kind === 'await') this.awaitUntimed(step.eventId);
      return;
    }
    const target = this.plan.startMs + step.atMs;
    const now = this.sim.now().getTime();
    if (target > now) this.sim.advanceBy(target - now);
  }

  /** Without timestamps, time moves from timer to timer until the run has the awaited event. */
  private awaitUntimed(eventId: number): void {
    for (let i = 0; i < 1000 && this.history().length < eventId; i++) {
      if (!this.sim.service.clock.advanceToNextTimer()) return;
    }
  }

  private async setUp(): Promise<void> {
    const { swf, domain, plan } = this;
    await swf.send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '90' }));
    for (const registration of plan.registrations) {
      const { name, version } = registration.type;
      const d = registration.defaults;
      if (registration.kind === 'workflow') {
        await swf.send(
          new RegisterWorkflowTypeCommand({
            domain,
            name,
            version,
            ...(d.defaultTaskList !== undefined && { defaultTaskList: d.defaultTaskList }),
            ...(d.defaultExecutionStartToCloseTimeout !== undefined && {
              defaultExecutionStartToCloseTimeout: d.defaultExecutionStartToCloseTimeout,
            }),
            ...(d.defaultTaskStartToCloseTimeout !== undefined && {
              defaultTaskStartToCloseTimeout: d.defaultTaskStartToCloseTimeout,
            }),
            ...(d.defaultChildPolicy !== undefined && { defaultChildPolicy: d.defaultChildPolicy }),
          }),
        );
      } else {
        await swf.send(
          new RegisterActivityTypeCommand({
            domain,
            name,
            version,
            ...(d.defaultTaskList !== undefined && { defaultTaskList: d.defaultTaskList }),
            ...(d.defaultTaskScheduleToStartTimeout !== undefined && {
              defaultTaskScheduleToStartTimeout: d.defaultTaskScheduleToStartTimeout,
            }),
            ...(d.defaultTaskScheduleToCloseTimeout !== undefined && {
              defaultTaskScheduleToCloseTimeout: d.defaultTaskScheduleToCloseTimeout,
            }),
            ...(d.defaultTaskStartToCloseTimeout !== undefined && {
              defaultTaskStartToCloseTimeout: d.defaultTaskStartToCloseTimeout,
            }),
            ...(d.defaultTaskHeartbeatTimeout !== undefined && {
              defaultTaskHeartbeatTimeout: d.defaultTaskHeartbeatTimeout,
            }),
          }),
        );
      }
    }
    const standIns = [...plan.standIns.map((workflowId) => ({ workflowId })), ...plan.senders];
    if (standIns.length > 0 || plan.parent !== undefined) {
      await swf.send(new RegisterWorkflowTypeCommand({ domain, ...STAND_IN_TYPE }));
    }
    for (const standIn of standIns) {
      const recorded = 'runId' in standIn ? standIn.runId : plan.recordedRunIds.get(standIn.workflowId)?.[0];
      await this.startStandIn(standIn.workflowId, recorded);
    }
    this.mainRunId = await this.startRun();
    if (plan.recordedRunId !== undefined) this.runIds.set(plan.recordedRunId, this.mainRunId);
    for (const registration of plan.registrations) {
      if (registration.deprecated) await this.changeType(registration.kind, registration.type, 'deprecate');
    }
  }

  private privateList(): string {
    this.privateLists++;
    return `${REENACT_PREFIX}-private-${String(this.privateLists)}`;
  }

  /** Starts a stand-in run on a private task list; its recorded runId (if known) maps to it. */
  private async startStandIn(workflowId: string, recordedRunId: string | undefined): Promise<StandIn> {
    const list = this.privateList();
    const { runId } = await this.swf.send(
      new StartWorkflowExecutionCommand({
        domain: this.domain,
        workflowId,
        workflowType: STAND_IN_TYPE,
        taskList: { name: list },
        executionStartToCloseTimeout: LONG_ENOUGH_S,
        taskStartToCloseTimeout: 'NONE',
        childPolicy: 'ABANDON',
      }),
    );
    const standIn: StandIn = { workflowId, runId: runId ?? '', list };
    this.standIns.set(workflowId, standIn);
    if (recordedRunId !== undefined) this.runIds.set(recordedRunId, standIn.runId);
    return standIn;
  }

  /**
   * Starts the re-enacted run as the recording shows it began: a plain start; a child of a
   * stand-in parent whose StartChildWorkflowExecutionInitiated lands at the recorded
   * `parentInitiatedEventId`; or the continuation of a stand-in run (`continuedExecutionRunId`).
   */
  private async startRun(): Promise<string> {
    const { plan, swf, domain } = this;
    const { start } = plan;
    const config = {
      executionStartToCloseTimeout: start.executionStartToCloseTimeout,
      taskList: start.taskList,
      taskStartToCloseTimeout: start.taskStartToCloseTimeout,
      childPolicy: start.childPolicy,
      ...(start.input !== undefined && { input: start.input }),
      ...(start.tagList !== undefined && { tagList: start.tagList }),
      ...(start.lambdaRole !== undefined && { lambdaRole: start.lambdaRole }),
      ...(start.taskPriority !== undefined && { taskPriority: start.taskPriority }),
    };
    const continueAsNew: Decision = {
      decisionType: 'ContinueAsNewWorkflowExecution',
      continueAsNewWorkflowExecutionDecisionAttributes: {
        ...config,
        workflowTypeVersion: start.workflowType.version,
      },
    };
    const { parent, continuedFrom } = plan;
    if (parent !== undefined) {
      const standIn = await this.startStandIn(parent.workflowId, parent.runId);
      const sent = await this.sendFrom(standIn, parent.initiatedEventId, {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          ...config,
          workflowType: start.workflowType,
          workflowId: plan.workflowId,
        },
      });
      if (sent) {
        if (continuedFrom !== undefined) {
          const predecessor = await this.openRunId(plan.workflowId);
          this.runIds.set(continuedFrom, predecessor);
          const task = await this.pollDecision(start.taskList.name ?? '', undefined, 'the continued run');
          await swf.send(
            new RespondDecisionTaskCompletedCommand({
              taskToken: task.taskToken,
              decisions: [continueAsNew],
            }),
          );
        }
        return this.openRunId(plan.workflowId);
      }
      this.notes.push(
        `event 1: the parent's StartChildWorkflowExecutionInitiated (event ${String(parent.initiatedEventId)} of the parent) cannot be placed; the run is started on its own, so its parent members differ`,
      );
    }
    if (continuedFrom !== undefined) {
      const list = this.privateList();
      const { runId } = await swf.send(
        new StartWorkflowExecutionCommand({
          domain,
          workflowId: plan.workflowId,
          workflowType: start.workflowType,
          ...config,
          taskList: { name: list },
        }),
      );
      this.runIds.set(continuedFrom, runId ?? '');
      const task = await this.pollDecision(list, undefined, 'the continued run');
      await swf.send(
        new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [continueAsNew] }),
      );
      return this.openRunId(plan.workflowId);
    }
    const { runId } = await swf.send(
      new StartWorkflowExecutionCommand({
        domain,
        workflowId: plan.workflowId,
        workflowType: start.workflowType,
        ...config,
      }),
    );
    return runId ?? '';
  }

  private async openRunId(workflowId: string): Promise<string> {
    const { executionInfos } = await this.swf.send(
      new ListOpenWorkflowExecutionsCommand({
        domain: this.domain,
        startTimeFilter: { oldestDate: new Date(0) },
        executionFilter: { workflowId },
      }),
    );
    const runId = executionInfos?.[0]?.execution?.runId;
    if (runId === undefined) throw new StepError(`no open run of ${JSON.stringify(workflowId)}`);
    return runId;
  }

  /**
   * Has a run the re-enactment controls (a stand-in, or a child moved to a private list) make
   * `decision` so that its `…Initiated` event gets the recorded id: it takes a decision task (waking
   * the run with a signal when it has none) and pads the batch with markers. Returns false, doing
   * nothing, when the run's history is already past that id.
   */
  private async sendFrom(sender: StandIn, initiatedEventId: number, decision: Decision): Promise<boolean> {
    const { swf, domain } = this;
    const length = this.sim.history(domain, sender.workflowId, sender.runId).length;
    const { count } = await swf.send(
      new CountPendingDecisionTasksCommand({ domain, taskList: { name: sender.list } }),
    );
    const waiting = count !== undefined && count > 0;
    // [Signaled, DecisionTaskScheduled,] DecisionTaskStarted, DecisionTaskCompleted, then the batch.
    const firstBatchEventId = length + (waiting ? 3 : 5);
    const padding = initiatedEventId - firstBatchEventId;
    if (padding < 0) return false;
    const run = { workflowId: sender.workflowId, runId: sender.runId };
    if (!waiting)
      await swf.send(new SignalWorkflowExecutionCommand({ domain, ...run, signalName: REENACT_PREFIX }));
    const task = await this.pollDecision(sender.list, undefined, `${sender.workflowId}'s decision task`);
    const markers: Decision[] = Array.from({ length: padding }, () => ({
      decisionType: 'RecordMarker',
      recordMarkerDecisionAttributes: { markerName: `${REENACT_PREFIX}-padding` },
    }));
    await swf.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: task.taskToken,
        decisions: [...markers, decision],
      }),
    );
    return true;
  }

  /** A signal or cancel request that another execution sent, sent again by that execution. */
  private async external(step: Extract<ReenactStep, { kind: 'external' }>): Promise<void> {
    const { workflowId, runId } = this.main;
    const decision: Decision =
      step.request === 'signal'
        ? {
            decisionType: 'SignalExternalWorkflowExecution',
            signalExternalWorkflowExecutionDecisionAttributes: {
              workflowId,
              runId,
              signalName: step.signalName,
              ...(step.input !== undefined && { input: step.input }),
            },
          }
        : {
            decisionType: 'RequestCancelExternalWorkflowExecution',
            requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId, runId },
          };
    const child = this.children.get(step.sender.workflowId);
    const sender =
      this.standIns.get(step.sender.workflowId) ??
      (child?.privateList === undefined ? undefined : { ...child, list: child.privateList });
    if (sender !== undefined && (await this.sendFrom(sender, step.initiatedEventId, decision))) return;
    this.notes.push(
      `event ${String(step.eventId)}: the ${step.request === 'signal' ? 'signal' : 'cancel request'} from ${JSON.stringify(step.sender.workflowId)} cannot be sent again from event ${String(step.initiatedEventId)} of its history; it is re-enacted as an API call, so externalWorkflowExecution and externalInitiatedEventId differ`,
    );
    if (step.request === 'signal') {
      await this.swf.send(
        new SignalWorkflowExecutionCommand({
          domain: this.domain,
          ...this.main,
          signalName: step.signalName,
          ...(step.input !== undefined && { input: step.input }),
        }),
      );
    } else {
      await this.swf.send(new RequestCancelWorkflowExecutionCommand({ domain: this.domain, ...this.main }));
    }
  }

  private async changeType(
    kind: 'workflow' | 'activity',
    type: { readonly name?: string | undefined; readonly version?: string | undefined },
    change: 'register' | 'deprecate' | 'undeprecate' | 'delete',
  ): Promise<void> {
    const { swf, domain } = this;
    const name = type.name as string;
    const version = type.version as string;
    if (kind === 'workflow') {
      const workflowType = { name, version };
      if (change === 'register') await swf.send(new RegisterWorkflowTypeCommand({ domain, name, version }));
      if (change === 'deprecate') await swf.send(new DeprecateWorkflowTypeCommand({ domain, workflowType }));
      if (change === 'undeprecate')
        await swf.send(new UndeprecateWorkflowTypeCommand({ domain, workflowType }));
      if (change === 'delete') await swf.send(new DeleteWorkflowTypeCommand({ domain, workflowType }));
    } else {
      const activityType = { name, version };
      if (change === 'register') await swf.send(new RegisterActivityTypeCommand({ domain, name, version }));
      if (change === 'deprecate') await swf.send(new DeprecateActivityTypeCommand({ domain, activityType }));
      if (change === 'undeprecate')
        await swf.send(new UndeprecateActivityTypeCommand({ domain, activityType }));
      if (change === 'delete') await swf.send(new DeleteActivityTypeCommand({ domain, activityType }));
    }
  }

  private get main(): { workflowId: string; runId: string } {
    return { workflowId: this.plan.workflowId, runId: this.mainRunId };
  }

  private async execute(step: ReenactStep): Promise<void> {
    const { swf, domain } = this;
    switch (step.kind) {
      case 'await':
        return;
      case 'typeChange':
        return this.changeType(step.typeKind, step.type, step.change);
      case 'pollDecision':
        this.decisionToken = await this.pollMainDecisionTask(step.taskList, step.identity);
        return;
      case 'respondDecision': {
        const taskToken = this.decisionToken;
        if (taskToken === undefined) throw new StepError('no decision task is in hand to complete');
        const before = this.history().length;
        this.decisionToken = undefined;
        await swf.send(
          new RespondDecisionTaskCompletedCommand({
            taskToken,
            decisions: step.decisions.map((d) => this.mapRunIds(d)),
            ...(step.executionContext !== undefined && { executionContext: step.executionContext }),
            ...(step.taskList !== undefined && { taskList: step.taskList }),
            ...(step.taskListScheduleToStartTimeout !== undefined && {
              taskListScheduleToStartTimeout: step.taskListScheduleToStartTimeout,
            }),
          }),
        );
        await this.afterBatch(before);
        return;
      }
      case 'pollActivity': {
        const { count } = await swf.send(
          new CountPendingActivityTasksCommand({ domain, taskList: { name: step.taskList } }),
        );
        if (count === undefined || count === 0) {
          throw new StepError(
            `no activity task is waiting on task list "${step.taskList}" (the recording starts ${JSON.stringify(step.activityId)} here)`,
          );
        }
        const task = await swf.send(
          new PollForActivityTaskCommand({
            domain,
            taskList: { name: step.taskList },
            ...(step.identity !== undefined && { identity: step.identity }),
          }),
        );
        const activityId = task.activityId ?? '';
        if (activityId !== step.activityId) {
          this.notes.push(
            `event ${String(step.eventId)}: the simulator handed out activity ${JSON.stringify(activityId)} where the recording started ${JSON.stringify(step.activityId)} (SWF does not promise task-list order)`,
          );
        }
        this.activityTokens.set(activityId, task.taskToken ?? '');
        return;
      }
      case 'completeActivity':
        await swf.send(
          new RespondActivityTaskCompletedCommand({
            taskToken: this.activityToken(step.activityId, 'complete'),
            ...(step.result !== undefined && { result: step.result }),
          }),
        );
        this.activityTokens.delete(step.activityId);
        return;
      case 'failActivity':
        await swf.send(
          new RespondActivityTaskFailedCommand({
            taskToken: this.activityToken(step.activityId, 'fail'),
            ...(step.reason !== undefined && { reason: step.reason }),
            ...(step.details !== undefined && { details: step.details }),
          }),
        );
        this.activityTokens.delete(step.activityId);
        return;
      case 'cancelActivity':
        await swf.send(
          new RespondActivityTaskCanceledCommand({
            taskToken: this.activityToken(step.activityId, 'cancel'),
            ...(step.details !== undefined && { details: step.details }),
          }),
        );
        this.activityTokens.delete(step.activityId);
        return;
      case 'heartbeat':
        if (!this.activityTokens.has(step.activityId)) return;
        await swf.send(
          new RecordActivityTaskHeartbeatCommand({
            taskToken: this.activityToken(step.activityId, 'heartbeat'),
            ...(step.details !== undefined && { details: step.details }),
          }),
        );
        return;
      case 'signal':
        await swf.send(
          new SignalWorkflowExecutionCommand({
            domain,
            ...this.main,
            signalName: step.signalName,
            ...(step.input !== undefined && { input: step.input }),
          }),
        );
        return;
      case 'requestCancel':
        await swf.send(new RequestCancelWorkflowExecutionCommand({ domain, ...this.main }));
        return;
      case 'terminate':
        await swf.send(
          new TerminateWorkflowExecutionCommand({
            domain,
            ...this.main,
            ...(step.reason !== undefined && { reason: step.reason }),
            ...(step.details !== undefined && { details: step.details }),
            ...(step.childPolicy !== undefined && { childPolicy: step.childPolicy }),
          }),
        );
        return;
      case 'closeChild':
        return this.closeChild(step);
      case 'external':
        return this.external(step);
      case 'parentPolicy': {
        const parent =
          this.plan.parent === undefined ? undefined : this.standIns.get(this.plan.parent.workflowId);
        if (parent === undefined) throw new StepError('the run has no stand-in parent');
        await swf.send(
          new TerminateWorkflowExecutionCommand({
            domain,
            workflowId: parent.workflowId,
            runId: parent.runId,
            childPolicy: step.childPolicy,
          }),
        );
        return;
      }
      default: {
        const unknown: never = step;
        throw new StepError(`unknown step ${JSON.stringify(unknown)}`);
      }
    }
  }

  private activityToken(activityId: string, what: string): string {
    const token = this.activityTokens.get(activityId);
    if (token === undefined)
      throw new StepError(`no started activity task ${JSON.stringify(activityId)} to ${what}`);
    return token;
  }

  /** Signals and cancel requests name runs by the recorded runIds; send the re-enactment's. */
  private mapRunIds(decision: Decision): Decision {
    const signal = decision.signalExternalWorkflowExecutionDecisionAttributes;
    if (signal?.runId !== undefined) {
      return {
        ...decision,
        signalExternalWorkflowExecutionDecisionAttributes: {
          ...signal,
          runId: this.runIds.get(signal.runId) ?? signal.runId,
        },
      };
    }
    const cancel = decision.requestCancelExternalWorkflowExecutionDecisionAttributes;
    if (cancel?.runId !== undefined) {
      return {
        ...decision,
        requestCancelExternalWorkflowExecutionDecisionAttributes: {
          ...cancel,
          runId: this.runIds.get(cancel.runId) ?? cancel.runId,
        },
      };
    }
    return decision;
  }

  /** Starts the run's decision task, moving children's tasks met on a shared list out of the way. */
  private async pollMainDecisionTask(taskList: string, identity: string | undefined): Promise<string> {
    for (;;) {
      const task = await this.pollDecision(taskList, identity, 'the recording starts one here');
      const execution = task.workflowExecution;
      if (execution?.workflowId === this.plan.workflowId && execution.runId === this.mainRunId) {
        return task.taskToken as string;
      }
      await this.divert(task);
    }
  }

  private async pollDecision(
    taskList: string,
    identity: string | undefined,
    why: string,
  ): Promise<PollForDecisionTaskCommandOutput> {
    const { swf, domain } = this;
    const { count } = await swf.send(
      new CountPendingDecisionTasksCommand({ domain, taskList: { name: taskList } }),
    );
    if (count === undefined || count === 0) {
      throw new StepError(`no decision task is waiting on task list "${taskList}" (${why})`);
    }
    return swf.send(
      new PollForDecisionTaskCommand({
        domain,
        taskList: { name: taskList },
        ...(identity !== undefined && { identity }),
      }),
    );
  }

  /**
   * A child's decision task met on a shared task list: answered with no decisions and a task-list
   * override, so the child's later decision tasks go to a private list (the child's own history
   * is not compared).
   */
  private async divert(task: PollForDecisionTaskCommandOutput): Promise<void> {
    const execution = task.workflowExecution;
    const child = [...this.children.values()].find(
      (c) => c.workflowId === execution?.workflowId && c.runId === execution.runId,
    );
    if (child === undefined) {
      throw new StepError(
        `the decision task handed out belongs to ${JSON.stringify(execution?.workflowId)}, not to the re-enacted run`,
      );
    }
    const privateList = this.privateList();
    await this.swf.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: task.taskToken,
        decisions: [],
        taskList: { name: privateList },
      }),
    );
    child.privateList = privateList;
  }

  /**
   * After a batch: children the service started are noted (with their recorded runIds); a child
   * whose first decision task is now first in a shared list is moved to a private list at once.
   */
  private async afterBatch(before: number): Promise<void> {
    const events = this.history().slice(before);
    const newChildren: ChildRun[] = [];
    let parentTaskAhead = false;
    for (const event of events) {
      if (event.eventType === 'DecisionTaskScheduled' && newChildren.length === 0) parentTaskAhead = true;
      if (event.eventType !== 'ChildWorkflowExecutionStarted') continue;
      const a = attributesOf(event);
      const execution = a.workflowExecution as { workflowId: string; runId: string };
      const initiated = this.history().find((e) => e.eventId === a.initiatedEventId);
      const taskList = (initiated === undefined ? undefined : attributesOf(initiated).taskList) as
        { name: string } | undefined;
      const child: ChildRun = { ...execution, taskList: taskList?.name ?? '' };
      this.children.set(execution.workflowId, child);
      const n = this.childRunCount.get(execution.workflowId) ?? 0;
      this.childRunCount.set(execution.workflowId, n + 1);
      const recorded = this.plan.recordedRunIds.get(execution.workflowId)?.[n];
      if (recorded !== undefined) this.runIds.set(recorded, execution.runId);
      newChildren.push(child);
    }
    if (parentTaskAhead) return;
    for (const child of newChildren) {
      if (child.privateList !== undefined) continue;
      const task = await this.pollDecision(child.taskList, undefined, "the child's first decision task");
      await this.divert(task);
    }
  }

  /** The recorded outcome of a child, brought about from the child's side. */
  private async closeChild(step: Extract<ReenactStep, { kind: 'closeChild' }>): Promise<void> {
    const { swf, domain } = this;
    const child = this.children.get(step.workflowId);
    if (child === undefined)
      throw new StepError(`the child ${JSON.stringify(step.workflowId)} was never started`);
    const run = { workflowId: child.workflowId, runId: child.runId };
    if (step.how === 'terminate') {
      await swf.send(new TerminateWorkflowExecutionCommand({ domain, ...run }));
      return;
    }
    let taskToken: string;
    if (child.privateList !== undefined) {
      await swf.send(new SignalWorkflowExecutionCommand({ domain, ...run, signalName: REENACT_PREFIX }));
      taskToken = (await this.pollDecision(child.privateList, undefined, "the child's decision task"))
        .taskToken as string;
    } else {
      for (;;) {
        const task = await this.pollDecision(child.taskList, undefined, "the child's first decision task");
        if (
          task.workflowExecution?.workflowId === child.workflowId &&
          task.workflowExecution.runId === child.runId
        ) {
          taskToken = task.taskToken as string;
          break;
        }
        if (task.workflowExecution?.workflowId === this.plan.workflowId) {
          throw new StepError(
            `the child's first decision task is queued behind the re-enacted run's own on task list "${child.taskList}"; reaching it would start the run's task early`,
          );
        }
        await this.divert(task);
      }
    }
    const decision: Decision =
      step.how === 'complete'
        ? {
            decisionType: 'CompleteWorkflowExecution',
            completeWorkflowExecutionDecisionAttributes:
              step.result === undefined ? {} : { result: step.result },
          }
        : step.how === 'fail'
          ? {
              decisionType: 'FailWorkflowExecution',
              failWorkflowExecutionDecisionAttributes: {
                ...(step.reason !== undefined && { reason: step.reason }),
                ...(step.details !== undefined && { details: step.details }),
              },
            }
          : {
              decisionType: 'CancelWorkflowExecution',
              cancelWorkflowExecutionDecisionAttributes:
                step.details === undefined ? {} : { details: step.details },
            };
    await swf.send(new RespondDecisionTaskCompletedCommand({ taskToken, decisions: [decision] }));
  }
}

/** The simulated Lambda functions: each name gives its recorded outcomes back in order. */
function lambdaFunctions(outcomes: readonly LambdaOutcome[]): Record<string, LambdaFunction> {
  const queues = new Map<string, LambdaOutcome[]>();
  for (const outcome of outcomes) {
    const queue = queues.get(outcome.name) ?? [];
    queue.push(outcome);
    queues.set(outcome.name, queue);
  }
  const functions: Record<string, LambdaFunction> = {};
  for (const [name, queue] of queues) {
    functions[name] = () => {
      const next = queue.shift();
      switch (next?.outcome.kind) {
        case 'completed':
          return { result: next.outcome.result, durationMs: next.durationMs };
        case 'failed': {
          let message = next.outcome.details ?? '';
          try {
            const parsed = JSON.parse(message) as { errorMessage?: unknown };
            if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
          } catch {
            // details that are not the simulator's JSON are passed on as the message
          }
          const error = new Error(message);
          error.name = next.outcome.reason;
          throw error;
        }
        case 'timedOut':
        case 'open':
        case undefined:
          return { result: '', durationMs: Number.MAX_SAFE_INTEGER };
        default:
          return { result: '', durationMs: Number.MAX_SAFE_INTEGER };
      }
    };
  }
  return functions;
}

function describe(error: unknown): string {
  if (error instanceof StepError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
