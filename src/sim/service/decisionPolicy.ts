import type { Decision, DecisionType, EventType } from '@aws-sdk/client-swf';

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

type Identity = (decision: Decision) => Record<string, unknown>;

/** Keeps the members of `source` that are set. */
const present = (source: object | undefined, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(
    keys.flatMap((k) =>
      (source as Record<string, unknown> | undefined)?.[k] === undefined
        ? []
        : [[k, (source as Record<string, unknown>)[k]]],
    ),
  );

/**
 * Each decision's failure event and the members that identify the failed decision in it
 * (swf-semantics §7.1); the external and child ones also carry `initiatedEventId: 0`, as a
 * synchronous failure does.
 */
const FAILURES: Record<DecisionType, { event: EventType; identity: Identity; initiated?: true }> = {
  ScheduleActivityTask: {
    event: 'ScheduleActivityTaskFailed',
    identity: (d) => present(d.scheduleActivityTaskDecisionAttributes, ['activityType', 'activityId']),
  },
  RequestCancelActivityTask: {
    event: 'RequestCancelActivityTaskFailed',
    identity: (d) => present(d.requestCancelActivityTaskDecisionAttributes, ['activityId']),
  },
  CompleteWorkflowExecution: { event: 'CompleteWorkflowExecutionFailed', identity: () => ({}) },
  FailWorkflowExecution: { event: 'FailWorkflowExecutionFailed', identity: () => ({}) },
  CancelWorkflowExecution: { event: 'CancelWorkflowExecutionFailed', identity: () => ({}) },
  ContinueAsNewWorkflowExecution: { event: 'ContinueAsNewWorkflowExecutionFailed', identity: () => ({}) },
  RecordMarker: {
    event: 'RecordMarkerFailed',
    identity: (d) => present(d.recordMarkerDecisionAttributes, ['markerName']),
  },
  StartTimer: {
    event: 'StartTimerFailed',
    identity: (d) => present(d.startTimerDecisionAttributes, ['timerId']),
  },
  CancelTimer: {
    event: 'CancelTimerFailed',
    identity: (d) => present(d.cancelTimerDecisionAttributes, ['timerId']),
  },
  SignalExternalWorkflowExecution: {
    event: 'SignalExternalWorkflowExecutionFailed',
    identity: (d) =>
      present(d.signalExternalWorkflowExecutionDecisionAttributes, ['workflowId', 'runId', 'control']),
    initiated: true,
  },
  RequestCancelExternalWorkflowExecution: {
    event: 'RequestCancelExternalWorkflowExecutionFailed',
    identity: (d) =>
      present(d.requestCancelExternalWorkflowExecutionDecisionAttributes, ['workflowId', 'runId', 'control']),
    initiated: true,
  },
  StartChildWorkflowExecution: {
    event: 'StartChildWorkflowExecutionFailed',
    identity: (d) =>
      present(d.startChildWorkflowExecutionDecisionAttributes, ['workflowType', 'workflowId', 'control']),
    initiated: true,
  },
  ScheduleLambdaFunction: {
    event: 'ScheduleLambdaFunctionFailed',
    identity: (d) => present(d.scheduleLambdaFunctionDecisionAttributes, ['id', 'name']),
  },
};

/** Writes the `…Failed` event of any decision with the given cause. */
function appendDecisionFailure(
  s: ServiceState,
  execution: Execution,
  decision: Decision,
  cause: string,
  decisionTaskCompletedEventId: number,
): void {
  const { event, identity, initiated } = FAILURES[decision.decisionType as DecisionType];
  const attributes = {
    ...identity(decision),
    cause,
    ...(initiated && { initiatedEventId: 0 }),
    decisionTaskCompletedEventId,
  };
  // The table pairs each decision with its own failure event, so the members match that event.
  s.append(execution, event, attributes);
}
