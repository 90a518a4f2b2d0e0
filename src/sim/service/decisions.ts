import type {
  CancelTimerDecisionAttributes,
  RequestCancelExternalWorkflowExecutionDecisionAttributes,
  ScheduleLambdaFunctionDecisionAttributes,
  SignalExternalWorkflowExecutionDecisionAttributes,
  StartChildWorkflowExecutionDecisionAttributes,
  Decision,
  DecisionType,
  RecordMarkerDecisionAttributes,
  ScheduleActivityTaskDecisionAttributes,
  StartTimerDecisionAttributes,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { scheduleActivityTask } from './activityTasks.js';
import { initiateChild, type PendingChild } from './children.js';
import { continueAsNew } from './continueAsNew.js';
import { refuseDecision } from './decisionPolicy.js';
import { closeExecution } from './executions.js';
import { initiateExternal, type PendingExternal } from './externalDecisions.js';
import { scheduleLambda } from './lambdas.js';
import type { ActivityTask, Execution, LambdaTask } from './model.js';
import type { ServiceState } from './ServiceState.js';
import { cancelTimer, startTimer } from './timers.js';

/** The decisions that close the run (isCloseDecision in the decision vocabulary says which). */
type CloseDecisionType = Extract<
  DecisionType,
  | 'CompleteWorkflowExecution'
  | 'FailWorkflowExecution'
  | 'CancelWorkflowExecution'
  | 'ContinueAsNewWorkflowExecution'
>;

/** What a batch left to do once all its events are written: effects as data, carried out by the caller. */
export interface BatchOutcome {
  /** A decision failed (or asked for attention): the decider must get a new task. */
  needsDecision: boolean;
  /** New activity tasks, to be queued after the batch. */
  readonly scheduledActivities: ActivityTask[];
  /** Never-started tasks whose cancellation is written after the batch (swf-semantics §7.4.2). */
  readonly cancelUnstarted: ActivityTask[];
  /** Children to start after the batch. */
  readonly pendingChildren: PendingChild[];
  /** Signals and cancel requests to deliver after the batch. */
  readonly pendingExternal: PendingExternal[];
  /** Lambda tasks to start after the batch. */
  readonly scheduledLambdas: LambdaTask[];
}

/**
 * Applies a validated batch in order (swf-semantics §7): writes each decision's events and returns
 * what is left to do once the batch is in the history. A close decision fails with
 * UNHANDLED_DECISION when events arrived during the decision (a task is already scheduled for
 * them) or an earlier decision of this batch failed.
 */
export function applyDecisions(
  s: ServiceState,
  execution: Execution,
  decisions: readonly Decision[],
  completedEventId: number,
): BatchOutcome {
  const outcome: BatchOutcome = {
    needsDecision: false,
    scheduledActivities: [],
    cancelUnstarted: [],
    pendingChildren: [],
    pendingExternal: [],
    scheduledLambdas: [],
  };
  const unhandled = (): boolean => execution.scheduledDecision !== undefined || outcome.needsDecision;
  for (const decision of decisions) {
    // The history cap terminates the run in mid-batch (swf-semantics §18.4); the rest is moot.
    s.enforceHistoryCap();
    if (execution.status !== 'OPEN') break;
    const type = decision.decisionType as DecisionType;
    if (refuseDecision(s, execution, decision, completedEventId)) {
      // RecordMarkerFailed is the one failure that wakes no decider (swf-semantics §7.1).
      if (type !== 'RecordMarker') outcome.needsDecision = true;
      continue;
    }
    switch (type) {
      case 'ScheduleActivityTask': {
        const task = scheduleActivityTask(
          s,
          execution,
          decision.scheduleActivityTaskDecisionAttributes as ScheduleActivityTaskDecisionAttributes,
          completedEventId,
        );
        if (task === undefined) outcome.needsDecision = true;
        else outcome.scheduledActivities.push(task);
        break;
      }
      case 'RequestCancelActivityTask':
        if (!requestCancelActivity(s, execution, decision, completedEventId, outcome)) {
          outcome.needsDecision = true;
        }
        break;
      case 'StartTimer':
        if (
          !startTimer(
            s,
            execution,
            decision.startTimerDecisionAttributes as StartTimerDecisionAttributes,
            completedEventId,
          )
        ) {
          outcome.needsDecision = true;
        }
        break;
      case 'CancelTimer':
        if (
          !cancelTimer(
            s,
            execution,
            decision.cancelTimerDecisionAttributes as CancelTimerDecisionAttributes,
            completedEventId,
          )
        ) {
          outcome.needsDecision = true;
        }
        break;
      case 'RecordMarker': {
        const attributes = decision.recordMarkerDecisionAttributes as RecordMarkerDecisionAttributes;
        s.append(execution, 'MarkerRecorded', {
          markerName: attributes.markerName,
          ...(attributes.details !== undefined && { details: attributes.details }),
          decisionTaskCompletedEventId: completedEventId,
        });
        break;
      }
      case 'CompleteWorkflowExecution':
      case 'FailWorkflowExecution':
      case 'CancelWorkflowExecution':
      case 'ContinueAsNewWorkflowExecution':
        if (!closeByDecision(s, execution, decision, type, completedEventId, unhandled())) {
          outcome.needsDecision = true;
        }
        break;
      case 'StartChildWorkflowExecution': {
        const pending = initiateChild(
          s,
          execution,
          decision.startChildWorkflowExecutionDecisionAttributes as StartChildWorkflowExecutionDecisionAttributes,
          completedEventId,
        );
        if (pending === undefined) outcome.needsDecision = true;
        else outcome.pendingChildren.push(pending);
        break;
      }
      case 'SignalExternalWorkflowExecution':
      case 'RequestCancelExternalWorkflowExecution': {
        const attributes =
          type === 'SignalExternalWorkflowExecution'
            ? (decision.signalExternalWorkflowExecutionDecisionAttributes as SignalExternalWorkflowExecutionDecisionAttributes)
            : (decision.requestCancelExternalWorkflowExecutionDecisionAttributes as RequestCancelExternalWorkflowExecutionDecisionAttributes);
        const kind = type === 'SignalExternalWorkflowExecution' ? 'signal' : 'cancel';
        const pending = initiateExternal(s, execution, kind, attributes, completedEventId);
        if (pending === undefined) outcome.needsDecision = true;
        else outcome.pendingExternal.push(pending);
        break;
      }
      case 'ScheduleLambdaFunction': {
        const task = scheduleLambda(
          s,
          execution,
          decision.scheduleLambdaFunctionDecisionAttributes as ScheduleLambdaFunctionDecisionAttributes,
          completedEventId,
        );
        if (task === undefined) outcome.needsDecision = true;
        else outcome.scheduledLambdas.push(task);
        break;
      }
      default: {
        const unknown: never = type;
        throw new SwfFault('InternalFailure', `Unknown decision type ${String(unknown)}`);
      }
    }
  }
  return outcome;
}

/**
 * RequestCancelActivityTask: `ActivityTaskCancelRequested`, or `RequestCancelActivityTaskFailed`
 * (ACTIVITY_ID_UNKNOWN, returning false). A task no worker has started is canceled after the batch.
 */
function requestCancelActivity(
  s: ServiceState,
  execution: Execution,
  decision: Decision,
  completedEventId: number,
  outcome: BatchOutcome,
): boolean {
  const activityId = decision.requestCancelActivityTaskDecisionAttributes?.activityId as string;
  const task = execution.openActivities.get(activityId);
  if (task === undefined) {
    s.append(execution, 'RequestCancelActivityTaskFailed', {
      activityId,
      cause: 'ACTIVITY_ID_UNKNOWN',
      decisionTaskCompletedEventId: completedEventId,
    });
    return false;
  }
  const event = s.append(execution, 'ActivityTaskCancelRequested', {
    activityId,
    decisionTaskCompletedEventId: completedEventId,
  });
  task.cancelRequestedEventId = event.eventId as number;
  if (task.state === 'SCHEDULED' && !outcome.cancelUnstarted.includes(task))
    outcome.cancelUnstarted.push(task);
  return true;
}

/**
 * A decision that closes the run. It fails with UNHANDLED_DECISION when `unhandled` (events arrived
 * during the decision, or an earlier decision of the batch failed); a continue-as-new may also fail
 * on its own. Returns false when it failed.
 */
function closeByDecision(
  s: ServiceState,
  execution: Execution,
  decision: Decision,
  type: CloseDecisionType,
  completedEventId: number,
  unhandled: boolean,
): boolean {
  const decisionTaskCompletedEventId = completedEventId;
  if (unhandled) {
    const failure = { cause: 'UNHANDLED_DECISION', decisionTaskCompletedEventId } as const;
    switch (type) {
      case 'CompleteWorkflowExecution':
        s.append(execution, 'CompleteWorkflowExecutionFailed', failure);
        return false;
      case 'FailWorkflowExecution':
        s.append(execution, 'FailWorkflowExecutionFailed', failure);
        return false;
      case 'CancelWorkflowExecution':
        s.append(execution, 'CancelWorkflowExecutionFailed', failure);
        return false;
      case 'ContinueAsNewWorkflowExecution':
        s.append(execution, 'ContinueAsNewWorkflowExecutionFailed', failure);
        return false;
      default: {
        const unknown: never = type;
        throw new SwfFault('InternalFailure', `Unknown close decision ${String(unknown)}`);
      }
    }
  }
  switch (type) {
    case 'CompleteWorkflowExecution': {
      const result = decision.completeWorkflowExecutionDecisionAttributes?.result;
      closeExecution(s, execution, 'COMPLETED', 'WorkflowExecutionCompleted', {
        ...(result !== undefined && { result }),
        decisionTaskCompletedEventId,
      });
      return true;
    }
    case 'FailWorkflowExecution': {
      const { reason, details } = decision.failWorkflowExecutionDecisionAttributes ?? {};
      closeExecution(s, execution, 'FAILED', 'WorkflowExecutionFailed', {
        ...(reason !== undefined && { reason }),
        ...(details !== undefined && { details }),
        decisionTaskCompletedEventId,
      });
      return true;
    }
    case 'CancelWorkflowExecution': {
      const details = decision.cancelWorkflowExecutionDecisionAttributes?.details;
      closeExecution(s, execution, 'CANCELED', 'WorkflowExecutionCanceled', {
        ...(details !== undefined && { details }),
        decisionTaskCompletedEventId,
      });
      return true;
    }
    case 'ContinueAsNewWorkflowExecution':
      return continueAsNew(
        s,
        execution,
        decision.continueAsNewWorkflowExecutionDecisionAttributes ?? {},
        decisionTaskCompletedEventId,
      );
    default: {
      const unknown: never = type;
      throw new SwfFault('InternalFailure', `Unknown close decision ${String(unknown)}`);
    }
  }
}
