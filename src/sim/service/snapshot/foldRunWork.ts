import type { EventType, HistoryEvent, WorkflowType } from '@aws-sdk/client-swf';
import { eventAttributesKey } from '../../history/appendEvent.js';
import type { ActivityTimeouts } from '../model.js';
import { expectInteger, expectObject, expectString, fail, optionalString } from './expect.js';

/** ScheduleLambdaFunction's default START_TO_CLOSE, as lambdas.ts resolves it. */
const DEFAULT_LAMBDA_TIMEOUT_S = 900;

/** What a run's history says is open (for a CLOSED run: what was open when it closed). @internal */
export interface RunWork {
  scheduledDecision?: { scheduledEventId: number; scheduledMs: number; taskList: string } | undefined;
  startedDecision?:
    | {
        scheduledEventId: number;
        scheduledMs: number;
        startedEventId: number;
        startedMs: number;
        previousStartedEventId: number;
      }
    | undefined;
  readonly activities: Map<string, OpenActivity>;
  readonly timers: Map<string, { startedEventId: number; startedMs: number; startToFireTimeout: string }>;
  readonly lambdas: Map<string, OpenLambda>;
  /** By the parent's initiated event id. */
  readonly children: Map<number, OpenChild>;
  /** `newExecutionRunId` of a WorkflowExecutionContinuedAsNew close. */
  continuedAsRunId?: string;
  /** From WorkflowExecutionStarted: the parent, when this run is a child. */
  parent?: { workflowId: string; runId: string; initiatedEventId: number };
}

/** An activity task scheduled and not closed. @internal */
export interface OpenActivity {
  readonly activityId: string;
  readonly activityType: WorkflowType;
  readonly input?: string;
  readonly taskList: string;
  readonly taskPriority?: string;
  readonly scheduledEventId: number;
  readonly scheduledMs: number;
  readonly timeouts: ActivityTimeouts;
  startedEventId: number;
  startedMs?: number;
  cancelRequestedEventId?: number;
}

/** A Lambda task scheduled and not closed. @internal */
export interface OpenLambda {
  readonly id: string;
  readonly name: string;
  readonly input?: string;
  readonly scheduledEventId: number;
  readonly startToCloseTimeoutMs: number;
  startedEventId: number;
}

/** A child initiated and not closed, from the parent's history. @internal */
export interface OpenChild {
  readonly workflowId: string;
  readonly workflowType: { name: string; version: string };
  readonly initiatedEventId: number;
  startedEventId: number;
  runId?: string;
}

/** An event's attributes member, whatever its type. @internal */
export function attributesOf(event: HistoryEvent): Record<string, unknown> {
  return (event as unknown as Record<string, Record<string, unknown>>)[
    eventAttributesKey(event.eventType as EventType)
  ] as Record<string, unknown>;
}

/** An event's timestamp, epoch milliseconds. @internal */
export function eventMs(event: HistoryEvent): number {
  return (event.eventTimestamp as Date).getTime();
}

/**
 * Folds a run's history into what is open: the decision task slots, activity tasks, timers, Lambda
 * tasks and children (for a CLOSED run: what was open when it closed). Refuses histories that
 * contradict themselves, so a restored run never starts from an impossible state.
 * @internal
 */
