import type { ActivityTaskTimeoutType, HistoryEvent } from '@aws-sdk/client-swf';

/**
 * A decision task in one of the run's two slots (swf-semantics §6.1-6.2): the one scheduled and
 * not started, or the one started. A started slot keeps what its scheduled task said.
 * @internal
 */
export interface DecisionTaskSlot {
  readonly kind: 'decisionTask';
  readonly scheduledEventId: number;
  /** Its DecisionTaskScheduled's attributes (`{}` when that event is not known). */
  readonly scheduledAttributes: Record<string, unknown>;
  readonly scheduledMs: number | undefined;
  /** 0 while it waits to start. */
  readonly startedEventId: number;
  readonly startedMs: number | undefined;
}

/**
 * An activity task or a Lambda task (their lifecycles are the same, swf-semantics §17). Each item's
 * `phase` is where it stands; `unknown`: it was opened before the first event of an excerpt, so
 * only the events that follow tell its state.
 * @internal
 */
export interface OpenWorkTask {
  readonly kind: 'activity' | 'lambda';
  /** `activityId` or the Lambda task's `id`; `#<scheduledEventId>` when unknown. */
  readonly id: string;
  readonly scheduledEventId: number;
  readonly scheduledMs: number | undefined;
  /** Its …Scheduled event's attributes (`{}` when unknown). */
  readonly attributes: Record<string, unknown>;
  phase: 'scheduled' | 'started' | 'closed' | 'unknown';
  startedEventId: number;
  startedMs: number | undefined;
  /** The latest ActivityTaskCancelRequested for it; 0 when none. */
  cancelRequestedEventId: number;
  /** The event that closed it; 0 while open. */
  closedEventId: number;
}

/** A timer started by a StartTimer decision. @internal */
export interface OpenWorkTimer {
  readonly kind: 'timer';
  readonly timerId: string;
  readonly startedEventId: number;
  readonly startedMs: number | undefined;
  /** Its TimerStarted's attributes (`{}` when unknown). */
  readonly attributes: Record<string, unknown>;
  phase: 'started' | 'closed' | 'unknown';
  /** TimerFired or TimerCanceled; 0 while open. */
  closedEventId: number;
}

/** A child workflow execution, from its StartChildWorkflowExecutionInitiated. @internal */
export interface OpenWorkChild {
  readonly kind: 'child';
  readonly initiatedEventId: number;
  /** Its Initiated event's attributes (`{}` when unknown). */
  readonly attributes: Record<string, unknown>;
  phase: 'initiated' | 'started' | 'closed' | 'unknown';
  startedEventId: number;
  /** Its close, or the StartChildWorkflowExecutionFailed that ended it; 0 while open. */
  closedEventId: number;
}

/** A signal or cancel request to another execution, awaiting its outcome. @internal */
export interface OpenWorkExternal {
  readonly kind: 'external';
  readonly initiatedEventId: number;
  /** Its Initiated event's attributes (`{}` when unknown). */
  readonly attributes: Record<string, unknown>;
  phase: 'initiated' | 'closed' | 'unknown';
  /** Its outcome; 0 while it awaits one. */
  closedEventId: number;
}

/** Anything the fold tracks. @internal */
export type OpenWorkItem = DecisionTaskSlot | OpenWorkTask | OpenWorkTimer | OpenWorkChild | OpenWorkExternal;

/**
 * What is open in a run after some prefix of its history, as {@link evolveOpenWork} folds it.
 * Items are kept after they close (by the id of the event that opened them) so that a second
 * outcome is recognised; the `open…` maps hold the open ones by the id the decider chose.
 * @internal
 */
export interface OpenWork {
  /** The history is an excerpt: what lies before `firstEventId` is not seen and taken on trust. */
  readonly excerpt: boolean;
  readonly firstEventId: number;
  /** The run's close event, 0 while it is open. */
  closeEventId: number;
  scheduledDecision: DecisionTaskSlot | undefined;
  startedDecision: DecisionTaskSlot | undefined;
  /** False in an excerpt until a decision-task event shows the slots. */
  decisionSlotsKnown: boolean;
  /** The startedEventId of the last completed decision task (PollForDecisionTask's previousStartedEventId). */
  lastCompletedStartedEventId: number;
  readonly activities: Map<number, OpenWorkTask>;
  readonly openActivities: Map<string, OpenWorkTask>;
  readonly lambdas: Map<number, OpenWorkTask>;
  readonly openLambdas: Map<string, OpenWorkTask>;
  readonly timers: Map<number, OpenWorkTimer>;
  readonly openTimers: Map<string, OpenWorkTimer>;
  readonly children: Map<number, OpenWorkChild>;
  readonly externals: Map<number, OpenWorkExternal>;
  /** Children and external requests not closed (unknown ones included). */
  openChildren: number;
  openExternals: number;
}

/**
 * Something a history says that contradicts what is open: an outcome for a task that is not in
 * the state the outcome needs, an id reused while open, a failure cause that denies the state.
 * The invariant checker words them; the snapshot import refuses them.
 * @internal
 */
