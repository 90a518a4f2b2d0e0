/**
 * When a run stops:
 * - `closed` (default): every workflow execution that was started has closed;
 * - `{ workflowId, domain? }`: that workflow has been started and none of its runs is open;
 * - `idle`: nothing is pending but parked long polls (and closed runs awaiting retention);
 * - `{ atMs }`: the virtual clock reached this epoch instant;
 * - a predicate, checked after every step.
 * @public
 */
export type RunUntil =
  | 'closed'
  | 'idle'
  | { readonly workflowId: string; readonly domain?: string }
  | { readonly atMs: number }
  | (() => boolean);

/** Run controls and budgets. @public */
export interface RunControls {
  readonly until?: RunUntil;
  /** Most steps this run may take; default 200 000. */
  readonly maxSteps?: number;
  /** Most virtual time this run may cover; default 30 days. */
  readonly maxVirtualMs?: number;
  /**
   * Which executions may close by a timeout (`WorkflowExecutionTimedOut`, a child's run timing
   * out) when the goal is `closed` or `{ workflowId }`: `true` for all, or their workflowIds.
   * Default none: a run that only ends by its execution timeout is a liveness failure (`timedOut`).
   */
  readonly allowTimeouts?: boolean | readonly string[];
}

/** What was still pending when a run stopped without reaching its goal. @public */
export interface PendingReport {
  /** Each live actor and what it waits for, e.g. `worker#1 blocked on PollForActivityTask (call 7)`. */
  readonly actors: readonly string[];
  /** Armed timers in firing order, as `+<seconds since start>s <label>`. */
  readonly timers: readonly string[];
  /** Open executions as `domain/workflowId (runId)`. */
  readonly openExecutions: readonly string[];
}

/**
 * How a run ended: `ok` (reached its goal), `liveness` (could not: stuck with an open execution, out
 * of budget, or an execution closed by a timeout nobody expected) or `failure` (an actor threw, awaited something outside the simulation, or the
 * harness detected misuse or a replay mismatch).
 * @public
 */
export type RunOutcome =
  | { readonly status: 'ok'; readonly reason: 'closed' | 'idle' | 'time' | 'predicate' }
  | {
      readonly status: 'liveness';
      readonly reason: 'stuck' | 'maxSteps' | 'maxVirtualMs' | 'timedOut';
      readonly message: string;
      readonly pending: PendingReport;
    }
  | {
      readonly status: 'failure';
      readonly reason: 'actorError' | 'watchdog' | 'harness';
      readonly message: string;
      readonly actor?: string;
    };

/** The result of {@link Scheduler.run}. @public */
export interface RunReport {
  readonly outcome: RunOutcome;
  /** Steps this run took. */
  readonly steps: number;
  /** Virtual epoch milliseconds at the start and end of this run. */
  readonly startMs: number;
  readonly endMs: number;
}

/** A line an actor logged. @public */
export interface LogLine {
  readonly atMs: number;
  readonly actor: string;
  readonly line: string;
}