export function foldRunWork(
  events: readonly HistoryEvent[],
  status: 'OPEN' | 'CLOSED',
  runPath: string,
): RunWork {
  const work: RunWork = { activities: new Map(), timers: new Map(), lambdas: new Map(), children: new Map() };
  let lastCompletedStartedEventId = 0;
  const activityByScheduledId = new Map<number, OpenActivity>();
  const lambdaByScheduledId = new Map<number, OpenLambda>();
  let closed = false;
  for (const event of events) {
    const id = event.eventId as number;
    const type = event.eventType as EventType;
    const path = `${runPath}.events[${id - 1}]`;
    if (closed) fail(path, 'an event after the run closed');
    const a = attributesOf(event);
    const num = (member: string, min = 0): number => expectInteger(a[member], `${path}.${member}`, min);
    const str = (member: string): string => expectString(a[member], `${path}.${member}`);
    const obj = (member: string): Record<string, unknown> => expectObject(a[member], `${path}.${member}`);
    const closeChild = (): void => {
      const initiatedEventId = num('initiatedEventId', 1);
      if (!work.children.delete(initiatedEventId)) fail(path, 'closes a child that is not open');
    };
    switch (type) {
      case 'WorkflowExecutionStarted': {
        if (id !== 1) fail(path, 'WorkflowExecutionStarted must be the first event');
        if (a.parentWorkflowExecution !== undefined) {
          const parent = obj('parentWorkflowExecution');
          work.parent = {
            workflowId: expectString(parent.workflowId, `${path}.parentWorkflowExecution.workflowId`),
            runId: expectString(parent.runId, `${path}.parentWorkflowExecution.runId`),
            initiatedEventId: num('parentInitiatedEventId'),
          };
        }
        break;
      }
      case 'DecisionTaskScheduled':
        if (work.scheduledDecision !== undefined) fail(path, 'a second decision task scheduled');
        work.scheduledDecision = {
          scheduledEventId: id,
          scheduledMs: eventMs(event),
          taskList: expectString(obj('taskList').name, `${path}.taskList.name`),
        };
        break;
      case 'DecisionTaskStarted': {
        const scheduled = work.scheduledDecision;
        if (scheduled?.scheduledEventId !== num('scheduledEventId') || work.startedDecision !== undefined) {
          fail(path, 'starts a decision task that is not scheduled, or while another is started');
        }
        work.startedDecision = {
          scheduledEventId: scheduled.scheduledEventId,
          scheduledMs: scheduled.scheduledMs,
          startedEventId: id,
          startedMs: eventMs(event),
          previousStartedEventId: lastCompletedStartedEventId,
        };
        work.scheduledDecision = undefined;
        break;
      }
      case 'DecisionTaskCompleted':
        if (work.startedDecision?.startedEventId !== num('startedEventId')) {
          fail(path, 'completes a decision task that is not started');
        }
        lastCompletedStartedEventId = work.startedDecision.startedEventId;
        work.startedDecision = undefined;
        break;
      case 'DecisionTaskTimedOut': {
        const scheduledEventId = num('scheduledEventId');
        if (work.startedDecision?.scheduledEventId === scheduledEventId) work.startedDecision = undefined;
        else if (work.scheduledDecision?.scheduledEventId === scheduledEventId) {
          work.scheduledDecision = undefined;
        } else fail(path, 'times out a decision task that is not open');
        break;
      }
      case 'ActivityTaskScheduled': {
        const activityId = str('activityId');
        if (work.activities.has(activityId)) fail(path, `activity ${activityId} is already open`);
        const activityType = obj('activityType');
        const input = optionalString(a.input, `${path}.input`);
        const taskPriority = optionalString(a.taskPriority, `${path}.taskPriority`);
        const activity: OpenActivity = {
          activityId,
          activityType: {
            name: expectString(activityType.name, `${path}.activityType.name`),
            version: expectString(activityType.version, `${path}.activityType.version`),
          },
          ...(input !== undefined && { input }),
          taskList: expectString(obj('taskList').name, `${path}.taskList.name`),
          ...(taskPriority !== undefined && { taskPriority }),
          scheduledEventId: id,
          scheduledMs: eventMs(event),
          timeouts: {
            scheduleToStartTimeout: str('scheduleToStartTimeout'),
            scheduleToCloseTimeout: str('scheduleToCloseTimeout'),
            startToCloseTimeout: str('startToCloseTimeout'),
            heartbeatTimeout: str('heartbeatTimeout'),
          },
          startedEventId: 0,
        };
        work.activities.set(activityId, activity);
        activityByScheduledId.set(id, activity);
        break;
      }
      case 'ActivityTaskStarted': {
        const activity = activityByScheduledId.get(num('scheduledEventId'));
        if (activity === undefined || activity.startedEventId !== 0) {
          fail(path, 'starts an activity task that is not scheduled');
        }
        activity.startedEventId = id;
        activity.startedMs = eventMs(event);
        break;
      }
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
      case 'ActivityTaskTimedOut':
      case 'ActivityTaskCanceled': {
        const scheduledEventId = num('scheduledEventId');
        const activity = activityByScheduledId.get(scheduledEventId);
        if (activity === undefined) fail(path, 'closes an activity task that is not open');
        activityByScheduledId.delete(scheduledEventId);
        work.activities.delete(activity.activityId);
        break;
      }
      case 'ActivityTaskCancelRequested': {
        const activity = work.activities.get(str('activityId'));
        if (activity !== undefined) activity.cancelRequestedEventId = id;
        break;
      }
      case 'TimerStarted': {
        const timerId = str('timerId');
        if (work.timers.has(timerId)) fail(path, `timer ${timerId} is already open`);
        const startToFireTimeout = str('startToFireTimeout');
        if (!/^\d+$/.test(startToFireTimeout)) fail(`${path}.startToFireTimeout`, 'expected seconds');
        work.timers.set(timerId, { startedEventId: id, startedMs: eventMs(event), startToFireTimeout });
        break;
      }
      case 'TimerFired':
      case 'TimerCanceled':
        if (!work.timers.delete(str('timerId'))) fail(path, 'ends a timer that is not open');
        break;
      case 'LambdaFunctionScheduled': {
        const lambdaId = str('id');
        if (work.lambdas.has(lambdaId)) fail(path, `Lambda task ${lambdaId} is already open`);
        const input = optionalString(a.input, `${path}.input`);
        const timeout = optionalString(a.startToCloseTimeout, `${path}.startToCloseTimeout`);
        const lambda: OpenLambda = {
          id: lambdaId,
          name: str('name'),
          ...(input !== undefined && { input }),
          scheduledEventId: id,
          startToCloseTimeoutMs: Number(timeout ?? DEFAULT_LAMBDA_TIMEOUT_S) * 1000,
          startedEventId: 0,
        };
        work.lambdas.set(lambdaId, lambda);
        lambdaByScheduledId.set(id, lambda);
        break;
      }
      case 'LambdaFunctionStarted': {
        const lambda = lambdaByScheduledId.get(num('scheduledEventId'));
        if (lambda === undefined) fail(path, 'starts a Lambda task that is not scheduled');
        lambda.startedEventId = id;
        break;
      }
      case 'LambdaFunctionCompleted':
      case 'LambdaFunctionFailed':
      case 'LambdaFunctionTimedOut':
      case 'StartLambdaFunctionFailed': {
        const lambda = lambdaByScheduledId.get(num('scheduledEventId'));
        if (lambda === undefined) fail(path, 'ends a Lambda task that is not open');
        lambdaByScheduledId.delete(lambda.scheduledEventId);
        work.lambdas.delete(lambda.id);
        break;
      }
      case 'StartChildWorkflowExecutionInitiated': {
        const workflowType = obj('workflowType');
        work.children.set(id, {
          workflowId: str('workflowId'),
          workflowType: {
            name: expectString(workflowType.name, `${path}.workflowType.name`),
            version: expectString(workflowType.version, `${path}.workflowType.version`),
          },
          initiatedEventId: id,
          startedEventId: 0,
        });
        break;
      }
      case 'ChildWorkflowExecutionStarted': {
        const child = work.children.get(num('initiatedEventId', 1));
        if (child === undefined) fail(path, 'starts a child that was not initiated');
        child.startedEventId = id;
        child.runId = expectString(obj('workflowExecution').runId, `${path}.workflowExecution.runId`);
        break;
      }
      case 'StartChildWorkflowExecutionFailed':
        // initiatedEventId 0: it failed inside the batch, before anything was initiated.
        if (num('initiatedEventId') !== 0) closeChild();
        break;
      case 'ChildWorkflowExecutionCompleted':
      case 'ChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionCanceled':
      case 'ChildWorkflowExecutionTerminated':
      case 'ChildWorkflowExecutionTimedOut':
        closeChild();
        break;
      case 'WorkflowExecutionCompleted':
      case 'WorkflowExecutionFailed':
      case 'WorkflowExecutionCanceled':
      case 'WorkflowExecutionTerminated':
      case 'WorkflowExecutionTimedOut':
      case 'WorkflowExecutionContinuedAsNew':
        if (status === 'OPEN') fail(path, `${type} in the history of a run marked OPEN`);
        if (type === 'WorkflowExecutionContinuedAsNew') work.continuedAsRunId = str('newExecutionRunId');
        closed = true;
        break;
      case 'WorkflowExecutionSignaled':
      case 'WorkflowExecutionCancelRequested':
      case 'MarkerRecorded':
      case 'RecordMarkerFailed':
      case 'ScheduleActivityTaskFailed':
      case 'RequestCancelActivityTaskFailed':
      case 'StartTimerFailed':
      case 'CancelTimerFailed':
      case 'CompleteWorkflowExecutionFailed':
      case 'FailWorkflowExecutionFailed':
      case 'CancelWorkflowExecutionFailed':
      case 'ContinueAsNewWorkflowExecutionFailed':
      case 'ScheduleLambdaFunctionFailed':
      case 'SignalExternalWorkflowExecutionInitiated':
      case 'SignalExternalWorkflowExecutionFailed':
      case 'ExternalWorkflowExecutionSignaled':
      case 'RequestCancelExternalWorkflowExecutionInitiated':
      case 'RequestCancelExternalWorkflowExecutionFailed':
      case 'ExternalWorkflowExecutionCancelRequested':
        // Nothing stays open (signals and cancel requests to other runs are delivered within the
        // call that initiates them): whatever it asks of the decider is in a DecisionTaskScheduled.
        break;
      default: {
        const unknown: never = type;
        fail(path, `unknown event type ${String(unknown)}`);
      }
    }
  }
  if (status === 'CLOSED' && !closed)
    fail(`${runPath}.events`, 'a CLOSED run whose history has no close event');
  return work;
}
