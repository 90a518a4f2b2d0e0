import type { ActivityTaskTimeoutType, HistoryEvent } from '@aws-sdk/client-swf';
import type { TimerHandle } from '../../clock/VirtualClock.js';
import { durationMs, priorityOf } from '../durations.js';
import {
  lastEvent,
  newExecution,
  openWork,
  runKey,
  type ActivityTask,
  type ChildRecord,
  type DecisionTask,
  type DomainRecord,
  type Execution,
  type ExecutionConfig,
  type LambdaTask,
  type ParentLink,
} from '../model.js';
import type { ServiceState } from '../ServiceState.js';
import type { CheckedRun } from './checkSnapshot.js';
import {
  decisionClock,
  ExecutionClock,
  planActivityClock,
  RetentionClock,
  timerClock,
  type ClockSeqs,
  type PendingClock,
} from './clockPlans.js';
import { copyInterned } from './copyInterned.js';
import { attributesOf, type OpenActivity, type OpenLambda, type RunWork } from './foldRunWork.js';
import type { TaskHint } from './ServiceSnapshot.js';

/*
 * Import: rebuilding one checked run's records — its open work, its clocks and queue places (only
 * planned here: they are armed and queued once every run is in, in the original order), its
 * children and its link to a parent.
 */

/**
 * The seq of an open task's record until the import gives it its queue place (in `create`). Records
 * are made as their run comes in, not then: the end of a large import allocates less at once.
 */
const UNNUMBERED = -1;

/** `task`, given queue place `seq` (the one change to a record made {@link UNNUMBERED}). */
function numbered<T extends { readonly seq: number }>(task: T, seq: number): T {
  (task as { seq: number }).seq = seq;
  return task;
}

/** A task to give its place in a queue, in scheduling order. @internal */
export interface PendingTask {
  readonly scheduledMs: number;
  readonly hintSeq: number | undefined;
  /**
   * Gives the task (its record made already) queue place `seq` and a place in its run and its queue;
   * its own clocks go to `clocks`. (Passed in, not captured:
   * a closure that kept the plan's list would keep every plan alive as long as its timer lives.)
   */
  readonly create: (seq: number, clocks: PendingClock[]) => void;
}

/**
 * A checked run as the service keeps it, with no open work yet. Closed runs whose configs are equal
 * share one (a closed run's never changes again): `closedConfigs` holds them by their JSON.
 * @internal
 */
export function buildExecution(
  domain: DomainRecord,
  run: CheckedRun,
  closedConfigs: Map<string, ExecutionConfig>,
): Execution {
  const r = run.source;
  const open = r.status === 'OPEN';
  return newExecution({
    domain,
    workflowId: r.workflowId,
    runId: r.runId,
    workflowType: copyInterned(r.workflowType),
    config: open ? copyInterned(r.config) : sharedConfig(closedConfigs, r.config),
    // An open run keeps its history array: one of exactly its length (the one it was read into
    // grew by pushes, to up to half again as many slots).
    events: open ? run.events.slice() : run.events,
    startMs: r.startMs,
    status: r.status,
    closeStatus: r.closeStatus,
    closeMs: r.closeMs,
    cancelRequested: r.cancelRequested,
    latestExecutionContext: r.latestExecutionContext,
    latestActivityTaskMs: r.latestActivityTaskMs,
    lastCompletedStartedEventId: r.lastCompletedStartedEventId,
    overriddenTaskList:
      r.overriddenTaskList === undefined ? undefined : structuredClone(r.overriddenTaskList),
    overrideScheduleToStartTimeout: r.overrideScheduleToStartTimeout,
  });
}

/** Distinct configs shared between closed runs, at most (more are each kept to their run). */
const SHARED_CONFIGS = 1024;

function sharedConfig(closedConfigs: Map<string, ExecutionConfig>, config: ExecutionConfig): ExecutionConfig {
  const key = JSON.stringify(config);
  const shared = closedConfigs.get(key);
  if (shared !== undefined) return shared;
  const copy = copyInterned(config);
  if (closedConfigs.size < SHARED_CONFIGS) closedConfigs.set(key, copy);
  return copy;
}

