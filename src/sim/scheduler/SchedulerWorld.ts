import type { VirtualClock } from '../clock/VirtualClock.js';

/** Which runs a question is about: those of one workflowId (in one domain, when given). @public */
export interface RunFilter {
  readonly workflowId: string;
  readonly domain?: string;
}

/** An open run, named. @public */
export interface OpenExecution {
  readonly domain: string;
  readonly workflowId: string;
  readonly runId: string;
}

/**
 * The scheduler's narrow port to the world it drives; an `SwfService` is one. The scheduler steps
 * actors and moves the clock; everything it needs to know about the service goes through here.
 * @public
 */
export interface SchedulerWorld {
  /** The run's clock: the scheduler advances it when every actor is blocked. */
  readonly clock: VirtualClock;
  /** Applies one call; a long poll may stay unsettled past the step that applied it. */
  dispatch(operation: string, input: unknown): Promise<unknown>;
  /**
   * Whether at least one run (of `filter`, when given) has been started and is still retained, and
   * none of them is open: the goal of `until: 'closed'` and `until: { workflowId }`.
   */
  allRunsClosed(filter?: RunFilter): boolean;
  /** Every open run, for reports of what a stuck run still waits for. */
  openExecutions(): OpenExecution[];
  /**
   * The shortest timeout running while the task `taskToken` names is worked on (a decision task's
   * START_TO_CLOSE; an activity task's START_TO_CLOSE or HEARTBEAT), or undefined: what slow work
   * with no stated delay overruns.
   */
  earliestTaskTimeoutMs(taskToken: string): number | undefined;
}
