import type { HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../history/appendEvent.js';

/** What a history tells about its own execution's identity. @public */
export interface InferredExecution {
  readonly workflowId?: string;
  readonly runId?: string;
}

/**
 * The workflowId and runId of the run a history belongs to, as far as it can be told — a history
 * does not name its own execution. Evidence, strongest first: a signal the run sent to itself
 * (`WorkflowExecutionSignaled` whose `externalInitiatedEventId` is one of this history's
 * `SignalExternalWorkflowExecutionInitiated` events aimed at the sender's own workflowId), then
 * `workflowId=…` / `runId …` in a recording's `source` note.
 * @public
 */
export function inferExecution(events: readonly HistoryEvent[], source?: string): InferredExecution {
  const byId = new Map<number, HistoryEvent>();
  for (const event of events) if (typeof event.eventId === 'number') byId.set(event.eventId, event);
  for (const event of events) {
    if (event.eventType !== 'WorkflowExecutionSignaled') continue;
    const attributes = attributesOf(event);
    const initiated = byId.get(attributes.externalInitiatedEventId as number);
    const sender = attributes.externalWorkflowExecution as
      { workflowId?: string; runId?: string } | undefined;
    if (initiated?.eventType !== 'SignalExternalWorkflowExecutionInitiated' || sender === undefined) continue;
    if (attributesOf(initiated).workflowId !== sender.workflowId) continue;
    return {
      ...(sender.workflowId !== undefined && { workflowId: sender.workflowId }),
      ...(sender.runId !== undefined && { runId: sender.runId }),
    };
  }
  if (source === undefined) return {};
  const workflowId = /\bworkflowId[=:\s]\s*([^\s,;()]+)/.exec(source)?.[1];
  const runId = /\brunId[=:\s]\s*([^\s,;()]+)/.exec(source)?.[1];
  return { ...(workflowId !== undefined && { workflowId }), ...(runId !== undefined && { runId }) };
}
