import type { HistoryEvent } from '@aws-sdk/client-swf';
import { foldOpenWork } from '../../history/evolveOpenWork.js';
import { inferExecution } from '../inferExecution.js';
import { activityOutcomeStep, activityStartedStep } from './activitySteps.js';
import { decisionCompletedStep, decisionScheduledStep, decisionStartedStep } from './decisionTaskSteps.js';
import {
  cancelRequestedStep,
  childClosedStep,
  childStartedStep,
  releaseStep,
  signaledStep,
  terminatedStep,
} from './externalSteps.js';
import { lambdaFailedStep, lambdaScheduledStep } from './lambdaSteps.js';
import { mergeSteps } from './mergeSteps.js';
import { atMs, attrs, type PlanDraft } from './PlanDraft.js';
import { REENACT_PREFIX, type ReenactmentPlan, type ReenactStep } from './ReenactmentPlan.js';
import { runStartOf } from './runStart.js';
import { TypeTimelines } from './typeTimelines.js';

/** Options of {@link planReenactment}. @internal */
export interface PlanOptions {
  readonly workflowId?: string;
  readonly source?: string;
}

/**
 * Plans the re-enactment of an ascending, usable history (see `requireUsableHistory`, which may
 * let it start at event 2): registrations with no defaults (the events carry the resolved values,
 * which the re-enacted decisions then pass explicitly — so whatever defaults the real types had,
 * the events come out the same), only the defaults a recorded `DEFAULT_…_UNDEFINED` failure
 * needs; the start with its recorded configuration; and one step per recorded event.
 * @internal
 */
export function planReenactment(events: readonly HistoryEvent[], options: PlanOptions = {}): ReenactmentPlan {
  const byId = new Map<number, HistoryEvent>();
  for (const event of events) byId.set(event.eventId as number, event);
  const inferred = inferExecution(events, options.source);
  const runStart = runStartOf(events);
  const draft: PlanDraft = {
    events,
    byId,
    work: foldOpenWork(events),
    startMs: events[0]?.eventTimestamp?.getTime(),
    workflowId: options.workflowId ?? inferred.workflowId ?? REENACT_PREFIX,
    start: runStart.start,
    parent: runStart.parent,
    limitations: [],
    types: new TypeTimelines(),
    lambdas: [],
    standIns: new Set(),
    childIds: new Set(),
    recordedRunIds: new Map(),
    senders: new Map(),
    heartbeats: [],
    decisionScheduleToStart: undefined,
    lambdaAvailable: true,
    maxHistoryEvents: undefined,
  };
  draft.types.need('workflow', draft.start.workflowType, 0, 'registered');
  const steps = events.map((event, position) => stepOf(draft, event, position));
  const { registrations, typeSteps } = draft.types.plan();
  return {
    startMs: draft.startMs,
    workflowId: draft.workflowId,
    ...(inferred.runId !== undefined && { recordedRunId: inferred.runId }),
    ...runStart,
    senders: [...draft.senders.values()],
    registrations,
    steps: mergeSteps(steps, typeSteps, draft.heartbeats),
    lambdas: draft.lambdas,
    standIns: [...draft.standIns],
    recordedRunIds: draft.recordedRunIds,
    serviceOptions: {
      decisionScheduleToStartAttribute: draft.decisionScheduleToStart ?? true,
      lambdaAvailable: draft.lambdaAvailable,
      ...(draft.maxHistoryEvents !== undefined && { maxHistoryEvents: draft.maxHistoryEvents }),
    },
    limitations: draft.limitations,
  };
}

/** The step that brings about the recorded event at `position`. */
function stepOf(draft: PlanDraft, event: HistoryEvent, position: number): ReenactStep {
  const type = event.eventType;
  switch (type) {
    case 'DecisionTaskScheduled':
      return decisionScheduledStep(draft, event);
    case 'DecisionTaskStarted':
      return decisionStartedStep(draft, event);
    case 'DecisionTaskCompleted':
      return decisionCompletedStep(draft, event, position);
    case 'ActivityTaskStarted':
      return activityStartedStep(draft, event);
    case 'ActivityTaskCompleted':
    case 'ActivityTaskFailed':
    case 'ActivityTaskCanceled':
      return activityOutcomeStep(draft, event, type);
    case 'WorkflowExecutionSignaled':
      return signaledStep(draft, event);
    case 'WorkflowExecutionCancelRequested':
      return cancelRequestedStep(draft, event);
    case 'WorkflowExecutionTerminated':
      return terminatedStep(draft, event);
    case 'ChildWorkflowExecutionStarted':
      return childStartedStep(draft, event);
    case 'ChildWorkflowExecutionCompleted':
    case 'ChildWorkflowExecutionFailed':
    case 'ChildWorkflowExecutionCanceled':
    case 'ChildWorkflowExecutionTerminated':
      return childClosedStep(draft, event, type);
    case 'LambdaFunctionScheduled':
      return lambdaScheduledStep(draft, event);
    case 'LambdaFunctionFailed':
      return lambdaFailedStep(draft, event);
    // Written when the service carries out what a batch set in motion: at the recorded instant.
    case 'ExternalWorkflowExecutionSignaled':
    case 'ExternalWorkflowExecutionCancelRequested':
      return releaseStep(draft, event, 'acknowledge', attrs(event).initiatedEventId);
    case 'SignalExternalWorkflowExecutionFailed':
    case 'RequestCancelExternalWorkflowExecutionFailed':
      return releaseStep(draft, event, 'deliver', attrs(event).initiatedEventId);
    case 'StartChildWorkflowExecutionFailed':
      return releaseStep(draft, event, 'startChild', attrs(event).initiatedEventId);
    case 'LambdaFunctionStarted':
    case 'StartLambdaFunctionFailed':
      return releaseStep(draft, event, 'startLambda', attrs(event).scheduledEventId);
    // Written by the service itself, by a decision batch, or as a decision task's bookkeeping:
    // the step only moves time to the recorded instant.
    case 'WorkflowExecutionStarted':
    case 'WorkflowExecutionCompleted':
    case 'WorkflowExecutionFailed':
    case 'WorkflowExecutionCanceled':
    case 'WorkflowExecutionContinuedAsNew':
    case 'WorkflowExecutionTimedOut':
    case 'CompleteWorkflowExecutionFailed':
    case 'FailWorkflowExecutionFailed':
    case 'CancelWorkflowExecutionFailed':
    case 'ContinueAsNewWorkflowExecutionFailed':
    case 'DecisionTaskTimedOut':
    case 'ActivityTaskScheduled':
    case 'ScheduleActivityTaskFailed':
    case 'ActivityTaskTimedOut':
    case 'ActivityTaskCancelRequested':
    case 'RequestCancelActivityTaskFailed':
    case 'TimerStarted':
    case 'StartTimerFailed':
    case 'TimerFired':
    case 'TimerCanceled':
    case 'CancelTimerFailed':
    case 'MarkerRecorded':
    case 'RecordMarkerFailed':
    case 'StartChildWorkflowExecutionInitiated':
    case 'ChildWorkflowExecutionTimedOut':
    case 'SignalExternalWorkflowExecutionInitiated':
    case 'RequestCancelExternalWorkflowExecutionInitiated':
    case 'ScheduleLambdaFunctionFailed':
    case 'LambdaFunctionCompleted':
    case 'LambdaFunctionTimedOut':
    case undefined:
      return { eventId: event.eventId as number, atMs: atMs(draft, event), kind: 'await' };
    default: {
      const unknown: never = type;
      throw new Error(`unknown event type ${String(unknown)}`);
    }
  }
}
