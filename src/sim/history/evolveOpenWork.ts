import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from './appendEvent.js';
import { eventIdIn, eventTimeMs } from './eventFields.js';
import { beforeExcerpt, causeSaysInUse, causeSaysUnknown, flag, type Fold } from './foldStep.js';
import {
  activityCanceled,
  activityCancelRequested,
  activityTimedOut,
  lambdaStartFailed,
  taskClosedAfterStart,
  taskScheduled,
  taskStarted,
} from './foldTasks.js';
import {
  createOpenWork,
  type DecisionTaskSlot,
  type OpenWork,
  type OpenWorkAnomaly,
  type OpenWorkChild,
  type OpenWorkExternal,
  type OpenWorkItem,
  type OpenWorkStep,
  type OpenWorkTimer,
} from './OpenWork.js';

const NO_ANOMALIES: readonly OpenWorkAnomaly[] = Object.freeze([]);

/**
 * Folds one event into what is open in the run (the one fold over a history: the checker, the
 * snapshot import and re-enactment read the same state). It updates `state` in place — a history
 * is folded left to right and no earlier state is kept, so copying it per event would only make
 * the fold quadratic — and reads nothing but `state` and `event`: O(1) amortised per event.
 *
 * Where the event contradicts the state, it says so in `anomalies`; the state then follows the
 * event where its intent is clear (a second DecisionTaskScheduled replaces the first, a reused id
 * opens a new task, ActivityTaskCanceled without a request closes the task) and ignores it
 * otherwise. The event's own references are not checked here: that is the caller's job
 * (`referencesValid`), and an outcome that points at nothing known is ignored.
 * @internal
 */
export function evolveOpenWork(state: OpenWork, event: HistoryEvent): OpenWorkStep {
  const fold: Fold = {
    state,
    event,
    id: event.eventId as number,
    attrs: attributesOf(event),
    ms: eventTimeMs(event),
    anomalies: undefined,
  };
  let subject: OpenWorkItem | undefined;
  if (state.closeEventId !== 0) flag(fold, { kind: 'afterClose', closeEventId: state.closeEventId });
  else subject = apply(fold, event.eventType as EventType);
  return { anomalies: fold.anomalies ?? NO_ANOMALIES, subject };
}

/**
 * What is open after a whole history, and what closed everything else (`closedEventId`): the
 * fold run to the end, its anomalies not kept. For readers that look an item's outcome up.
 * @internal
 */
export function foldOpenWork(events: readonly HistoryEvent[]): OpenWork {
  const state = createOpenWork(events);
  for (const event of events) evolveOpenWork(state, event);
  return state;
}

