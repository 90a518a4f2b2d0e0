import type { Decision, DecisionType, EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from './appendEvent.js';
import { EVENT_ROLES } from './eventRoles.js';

/**
 * How one member of a decision shows in the event it produces.
 * - `exact`: what the decision says is what the event says; a member the decision omits is
 *   absent from the event too (`input`, `control`, `result`, …).
 * - `defaulted`: SWF fills it from the type's registered defaults when the decision omits it
 *   (task lists, timeouts, child policy, priority, Lambda role), so an omitted member matches
 *   whatever the event recorded (swf-observed §1 item 5).
 * @internal
 */
export interface MemberSpec {
  /** Member of the decision's attributes. */
  readonly decision: string;
  /** Member of the event's attributes, when named differently (a dotted path). */
  readonly event?: string;
  readonly kind: 'exact' | 'defaulted';
}

/** The events a decision type can produce and which of its members each records. @internal */
export interface DecisionEventSpec {
  readonly decisionType: DecisionType;
  /** Attributes member of the decision, e.g. `scheduleActivityTaskDecisionAttributes`. */
  readonly attributesKey: keyof Decision;
  readonly success: EventType;
  readonly failure: EventType;
  /** Members written in the success event. */
  readonly successMembers: readonly MemberSpec[];
  /** Members the failure event records besides `cause` and `decisionTaskCompletedEventId`. */
  readonly failureMembers: readonly MemberSpec[];
  /**
   * The decision initiates work carried out after its batch (a child start, an external signal or
   * cancel request), so its failure event also names the `…Initiated` event: `initiatedEventId` 0
   * when the decision itself failed inside the batch, that event's id when the work failed later
   * and the failure arrived on its own (swf-semantics §7.4.10-12).
   */
  readonly initiates: boolean;
}

const exact = (decision: string, event?: string): MemberSpec =>
  event === undefined ? { decision, kind: 'exact' } : { decision, event, kind: 'exact' };
const defaulted = (decision: string, event?: string): MemberSpec =>
  event === undefined ? { decision, kind: 'defaulted' } : { decision, event, kind: 'defaulted' };

function spec(
  decisionType: DecisionType,
  success: EventType,
  failure: EventType,
  successMembers: readonly MemberSpec[],
  failureMembers: readonly MemberSpec[],
  flags: { initiates?: true } = {},
): DecisionEventSpec {
  const attributesKey = `${decisionType[0]?.toLowerCase() ?? ''}${decisionType.slice(1)}DecisionAttributes`;
  return {
    decisionType,
    attributesKey: attributesKey as keyof Decision,
    success,
    failure,
    successMembers,
    failureMembers,
    initiates: flags.initiates ?? false,
  };
}

const WORKFLOW_CONFIG = [
  defaulted('executionStartToCloseTimeout'),
  defaulted('taskList'),
  defaulted('taskPriority'),
  defaulted('taskStartToCloseTimeout'),
  defaulted('childPolicy'),
  defaulted('lambdaRole'),
];

/**
 * All 13 decision types with the event each produces on success and on failure (swf-semantics
 * §7.1) and the members those events record. A `Record` over the SDK's `DecisionType`, so a new
 * decision type fails to compile here until it is described.
 *
 * A new decision type is described here, its events are classified in `EVENT_ROLES`
 * (eventRoles.ts) and folded in `evolveOpenWork`, it is carried out in service/decisions.ts (and
 * its own file), and re-enactment says how to bring its events about (planReenactment.ts); the
 * compiler asks for each of these. The checker's batch and reference rules, replay's decision
 * comparison, the service's refusal events and the snapshot import read these tables.
 * @internal
 */
export const DECISION_EVENTS: Readonly<Record<DecisionType, DecisionEventSpec>> = {
  ScheduleActivityTask: spec(
    'ScheduleActivityTask',
    'ActivityTaskScheduled',
    'ScheduleActivityTaskFailed',
    [
      exact('activityType'),
      exact('activityId'),
      exact('input'),
      exact('control'),
      defaulted('taskList'),
      defaulted('scheduleToStartTimeout'),
      defaulted('scheduleToCloseTimeout'),
      defaulted('startToCloseTimeout'),
      defaulted('heartbeatTimeout'),
      defaulted('taskPriority'),
    ],
    [exact('activityType'), exact('activityId')],
  ),
  RequestCancelActivityTask: spec(
    'RequestCancelActivityTask',
    'ActivityTaskCancelRequested',
    'RequestCancelActivityTaskFailed',
    [exact('activityId')],
    [exact('activityId')],
  ),
  CompleteWorkflowExecution: spec(
    'CompleteWorkflowExecution',
    'WorkflowExecutionCompleted',
    'CompleteWorkflowExecutionFailed',
    [exact('result')],
    [],
  ),
  FailWorkflowExecution: spec(
    'FailWorkflowExecution',
    'WorkflowExecutionFailed',
    'FailWorkflowExecutionFailed',
    [exact('reason'), exact('details')],
    [],
  ),
  CancelWorkflowExecution: spec(
    'CancelWorkflowExecution',
    'WorkflowExecutionCanceled',
    'CancelWorkflowExecutionFailed',
    [exact('details')],
    [],
  ),
  ContinueAsNewWorkflowExecution: spec(
    'ContinueAsNewWorkflowExecution',
    'WorkflowExecutionContinuedAsNew',
    'ContinueAsNewWorkflowExecutionFailed',
    [
      exact('input'),
      exact('tagList'),
      defaulted('workflowTypeVersion', 'workflowType.version'),
      ...WORKFLOW_CONFIG,
    ],
    [],
  ),
  RecordMarker: spec(
    'RecordMarker',
    'MarkerRecorded',
    'RecordMarkerFailed',
    [exact('markerName'), exact('details')],
    [exact('markerName')],
  ),
  StartTimer: spec(
    'StartTimer',
    'TimerStarted',
    'StartTimerFailed',
    [exact('timerId'), exact('control'), exact('startToFireTimeout')],
    [exact('timerId')],
  ),
  CancelTimer: spec(
    'CancelTimer',
    'TimerCanceled',
    'CancelTimerFailed',
    [exact('timerId')],
    [exact('timerId')],
  ),
  SignalExternalWorkflowExecution: spec(
    'SignalExternalWorkflowExecution',
    'SignalExternalWorkflowExecutionInitiated',
    'SignalExternalWorkflowExecutionFailed',
    [exact('workflowId'), exact('runId'), exact('signalName'), exact('input'), exact('control')],
    [exact('workflowId'), exact('runId'), exact('control')],
    { initiates: true },
  ),
  RequestCancelExternalWorkflowExecution: spec(
    'RequestCancelExternalWorkflowExecution',
    'RequestCancelExternalWorkflowExecutionInitiated',
    'RequestCancelExternalWorkflowExecutionFailed',
    [exact('workflowId'), exact('runId'), exact('control')],
    [exact('workflowId'), exact('runId'), exact('control')],
    { initiates: true },
  ),
  StartChildWorkflowExecution: spec(
    'StartChildWorkflowExecution',
    'StartChildWorkflowExecutionInitiated',
    'StartChildWorkflowExecutionFailed',
    [
      exact('workflowType'),
      exact('workflowId'),
      exact('control'),
      exact('input'),
      exact('tagList'),
      ...WORKFLOW_CONFIG,
    ],
    [exact('workflowType'), exact('workflowId'), exact('control')],
    { initiates: true },
  ),
  ScheduleLambdaFunction: spec(
    'ScheduleLambdaFunction',
    'LambdaFunctionScheduled',
    'ScheduleLambdaFunctionFailed',
    // The 900 s default START_TO_CLOSE is not written when the decision omits it (swf-observed §1.5).
    [exact('id'), exact('name'), exact('control'), exact('input'), exact('startToCloseTimeout')],
    [exact('id'), exact('name')],
  ),
};

/** What a decision event is: which decision wrote it, and whether it failed. @internal */
export interface DecisionEventRole {
  readonly spec: DecisionEventSpec;
  readonly failed: boolean;
}

const ROLE_OF_EVENT = new Map<string, DecisionEventRole>();
for (const decisionSpec of Object.values(DECISION_EVENTS)) {
  ROLE_OF_EVENT.set(decisionSpec.success, { spec: decisionSpec, failed: false });
  ROLE_OF_EVENT.set(decisionSpec.failure, { spec: decisionSpec, failed: true });
}

/** The decision that writes events of `eventType` (success or failure), if any. @internal */
export function decisionEventRole(eventType: string | undefined): DecisionEventRole | undefined {
  return eventType === undefined ? undefined : ROLE_OF_EVENT.get(eventType);
}

const CLOSE_DECISIONS: ReadonlySet<string> = new Set(
  Object.values(DECISION_EVENTS)
    .filter((decisionSpec) => EVENT_ROLES[decisionSpec.success].close)
    .map((decisionSpec) => decisionSpec.decisionType),
);

/** Whether a decision closes the run (its event closes it), and so must come last in its batch. @internal */
export function isCloseDecision(decisionType: string | undefined): boolean {
  return decisionType !== undefined && CLOSE_DECISIONS.has(decisionType);
}

/**
 * Whether `event` is the failure of a decision that {@link DecisionEventSpec.initiates} work, one
 * that can arrive on its own after the batch. Such a failure names its `…Initiated` event.
 * @internal
 */
export function isInitiatedFailureType(eventType: string | undefined): boolean {
  const role = decisionEventRole(eventType);
  return role !== undefined && role.failed && role.spec.initiates;
}

/**
 * Whether `event`, found in a decision batch, is the follow-up of an earlier event of the batch
 * rather than a decision of its own: an external signal or cancel request to an unknown execution
 * fails right after its `…Initiated` event, and a child whose workflowId is taken fails after its
 * `StartChildWorkflowExecutionInitiated` (both carry that event's id in `initiatedEventId`).
 * @internal
 */
export function isFollowUpEvent(event: HistoryEvent): boolean {
  if (!isInitiatedFailureType(event.eventType)) return false;
  const initiated = attributesOf(event).initiatedEventId;
  return typeof initiated === 'number' && initiated !== 0;
}

/** A dotted path's value in an attributes object. @internal */
export function memberAt(attributes: Record<string, unknown>, path: string): unknown {
  let value: unknown = attributes;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The decision's attributes object (empty when absent). @internal */
export function decisionAttributes(decision: Decision): Record<string, unknown> {
  const type = decision.decisionType;
  const decisionSpec =
    type === undefined ? undefined : (DECISION_EVENTS[type] as DecisionEventSpec | undefined);
  if (decisionSpec === undefined) return {};
  return ((decision as unknown as Record<string, unknown>)[decisionSpec.attributesKey] ?? {}) as Record<
    string,
    unknown
  >;
}

/**
 * The attributes of the failure event `decision` gets when SWF refuses it with `cause` inside
 * its batch: the members that identify the decision, the cause, `initiatedEventId` 0 for a
 * decision that {@link DecisionEventSpec.initiates} work, and the batch's DecisionTaskCompleted.
 * @internal
 */
export function failureAttributes(
  decision: Decision,
  cause: string,
  decisionTaskCompletedEventId: number,
): Record<string, unknown> {
  const decisionSpec = DECISION_EVENTS[decision.decisionType as DecisionType];
  const attributes = decisionAttributes(decision);
  const out: Record<string, unknown> = {};
  for (const member of decisionSpec.failureMembers) {
    const value = attributes[member.decision];
    if (value !== undefined) out[member.decision] = value;
  }
  out.cause = cause;
  if (decisionSpec.initiates) out.initiatedEventId = 0;
  out.decisionTaskCompletedEventId = decisionTaskCompletedEventId;
  return out;
}

/**
 * The decision that wrote a decision event, as far as the event tells: every member the event
 * records (defaults included — the event holds the resolved values). For a failure event only
 * the identifying members are known. Undefined for events no decision writes.
 * @internal
 */
export function decisionFromEvent(event: HistoryEvent): Decision | undefined {
  const role = decisionEventRole(event.eventType);
  if (role === undefined) return undefined;
  const attributes = attributesOf(event);
  const members = role.failed ? role.spec.failureMembers : role.spec.successMembers;
  const out: Record<string, unknown> = {};
  for (const member of members) {
    const value = memberAt(attributes, member.event ?? member.decision);
    if (value !== undefined) out[member.decision] = value;
  }
  return { decisionType: role.spec.decisionType, [role.spec.attributesKey]: out };
}