/** A clock that already ran out or was canceled when its run closed: only its record remains. */
function spentHandle(dueAtMs: number, label: string): TimerHandle {
  return { dueAtMs, label, seq: -1, cancel: () => undefined };
}

function activityRecord(
  execution: Execution,
  open: OpenActivity,
  seq: number,
  hint?: TaskHint,
): ActivityTask {
  return {
    kind: 'activity',
    execution,
    activityId: open.activityId,
    activityType: { name: open.activityType.name, version: open.activityType.version },
    ...(open.input !== undefined && { input: open.input }),
    scheduledEventId: open.scheduledEventId,
    taskList: open.taskList,
    priority: priorityOf(open.taskPriority),
    seq,
    timeouts: open.timeouts,
    state: open.startedEventId !== 0 ? 'STARTED' : 'SCHEDULED',
    queued: false,
    startedEventId: open.startedEventId,
    ...(open.cancelRequestedEventId !== undefined && { cancelRequestedEventId: open.cancelRequestedEventId }),
    ...(hint?.heartbeatDetails !== undefined && { heartbeatDetails: hint.heartbeatDetails }),
    timers: {},
  };
}

function lambdaRecord(open: OpenLambda): LambdaTask {
  return {
    id: open.id,
    name: open.name,
    ...(open.input !== undefined && { input: open.input }),
    scheduledEventId: open.scheduledEventId,
    startToCloseTimeoutMs: open.startToCloseTimeoutMs,
    startedEventId: open.startedEventId,
  };
}

/**
 * A closed run keeps what was open when it closed, as the service does (Describe still counts its
 * activity tasks, timers and Lambda tasks), with every clock spent; its retention clock runs on.
 * @internal
 */
export function restoreClosedRun(execution: Execution, run: CheckedRun, clocks: PendingClock[]): void {
  const { work } = run;
  for (const open of work.activities.values()) {
    const task = activityRecord(execution, open, -1);
    task.state = 'CLOSED';
    openWork(execution, 'openActivities').set(task.activityId, task);
  }
  for (const [timerId, open] of work.timers) {
    const dueAtMs = open.startedMs + Number(open.startToFireTimeout) * 1000;
    openWork(execution, 'openTimers').set(timerId, {
      timerId,
      startedEventId: open.startedEventId,
      handle: spentHandle(dueAtMs, `timer ${timerId}`),
    });
  }
  for (const open of work.lambdas.values())
    openWork(execution, 'openLambdas').set(open.id, lambdaRecord(open));
  clocks.push(new RetentionClock(execution, run.source.clockSeqs));
}

/**
 * Recreates the open tasks and timers of an OPEN run and plans their clocks and queue places. (Each
 * plan is made by a function of its own, so that a timer's closure keeps only what it fires.)
 * @internal
 */
export function restoreOpenWork(
  s: ServiceState,
  execution: Execution,
  run: CheckedRun,
  clocks: PendingClock[],
  tasks: PendingTask[],
): void {
  const { work, hints } = run;
  const { clockSeqs } = run.source;
  const executionTimeoutMs = durationMs(execution.config.executionStartToCloseTimeout);
  if (executionTimeoutMs !== undefined)
    clocks.push(new ExecutionClock(s, execution, executionTimeoutMs, clockSeqs));

  const started = work.startedDecision;
  if (started !== undefined) {
    tasks.push(startedDecisionPlan(s, execution, started, hints.get(started.scheduledEventId), clockSeqs));
  }
  const scheduled = work.scheduledDecision;
  if (scheduled !== undefined)
    tasks.push(scheduledDecisionPlan(s, execution, scheduled, run, started !== undefined));

  for (const open of work.activities.values()) {
    const hint = hints.get(open.scheduledEventId);
    const task = activityRecord(execution, open, UNNUMBERED, hint);
    tasks.push({
      scheduledMs: open.scheduledMs,
      hintSeq: hint?.seq,
      create: (seq, later) => restoreActivityTask(s, numbered(task, seq), open, hint, later, clockSeqs),
    });
  }

  for (const [timerId, open] of work.timers) clocks.push(timerClock(s, execution, timerId, open, clockSeqs));
}

