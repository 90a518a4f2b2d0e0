import type {
  RequestCancelExternalWorkflowExecutionDecisionAttributes,
  SignalExternalWorkflowExecutionDecisionAttributes,
} from '@aws-sdk/client-swf';
import { scheduleDecisionTask } from './decisionTasks.js';
import { findOpenRun } from './executions.js';
import type { Execution } from './model.js';
import type { ServiceState } from './ServiceState.js';

/** A signal or cancel request whose Initiated event is written; it is delivered after the batch. */
export interface PendingExternal {
  readonly kind: 'signal' | 'cancel';
  readonly initiatedEventId: number;
  readonly workflowId: string;
  readonly runId?: string | undefined;
  readonly signalName?: string;
  readonly input?: string | undefined;
  readonly control?: string | undefined;
  readonly decisionTaskCompletedEventId: number;
}

type ExternalAttributes = Partial<SignalExternalWorkflowExecutionDecisionAttributes> &
  RequestCancelExternalWorkflowExecutionDecisionAttributes;

/**
 * The first phase of SignalExternal / RequestCancelExternal (swf-semantics §7.4.10–11): the
 * `…Initiated` event; a target that does not exist fails at once, inside the batch, as recorded.
 * Returns the request to deliver after the batch, or undefined when it already failed.
 */
export function initiateExternal(
  s: ServiceState,
  sender: Execution,
  kind: 'signal' | 'cancel',
  attributes: ExternalAttributes,
  decisionTaskCompletedEventId: number,
): PendingExternal | undefined {
  const workflowId = attributes.workflowId as string;
  const { runId, control } = attributes;
  const identity = {
    workflowId,
    ...(runId !== undefined && { runId }),
  };
  const initiated =
    kind === 'signal'
      ? s.append(sender, 'SignalExternalWorkflowExecutionInitiated', {
          ...identity,
          signalName: attributes.signalName,
          ...(attributes.input !== undefined && { input: attributes.input }),
          decisionTaskCompletedEventId,
          ...(control !== undefined && { control }),
        })
      : s.append(sender, 'RequestCancelExternalWorkflowExecutionInitiated', {
          ...identity,
          decisionTaskCompletedEventId,
          ...(control !== undefined && { control }),
        });
  const pending: PendingExternal = {
    kind,
    initiatedEventId: initiated.eventId as number,
    workflowId,
    runId,
    ...(attributes.signalName !== undefined && { signalName: attributes.signalName }),
    input: attributes.input,
    control,
    decisionTaskCompletedEventId,
  };
  if (findOpenRun(sender.domain, workflowId, runId) === undefined) {
    failExternal(s, sender, pending);
    return undefined;
  }
  return pending;
}

/**
 * The second phase, after the batch: the target's event first, then the sender's (§7.4.10),
 * which a re-enactment may defer (`afterBatch`).
 */
export function deliverExternal(s: ServiceState, sender: Execution, pending: PendingExternal): void {
  const target = findOpenRun(sender.domain, pending.workflowId, pending.runId);
  if (target === undefined) {
    if (sender.status !== 'OPEN') return;
    failExternal(s, sender, pending);
    scheduleDecisionTask(s, sender);
    return;
  }
  const senderExecution = { workflowId: sender.workflowId, runId: sender.runId };
  if (pending.kind === 'signal') {
    s.append(target, 'WorkflowExecutionSignaled', {
      signalName: pending.signalName,
      ...(pending.input !== undefined && { input: pending.input }),
      externalWorkflowExecution: senderExecution,
      externalInitiatedEventId: pending.initiatedEventId,
    });
  } else {
    s.willChange(target);
    target.cancelRequested = true;
    s.append(target, 'WorkflowExecutionCancelRequested', {
      externalWorkflowExecution: senderExecution,
      externalInitiatedEventId: pending.initiatedEventId,
    });
  }
  scheduleDecisionTask(s, target);
  const targetExecution = { workflowId: target.workflowId, runId: target.runId };
  s.afterBatch({ kind: 'acknowledge', runId: sender.runId, eventId: pending.initiatedEventId }, () => {
    if (sender.status !== 'OPEN') return;
    const ids = { workflowExecution: targetExecution, initiatedEventId: pending.initiatedEventId };
    if (pending.kind === 'signal') s.append(sender, 'ExternalWorkflowExecutionSignaled', ids);
    else s.append(sender, 'ExternalWorkflowExecutionCancelRequested', ids);
    scheduleDecisionTask(s, sender);
  });
}

function failExternal(s: ServiceState, sender: Execution, pending: PendingExternal): void {
  const attributes = {
    workflowId: pending.workflowId,
    ...(pending.runId !== undefined && { runId: pending.runId }),
    cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION' as const,
    initiatedEventId: pending.initiatedEventId,
    decisionTaskCompletedEventId: pending.decisionTaskCompletedEventId,
    ...(pending.control !== undefined && { control: pending.control }),
  };
  if (pending.kind === 'signal') s.append(sender, 'SignalExternalWorkflowExecutionFailed', attributes);
  else s.append(sender, 'RequestCancelExternalWorkflowExecutionFailed', attributes);
}
