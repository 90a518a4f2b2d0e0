import type { CloseStatus, EventType } from '@aws-sdk/client-swf';

/**
 * One `…EventId` attribute of an event and the type(s) of event it must point back to.
 * `zero`: SWF writes an explicit 0 here in some legal state (the lifecycle checks decide which).
 * @internal
 */
export interface Reference {
  readonly field: string;
  readonly target: readonly EventType[];
  readonly zero?: true;
}

/**
 * What the checker needs to know about each event type.
 * @internal
 */
export interface EventRole {
  /** SWF schedules a decision task for it (swf-semantics §23). */
  readonly needsDecision: boolean;
  /** It closes the run. */
  readonly close: boolean;
  /** Written by a decision, so part of that DecisionTaskCompleted's batch. */
  readonly decision: boolean;
  readonly references: readonly Reference[];
}

const dtc: Reference = { field: 'decisionTaskCompletedEventId', target: ['DecisionTaskCompleted'] };

function ref(field: string, target: EventType, zero?: true): Reference {
  return zero ? { field, target: [target], zero } : { field, target: [target] };
}

function role(
  needsDecision: boolean,
  references: readonly Reference[] = [],
  flags: { close?: boolean } = {},
): EventRole {
  return {
    needsDecision,
    close: flags.close ?? false,
    decision: references.includes(dtc),
    references,
  };
}

const activityOutcome = [
  ref('scheduledEventId', 'ActivityTaskScheduled'),
  ref('startedEventId', 'ActivityTaskStarted'),
];
const childOutcome = [
  ref('initiatedEventId', 'StartChildWorkflowExecutionInitiated'),
  ref('startedEventId', 'ChildWorkflowExecutionStarted'),
];
const lambdaOutcome = [
  ref('scheduledEventId', 'LambdaFunctionScheduled'),
  ref('startedEventId', 'LambdaFunctionStarted'),
];

/**
 * Every SWF event type, classified. A `Record` over the SDK's `EventType`, so a type added to
 * the SDK fails to compile here until it is classified.
 * @internal
 */