function apply(fold: Fold, type: EventType): OpenWorkItem | undefined {
  const { state, attrs } = fold;
  switch (type) {
    case 'WorkflowExecutionCompleted':
    case 'WorkflowExecutionFailed':
    case 'WorkflowExecutionCanceled':
    case 'WorkflowExecutionContinuedAsNew':
    case 'WorkflowExecutionTerminated':
    case 'WorkflowExecutionTimedOut':
      state.closeEventId = fold.id;
      return undefined;
    case 'WorkflowExecutionStarted':
    case 'WorkflowExecutionSignaled':
    case 'WorkflowExecutionCancelRequested':
    case 'CompleteWorkflowExecutionFailed':
    case 'FailWorkflowExecutionFailed':
    case 'CancelWorkflowExecutionFailed':
    case 'ContinueAsNewWorkflowExecutionFailed':
    case 'MarkerRecorded':
    case 'RecordMarkerFailed':
      return undefined;

    case 'DecisionTaskScheduled':
      return decisionScheduled(fold);
    case 'DecisionTaskStarted':
      return decisionStarted(fold);
    case 'DecisionTaskCompleted': {
      const started = closeStartedDecision(fold);
      if (started !== undefined) state.lastCompletedStartedEventId = started.startedEventId;
      return started;
    }
    case 'DecisionTaskTimedOut':
      return attrs.timeoutType === 'SCHEDULE_TO_START' ? decisionExpired(fold) : closeStartedDecision(fold);

    case 'ActivityTaskScheduled':
      return taskScheduled(fold, 'activity');
    case 'ScheduleActivityTaskFailed':
      causeSaysInUse(fold, 'activity', 'activityId', 'ACTIVITY_ID_ALREADY_IN_USE');
      return undefined;
    case 'ActivityTaskStarted':
      return taskStarted(fold, 'activity');
    case 'ActivityTaskCompleted':
    case 'ActivityTaskFailed':
      return taskClosedAfterStart(fold, 'activity');
    case 'ActivityTaskCanceled':
      return activityCanceled(fold);
    case 'ActivityTaskTimedOut':
      return activityTimedOut(fold);
    case 'ActivityTaskCancelRequested':
      return activityCancelRequested(fold);
    case 'RequestCancelActivityTaskFailed':
      return causeSaysUnknown(fold, state.openActivities, 'activityId', 'ACTIVITY_ID_UNKNOWN');

    case 'TimerStarted':
      return timerStarted(fold);
    case 'StartTimerFailed':
      causeSaysInUse(fold, 'timer', 'timerId', 'TIMER_ID_ALREADY_IN_USE');
      return undefined;
    case 'TimerFired':
    case 'TimerCanceled':
      return timerClosed(fold);
    case 'CancelTimerFailed':
      return causeSaysUnknown(fold, state.openTimers, 'timerId', 'TIMER_ID_UNKNOWN');

    case 'StartChildWorkflowExecutionInitiated': {
      const child: OpenWorkChild = {
        kind: 'child',
        initiatedEventId: fold.id,
        attributes: attrs,
        phase: 'initiated',
        startedEventId: 0,
        closedEventId: 0,
      };
      state.children.set(fold.id, child);
      state.openChildren++;
      return child;
    }
    case 'StartChildWorkflowExecutionFailed':
      // initiatedEventId 0: the decision itself failed, inside its batch; no child was initiated.
      return eventIdIn(attrs, 'initiatedEventId') === 0 ? undefined : childStartOutcome(fold, false);
    case 'ChildWorkflowExecutionStarted':
      return childStartOutcome(fold, true);
    case 'ChildWorkflowExecutionCompleted':
    case 'ChildWorkflowExecutionFailed':
    case 'ChildWorkflowExecutionCanceled':
    case 'ChildWorkflowExecutionTerminated':
    case 'ChildWorkflowExecutionTimedOut':
      return childClosed(fold);

    case 'SignalExternalWorkflowExecutionInitiated':
    case 'RequestCancelExternalWorkflowExecutionInitiated': {
      const request: OpenWorkExternal = {
        kind: 'external',
        initiatedEventId: fold.id,
        attributes: attrs,
        phase: 'initiated',
        closedEventId: 0,
      };
      state.externals.set(fold.id, request);
      state.openExternals++;
      return request;
    }
    case 'ExternalWorkflowExecutionSignaled':
    case 'SignalExternalWorkflowExecutionFailed':
    case 'ExternalWorkflowExecutionCancelRequested':
    case 'RequestCancelExternalWorkflowExecutionFailed':
      return externalOutcome(fold);

    case 'LambdaFunctionScheduled':
      return taskScheduled(fold, 'lambda');
    case 'ScheduleLambdaFunctionFailed':
      causeSaysInUse(fold, 'lambda', 'id', 'ID_ALREADY_IN_USE');
      return undefined;
    case 'LambdaFunctionStarted':
      return taskStarted(fold, 'lambda');
    case 'StartLambdaFunctionFailed':
      return lambdaStartFailed(fold);
    case 'LambdaFunctionCompleted':
    case 'LambdaFunctionFailed':
    case 'LambdaFunctionTimedOut':
      return taskClosedAfterStart(fold, 'lambda');
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

// --- Decision tasks (swf-semantics §6) ---------------------------------------------------------

function decisionScheduled(fold: Fold): DecisionTaskSlot {
  const { state } = fold;
  if (state.scheduledDecision !== undefined) {
    flag(fold, { kind: 'secondDecisionTaskScheduled', open: state.scheduledDecision });
  }
  state.decisionSlotsKnown = true;
  const slot: DecisionTaskSlot = {
    kind: 'decisionTask',
    scheduledEventId: fold.id,
    scheduledAttributes: fold.attrs,
    scheduledMs: fold.ms,
    startedEventId: 0,
    startedMs: undefined,
  };
  state.scheduledDecision = slot;
  return slot;
}

function decisionStarted(fold: Fold): DecisionTaskSlot {
  const { state } = fold;
  const scheduledEventId = eventIdIn(fold.attrs, 'scheduledEventId');
  const waiting = state.scheduledDecision;
  if (state.startedDecision !== undefined) {
    flag(fold, { kind: 'secondDecisionTaskStarted', open: state.startedDecision });
  }
  let from: DecisionTaskSlot | undefined;
  if (waiting?.scheduledEventId === scheduledEventId) {
    from = waiting;
    state.scheduledDecision = undefined;
  } else if (!(waiting === undefined && beforeExcerpt(state, scheduledEventId))) {
    flag(fold, { kind: 'decisionTaskNotWaiting', scheduledEventId, waiting });
  }
  state.decisionSlotsKnown = true;
  const slot: DecisionTaskSlot = {
    kind: 'decisionTask',
    scheduledEventId,
    scheduledAttributes: from?.scheduledAttributes ?? {},
    scheduledMs: from?.scheduledMs,
    startedEventId: fold.id,
    startedMs: fold.ms,
  };
  state.startedDecision = slot;
  return slot;
}

/** DecisionTaskCompleted or a START_TO_CLOSE timeout: the started slot closes, whatever it names. */
function closeStartedDecision(fold: Fold): DecisionTaskSlot | undefined {
  const { state } = fold;
  const scheduledEventId = eventIdIn(fold.attrs, 'scheduledEventId');
  const startedEventId = eventIdIn(fold.attrs, 'startedEventId');
  const open = state.startedDecision;
  state.startedDecision = undefined;
  if (open?.startedEventId === startedEventId && open.scheduledEventId === scheduledEventId) return open;
  if (open === undefined && beforeExcerpt(state, startedEventId)) return undefined;
  flag(fold, { kind: 'decisionTaskNotStarted', scheduledEventId, startedEventId, open });
  return undefined;
}

/** A SCHEDULE_TO_START timeout of the waiting task (startedEventId 0, swf-semantics §6.7). */
function decisionExpired(fold: Fold): DecisionTaskSlot | undefined {
  const { state } = fold;
  const scheduledEventId = eventIdIn(fold.attrs, 'scheduledEventId');
  const waiting = state.scheduledDecision;
  if (waiting?.scheduledEventId === scheduledEventId && eventIdIn(fold.attrs, 'startedEventId') === 0) {
    state.scheduledDecision = undefined;
    return waiting;
  }
  if (!(waiting === undefined && beforeExcerpt(state, scheduledEventId))) {
    flag(fold, { kind: 'decisionTaskNotWaiting', scheduledEventId, waiting });
  }
  return undefined;
}

// --- Timers (swf-semantics §7.4.8-9, §9) --------------------------------------------------------

function timerStarted(fold: Fold): OpenWorkTimer {
  const { state } = fold;
  const timerId = String(fold.attrs.timerId);
  const previous = state.openTimers.get(timerId);
  if (previous !== undefined) flag(fold, { kind: 'idInUse', open: previous });
  const timer: OpenWorkTimer = {
    kind: 'timer',
    timerId,
    startedEventId: fold.id,
    startedMs: fold.ms,
    attributes: fold.attrs,
    phase: 'started',
    closedEventId: 0,
  };
  state.timers.set(fold.id, timer);
  state.openTimers.set(timerId, timer);
  return timer;
}

function timerClosed(fold: Fold): OpenWorkTimer | undefined {
  const { state } = fold;
  const startedEventId = eventIdIn(fold.attrs, 'startedEventId');
  let timer = state.timers.get(startedEventId);
  if (timer === undefined) {
    if (!beforeExcerpt(state, startedEventId)) return undefined;
    timer = {
      kind: 'timer',
      timerId: String(fold.attrs.timerId),
      startedEventId,
      startedMs: undefined,
      attributes: {},
      phase: 'unknown',
      closedEventId: 0,
    };
    state.timers.set(startedEventId, timer);
  }
  if (timer.phase === 'closed') {
    flag(fold, { kind: 'alreadyClosed', item: timer });
    return timer;
  }
  timer.phase = 'closed';
  timer.closedEventId = fold.id;
  if (state.openTimers.get(timer.timerId) === timer) state.openTimers.delete(timer.timerId);
  return timer;
}

// --- Children and external requests (swf-semantics §7.4.10-12, §16) -----------------------------

function childOf(fold: Fold): OpenWorkChild | undefined {
  const { state } = fold;
  const initiatedEventId = eventIdIn(fold.attrs, 'initiatedEventId');
  let child = state.children.get(initiatedEventId);
  if (child === undefined && beforeExcerpt(state, initiatedEventId)) {
    child = {
      kind: 'child',
      initiatedEventId,
      attributes: {},
      phase: 'unknown',
      startedEventId: 0,
      closedEventId: 0,
    };
    state.children.set(initiatedEventId, child);
    state.openChildren++;
  }
  return child;
}

function closeChild(fold: Fold, child: OpenWorkChild): void {
  child.phase = 'closed';
  child.closedEventId = fold.id;
  fold.state.openChildren--;
}

/** ChildWorkflowExecutionStarted, or a StartChildWorkflowExecutionFailed that arrived later. */
function childStartOutcome(fold: Fold, started: boolean): OpenWorkChild | undefined {
  const child = childOf(fold);
  if (child === undefined) return undefined;
  if (child.phase === 'started' || child.phase === 'closed') {
    flag(fold, { kind: 'childNotInitiated', child });
    return child;
  }
  if (started) {
    child.phase = 'started';
    child.startedEventId = fold.id;
  } else {
    child.startedEventId = 0;
    closeChild(fold, child);
  }
  return child;
}

function childClosed(fold: Fold): OpenWorkChild | undefined {
  const child = childOf(fold);
  if (child === undefined) return undefined;
  const startedEventId = eventIdIn(fold.attrs, 'startedEventId');
  if (child.phase === 'unknown' || (child.phase === 'started' && child.startedEventId === startedEventId)) {
    closeChild(fold, child);
  } else {
    flag(fold, { kind: 'childNotStarted', child, startedEventId });
  }
  return child;
}

function externalOutcome(fold: Fold): OpenWorkExternal | undefined {
  const { state } = fold;
  const initiatedEventId = eventIdIn(fold.attrs, 'initiatedEventId');
  let request = state.externals.get(initiatedEventId);
  if (request === undefined) {
    if (!beforeExcerpt(state, initiatedEventId)) return undefined;
    request = { kind: 'external', initiatedEventId, attributes: {}, phase: 'unknown', closedEventId: 0 };
    state.externals.set(initiatedEventId, request);
    state.openExternals++;
  }
  if (request.phase === 'closed') {
    flag(fold, { kind: 'alreadyClosed', item: request });
    return request;
  }
  request.phase = 'closed';
  request.closedEventId = fold.id;
  state.openExternals--;
  return request;
}
