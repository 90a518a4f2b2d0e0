/**
 * Builds histories with the simulator itself, driven by hand on a virtual clock, so that
 * re-enacting them must give them back exactly (same service, no latency anywhere).
 */
import {
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
  type PollForDecisionTaskCommandOutput,
  type StartWorkflowExecutionInput,
  type SWFClient,
} from '@aws-sdk/client-swf';
import {
  createSimulation,
  type Simulation,
  type SimulationOptions,
} from '../../src/adapters/testing/harness/createSimulation.js';

export const DOMAIN = 'gen';
export const TL = 'tl';
export const WF = { name: 'wf', version: '1' };
export const ACT = { name: 'act', version: '1' };

export class Generator {
  readonly sim: Simulation;
  readonly swf: SWFClient;
  /** Every decision poll's first page, in order, for replay tests. */
  readonly polls: PollForDecisionTaskCommandOutput[] = [];

  constructor(options: SimulationOptions = {}) {
    this.sim = createSimulation({
      seed: 'generate',
      startTime: new Date('2024-05-01T10:00:00Z'),
      autoAdvance: false,
      ...options,
    });
    this.swf = this.sim.client();
  }

  advance(seconds: number): void {
    this.sim.advanceBy(seconds * 1000);
  }

  async register(
    extraActivityTypes: { name: string; defaults?: Record<string, unknown> }[] = [],
  ): Promise<void> {
    const { swf } = this;
    await swf.send(new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }));
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain: DOMAIN,
        ...WF,
        defaultTaskList: { name: TL },
        defaultChildPolicy: 'TERMINATE',
        defaultExecutionStartToCloseTimeout: '3600',
        defaultTaskStartToCloseTimeout: '60',
      }),
    );
    await swf.send(
      new RegisterActivityTypeCommand({
        domain: DOMAIN,
        ...ACT,
        defaultTaskList: { name: TL },
        defaultTaskScheduleToStartTimeout: '300',
        defaultTaskScheduleToCloseTimeout: '600',
        defaultTaskStartToCloseTimeout: '300',
        defaultTaskHeartbeatTimeout: 'NONE',
      }),
    );
    for (const type of extraActivityTypes) {
      await swf.send(
        new RegisterActivityTypeCommand({ domain: DOMAIN, name: type.name, version: '1', ...type.defaults }),
      );
    }
  }

  async start(workflowId = 'w1', extra: Partial<StartWorkflowExecutionInput> = {}): Promise<string> {
    const { runId } = await this.swf.send(
      new StartWorkflowExecutionCommand({ domain: DOMAIN, workflowId, workflowType: WF, ...extra }),
    );
    return runId as string;
  }

  /** Polls the next decision task of `taskList` (there must be one) and returns it. */
  async pollDecision(taskList = TL, identity = 'decider'): Promise<PollForDecisionTaskCommandOutput> {
    const { count } = await this.swf.send(
      new CountPendingDecisionTasksCommand({ domain: DOMAIN, taskList: { name: taskList } }),
    );
    if (!count) throw new Error(`no decision task on ${taskList}`);
    const task = await this.swf.send(
      new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: taskList }, identity }),
    );
    this.polls.push(task);
    return task;
  }

  async respond(
    task: PollForDecisionTaskCommandOutput,
    decisions: Decision[],
    extra: { executionContext?: string; taskList?: { name: string } } = {},
  ): Promise<void> {
    await this.swf.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions, ...extra }),
    );
  }

  /** Polls and answers the next decision task in one go. */
  async decide(decisions: Decision[], taskList = TL): Promise<PollForDecisionTaskCommandOutput> {
    const task = await this.pollDecision(taskList);
    await this.respond(task, decisions);
    return task;
  }

  async pollActivity(taskList = TL, identity = 'worker'): Promise<string> {
    const { count } = await this.swf.send(
      new CountPendingActivityTasksCommand({ domain: DOMAIN, taskList: { name: taskList } }),
    );
    if (!count) throw new Error(`no activity task on ${taskList}`);
    const task = await this.swf.send(
      new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: taskList }, identity }),
    );
    return task.taskToken as string;
  }

  complete(taskToken: string, result?: string): Promise<unknown> {
    return this.swf.send(
      new RespondActivityTaskCompletedCommand({ taskToken, ...(result !== undefined && { result }) }),
    );
  }

  fail(taskToken: string, reason: string, details: string): Promise<unknown> {
    return this.swf.send(new RespondActivityTaskFailedCommand({ taskToken, reason, details }));
  }

  cancel(taskToken: string, details: string): Promise<unknown> {
    return this.swf.send(new RespondActivityTaskCanceledCommand({ taskToken, details }));
  }

  heartbeat(taskToken: string, details?: string): Promise<unknown> {
    return this.swf.send(
      new RecordActivityTaskHeartbeatCommand({ taskToken, ...(details !== undefined && { details }) }),
    );
  }

  history(workflowId = 'w1', runId?: string): HistoryEvent[] {
    return this.sim.history(DOMAIN, workflowId, runId);
  }

  close(): void {
    this.sim.close();
  }
}

export const schedule = (activityId: string, extra: Record<string, unknown> = {}, type = ACT): Decision => ({
  decisionType: 'ScheduleActivityTask',
  scheduleActivityTaskDecisionAttributes: { activityType: type, activityId, ...extra },
});

export const complete = (result?: string): Decision => ({
  decisionType: 'CompleteWorkflowExecution',
  completeWorkflowExecutionDecisionAttributes: result === undefined ? {} : { result },
});

export const timer = (timerId: string, seconds: string, control?: string): Decision => ({
  decisionType: 'StartTimer',
  startTimerDecisionAttributes: {
    timerId,
    startToFireTimeout: seconds,
    ...(control !== undefined && { control }),
  },
});

export const cancelTimer = (timerId: string): Decision => ({
  decisionType: 'CancelTimer',
  cancelTimerDecisionAttributes: { timerId },
});

export const marker = (markerName: string, details?: string): Decision => ({
  decisionType: 'RecordMarker',
  recordMarkerDecisionAttributes: { markerName, ...(details !== undefined && { details }) },
});

export const cancelActivity = (activityId: string): Decision => ({
  decisionType: 'RequestCancelActivityTask',
  requestCancelActivityTaskDecisionAttributes: { activityId },
});
