/**
 * Small hand-made histories in the shape real recordings have, for the re-enactment's tests of
 * what real clients and exporters do (issue 11). Built here, not copied from anyone's recordings.
 */
import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { eventAttributesKey } from '../../src/sim/history/appendEvent.js';

const T0 = Date.UTC(2016, 2, 1, 12, 0, 0);

/** One event: its type, attributes and milliseconds after the start (undefined: no timestamp). */
export type Row = readonly [EventType, Record<string, unknown>, number | undefined];

/** A history from rows, ids from 1. */
export function recording(...rows: Row[]): HistoryEvent[] {
  return rows.map(([type, attributes, ms], i) => {
    const event: Record<string, unknown> = {
      eventId: i + 1,
      eventType: type,
      [eventAttributesKey(type)]: attributes,
    };
    if (ms !== undefined) event.eventTimestamp = new Date(T0 + ms);
    return event as unknown as HistoryEvent;
  });
}

export const TL = { name: 'tl' };
export const WF = { name: 'Flow', version: '1' };
export const ACT = { name: 'Act', version: '1' };

/** `WorkflowExecutionStarted` of a root run as an exporter that drops zero ids writes it. */
export function started(ms: number | undefined, extra: Record<string, unknown> = {}): Row {
  return [
    'WorkflowExecutionStarted',
    {
      workflowType: WF,
      taskList: TL,
      executionStartToCloseTimeout: '3600',
      taskStartToCloseTimeout: '60',
      childPolicy: 'TERMINATE',
      ...extra,
    },
    ms,
  ];
}

/** The three events of a decision task: scheduled, started, completed (ids `at`, `at+1`, `at+2`). */
export function decisionTask(at: number, ms: number | undefined, doneMs = ms): Row[] {
  return [
    ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, ms],
    ['DecisionTaskStarted', { scheduledEventId: at, identity: 'decider' }, ms],
    ['DecisionTaskCompleted', { scheduledEventId: at, startedEventId: at + 1 }, doneMs],
  ];
}

/** `ActivityTaskScheduled` with every resolved member, as SWF writes it. */
export function activityScheduled(
  activityId: string,
  decisionTaskCompletedEventId: number,
  ms: number | undefined,
  timeouts: Partial<
    Record<'scheduleToStart' | 'scheduleToClose' | 'startToClose' | 'heartbeat', string>
  > = {},
): Row {
  return [
    'ActivityTaskScheduled',
    {
      activityType: ACT,
      activityId,
      input: activityId,
      taskList: TL,
      scheduleToStartTimeout: timeouts.scheduleToStart ?? '300',
      scheduleToCloseTimeout: timeouts.scheduleToClose ?? '600',
      startToCloseTimeout: timeouts.startToClose ?? '300',
      heartbeatTimeout: timeouts.heartbeat ?? 'NONE',
      decisionTaskCompletedEventId,
    },
    ms,
  ];
}