type StartedDecision = NonNullable<RunWork['startedDecision']>;
type ScheduledDecision = NonNullable<RunWork['scheduledDecision']>;

function startedDecisionPlan(
  s: ServiceState,
  execution: Execution,
  started: StartedDecision,
  hint: TaskHint | undefined,
  clockSeqs: ClockSeqs,
): PendingTask {
  const { config } = execution;
  const { startedMs } = started;
  const task: DecisionTask = {
    kind: 'decision',
    execution,
    scheduledEventId: started.scheduledEventId,
    taskList: config.taskList.name as string,
    priority: priorityOf(config.taskPriority),
    seq: UNNUMBERED,
    state: 'STARTED',
    queued: false,
    startedEventId: started.startedEventId,
    previousStartedEventId: started.previousStartedEventId,
  };
  return {
    scheduledMs: started.scheduledMs,
    hintSeq: hint?.seq,
    create: (seq, later) => {
      numbered(task, seq);
      if (hint?.taskToken !== undefined) {
        task.token = hint.taskToken;
        s.registerToken(hint.taskToken, task);
      }
      execution.startedDecision = task;
      const timeoutMs = durationMs(config.taskStartToCloseTimeout);
      if (timeoutMs !== undefined) {
        later.push(decisionClock(s, task, clockSeqs, 'START_TO_CLOSE', startedMs, timeoutMs));
      }
    },
  };
}

/** `create` keeps only what it reads (not `run`, nor `scheduled`): the plan waits to the import's end. */
function scheduledDecisionPlan(
  s: ServiceState,
  execution: Execution,
  scheduled: ScheduledDecision,
  run: CheckedRun,
  behindStarted: boolean,
): PendingTask {
  const { scheduledMs } = scheduled;
  const { clockSeqs } = run.source;
  // On a temporary task-list override the task must be started within a limit (swf-semantics §6.7).
  const { scheduleToStartTimeout } = attributesOf(run.events[scheduled.scheduledEventId - 1] as HistoryEvent);
  const scheduleToStartMs = durationMs(scheduleToStartTimeout as string | undefined);
  const task: DecisionTask = {
    kind: 'decision',
    execution,
    scheduledEventId: scheduled.scheduledEventId,
    taskList: scheduled.taskList,
    priority: priorityOf(execution.config.taskPriority),
    seq: UNNUMBERED,
    state: 'SCHEDULED',
    queued: false,
    startedEventId: 0,
    previousStartedEventId: 0,
  };
  return {
    scheduledMs,
    hintSeq: run.hints.get(scheduled.scheduledEventId)?.seq,
    create: (seq, later) => {
      numbered(task, seq);
      execution.scheduledDecision = task;
      // A task scheduled behind a started one waits outside the queue until that one is done.
      if (!behindStarted) {
        task.queued = true;
        s.queue(execution.domain, 'decision', task.taskList).push(task);
      }
      if (scheduleToStartMs !== undefined) {
        later.push(decisionClock(s, task, clockSeqs, 'SCHEDULE_TO_START', scheduledMs, scheduleToStartMs));
      }
    },
  };
}

