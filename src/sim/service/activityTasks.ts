import type {
  ActivityTaskTimeoutType,
  ActivityTypeConfiguration,
  PollForActivityTaskInput,
  RecordActivityTaskHeartbeatInput,
  RespondActivityTaskCanceledInput,
  RespondActivityTaskCompletedInput,
  RespondActivityTaskFailedInput,
  ScheduleActivityTaskDecisionAttributes,
  ScheduleActivityTaskFailedCause,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { scheduleDecisionTask } from './decisionTasks.js';
import { durationMs, priorityOf } from './durations.js';
import { abortError, parkPoll } from './longPoll.js';
import { openWork, typeKey, type ActivityTask, type Execution } from './model.js';
import type { OperationOutput } from './operations.js';
import type { ServiceState } from './ServiceState.js';
import type { CallContext } from './SwfEndpoint.js';

type ActivityTaskOutput = OperationOutput<'PollForActivityTask'>;

/**
 * The ScheduleActivityTask decision (swf-semantics §7.4.1): either `ActivityTaskScheduled` with every
 * default resolved from the type, or `ScheduleActivityTaskFailed` with the first failing check.
 * Returns the new task (queued later, after the whole batch) or undefined on failure.
 */
export function scheduleActivityTask(
  s: ServiceState,
  execution: Execution,
  attributes: ScheduleActivityTaskDecisionAttributes,
  decisionTaskCompletedEventId: number,
): ActivityTask | undefined {
  const activityType = attributes.activityType as { name: string; version: string };
  const activityId = attributes.activityId as string;
  const fail = (cause: ScheduleActivityTaskFailedCause): undefined => {
    s.append(execution, 'ScheduleActivityTaskFailed', {
      activityType,
      activityId,
      cause,
      decisionTaskCompletedEventId,
    });
    return undefined;
  };
  const type = execution.domain.activityTypes.get(typeKey(activityType.name, activityType.version));
  if (type === undefined) return fail('ACTIVITY_TYPE_DOES_NOT_EXIST');
  if (type.status === 'DEPRECATED') return fail('ACTIVITY_TYPE_DEPRECATED');
  if (execution.openActivities.has(activityId)) return fail('ACTIVITY_ID_ALREADY_IN_USE');
  if (execution.openActivities.size >= s.options.quotas.openActivitiesPerExecution)
    return fail('OPEN_ACTIVITIES_LIMIT_EXCEEDED');
  const defaults: ActivityTypeConfiguration = type.configuration;
  const taskList = attributes.taskList ?? defaults.defaultTaskList;
  if (taskList === undefined) return fail('DEFAULT_TASK_LIST_UNDEFINED');
  const scheduleToStartTimeout =
    attributes.scheduleToStartTimeout ?? defaults.defaultTaskScheduleToStartTimeout;
  if (scheduleToStartTimeout === undefined) return fail('DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED');
  const scheduleToCloseTimeout =
    attributes.scheduleToCloseTimeout ?? defaults.defaultTaskScheduleToCloseTimeout;
  if (scheduleToCloseTimeout === undefined) return fail('DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED');
  const startToCloseTimeout = attributes.startToCloseTimeout ?? defaults.defaultTaskStartToCloseTimeout;
  if (startToCloseTimeout === undefined) return fail('DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED');
  const heartbeatTimeout = attributes.heartbeatTimeout ?? defaults.defaultTaskHeartbeatTimeout;
  if (heartbeatTimeout === undefined) return fail('DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED');
  const taskPriority = attributes.taskPriority ?? defaults.defaultTaskPriority;

  const event = s.append(execution, 'ActivityTaskScheduled', {
    activityType,
    activityId,
    ...(attributes.input !== undefined && { input: attributes.input }),
    ...(attributes.control !== undefined && { control: attributes.control }),
    scheduleToStartTimeout,
    scheduleToCloseTimeout,
    startToCloseTimeout,
    heartbeatTimeout,
    taskList,
    ...(taskPriority !== undefined && { taskPriority }),
    decisionTaskCompletedEventId,
  });
  const task: ActivityTask = {
    kind: 'activity',
    execution,
    activityId,
    activityType,
    ...(attributes.input !== undefined && { input: attributes.input }),
    scheduledEventId: event.eventId as number,
    taskList: taskList.name as string,
    priority: priorityOf(taskPriority),
    seq: s.nextTaskSeq(),
    timeouts: { scheduleToStartTimeout, scheduleToCloseTimeout, startToCloseTimeout, heartbeatTimeout },
    state: 'SCHEDULED',
    queued: false,
    startedEventId: 0,
    timers: {},
  };
  openWork(execution, 'openActivities').set(activityId, task);
  // Armed SCHEDULE_TO_CLOSE first: at equal deadlines it wins (swf-semantics §8.4).
  armActivityTimer(s, task, 'SCHEDULE_TO_CLOSE', scheduleToCloseTimeout);
  armActivityTimer(s, task, 'SCHEDULE_TO_START', scheduleToStartTimeout);
  return task;
}

function armActivityTimer(
  s: ServiceState,
  task: ActivityTask,
  type: ActivityTaskTimeoutType,
  duration: string,
): void {
  const ms = durationMs(duration);
  if (ms === undefined) return;
  task.timers[type]?.cancel();
  task.timers[type] = s.after(ms, `activity ${type} ${task.activityId}`, () =>
    timeOutActivityTask(s, task, type),
  );
}

/** Hands a newly scheduled task to the longest-waiting poller, or queues it. */
export function offerActivityTask(s: ServiceState, task: ActivityTask): void {
  if (task.state !== 'SCHEDULED' || task.execution.status !== 'OPEN') return;
  const queue = s.queue(task.execution.domain, 'activity', task.taskList);
  const poller = queue.takePoller();
  if (poller === undefined) {
    task.queued = true;
    queue.push(task);
    return;
  }
  startActivityTask(s, task, poller.identity);
  poller.deliver(task);
}

function startActivityTask(s: ServiceState, task: ActivityTask, identity: string | undefined): void {
  const execution = task.execution;
  const event = s.append(execution, 'ActivityTaskStarted', {
    ...(identity !== undefined && { identity }),
    scheduledEventId: task.scheduledEventId,
  });
  task.state = 'STARTED';
  task.queued = false;
  task.startedEventId = event.eventId as number;
  task.token = s.issueToken(task);
  execution.latestActivityTaskMs = s.now();
  task.timers.SCHEDULE_TO_START?.cancel();
  armActivityTimer(s, task, 'START_TO_CLOSE', task.timeouts.startToCloseTimeout);
  armActivityTimer(s, task, 'HEARTBEAT', task.timeouts.heartbeatTimeout);
}

function activityTaskOutput(task: ActivityTask): ActivityTaskOutput {
  const execution = task.execution;
  return {
    taskToken: task.token,
    activityId: task.activityId,
    startedEventId: task.startedEventId,
    workflowExecution: { workflowId: execution.workflowId, runId: execution.runId },
    activityType: task.activityType,
    ...(task.input !== undefined && { input: task.input }),
  };
}

const EMPTY_ACTIVITY_TASK = { taskToken: '', startedEventId: 0 } as ActivityTaskOutput;

/** PollForActivityTask: the best scheduled task of the list, or a wait of up to the long-poll time. */
export function pollForActivityTask(
  s: ServiceState,
  input: PollForActivityTaskInput,
  context?: CallContext,
): ActivityTaskOutput | Promise<ActivityTaskOutput> {
  const domain = s.domain(input.domain as string);
  const queue = s.queue(domain, 'activity', input.taskList?.name as string);
  const task = queue.takeTask(s.chosenTask);
  if (task !== undefined) {
    startActivityTask(s, task, input.identity);
    return activityTaskOutput(task);
  }
  if (context?.signal?.aborted === true) throw abortError();
  return parkPoll(
    s,
    queue,
    input.identity,
    context,
    `activity poll ${domain.name}/${input.taskList?.name}`,
    activityTaskOutput,
    () => EMPTY_ACTIVITY_TASK,
  );
}

/** Ends an open activity task: its clocks stop, its id is free again, its token dies. */
function closeActivityTask(s: ServiceState, task: ActivityTask): void {
  s.willChange(task.execution);
  if (task.queued && task.state === 'SCHEDULED')
    s.queue(task.execution.domain, 'activity', task.taskList).forget();
  task.state = 'CLOSED';
  task.queued = false;
  for (const timer of Object.values(task.timers)) timer.cancel();
  task.execution.openActivities.delete(task.activityId);
}

/** Timeout of one of the four activity clocks (swf-semantics §8.4). @internal */
export function timeOutActivityTask(
  s: ServiceState,
  task: ActivityTask,
  timeoutType: ActivityTaskTimeoutType,
): void {
  const execution = task.execution;
  if (task.state === 'CLOSED' || execution.status !== 'OPEN') return;
  closeActivityTask(s, task);
  s.append(execution, 'ActivityTaskTimedOut', {
    timeoutType,
    scheduledEventId: task.scheduledEventId,
    startedEventId: task.startedEventId,
    ...(task.heartbeatDetails !== undefined && { details: task.heartbeatDetails }),
  });
  scheduleDecisionTask(s, execution);
}

/** The started activity task a worker's token names, or `UnknownResourceFault`. */
function startedActivityTask(s: ServiceState, taskToken: string): ActivityTask {
  const task = s.taskOf(taskToken);
  if (task?.kind !== 'activity') throw new SwfFault('UnknownResourceFault', 'Unknown activity task');
  if (task.state !== 'STARTED' || task.execution.status !== 'OPEN') {
    throw new SwfFault(
      'UnknownResourceFault',
      `Unknown activity, scheduledEventId = ${task.scheduledEventId}`,
    );
  }
  return task;
}

export function respondActivityTaskCompleted(
  s: ServiceState,
  input: RespondActivityTaskCompletedInput,
): void {
  const task = startedActivityTask(s, input.taskToken as string);
  closeActivityTask(s, task);
  s.append(task.execution, 'ActivityTaskCompleted', {
    ...(input.result !== undefined && { result: input.result }),
    scheduledEventId: task.scheduledEventId,
    startedEventId: task.startedEventId,
  });
  task.execution.latestActivityTaskMs = s.now();
  scheduleDecisionTask(s, task.execution);
}

export function respondActivityTaskFailed(s: ServiceState, input: RespondActivityTaskFailedInput): void {
  const task = startedActivityTask(s, input.taskToken as string);
  closeActivityTask(s, task);
  s.append(task.execution, 'ActivityTaskFailed', {
    ...(input.reason !== undefined && { reason: input.reason }),
    ...(input.details !== undefined && { details: input.details }),
    scheduledEventId: task.scheduledEventId,
    startedEventId: task.startedEventId,
  });
  task.execution.latestActivityTaskMs = s.now();
  scheduleDecisionTask(s, task.execution);
}

/** Accepted with or without a prior cancel request (swf-semantics §8.3). */
export function respondActivityTaskCanceled(s: ServiceState, input: RespondActivityTaskCanceledInput): void {
  const task = startedActivityTask(s, input.taskToken as string);
  closeActivityTask(s, task);
  s.append(task.execution, 'ActivityTaskCanceled', {
    ...(input.details !== undefined && { details: input.details }),
    scheduledEventId: task.scheduledEventId,
    startedEventId: task.startedEventId,
    ...(task.cancelRequestedEventId !== undefined && {
      latestCancelRequestedEventId: task.cancelRequestedEventId,
    }),
  });
  scheduleDecisionTask(s, task.execution);
}

/** Resets the HEARTBEAT clock and keeps the details for a later timeout event; writes no event. */
export function recordActivityTaskHeartbeat(
  s: ServiceState,
  input: RecordActivityTaskHeartbeatInput,
): OperationOutput<'RecordActivityTaskHeartbeat'> {
  const task = startedActivityTask(s, input.taskToken as string);
  s.willChange(task.execution);
  if (input.details !== undefined) task.heartbeatDetails = input.details;
  armActivityTimer(s, task, 'HEARTBEAT', task.timeouts.heartbeatTimeout);
  return { cancelRequested: task.cancelRequestedEventId !== undefined };
}

/** Pending (scheduled, not started) activity tasks on a list. */
export function countPendingActivityTasks(s: ServiceState, domainName: string, taskList: string): number {
  return s.queue(s.domain(domainName), 'activity', taskList).pending;
}

/** A cancel request for a task no worker has taken closes it at once, as canceled. @internal */
export function cancelUnstartedActivity(s: ServiceState, execution: Execution, task: ActivityTask): void {
  if (task.state !== 'SCHEDULED') return;
  if (task.queued) s.queue(execution.domain, 'activity', task.taskList).forget();
  task.state = 'CLOSED';
  task.queued = false;
  for (const timer of Object.values(task.timers)) timer.cancel();
  execution.openActivities.delete(task.activityId);
  s.append(execution, 'ActivityTaskCanceled', {
    scheduledEventId: task.scheduledEventId,
    startedEventId: 0,
    latestCancelRequestedEventId: task.cancelRequestedEventId,
  });
  scheduleDecisionTask(s, execution);
}