export type OpenWorkAnomaly =
  /** An event after the run's close event. */
  | { readonly kind: 'afterClose'; readonly closeEventId: number }
  | { readonly kind: 'secondDecisionTaskScheduled'; readonly open: DecisionTaskSlot }
  | { readonly kind: 'secondDecisionTaskStarted'; readonly open: DecisionTaskSlot }
  /** DecisionTaskStarted or a SCHEDULE_TO_START timeout names a task that is not the waiting one. */
  | {
      readonly kind: 'decisionTaskNotWaiting';
      readonly scheduledEventId: number;
      readonly waiting: DecisionTaskSlot | undefined;
    }
  /** DecisionTaskCompleted or a START_TO_CLOSE timeout names a task that is not the started one. */
  | {
      readonly kind: 'decisionTaskNotStarted';
      readonly scheduledEventId: number;
      readonly startedEventId: number;
      readonly open: DecisionTaskSlot | undefined;
    }
  /** A task or timer is scheduled/started with an id whose earlier one is still open. */
  | { readonly kind: 'idInUse'; readonly open: OpenWorkTask | OpenWorkTimer }
  /** A failure says an id is in use, but nothing with that id is open. */
  | {
      readonly kind: 'causeNotOpen';
      readonly work: 'activity' | 'lambda' | 'timer';
      readonly id: string;
      readonly cause: string;
    }
  /** A failure says an id is unknown, but something with that id is open. */
  | { readonly kind: 'causeOpen'; readonly open: OpenWorkTask | OpenWorkTimer; readonly cause: string }
  /** A start (or StartLambdaFunctionFailed) for a task that is no longer scheduled. */
  | { readonly kind: 'taskNotScheduled'; readonly task: OpenWorkTask }
  /** An outcome that needs the task started by `startedEventId`. */
  | { readonly kind: 'taskNotStarted'; readonly task: OpenWorkTask; readonly startedEventId: number }
  /** ActivityTaskCanceled before a start with no ActivityTaskCancelRequested (the task still closes). */
  | { readonly kind: 'cancelNotRequested'; readonly task: OpenWorkTask }
  /** ActivityTaskCanceled with startedEventId 0 for a task that started or closed. */
  | { readonly kind: 'cancelNotWaiting'; readonly task: OpenWorkTask }
  | { readonly kind: 'cancelRequestUnknown'; readonly activityId: string }
  | { readonly kind: 'timeoutTypeUnknown'; readonly timeoutType: unknown }
  /** An activity timeout that its task's state rules out (closed, or not started / started). */
  | {
      readonly kind: 'timeoutNotPending';
      readonly task: OpenWorkTask;
      readonly startedEventId: number;
      readonly timeoutType: ActivityTaskTimeoutType;
    }
  /** A second TimerFired/TimerCanceled, or a second outcome of an external request. */
  | { readonly kind: 'alreadyClosed'; readonly item: OpenWorkTimer | OpenWorkExternal }
  /** A child start outcome for a child that is no longer initiated. */
  | { readonly kind: 'childNotInitiated'; readonly child: OpenWorkChild }
  /** A child close that needs the child started by `startedEventId`. */
  | { readonly kind: 'childNotStarted'; readonly child: OpenWorkChild; readonly startedEventId: number };

/** What one event did: what it contradicted, and the item it opened, moved or closed. @internal */
export interface OpenWorkStep {
  readonly anomalies: readonly OpenWorkAnomaly[];
  /** The item the event is about; undefined when it concerns none or one the history cannot show. */
  readonly subject: OpenWorkItem | undefined;
}

/**
 * The state before a history's first event. `firstEventId` > 1 (or `excerpt`) reads the history as
 * an excerpt: events it refers to before its first one are taken on trust.
 * @internal
 */
export function createOpenWork(events: readonly HistoryEvent[], excerpt?: boolean): OpenWork {
  const first = events[0]?.eventId;
  const later = typeof first === 'number' && Number.isInteger(first) && first > 1 ? first : 1;
  const isExcerpt = excerpt ?? later > 1;
  return {
    excerpt: isExcerpt,
    firstEventId: isExcerpt ? later : 1,
    closeEventId: 0,
    scheduledDecision: undefined,
    startedDecision: undefined,
    decisionSlotsKnown: !isExcerpt,
    lastCompletedStartedEventId: 0,
    activities: new Map(),
    openActivities: new Map(),
    lambdas: new Map(),
    openLambdas: new Map(),
    timers: new Map(),
    openTimers: new Map(),
    children: new Map(),
    externals: new Map(),
    openChildren: 0,
    openExternals: 0,
  };
}

/**
 * Whether anything is pending: a decision task, an activity, timer, child, Lambda task or an
 * external request awaiting its outcome.
 * @internal
 */
export function hasOpenWork(state: OpenWork): boolean {
  return (
    state.scheduledDecision !== undefined ||
    state.startedDecision !== undefined ||
    state.openActivities.size > 0 ||
    state.openLambdas.size > 0 ||
    state.openTimers.size > 0 ||
    state.openChildren > 0 ||
    state.openExternals > 0
  );
}
