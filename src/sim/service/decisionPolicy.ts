import type { Decision, DecisionType } from '@aws-sdk/client-swf';

import { DECISION_EVENTS, failureAttributes } from '../history/decisionEvents.js';

import type { Execution } from './model.js';
import type { RateLimitedDecision, ServiceState } from './ServiceState.js';

const RATE_EXCEEDED_CAUSE: Record<RateLimitedDecision, string> = {
  ScheduleActivityTask: 'ACTIVITY_CREATION_RATE_EXCEEDED',
  StartTimer: 'TIMER_CREATION_RATE_EXCEEDED',
  StartChildWorkflowExecution: 'CHILD_CREATION_RATE_EXCEEDED',
  SignalExternalWorkflowExecution: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED',
  RequestCancelExternalWorkflowExecution: 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED',
  ContinueAsNewWorkflowExecution: 'CONTINUE_AS_NEW_WORKFLOW_EXECUTION_RATE_EXCEEDED',
  ScheduleLambdaFunction: 'LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED',
};

/**
 * Checks that apply to a decision before its own (swf-semantics §7.1, §21.2): the simulated IAM
 * policy (OPERATION_NOT_PERMITTED — every decision but ScheduleLambdaFunction has that cause) and
 * the decision rate buckets (`*_RATE_EXCEEDED`). Writes the decision's `…Failed` event and returns
 * true when the decision is refused.
 */
export function refuseDecision(
  s: ServiceState,
  execution: Execution,
  decision: Decision,
  decisionTaskCompletedEventId: number,
): boolean {
  const type = decision.decisionType as DecisionType;
  const { permits, decisionRates } = s.options;
  let cause: string | undefined;
  if (
    type !== 'ScheduleLambdaFunction' &&
    permits !== undefined &&
    !permits({ operation: 'RespondDecisionTaskCompleted', domain: execution.domain.name, decisionType: type })
  ) {
    cause = 'OPERATION_NOT_PERMITTED';
  } else if (type in RATE_EXCEEDED_CAUSE) {
    const spec = decisionRates[type as RateLimitedDecision];
    if (spec !== undefined && !s.takeToken(`decision:${type}`, spec)) {
      cause = RATE_EXCEEDED_CAUSE[type as RateLimitedDecision];
    }
  }
  if (cause === undefined) return false;
  appendDecisionFailure(s, execution, decision, cause, decisionTaskCompletedEventId);
  return true;
}

/** Writes the `…Failed` event of any decision with the given cause. */
function appendDecisionFailure(
  s: ServiceState,
  execution: Execution,
  decision: Decision,
  cause: string,
  decisionTaskCompletedEventId: number,
): void {
  const { failure } = DECISION_EVENTS[decision.decisionType as DecisionType];
  // The vocabulary pairs each decision with its own failure event, so the members match that event.
  s.append(execution, failure, failureAttributes(decision, cause, decisionTaskCompletedEventId));
}
