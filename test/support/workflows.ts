import {
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
  type SWFClient,
} from '@aws-sdk/client-swf';

/** A domain `d` with workflow type `wf` 1 and activity type `act` 1, all defaults on task list `tl`. */
export const D = 'd';
export const TL = { name: 'tl' };
export const WF = { name: 'wf', version: '1' };
export const ACT = { name: 'act', version: '1' };

export async function registerBasics(swf: SWFClient, decisionTimeout = '30'): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: D, workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: D,
      ...WF,
      defaultTaskList: TL,
      defaultChildPolicy: 'TERMINATE',
      defaultExecutionStartToCloseTimeout: '86400',
      defaultTaskStartToCloseTimeout: decisionTimeout,
    }),
  );
  await swf.send(
    new RegisterActivityTypeCommand({
      domain: D,
      ...ACT,
      defaultTaskList: TL,
      defaultTaskScheduleToStartTimeout: '300',
      defaultTaskScheduleToCloseTimeout: '600',
      defaultTaskStartToCloseTimeout: '300',
      defaultTaskHeartbeatTimeout: 'NONE',
    }),
  );
}

export async function start(swf: SWFClient, workflowId = 'w1'): Promise<string> {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({ domain: D, workflowId, workflowType: WF }),
  );
  return runId as string;
}

export const pollDecision = (
  swf: SWFClient,
  extra: { maximumPageSize?: number; reverseOrder?: boolean } = {},
) => swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL, ...extra }));

export const pollActivity = (swf: SWFClient) =>
  swf.send(new PollForActivityTaskCommand({ domain: D, taskList: TL }));

export const decide = (swf: SWFClient, taskToken: string | undefined, decisions: Decision[]) =>
  swf.send(new RespondDecisionTaskCompletedCommand({ taskToken, decisions }));

export const scheduleAct = (activityId: string): Decision => ({
  decisionType: 'ScheduleActivityTask',
  scheduleActivityTaskDecisionAttributes: { activityType: ACT, activityId },
});

export const completeWorkflow = (result?: string): Decision => ({
  decisionType: 'CompleteWorkflowExecution',
  completeWorkflowExecutionDecisionAttributes: result === undefined ? {} : { result },
});

export const marker = (markerName: string): Decision => ({
  decisionType: 'RecordMarker',
  recordMarkerDecisionAttributes: { markerName },
});

export const timer = (timerId: string, seconds: string): Decision => ({
  decisionType: 'StartTimer',
  startTimerDecisionAttributes: { timerId, startToFireTimeout: seconds },
});

/** The rejection of `promise`, for asserting an SDK exception's name and message. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
  throw new Error('expected the call to be rejected');
}

/** A decider step: poll one decision task and answer it with `decisions`; returns the task. */
export async function decideNext(swf: SWFClient, decisions: Decision[], taskList = TL) {
  const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList }));
  if (!task.taskToken) throw new Error('expected a decision task');
  await swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }));
  return task;
}

/** Event types of a history from `fromEventId` on. */
export const typesFrom = (events: readonly { eventType?: string | undefined }[], fromEventId = 1) =>
  events.slice(fromEventId - 1).map((e) => e.eventType);

/** The attributes of event `eventId`. */
export function attributesAt(events: readonly HistoryEvent[], eventId: number): unknown {
  const event = events[eventId - 1];
  if (event === undefined) throw new Error(`no event ${eventId}`);
  const key = `${event.eventType?.[0]?.toLowerCase()}${event.eventType?.slice(1)}EventAttributes`;
  return (event as unknown as Record<string, unknown>)[key];
}