export const EVENT_ROLES: Readonly<Record<EventType, EventRole>> = {
  WorkflowExecutionStarted: role(true),
  WorkflowExecutionSignaled: role(true),
  WorkflowExecutionCancelRequested: role(true),
  WorkflowExecutionCompleted: role(false, [dtc], { close: true }),
  WorkflowExecutionFailed: role(false, [dtc], { close: true }),
  WorkflowExecutionCanceled: role(false, [dtc], { close: true }),
  WorkflowExecutionContinuedAsNew: role(false, [dtc], { close: true }),
  WorkflowExecutionTerminated: role(false, [], { close: true }),
  WorkflowExecutionTimedOut: role(false, [], { close: true }),
  CompleteWorkflowExecutionFailed: role(true, [dtc]),
  FailWorkflowExecutionFailed: role(true, [dtc]),
  CancelWorkflowExecutionFailed: role(true, [dtc]),
  ContinueAsNewWorkflowExecutionFailed: role(true, [dtc]),

  DecisionTaskScheduled: role(false),
  DecisionTaskStarted: role(false, [ref('scheduledEventId', 'DecisionTaskScheduled')]),
  DecisionTaskCompleted: role(false, [
    ref('scheduledEventId', 'DecisionTaskScheduled'),
    ref('startedEventId', 'DecisionTaskStarted'),
  ]),
  DecisionTaskTimedOut: role(true, [
    ref('scheduledEventId', 'DecisionTaskScheduled'),
    ref('startedEventId', 'DecisionTaskStarted', true),
  ]),

  ActivityTaskScheduled: role(false, [dtc]),
  ScheduleActivityTaskFailed: role(true, [dtc]),
  ActivityTaskStarted: role(false, [ref('scheduledEventId', 'ActivityTaskScheduled')]),
  ActivityTaskCompleted: role(true, activityOutcome),
  ActivityTaskFailed: role(true, activityOutcome),
  ActivityTaskTimedOut: role(true, [
    ref('scheduledEventId', 'ActivityTaskScheduled'),
    ref('startedEventId', 'ActivityTaskStarted', true),
  ]),
  ActivityTaskCanceled: role(true, [
    ref('scheduledEventId', 'ActivityTaskScheduled'),
    ref('startedEventId', 'ActivityTaskStarted', true),
    ref('latestCancelRequestedEventId', 'ActivityTaskCancelRequested', true),
  ]),
  ActivityTaskCancelRequested: role(false, [dtc]),
  RequestCancelActivityTaskFailed: role(true, [dtc]),

  TimerStarted: role(false, [dtc]),
  StartTimerFailed: role(true, [dtc]),
  TimerFired: role(true, [ref('startedEventId', 'TimerStarted')]),
  TimerCanceled: role(false, [ref('startedEventId', 'TimerStarted'), dtc]),
  CancelTimerFailed: role(true, [dtc]),

  MarkerRecorded: role(false, [dtc]),
  // Not followed by a decision task in the recordings (swf-semantics §7.4.7, §23).
  RecordMarkerFailed: role(false, [dtc]),

  StartChildWorkflowExecutionInitiated: role(false, [dtc]),
  StartChildWorkflowExecutionFailed: role(true, [
    ref('initiatedEventId', 'StartChildWorkflowExecutionInitiated', true),
    dtc,
  ]),
  ChildWorkflowExecutionStarted: role(true, [
    ref('initiatedEventId', 'StartChildWorkflowExecutionInitiated'),
  ]),
  ChildWorkflowExecutionCompleted: role(true, childOutcome),
  ChildWorkflowExecutionFailed: role(true, childOutcome),
  ChildWorkflowExecutionCanceled: role(true, childOutcome),
  ChildWorkflowExecutionTerminated: role(true, childOutcome),
  ChildWorkflowExecutionTimedOut: role(true, childOutcome),

  SignalExternalWorkflowExecutionInitiated: role(false, [dtc]),
  ExternalWorkflowExecutionSignaled: role(true, [
    ref('initiatedEventId', 'SignalExternalWorkflowExecutionInitiated'),
  ]),
  SignalExternalWorkflowExecutionFailed: role(true, [
    ref('initiatedEventId', 'SignalExternalWorkflowExecutionInitiated'),
    dtc,
  ]),
  RequestCancelExternalWorkflowExecutionInitiated: role(false, [dtc]),
  ExternalWorkflowExecutionCancelRequested: role(true, [
    ref('initiatedEventId', 'RequestCancelExternalWorkflowExecutionInitiated'),
  ]),
  RequestCancelExternalWorkflowExecutionFailed: role(true, [
    ref('initiatedEventId', 'RequestCancelExternalWorkflowExecutionInitiated'),
    dtc,
  ]),

  LambdaFunctionScheduled: role(false, [dtc]),
  ScheduleLambdaFunctionFailed: role(true, [dtc]),
  LambdaFunctionStarted: role(false, [ref('scheduledEventId', 'LambdaFunctionScheduled')]),
  StartLambdaFunctionFailed: role(true, [ref('scheduledEventId', 'LambdaFunctionScheduled')]),
  LambdaFunctionCompleted: role(true, lambdaOutcome),
  LambdaFunctionFailed: role(true, lambdaOutcome),
  LambdaFunctionTimedOut: role(true, lambdaOutcome),
};

/** The run-closing event of each close status (as `DescribeWorkflowExecution` reports it). @internal */
export const CLOSE_EVENT_OF_STATUS = {
  COMPLETED: 'WorkflowExecutionCompleted',
  FAILED: 'WorkflowExecutionFailed',
  CANCELED: 'WorkflowExecutionCanceled',
  CONTINUED_AS_NEW: 'WorkflowExecutionContinuedAsNew',
  TERMINATED: 'WorkflowExecutionTerminated',
  TIMED_OUT: 'WorkflowExecutionTimedOut',
} as const satisfies Record<CloseStatus, EventType>;

/** Whether `type` is one of the SDK's 54 event types. @internal */
export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_ROLES, type);
}
