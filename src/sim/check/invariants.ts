/**
 * The named SWF history invariants the checker enforces, in the order a reader meets them in
 * `docs/invariants.md` (which cites, for each one, the SWF rule and the recordings behind it).
 * @public
 */
export const INVARIANTS = [
  {
    name: 'eventEnvelope',
    summary: 'every event has an integer eventId, a known eventType and exactly its own attributes member',
  },
  {
    name: 'eventIdsSequential',
    summary:
      'event ids are 1, 2, 3, … in order, without gaps or repeats (an excerpt: consecutive from its first id)',
  },
  {
    name: 'timestampsNonDecreasing',
    summary: 'event timestamps never decrease (and none is later than `now` when given)',
  },
  {
    name: 'startedFirst',
    summary: 'exactly one WorkflowExecutionStarted, and it is event 1',
  },
  {
    name: 'closeLast',
    summary: 'at most one close event, and nothing is written after it',
  },
  {
    name: 'referencesValid',
    summary:
      'every …EventId reference (and timerId/activityId/workflowExecution by name) points back to an earlier event of the right type; 0 only where SWF writes 0',
  },
  {
    name: 'decisionTaskSlots',
    summary:
      'at most one decision task scheduled-not-started and one started; Started/Completed/TimedOut name the open task',
  },
  {
    name: 'decisionTaskScheduledWhenNeeded',
    summary:
      'an event the decider must see is followed by DecisionTaskScheduled (after its batch) unless one is already scheduled',
  },
  {
    name: 'decisionBatchContiguous',
    summary: 'the events a DecisionTaskCompleted produced directly follow it, with nothing interleaved',
  },
  {
    name: 'unhandledDecision',
    summary:
      'a close decision cannot succeed while an unseen event is pending, and fails with UNHANDLED_DECISION only then',
  },
  {
    name: 'activityLifecycle',
    summary:
      'each activity task is started at most once and closed at most once, by an outcome legal in its state; activityIds reused only after close',
  },
  {
    name: 'timerLifecycle',
    summary:
      'each timer fires or is canceled at most once, only while open; timerIds reused only after close',
  },
  {
    name: 'childWorkflowLifecycle',
    summary: 'each child start is started or fails once, and a started child closes once',
  },
  {
    name: 'lambdaLifecycle',
    summary: 'each Lambda task starts at most once and closes once, by an outcome legal in its state',
  },
  {
    name: 'externalWorkflowLifecycle',
    summary: 'each external signal or cancel request gets at most one outcome',
  },
  {
    name: 'timeoutsNotEarly',
    summary:
      'no timeout (timer, activity, decision, Lambda, execution) fires before its configured duration, nor when it is NONE',
  },
  {
    name: 'timeoutsNotMissed',
    summary:
      'no event is written (nor is `now` reached) well after a pending timeout was due while it has not fired',
  },
  {
    name: 'noIdleOpenExecution',
    summary:
      'an open, complete history leaves something pending: a decision task, activity, timer, child, Lambda task or external request',
  },
] as const;

/** The name of one SWF history invariant (see {@link INVARIANTS}). @public */
export type InvariantName = (typeof INVARIANTS)[number]['name'];

/**
 * One broken invariant: which one, the ids of the events involved (the offending event first,
 * then the events it conflicts with) and one sentence, naming them, that a user understands.
 * @public
 */
export interface Violation {
  readonly invariant: InvariantName;
  readonly eventIds: number[];
  readonly message: string;
}
