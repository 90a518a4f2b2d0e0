import type { Decision, HistoryEvent, TaskList, WorkflowType } from '@aws-sdk/client-swf';
import { attributesOf } from '../../history/appendEvent.js';
import { decisionFromEvent } from '../../history/decisionEvents.js';
import { batchDecisionEvents } from '../decisionPoints.js';
import { atMs, attrs, closingEvent, noteRunId, optional, type PlanDraft } from './PlanDraft.js';
import { REENACT_PREFIX, type ReenactStep } from './ReenactmentPlan.js';

/** `DecisionTaskScheduled`: written by the service. @internal */
export function decisionScheduledStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  draft.decisionScheduleToStart ||= attrs(event).scheduleToStartTimeout !== undefined;
  return { eventId: event.eventId as number, atMs: atMs(draft, event), kind: 'await' };
}

/** `DecisionTaskStarted`: the decider polls the task list the task was scheduled on. @internal */
export function decisionStartedStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const a = attrs(event);
  const scheduled = attrs(draft.byId.get(a.scheduledEventId as number));
  const taskList =
    (scheduled.taskList as TaskList | undefined)?.name ?? draft.start.taskList.name ?? REENACT_PREFIX;
  return {
    eventId: event.eventId as number,
    atMs: atMs(draft, event),
    kind: 'pollDecision',
    taskList,
    ...optional('identity', a.identity),
  };
}

/**
 * `DecisionTaskCompleted` at `position`: the decider answers with the decisions its batch's
 * events record. Notes what those decisions need of the world: types in the right state, stand-in
 * targets, the runIds they name.
 * @internal
 */
export function decisionCompletedStep(draft: PlanDraft, event: HistoryEvent, position: number): ReenactStep {
  const eventId = event.eventId as number;
  const a = attrs(event);
  const decisions: Decision[] = [];
  for (const decisionEvent of batchDecisionEvents(draft.events, position)) {
    decisions.push(reenactmentDecision(decisionEvent, draft.start.workflowType, draft.limitations));
    noteDecisionNeeds(draft, decisionEvent, eventId);
  }
  return {
    eventId,
    atMs: atMs(draft, event),
    kind: 'respondDecision',
    decisions,
    ...optional('executionContext', a.executionContext),
    ...(a.taskList !== undefined && { taskList: a.taskList as TaskList }),
    ...optional('taskListScheduleToStartTimeout', a.taskListScheduleToStartTimeout),
  };
}

