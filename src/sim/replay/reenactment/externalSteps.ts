import type { ChildPolicy, HistoryEvent } from '@aws-sdk/client-swf';
import { atMs, attrs, noteRunId, noteSender, optional, type PlanDraft } from './PlanDraft.js';
import type { ReenactStep } from './ReenactmentPlan.js';

type Sender = { workflowId?: string; runId?: string } | undefined;

/**
 * `WorkflowExecutionSignaled`: the run's own signal to itself comes from its batch; another
 * execution's is sent again by that execution (a stand-in); a client's is a plain signal.
 * @internal
 */
export function signaledStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const a = attrs(event);
  const base = { eventId: event.eventId as number, atMs: atMs(draft, event) };
  const external = a.externalInitiatedEventId;
  const initiated = typeof external === 'number' && external !== 0 ? draft.byId.get(external) : undefined;
  const sender = a.externalWorkflowExecution as Sender;
  const selfSignal =
    initiated?.eventType === 'SignalExternalWorkflowExecutionInitiated' &&
    attrs(initiated).workflowId === draft.workflowId &&
    sender?.workflowId === draft.workflowId;
  if (selfSignal) return { ...base, kind: 'release', effect: 'deliver', sourceEventId: external as number };
  if (typeof external === 'number' && external !== 0 && sender?.workflowId !== undefined) {
    noteSender(draft, sender);
    return {
      ...base,
      kind: 'external',
      request: 'signal',
      sender: {
        workflowId: sender.workflowId,
        ...(sender.runId !== undefined && { runId: sender.runId }),
      },
      initiatedEventId: external,
      signalName: a.signalName as string,
      ...optional('input', a.input),
    };
  }
  return { ...base, kind: 'signal', signalName: a.signalName as string, ...optional('input', a.input) };
}

/**
 * `WorkflowExecutionCancelRequested`: by the parent's child policy, by another execution (sent
 * again by it), or by a client.
 * @internal
 */
export function cancelRequestedStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const a = attrs(event);
  const eventId = event.eventId as number;
  const base = { eventId, atMs: atMs(draft, event) };
  const external = a.externalInitiatedEventId;
  const sender = a.externalWorkflowExecution as Sender;
  if (a.cause === 'CHILD_POLICY_APPLIED' && draft.parent !== undefined) {
    return { ...base, kind: 'parentPolicy', childPolicy: 'REQUEST_CANCEL' };
  }
  if (typeof external === 'number' && external !== 0 && sender?.workflowId !== undefined) {
    noteSender(draft, sender);
    return {
      ...base,
      kind: 'external',
      request: 'cancel',
      sender: {
        workflowId: sender.workflowId,
        ...(sender.runId !== undefined && { runId: sender.runId }),
      },
      initiatedEventId: external,
    };
  }
  if (a.cause !== undefined) {
    draft.limitations.push(
      `event ${String(eventId)}: a cancel request by a parent's child policy, with no parent in the history, is re-enacted as a RequestCancelWorkflowExecution call, so its attributes differ`,
    );
  }
  return { ...base, kind: 'requestCancel' };
}

/**
 * `WorkflowExecutionTerminated`: by the event limit (the service's doing, with the limit set to
 * the recorded length), by the parent's child policy, or by a client.
 * @internal
 */
export function terminatedStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const a = attrs(event);
  const eventId = event.eventId as number;
  const base = { eventId, atMs: atMs(draft, event) };
  if (a.cause === 'EVENT_LIMIT_EXCEEDED') {
    draft.maxHistoryEvents = eventId;
    return { ...base, kind: 'await' };
  }
  if (a.cause === 'CHILD_POLICY_APPLIED' && draft.parent !== undefined) {
    return { ...base, kind: 'parentPolicy', childPolicy: 'TERMINATE' };
  }
  if (a.cause === 'CHILD_POLICY_APPLIED') {
    draft.limitations.push(
      `event ${String(eventId)}: a termination by a parent's child policy, with no parent in the history, is re-enacted as a TerminateWorkflowExecution call, so its cause differs`,
    );
  }
  return {
    ...base,
    kind: 'terminate',
    ...optional('reason', a.reason),
    ...optional('details', a.details),
    ...(typeof a.childPolicy === 'string' && { childPolicy: a.childPolicy as ChildPolicy }),
  };
}

/**
 * `ChildWorkflowExecutionStarted`: the service starts the child at the recorded instant; its
 * runId is noted.
 * @internal
 */
export function childStartedStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const a = attrs(event);
  const execution = a.workflowExecution as { workflowId?: string; runId?: string } | undefined;
  noteRunId(draft, execution?.workflowId, execution?.runId);
  return releaseStep(draft, event, 'startChild', a.initiatedEventId);
}

/**
 * An event the service writes when it carries out what a batch set in motion — a delivery's
 * failure or acknowledgement, a child's failed start, a Lambda's start — at the recorded instant.
 * @internal
 */
export function releaseStep(
  draft: PlanDraft,
  event: HistoryEvent,
  effect: Extract<ReenactStep, { kind: 'release' }>['effect'],
  sourceEventId: unknown,
): ReenactStep {
  const base = { eventId: event.eventId as number, atMs: atMs(draft, event) };
  return typeof sourceEventId === 'number'
    ? { ...base, kind: 'release', effect, sourceEventId }
    : { ...base, kind: 'await' };
}

const HOW_CHILD_CLOSED = {
  ChildWorkflowExecutionCompleted: 'complete',
  ChildWorkflowExecutionFailed: 'fail',
  ChildWorkflowExecutionCanceled: 'cancel',
  ChildWorkflowExecutionTerminated: 'terminate',
} as const;

/** A child's recorded close: the re-enactment closes the child the same way, from its side. @internal */
export function childClosedStep(
  draft: PlanDraft,
  event: HistoryEvent,
  type: keyof typeof HOW_CHILD_CLOSED,
): ReenactStep {
  const a = attrs(event);
  return {
    eventId: event.eventId as number,
    atMs: atMs(draft, event),
    kind: 'closeChild',
    workflowId: (a.workflowExecution as { workflowId: string }).workflowId,
    how: HOW_CHILD_CLOSED[type],
    ...optional('result', a.result),
    ...optional('reason', a.reason),
    ...optional('details', a.details),
  };
}
