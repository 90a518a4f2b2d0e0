import type { ActivityTask, ActivityTimeouts, DecisionTask, Execution } from './model.js';

/** What a closed run's decision-task token still names: a page of its history can still be read. @internal */
export interface SpentDecisionTask {
  readonly kind: 'decision';
  readonly state: 'CLOSED';
  readonly execution: Execution;
  readonly startedEventId: number;
  readonly previousStartedEventId: number;
}

/** What a closed run's activity-task token still names: its fault says which task it was. @internal */
export interface SpentActivityTask {
  readonly kind: 'activity';
  readonly state: 'CLOSED';
  readonly execution: Execution;
  readonly scheduledEventId: number;
  readonly timeouts: ActivityTimeouts;
}

/** The task a token names: its live record while its run is open, what is left of it after. @internal */
export type TokenTask = DecisionTask | ActivityTask | SpentDecisionTask | SpentActivityTask;

/** Marks an activity task's entry in {@link Execution.spentTokens} (a decision's is ≥ 0). */
const ACTIVITY = -1;

/** The two numbers {@link Execution.spentTokens} keeps of `task`. */
function spentEntry(task: TokenTask): [number, number] {
  return task.kind === 'activity'
    ? [task.scheduledEventId, ACTIVITY]
    : [task.startedEventId, task.previousStartedEventId];
}

/**
 * Keeps, for each token of a run that just closed, only what a stale token still answers, so the
 * task records and their clocks can go. `taskOf` gives each token's live task.
 * @internal
 */
export function spendTokens(execution: Execution, taskOf: (token: string) => TokenTask | undefined): void {
  const { tokens } = execution;
  const spent = new Array<number>(2 * tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    [spent[2 * i], spent[2 * i + 1]] = spentEntry(taskOf(tokens[i] as string) as TokenTask);
  }
  execution.spentTokens = spent;
  // Copied to its exact length: a grown array keeps room for more.
  execution.tokens = tokens.slice();
}

/** Notes one more token of a closed run (a decision task's next page is handed out under a new token). @internal */
export function addSpentToken(execution: Execution, task: TokenTask): void {
  (execution.spentTokens as number[]).push(...spentEntry(task));
}

/**
 * The task `token` of the closed run `execution` named, rebuilt from what {@link spendTokens} kept
 * (an activity task's timeouts are those its `ActivityTaskScheduled` event records). Costs a scan
 * of the run's tokens, which only tokens of closed runs pay.
 * @internal
 */
export function spentTask(execution: Execution, token: string): SpentDecisionTask | SpentActivityTask {
  const index = execution.tokens.indexOf(token);
  const spent = execution.spentTokens as number[];
  const first = spent[2 * index] as number;
  const second = spent[2 * index + 1] as number;
  if (second !== ACTIVITY) {
    return {
      kind: 'decision',
      state: 'CLOSED',
      execution,
      startedEventId: first,
      previousStartedEventId: second,
    };
  }
  const [scheduled] = execution.history.slice(first - 1, first);
  const attributes = scheduled?.activityTaskScheduledEventAttributes;
  return {
    kind: 'activity',
    state: 'CLOSED',
    execution,
    scheduledEventId: first,
    timeouts: {
      scheduleToStartTimeout: attributes?.scheduleToStartTimeout as string,
      scheduleToCloseTimeout: attributes?.scheduleToCloseTimeout as string,
      startToCloseTimeout: attributes?.startToCloseTimeout as string,
      heartbeatTimeout: attributes?.heartbeatTimeout as string,
    },
  };
}