function restoreActivityTask(
  s: ServiceState,
  task: ActivityTask,
  open: OpenActivity,
  hint: TaskHint | undefined,
  clocks: PendingClock[],
  clockSeqs: ClockSeqs,
): void {
  const { execution } = task;
  const isStarted = task.state === 'STARTED';
  openWork(execution, 'openActivities').set(task.activityId, task);
  if (isStarted && hint?.taskToken !== undefined) {
    task.token = hint.taskToken;
    s.registerToken(hint.taskToken, task);
  }
  if (!isStarted) {
    task.queued = true;
    s.queue(execution.domain, 'activity', task.taskList).push(task);
  }
  const arm = (type: ActivityTaskTimeoutType, duration: string, armedAtMs: number, dueAtMs?: number): void =>
    planActivityClock(clocks, s, task, clockSeqs, { type, duration, armedAtMs, dueAtMs });
  // The service's arming order: SCHEDULE_TO_CLOSE before SCHEDULE_TO_START (swf-semantics §8.4).
  arm('SCHEDULE_TO_CLOSE', open.timeouts.scheduleToCloseTimeout, open.scheduledMs);
  if (!isStarted) {
    arm('SCHEDULE_TO_START', open.timeouts.scheduleToStartTimeout, open.scheduledMs);
    return;
  }
  const startedMs = open.startedMs as number;
  arm('START_TO_CLOSE', open.timeouts.startToCloseTimeout, startedMs);
  const heartbeatMs = durationMs(open.timeouts.heartbeatTimeout);
  const heartbeatDue = hint?.heartbeatTimeoutAtMs;
  if (heartbeatMs !== undefined && heartbeatDue !== undefined) {
    // The live clock was last armed at the last heartbeat.
    const armedAtMs = Math.max(startedMs, heartbeatDue - heartbeatMs);
    arm('HEARTBEAT', open.timeouts.heartbeatTimeout, armedAtMs, heartbeatDue);
  } else {
    arm('HEARTBEAT', open.timeouts.heartbeatTimeout, startedMs);
  }
}

/** The run a child's chain of continue-as-new runs has reached (or undefined if it is gone). */
function currentRunOf(
  domain: DomainRecord,
  workflowId: string,
  runId: string | undefined,
): Execution | undefined {
  let run = runId === undefined ? undefined : domain.runs.get(runKey(workflowId, runId));
  for (let hops = 0; run !== undefined && run.closeStatus === 'CONTINUED_AS_NEW' && hops < 10_000; hops++) {
    const last = lastEvent(run) as HistoryEvent;
    const next = last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    const successor = next === undefined ? undefined : domain.runs.get(runKey(workflowId, next));
    if (successor === undefined) break;
    run = successor;
  }
  return run;
}

/**
 * The parent's records of its open children. An open parent has one per started, unfinished child;
 * a closed one keeps those whose child is still running (the service forgets a record when the
 * child's outcome is reported) and those initiated in the batch that closed it.
 * @internal
 */
export function restoreChildren(domain: DomainRecord, parent: Execution, work: RunWork): void {
  for (const open of work.children.values()) {
    const run = currentRunOf(domain, open.workflowId, open.runId);
    if (parent.status === 'CLOSED' && open.startedEventId !== 0 && run?.status !== 'OPEN') continue;
    const record: ChildRecord = {
      workflowId: open.workflowId,
      workflowType: open.workflowType,
      initiatedEventId: open.initiatedEventId,
      startedEventId: open.startedEventId,
      ...(run !== undefined && { run }),
    };
    openWork(parent, 'openChildren').set(record.initiatedEventId, record);
  }
}

/**
 * A child run's link to its parent: the parent's record of it while it is open, else a record of
 * its own. A parent no longer retained is stood in for by a closed stub, so Describe still names it.
 * @internal
 */
export function restoreParentLink(domain: DomainRecord, child: Execution, work: RunWork): void {
  const link = work.parent;
  if (link === undefined) return;
  const parent =
    domain.runs.get(runKey(link.workflowId, link.runId)) ?? stubParent(domain, link.workflowId, link.runId);
  const record =
    parent.openChildren.get(link.initiatedEventId) ??
    ({
      workflowId: child.workflowId,
      workflowType: child.workflowType,
      initiatedEventId: link.initiatedEventId,
      startedEventId: 0,
      run: child,
    } satisfies ChildRecord);
  (child as { parent?: ParentLink }).parent = { execution: parent, child: record };
}

function stubParent(domain: DomainRecord, workflowId: string, runId: string): Execution {
  return newExecution({
    domain,
    workflowId,
    runId,
    // Only the workflowId and runId of a closed parent are ever read.
    workflowType: { name: '', version: '' },
    config: {
      taskList: { name: '' },
      taskStartToCloseTimeout: 'NONE',
      executionStartToCloseTimeout: 'NONE',
      childPolicy: 'ABANDON',
    },
    events: [],
    startMs: 0,
    status: 'CLOSED',
  });
}
