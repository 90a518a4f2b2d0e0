/**
 * The activity and Lambda task part of the one fold (`evolveOpenWork`): their lifecycles are the
 * same (swf-semantics §8, §17) — scheduled, started, closed by one outcome — except that only an
 * activity can be cancelled or time out before its start.
 */
import { eventIdIn, isActivityTimeoutType } from './eventFields.js';
import { beforeExcerpt, flag, type Fold } from './foldStep.js';
import type { OpenWork, OpenWorkTask } from './OpenWork.js';

function tasksOf(
  state: OpenWork,
  kind: OpenWorkTask['kind'],
): [Map<number, OpenWorkTask>, Map<string, OpenWorkTask>] {
  return kind === 'activity' ? [state.activities, state.openActivities] : [state.lambdas, state.openLambdas];
}

/** ActivityTaskScheduled or LambdaFunctionScheduled: a new open task. @internal */
export function taskScheduled(fold: Fold, kind: OpenWorkTask['kind']): OpenWorkTask {
  const [all, open] = tasksOf(fold.state, kind);
  const id = String(kind === 'activity' ? fold.attrs.activityId : fold.attrs.id);
  const previous = open.get(id);
  if (previous !== undefined) flag(fold, { kind: 'idInUse', open: previous });
  const task: OpenWorkTask = {
    kind,
    id,
    scheduledEventId: fold.id,
    scheduledMs: fold.ms,
    attributes: fold.attrs,
    phase: 'scheduled',
    startedEventId: 0,
    startedMs: undefined,
    cancelRequestedEventId: 0,
    closedEventId: 0,
  };
  all.set(fold.id, task);
  open.set(id, task);
  return task;
}

/** The task an outcome names; an unknown one for a task scheduled before an excerpt. */
function taskOf(fold: Fold, kind: OpenWorkTask['kind']): OpenWorkTask | undefined {
  const scheduledEventId = eventIdIn(fold.attrs, 'scheduledEventId');
  const [all] = tasksOf(fold.state, kind);
  let task = all.get(scheduledEventId);
  if (task === undefined && beforeExcerpt(fold.state, scheduledEventId)) {
    task = {
      kind,
      id: `#${String(scheduledEventId)}`,
      scheduledEventId,
      scheduledMs: undefined,
      attributes: {},
      phase: 'unknown',
      startedEventId: 0,
      startedMs: undefined,
      cancelRequestedEventId: 0,
      closedEventId: 0,
    };
    all.set(scheduledEventId, task);
  }
  return task;
}

function closeTask(fold: Fold, task: OpenWorkTask): void {
  task.phase = 'closed';
  task.closedEventId = fold.id;
  const [, open] = tasksOf(fold.state, task.kind);
  if (open.get(task.id) === task) open.delete(task.id);
}

/** ActivityTaskStarted or LambdaFunctionStarted. @internal */
export function taskStarted(fold: Fold, kind: OpenWorkTask['kind']): OpenWorkTask | undefined {
  const task = taskOf(fold, kind);
  if (task === undefined) return undefined;
  if (task.phase === 'started' || task.phase === 'closed') {
    flag(fold, { kind: 'taskNotScheduled', task });
    return task;
  }
  task.phase = 'started';
  task.startedEventId = fold.id;
  task.startedMs = fold.ms;
  return task;
}

/** Whether an outcome names the started task (any outcome is taken for an unknown one). */
function requireStarted(fold: Fold, task: OpenWorkTask): boolean {
  const startedEventId = eventIdIn(fold.attrs, 'startedEventId');
  if (task.phase === 'unknown') return true;
  if (task.phase === 'started' && task.startedEventId === startedEventId) return true;
  flag(fold, { kind: 'taskNotStarted', task, startedEventId });
  return false;
}

/** An outcome that needs the task started: completed, failed, a Lambda's timeout. @internal */
export function taskClosedAfterStart(fold: Fold, kind: OpenWorkTask['kind']): OpenWorkTask | undefined {
  const task = taskOf(fold, kind);
  if (task !== undefined && requireStarted(fold, task)) closeTask(fold, task);
  return task;
}

/** By the worker after a start, or before a start after a cancel request (swf-semantics §8.3). @internal */
export function activityCanceled(fold: Fold): OpenWorkTask | undefined {
  const task = taskOf(fold, 'activity');
  if (task === undefined) return undefined;
  if (eventIdIn(fold.attrs, 'startedEventId') !== 0) {
    if (requireStarted(fold, task)) closeTask(fold, task);
    return task;
  }
  if (task.phase === 'scheduled' && task.cancelRequestedEventId === 0) {
    flag(fold, { kind: 'cancelNotRequested', task });
  } else if (task.phase === 'started' || task.phase === 'closed') {
    flag(fold, { kind: 'cancelNotWaiting', task });
    return task;
  }
  closeTask(fold, task);
  return task;
}

/**
 * SCHEDULE_TO_START only before a start (startedEventId 0), START_TO_CLOSE and HEARTBEAT only
 * after it, SCHEDULE_TO_CLOSE either way (swf-semantics §8.4).
 * @internal
 */
export function activityTimedOut(fold: Fold): OpenWorkTask | undefined {
  const task = taskOf(fold, 'activity');
  if (task === undefined) return undefined;
  const timeoutType = fold.attrs.timeoutType;
  if (!isActivityTimeoutType(timeoutType)) {
    flag(fold, { kind: 'timeoutTypeUnknown', timeoutType });
    return task;
  }
  const startedEventId = eventIdIn(fold.attrs, 'startedEventId');
  const legal =
    task.phase === 'unknown' ||
    (timeoutType === 'SCHEDULE_TO_START'
      ? task.phase === 'scheduled' && startedEventId === 0
      : timeoutType === 'SCHEDULE_TO_CLOSE'
        ? task.phase === 'scheduled'
          ? startedEventId === 0
          : task.phase === 'started' && startedEventId === task.startedEventId
        : task.phase === 'started' && startedEventId === task.startedEventId);
  if (!legal) {
    flag(fold, { kind: 'timeoutNotPending', task, startedEventId, timeoutType });
    return task;
  }
  closeTask(fold, task);
  return task;
}

/** ActivityTaskCancelRequested: marks the open task with that activityId. @internal */
export function activityCancelRequested(fold: Fold): OpenWorkTask | undefined {
  const activityId = String(fold.attrs.activityId);
  const task = fold.state.openActivities.get(activityId);
  if (task === undefined) {
    if (!fold.state.excerpt) flag(fold, { kind: 'cancelRequestUnknown', activityId });
    return undefined;
  }
  task.cancelRequestedEventId = fold.id;
  return task;
}

/** StartLambdaFunctionFailed: the scheduled Lambda task never started. @internal */
export function lambdaStartFailed(fold: Fold): OpenWorkTask | undefined {
  const task = taskOf(fold, 'lambda');
  if (task === undefined) return undefined;
  if (task.phase === 'started' || task.phase === 'closed') {
    flag(fold, { kind: 'taskNotScheduled', task });
    return task;
  }
  closeTask(fold, task);
  return task;
}