/** What one recorded decision event of the batch completed at `eventId` needs of the world. */
function noteDecisionNeeds(draft: PlanDraft, decisionEvent: HistoryEvent, eventId: number): void {
  const { types, limitations } = draft;
  const needDefaults = (kind: 'workflow' | 'activity', type: unknown, cause: unknown): void => {
    const limitation = types.needDefaults(kind, type, String(cause), eventId);
    if (limitation !== undefined) limitations.push(limitation);
  };
  const d = attrs(decisionEvent);
  const type = decisionEvent.eventType;
  if (type === 'ActivityTaskScheduled') {
    types.need('activity', d.activityType, eventId, 'registered');
  } else if (type === 'ScheduleActivityTaskFailed') {
    if (d.cause === 'ACTIVITY_TYPE_DOES_NOT_EXIST') types.need('activity', d.activityType, eventId, 'absent');
    else if (d.cause === 'ACTIVITY_TYPE_DEPRECATED')
      types.need('activity', d.activityType, eventId, 'deprecated');
    else {
      types.need('activity', d.activityType, eventId, 'registered');
      needDefaults('activity', d.activityType, d.cause);
    }
    if (String(d.cause).endsWith('_RATE_EXCEEDED') || String(d.cause).endsWith('_LIMIT_EXCEEDED')) {
      limitations.push(
        `event ${String(decisionEvent.eventId)}: ${String(d.cause)} is not reproduced (the simulator has no rate limits, and limits need 1 000 open tasks)`,
      );
    }
  } else if (type === 'StartChildWorkflowExecutionInitiated') {
    types.need('workflow', d.workflowType, eventId, 'registered');
    draft.childIds.add(d.workflowId as string);
  } else if (type === 'StartChildWorkflowExecutionFailed') {
    if (d.cause === 'WORKFLOW_TYPE_DOES_NOT_EXIST') types.need('workflow', d.workflowType, eventId, 'absent');
    else if (d.cause === 'WORKFLOW_TYPE_DEPRECATED')
      types.need('workflow', d.workflowType, eventId, 'deprecated');
    else {
      types.need('workflow', d.workflowType, eventId, 'registered');
      needDefaults('workflow', d.workflowType, d.cause);
    }
  } else if (type === 'WorkflowExecutionContinuedAsNew') {
    types.need('workflow', d.workflowType, eventId, 'registered');
  } else if (type === 'ContinueAsNewWorkflowExecutionFailed') {
    if (d.cause === 'WORKFLOW_TYPE_DEPRECATED')
      types.need('workflow', draft.start.workflowType, eventId, 'deprecated');
    else if (d.cause !== 'WORKFLOW_TYPE_DOES_NOT_EXIST' && d.cause !== 'UNHANDLED_DECISION') {
      limitations.push(
        `event ${String(decisionEvent.eventId)}: ContinueAsNewWorkflowExecutionFailed ${String(d.cause)} is not reproduced`,
      );
    }
  } else if (type === 'ScheduleLambdaFunctionFailed') {
    if (d.cause === 'LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION') draft.lambdaAvailable = false;
  } else if (type === 'RecordMarkerFailed') {
    limitations.push(
      `event ${String(decisionEvent.eventId)}: RecordMarkerFailed (an IAM denial) is not reproduced: the simulator has no IAM`,
    );
  } else if (
    type === 'SignalExternalWorkflowExecutionInitiated' ||
    type === 'RequestCancelExternalWorkflowExecutionInitiated'
  ) {
    const target = d.workflowId as string;
    noteRunId(draft, target, d.runId);
    if (
      target !== draft.workflowId &&
      !draft.childIds.has(target) &&
      outcomeSucceeded(draft, decisionEvent)
    ) {
      draft.standIns.add(target);
    }
  }
}

/**
 * The decision that wrote a batch event, ready to send again: every recorded member, plus what a
 * failure event does not record but the request needs (a timer duration, a signal name) and what
 * makes it fail the recorded way (a continue-as-new to a version that does not exist).
 */
function reenactmentDecision(
  event: HistoryEvent,
  workflowType: WorkflowType,
  limitations: string[],
): Decision {
  const decision = decisionFromEvent(event) as Decision;
  const a = attributesOf(event);
  if (event.eventType === 'StartTimerFailed') {
    return {
      ...decision,
      startTimerDecisionAttributes: {
        timerId: decision.startTimerDecisionAttributes?.timerId,
        startToFireTimeout: '0',
      },
    };
  }
  if (event.eventType === 'SignalExternalWorkflowExecutionFailed') {
    limitations.push(
      `event ${String(event.eventId)}: the signal's name and input are not recorded in its failure event`,
    );
    return {
      ...decision,
      signalExternalWorkflowExecutionDecisionAttributes: {
        workflowId: decision.signalExternalWorkflowExecutionDecisionAttributes?.workflowId,
        ...decision.signalExternalWorkflowExecutionDecisionAttributes,
        signalName: REENACT_PREFIX,
      },
    };
  }
  if (
    event.eventType === 'ContinueAsNewWorkflowExecutionFailed' &&
    a.cause === 'WORKFLOW_TYPE_DOES_NOT_EXIST'
  ) {
    return {
      ...decision,
      continueAsNewWorkflowExecutionDecisionAttributes: {
        workflowTypeVersion: `${String(workflowType.version)}-${REENACT_PREFIX}-missing`,
      },
    };
  }
  return decision;
}

/** Whether the signal or cancel request initiated by `initiated` reached its target in the recording. */
function outcomeSucceeded(draft: PlanDraft, initiated: HistoryEvent): boolean {
  const outcome = closingEvent(draft, draft.work.externals.get(initiated.eventId as number));
  return (
    outcome?.eventType ===
    (initiated.eventType === 'SignalExternalWorkflowExecutionInitiated'
      ? 'ExternalWorkflowExecutionSignaled'
      : 'ExternalWorkflowExecutionCancelRequested')
  );
}
