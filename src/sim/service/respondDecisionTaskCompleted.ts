import type { RespondDecisionTaskCompletedInput } from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { isCloseDecision } from '../history/decisionEvents.js';
import { cancelUnstartedActivity, offerActivityTask } from './activityTasks.js';
import { startPendingChild } from './children.js';
import {
  completeDecisionTask,
  releaseWaitingDecisionTask,
  scheduleDecisionTask,
  startedDecisionTask,
} from './decisionTasks.js';
import { applyDecisions, type BatchOutcome } from './decisions.js';
import { deliverExternal } from './externalDecisions.js';
import { startLambda } from './lambdas.js';
import type { Execution } from './model.js';
import type { ServiceState } from './ServiceState.js';

/**
 * RespondDecisionTaskCompleted (swf-semantics §6.4): the whole batch is checked before anything is
 * applied; then `DecisionTaskCompleted`, the decisions' events in order, and what the batch set in
 * motion — including a new decision task when a decision failed or events arrived while the
 * decider worked. The orchestrator of a batch: the decision-task lifecycle, the decisions and the
 * areas they touch each know nothing of the others.
 */
export function respondDecisionTaskCompleted(
  s: ServiceState,
  input: RespondDecisionTaskCompletedInput,
): void {
  const task = startedDecisionTask(s, input.taskToken as string);
  const decisions = input.decisions ?? [];
  for (let i = 0; i < decisions.length - 1; i++) {
    if (isCloseDecision(decisions[i]?.decisionType)) {
      throw new SwfFault('ValidationException', 'Close must be last decision in list');
    }
  }
  const execution = task.execution;
  const completedEventId = completeDecisionTask(s, task, input);
  carryOut(s, execution, applyDecisions(s, execution, decisions, completedEventId));
}

/**
 * What a batch set in motion happens only once the whole batch is in the history (each effect
 * through `afterBatch`, which a re-enactment may defer). Never-started
 * activities whose cancel was requested close first (swf-semantics §7.4.2); a failed decision's
 * `DecisionTaskScheduled` follows (§6.2). Signals and cancel requests reach their targets even when
 * the batch closed the sender; the rest only happens while it is open.
 */
function carryOut(s: ServiceState, execution: Execution, outcome: BatchOutcome): void {
  if (execution.status === 'OPEN') {
    for (const task of outcome.cancelUnstarted) cancelUnstartedActivity(s, execution, task);
  }
  if (outcome.needsDecision) scheduleDecisionTask(s, execution);
  const { runId } = execution;
  for (const pending of outcome.pendingExternal) {
    s.afterBatch({ kind: 'deliver', runId, eventId: pending.initiatedEventId }, () =>
      deliverExternal(s, execution, pending),
    );
  }
  if (execution.status !== 'OPEN') return;
  for (const activity of outcome.scheduledActivities) offerActivityTask(s, activity);
  for (const pending of outcome.pendingChildren) {
    s.afterBatch({ kind: 'startChild', runId, eventId: pending.record.initiatedEventId }, () => {
      if (execution.status === 'OPEN') startPendingChild(s, execution, pending);
    });
  }
  for (const lambda of outcome.scheduledLambdas) {
    s.afterBatch({ kind: 'startLambda', runId, eventId: lambda.scheduledEventId }, () =>
      startLambda(s, execution, lambda),
    );
  }
  releaseWaitingDecisionTask(s, execution);
}
