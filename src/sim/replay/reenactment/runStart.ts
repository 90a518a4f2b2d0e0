import type { ChildPolicy, HistoryEvent, TaskList, WorkflowType } from '@aws-sdk/client-swf';
import { attributesOf } from '../../history/appendEvent.js';
import { REENACT_PREFIX, type ReenactmentPlan } from './ReenactmentPlan.js';

/**
 * How the recorded run began: the start's members, whether event 1 is made up, the parent that
 * started it and the run it continues.
 * @internal
 */
export function runStartOf(
  events: readonly HistoryEvent[],
): Pick<ReenactmentPlan, 'start' | 'synthesizedStart' | 'parent' | 'continuedFrom'> {
  const first = events[0] as HistoryEvent;
  const synthesizedStart = first.eventType !== 'WorkflowExecutionStarted';
  const start = synthesizedStart ? synthesizeStart(events) : startOf(first);
  const startAttributes = synthesizedStart ? {} : attributesOf(first);
  const parentExecution = startAttributes.parentWorkflowExecution as
    { workflowId?: string; runId?: string } | undefined;
  const parentInitiatedEventId = startAttributes.parentInitiatedEventId;
  const parent =
    parentExecution?.workflowId !== undefined && typeof parentInitiatedEventId === 'number'
      ? {
          workflowId: parentExecution.workflowId,
          ...(parentExecution.runId !== undefined && { runId: parentExecution.runId }),
          initiatedEventId: parentInitiatedEventId,
        }
      : undefined;
  const continuedFrom =
    typeof startAttributes.continuedExecutionRunId === 'string'
      ? startAttributes.continuedExecutionRunId
      : undefined;
  return {
    start,
    synthesizedStart,
    ...(parent !== undefined && { parent }),
    ...(continuedFrom !== undefined && { continuedFrom }),
  };
}

function startOf(event: HistoryEvent): ReenactmentPlan['start'] {
  const a = attributesOf(event);
  return {
    workflowType: a.workflowType as WorkflowType,
    taskList: a.taskList as TaskList,
    executionStartToCloseTimeout: a.executionStartToCloseTimeout as string,
    taskStartToCloseTimeout: a.taskStartToCloseTimeout as string,
    childPolicy: a.childPolicy as ChildPolicy,
    ...(typeof a.input === 'string' && { input: a.input }),
    ...(Array.isArray(a.tagList) && { tagList: a.tagList as (string | null)[] }),
    ...(typeof a.lambdaRole === 'string' && { lambdaRole: a.lambdaRole }),
    ...(typeof a.taskPriority === 'string' && { taskPriority: a.taskPriority }),
  };
}

/**
 * A start for an excerpt that begins at event 2 (the `DecisionTaskScheduled` written with the
 * start): the task list and decision timeout from that event, the child policy from the close
 * event, the execution timeout from a recorded `WorkflowExecutionTimedOut` (whole seconds after
 * the start), else a year.
 */
function synthesizeStart(events: readonly HistoryEvent[]): ReenactmentPlan['start'] {
  const scheduled = events.find((e) => e.eventType === 'DecisionTaskScheduled');
  const s = scheduled === undefined ? {} : attributesOf(scheduled);
  const close = events.find((e) =>
    ['WorkflowExecutionTimedOut', 'WorkflowExecutionTerminated', 'WorkflowExecutionContinuedAsNew'].includes(
      e.eventType ?? '',
    ),
  );
  const timedOut = events.find((e) => e.eventType === 'WorkflowExecutionTimedOut');
  const startMs = events[0]?.eventTimestamp?.getTime();
  const timedOutMs = timedOut?.eventTimestamp?.getTime();
  const executionStartToCloseTimeout =
    startMs !== undefined && timedOutMs !== undefined
      ? String(Math.max(1, Math.floor((timedOutMs - startMs) / 1000)))
      : '31536000';
  return {
    workflowType: { name: REENACT_PREFIX, version: '1' },
    taskList: (s.taskList as TaskList | undefined) ?? { name: REENACT_PREFIX },
    executionStartToCloseTimeout,
    taskStartToCloseTimeout: (s.startToCloseTimeout as string | undefined) ?? 'NONE',
    childPolicy:
      ((close === undefined ? undefined : attributesOf(close).childPolicy) as ChildPolicy | undefined) ??
      'TERMINATE',
  };
}
