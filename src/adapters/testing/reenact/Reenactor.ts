import {
  CountPendingActivityTasksCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
} from '@aws-sdk/client-swf';
import type { ReenactmentPlan, ReenactStep } from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import { closeChild, noteBatchChildren, pollMainDecisionTask, releaseEffect } from './childRuns.js';
import { ReenactmentWorld, StepError, type WorldOptions } from './ReenactmentWorld.js';
import { changeType, setUp } from './setUpRun.js';
import { resendExternal } from './standInRuns.js';

type StepOf<K extends ReenactStep['kind']> = Extract<ReenactStep, { kind: K }>;

/**
 * Drives one simulation through a plan: registrations, stand-ins, the start, then each step at
 * its recorded instant, with the client calls that bring the recorded event about.
 * @internal
 */
export class Reenactor {
  private readonly world: ReenactmentWorld;
  private decisionToken: string | undefined;
  private readonly activityTokens = new Map<string, string>();

  constructor(
    private readonly plan: ReenactmentPlan,
    options: WorldOptions,
  ) {
    this.world = new ReenactmentWorld(plan, options);
  }

  /** What cannot be re-enacted exactly, found while running (one sentence each). */
  get notes(): readonly string[] {
    return this.world.notes;
  }

  close(): void {
    this.world.close();
  }

  /** The history the simulator wrote for the re-enacted run. */
  history(): HistoryEvent[] {
    return this.world.history();
  }

  /** Runs the plan; returns where it had to stop, if it did. */
  async run(): Promise<{ eventId: number; message: string } | undefined> {
    try {
      await setUp(this.world);
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
    const { sim } = this.world;
    if (step.atMs === undefined || this.plan.startMs === undefined) {
      if (step.kind === 'await') this.awaitUntimed(step.eventId);
      return;
    }
    const target = this.plan.startMs + step.atMs;
    const now = sim.now().getTime();
    if (target > now) sim.advanceBy(target - now);
  }

  /** Without timestamps, time moves from timer to timer until the run has the awaited event. */
  private awaitUntimed(eventId: number): void {
    for (let i = 0; i < 1000 && this.history().length < eventId; i++) {
      if (!this.world.sim.service.clock.advanceToNextTimer()) return;
    }
  }

  private async execute(step: ReenactStep): Promise<void> {
    const { swf, domain, main } = this.world;
    switch (step.kind) {
      case 'await':
        return;
      case 'release':
        return releaseEffect(this.world, step);
      case 'typeChange':
        return changeType(this.world, step.typeKind, step.type, step.change);
      case 'pollDecision':
        this.decisionToken = await pollMainDecisionTask(this.world, step.taskList, step.identity);
        return;
      case 'respondDecision':
        return this.respondDecision(step);
      case 'pollActivity':
        return this.pollActivity(step);
      case 'completeActivity':
      case 'failActivity':
      case 'cancelActivity':
      case 'heartbeat':
        return this.reportActivity(step);
      case 'signal':
        await swf.send(
          new SignalWorkflowExecutionCommand({
            domain,
            ...main,
            signalName: step.signalName,
            ...(step.input !== undefined && { input: step.input }),
          }),
        );
        return;
      case 'requestCancel':
        await swf.send(new RequestCancelWorkflowExecutionCommand({ domain, ...main }));
        return;
      case 'terminate':
        await swf.send(
          new TerminateWorkflowExecutionCommand({
            domain,
            ...main,
            ...(step.reason !== undefined && { reason: step.reason }),
            ...(step.details !== undefined && { details: step.details }),
            ...(step.childPolicy !== undefined && { childPolicy: step.childPolicy }),
          }),
        );
        return;
      case 'closeChild':
        return closeChild(this.world, step);
      case 'external':
        return resendExternal(this.world, step);
      case 'parentPolicy':
        return this.applyParentPolicy(step);
      default: {
        const unknown: never = step;
        throw new StepError(`unknown step ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async respondDecision(step: StepOf<'respondDecision'>): Promise<void> {
    const taskToken = this.decisionToken;
    if (taskToken === undefined) throw new StepError('no decision task is in hand to complete');
    const before = this.history().length;
    this.decisionToken = undefined;
    await this.world.swf.send(
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
    await noteBatchChildren(this.world, before);
  }

  private async pollActivity(step: StepOf<'pollActivity'>): Promise<void> {
    const { swf, domain, notes } = this.world;
    const { count } = await swf.send(
      new CountPendingActivityTasksCommand({ domain, taskList: { name: step.taskList } }),
    );
    if (count === undefined || count === 0) {
      throw new StepError(
        `no activity task is waiting on task list "${step.taskList}" (the recording starts ${JSON.stringify(step.activityId)} here)`,
      );
    }
    const { mainRunId } = this.world;
    // The task the recording started, whatever its place in the list.
    const task = await this.world.choosing(
      (t) => t.kind === 'activity' && t.execution.runId === mainRunId && t.activityId === step.activityId,
      () =>
        swf.send(
          new PollForActivityTaskCommand({
            domain,
            taskList: { name: step.taskList },
            ...(step.identity !== undefined && { identity: step.identity }),
          }),
        ),
    );
    const activityId = task.activityId ?? '';
    if (activityId !== step.activityId) {
      notes.push(
        `event ${String(step.eventId)}: the simulator handed out activity ${JSON.stringify(activityId)} where the recording started ${JSON.stringify(step.activityId)}, which was not waiting`,
      );
    }
    this.activityTokens.set(activityId, task.taskToken ?? '');
  }

  /** The worker's report on a started activity task: its outcome, or a heartbeat. */
  private async reportActivity(
    step: StepOf<'completeActivity' | 'failActivity' | 'cancelActivity' | 'heartbeat'>,
  ): Promise<void> {
    const { swf } = this.world;
    switch (step.kind) {
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
      default: {
        const unknown: never = step;
        throw new StepError(`unknown step ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The stand-in parent closes, and its child policy reaches the run. */
  private async applyParentPolicy(step: StepOf<'parentPolicy'>): Promise<void> {
    const { swf, domain, standIns } = this.world;
    const parent = this.plan.parent === undefined ? undefined : standIns.get(this.plan.parent.workflowId);
    if (parent === undefined) throw new StepError('the run has no stand-in parent');
    await swf.send(
      new TerminateWorkflowExecutionCommand({
        domain,
        workflowId: parent.workflowId,
        runId: parent.runId,
        childPolicy: step.childPolicy,
      }),
    );
  }

  private activityToken(activityId: string, what: string): string {
    const token = this.activityTokens.get(activityId);
    if (token === undefined)
      throw new StepError(`no started activity task ${JSON.stringify(activityId)} to ${what}`);
    return token;
  }

  /** Signals and cancel requests name runs by the recorded runIds; send the re-enactment's. */
  private mapRunIds(decision: Decision): Decision {
    const { runIds } = this.world;
    const signal = decision.signalExternalWorkflowExecutionDecisionAttributes;
    if (signal?.runId !== undefined) {
      return {
        ...decision,
        signalExternalWorkflowExecutionDecisionAttributes: {
          ...signal,
          runId: runIds.get(signal.runId) ?? signal.runId,
        },
      };
    }
    const cancel = decision.requestCancelExternalWorkflowExecutionDecisionAttributes;
    if (cancel?.runId !== undefined) {
      return {
        ...decision,
        requestCancelExternalWorkflowExecutionDecisionAttributes: {
          ...cancel,
          runId: runIds.get(cancel.runId) ?? cancel.runId,
        },
      };
    }
    return decision;
  }
}

function describe(error: unknown): string {
  if (error instanceof StepError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
