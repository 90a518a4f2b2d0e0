import type { InvariantName } from './invariants.js';

/** Options of `checkHistory`. @public */
export interface CheckHistoryOptions {
  /**
   * The history may stop anywhere, as the `events` of a `PollForDecisionTask` response do:
   * nothing is required after its last event (no liveness, no pending decision task, no `now`).
   * Default: detected — a history without a close event whose last event is `DecisionTaskStarted`.
   */
  readonly prefix?: boolean;
  /**
   * The history is an excerpt that begins after event 1 (a `GetWorkflowExecutionHistory` page,
   * a documentation snippet): ids must run on consecutively from its first id, references to
   * events before it are taken on trust, and whatever it cannot see (the start, tasks opened
   * before it) is not judged. Default: detected — the first event id is greater than 1.
   * Pass `false` to insist on a complete history.
   */
  readonly excerpt?: boolean;
  /**
   * The time the history was read. For an open run, a timeout due well before `now` that has not
   * fired is reported (`timeoutsNotMissed`), and no event may be dated after `now`.
   */
  readonly now?: Date;
  /**
   * How late a timeout may fire before `timeoutsNotMissed` reports it. Real SWF fired every
   * recorded timeout within 0.14 s (swf-observed §5). Default 1000 ms.
   */
  readonly lateToleranceMs?: number;
  /** Invariants not to judge, e.g. `['noIdleOpenExecution']` for a run that waits for a signal. */
  readonly ignore?: readonly InvariantName[];
}
