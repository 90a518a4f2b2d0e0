import type {
  PollForDecisionTaskInput,
  RespondDecisionTaskCompletedInput,
  TaskList,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { durationMs, priorityOf } from './durations.js';
import { abortError, parkPoll } from './longPoll.js';
import type { DecisionTask, Execution } from './model.js';
import type { SpentDecisionTask } from './spentTokens.js';
import type { OperationOutput } from './operations.js';
import { historyPage, pageTokenQuery } from './pagination.js';
import type { ServiceState } from './ServiceState.js';
import type { CallContext } from './SwfEndpoint.js';

type DecisionTaskOutput = OperationOutput<'PollForDecisionTask'>;

/** SWF hands decision-task histories out in pages of at most 100 events (swf-semantics §6.3). */
const DECISION_PAGE_SIZE = 100;
/** Decision-poll page tokens live about a minute (AWS staff, swf-semantics §6.3). */
const DECISION_PAGE_TOKEN_LIFETIME_MS = 60_000;

/**
 * The execution needs its decider (swf-semantics §6.2): append `DecisionTaskScheduled` unless a
 * task is already scheduled. While another task is started the new one waits outside the queue.
 */
export function scheduleDecisionTask(s: ServiceState, execution: Execution): void {
  if (execution.status !== 'OPEN' || execution.scheduledDecision !== undefined) return;
  const { config } = execution;
  const scheduleToStart = execution.overrideScheduleToStartTimeout;
  const event = s.append(execution, 'DecisionTaskScheduled', {
    taskList: config.taskList,
    startToCloseTimeout: config.taskStartToCloseTimeout,
    ...((scheduleToStart !== undefined || s.options.decisionScheduleToStartAttribute) && {
      scheduleToStartTimeout: scheduleToStart ?? 'NONE',
    }),
  });
  const task: DecisionTask = {
    kind: 'decision',
    execution,
    scheduledEventId: event.eventId as number,
    taskList: config.taskList.name as string,
    priority: priorityOf(config.taskPriority),
    seq: s.nextTaskSeq(),
    state: 'SCHEDULED',
    queued: false,
    startedEventId: 0,
    previousStartedEventId: 0,
  };
  execution.scheduledDecision = task;
  const scheduleToStartMs = durationMs(scheduleToStart);
  if (scheduleToStartMs !== undefined) {
    task.scheduleToStartTimeout = s.after(
      scheduleToStartMs,
      `decision SCHEDULE_TO_START ${execution.workflowId}`,
      () => timeOutUnstartedDecisionTask(s, task),
    );
  }
  if (execution.startedDecision === undefined) offerDecisionTask(s, task);
}

/**
 * SCHEDULE_TO_START expiry of a task on a temporary override list (swf-semantics §6.5, §6.7):
 * `DecisionTaskTimedOut` with `startedEventId: 0`, back to the original list, and a new task there.
 * @internal
 */
export function timeOutUnstartedDecisionTask(s: ServiceState, task: DecisionTask): void {
  const execution = task.execution;
  if (task.state !== 'SCHEDULED' || execution.status !== 'OPEN') return;
  s.willChange(execution);
  if (task.queued) s.queue(execution.domain, 'decision', task.taskList).forget();
  task.state = 'CLOSED';
  task.queued = false;
  execution.scheduledDecision = undefined;
  s.append(execution, 'DecisionTaskTimedOut', {
    timeoutType: 'SCHEDULE_TO_START',
    scheduledEventId: task.scheduledEventId,
    startedEventId: 0,
  });
  revertTaskListOverride(execution);
  scheduleDecisionTask(s, execution);
}

/** A temporary task-list override lapses: decision tasks go back to the original list. */
function revertTaskListOverride(execution: Execution): void {
  if (execution.overriddenTaskList === undefined) return;
  execution.config.taskList = execution.overriddenTaskList;
  execution.overriddenTaskList = undefined;
  execution.overrideScheduleToStartTimeout = undefined;
}

/** Hands a scheduled task to the longest-waiting poller, or queues it. */
function offerDecisionTask(s: ServiceState, task: DecisionTask): void {
  const queue = s.queue(task.execution.domain, 'decision', task.taskList);
  const poller = queue.takePoller();
  if (poller === undefined) {
    task.queued = true;
    queue.push(task);
    return;
  }
  startDecisionTask(s, task, poller.identity);
  poller.deliver(task);
}

/** The poll that takes a task starts it: `DecisionTaskStarted`, a token, the START_TO_CLOSE clock. */
function startDecisionTask(s: ServiceState, task: DecisionTask, identity: string | undefined): void {
  const execution = task.execution;
  const event = s.append(execution, 'DecisionTaskStarted', {
    ...(identity !== undefined && { identity }),
    scheduledEventId: task.scheduledEventId,
  });
  task.state = 'STARTED';
  task.queued = false;
  task.scheduleToStartTimeout?.cancel();
  task.startedEventId = event.eventId as number;
  task.previousStartedEventId = execution.lastCompletedStartedEventId;
  task.token = s.issueToken(task);
  execution.scheduledDecision = undefined;
  execution.startedDecision = task;
  const timeoutMs = durationMs(execution.config.taskStartToCloseTimeout);
  if (timeoutMs !== undefined) {
    task.timeout = s.after(timeoutMs, `decision START_TO_CLOSE ${execution.workflowId}`, () =>
      timeOutDecisionTask(s, task),
    );
  }
}

/** START_TO_CLOSE expiry: `DecisionTaskTimedOut`, then always a fresh task (swf-semantics §6.5). @internal */
export function timeOutDecisionTask(s: ServiceState, task: DecisionTask): void {
  const execution = task.execution;
  if (task.state !== 'STARTED' || execution.status !== 'OPEN') return;
  s.append(execution, 'DecisionTaskTimedOut', {
    timeoutType: 'START_TO_CLOSE',
    scheduledEventId: task.scheduledEventId,
    startedEventId: task.startedEventId,
  });
  task.state = 'CLOSED';
  execution.startedDecision = undefined;
  // A task on a temporary override list that timed out after starting also ends the override (§6.7).
  revertTaskListOverride(execution);
  // A task already waiting behind this one covers the new events; only then is it handed out.
  scheduleDecisionTask(s, execution);
  releaseWaitingDecisionTask(s, execution);
}

/**
 * A task scheduled while another was started enters the queue once that one is done — not while
 * another is started (a batch's own task may have gone to a parked poll already). @internal
 */
export function releaseWaitingDecisionTask(s: ServiceState, execution: Execution): void {
  const waiting = execution.scheduledDecision;
  if (waiting === undefined || waiting.queued || execution.status !== 'OPEN') return;
  if (execution.startedDecision === undefined) offerDecisionTask(s, waiting);
}

function decisionTaskOutput(
  s: ServiceState,
  task: DecisionTask | SpentDecisionTask,
  taskToken: string,
  originalToken: string,
  input: PollForDecisionTaskInput,
): DecisionTaskOutput {
  const execution = task.execution;
  const reverse = input.reverseOrder === true;
  const query = `DecisionPoll|${reverse}|${originalToken}`;
  const page = historyPage(
    s.now(),
    execution.history,
    task.startedEventId,
    input,
    query,
    DECISION_PAGE_TOKEN_LIFETIME_MS,
    DECISION_PAGE_SIZE,
  );
  return {
    taskToken,
    startedEventId: task.startedEventId,
    previousStartedEventId: task.previousStartedEventId,
    workflowExecution: { workflowId: execution.workflowId, runId: execution.runId },
    workflowType: execution.workflowType,
    ...page,
  };
}

/** SWF's answer to a poll that found nothing: an empty token (swf-semantics §5.2). */
const EMPTY_DECISION_TASK = {
  taskToken: '',
  startedEventId: 0,
  previousStartedEventId: 0,
} as DecisionTaskOutput;

/**
 * PollForDecisionTask: takes the best scheduled task of the list or waits for one up to the long
 * poll time. With `nextPageToken` it returns the next page of the same task instead, under a new
 * token string that completes the same task, as SWF does.
 */
export function pollForDecisionTask(
  s: ServiceState,
  input: PollForDecisionTaskInput,
  context?: CallContext,
): DecisionTaskOutput | Promise<DecisionTaskOutput> {
  const domain = s.domain(input.domain as string);
  if (input.nextPageToken !== undefined) return nextDecisionPage(s, input);
  const queue = s.queue(domain, 'decision', input.taskList?.name as string);
  const task = queue.takeTask(s.chosenTask);
  if (task !== undefined) {
    startDecisionTask(s, task, input.identity);
    return decisionTaskOutput(s, task, task.token as string, task.token as string, input);
  }
  if (context?.signal?.aborted === true) throw abortError();
  return parkPoll(
    s,
    queue,
    input.identity,
    context,
    `decision poll ${domain.name}/${input.taskList?.name}`,
    (matched) => decisionTaskOutput(s, matched, matched.token as string, matched.token as string, input),
    () => EMPTY_DECISION_TASK,
  );
}

function nextDecisionPage(s: ServiceState, input: PollForDecisionTaskInput): DecisionTaskOutput {
  const query = pageTokenQuery(input.nextPageToken as string);
  const originalToken = query?.startsWith('DecisionPoll|') === true ? query.split('|')[2] : undefined;
  const task = originalToken === undefined ? undefined : s.taskOf(originalToken);
  if (task?.kind !== 'decision' || originalToken === undefined)
    throw new SwfFault('ValidationException', 'Invalid token');
  // The page first: a page token that does not fit the request must not issue a task token.
  const output = decisionTaskOutput(s, task, '', originalToken, input);
  return { ...output, taskToken: s.issueToken(task) };
}

/** The started decision task a token names, or `UnknownResourceFault`. @internal */
export function startedDecisionTask(s: ServiceState, taskToken: string): DecisionTask {
  const task = s.taskOf(taskToken);
  if (task?.kind !== 'decision' || task.state !== 'STARTED' || task.execution.status !== 'OPEN') {
    throw new SwfFault('UnknownResourceFault', 'Unknown decision task');
  }
  return task;
}

/**
 * The decider answered (swf-semantics §6.4): the task closes with `DecisionTaskCompleted`, whose
 * execution context and task-list override the run keeps. Returns the event's id, which the
 * batch's events name. The caller has checked the batch.
 * @internal
 */
export function completeDecisionTask(
  s: ServiceState,
  task: DecisionTask,
  input: RespondDecisionTaskCompletedInput,
): number {
  const execution = task.execution;
  s.willChange(execution);
  task.timeout?.cancel();
  task.state = 'CLOSED';
  const completed = s.append(execution, 'DecisionTaskCompleted', {
    ...(input.executionContext !== undefined && { executionContext: input.executionContext }),
    scheduledEventId: task.scheduledEventId,
    startedEventId: task.startedEventId,
    ...(input.taskList !== undefined && { taskList: input.taskList }),
    ...(input.taskListScheduleToStartTimeout !== undefined && {
      taskListScheduleToStartTimeout: input.taskListScheduleToStartTimeout,
    }),
  });
  if (input.executionContext !== undefined) execution.latestExecutionContext = input.executionContext;
  if (input.taskList !== undefined)
    overrideTaskList(execution, input.taskList, input.taskListScheduleToStartTimeout);
  execution.startedDecision = undefined;
  execution.lastCompletedStartedEventId = task.startedEventId;
  return completed.eventId as number;
}

/**
 * RespondDecisionTaskCompleted's `taskList` moves future decision tasks to another list
 * (swf-semantics §6.7): for good without `taskListScheduleToStartTimeout`, otherwise until a task
 * there is not started (or not completed) in time.
 */
function overrideTaskList(
  execution: Execution,
  taskList: TaskList,
  scheduleToStartTimeout: string | undefined,
): void {
  if (scheduleToStartTimeout === undefined) {
    execution.overriddenTaskList = undefined;
    execution.overrideScheduleToStartTimeout = undefined;
  } else {
    execution.overriddenTaskList ??= execution.config.taskList;
    execution.overrideScheduleToStartTimeout = scheduleToStartTimeout;
  }
  execution.config.taskList = taskList;
}

/** Pending (scheduled, not started) decision tasks on a list. */
export function countPendingDecisionTasks(s: ServiceState, domainName: string, taskList: string): number {
  return s.queue(s.domain(domainName), 'decision', taskList).pending;
}
