import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { eventAttributesKey } from '../../src/sim/history/appendEvent.js';

/** A hand-written history: `[type, attributes, seconds after startMs]`, ids 1, 2, 3, … */
export function handWrittenHistory(
  startMs: number,
  ...events: [EventType, Record<string, unknown>, number][]
): HistoryEvent[] {
  return events.map(([type, attributes, seconds], i) => ({
    eventId: i + 1,
    eventType: type,
    eventTimestamp: new Date(startMs + seconds * 1000),
    [eventAttributesKey(type)]: attributes,
  }));
}

/** A run whose timer fires 8 s after it started although it was set for 60 s (timeoutsNotEarly). */
export function earlyTimerHistory(startMs: number): HistoryEvent[] {
  return handWrittenHistory(
    startMs,
    ['WorkflowExecutionStarted', {}, 0],
    ['DecisionTaskScheduled', {}, 0],
    ['DecisionTaskStarted', { scheduledEventId: 2 }, 1],
    ['DecisionTaskCompleted', { scheduledEventId: 2, startedEventId: 3 }, 2],
    ['TimerStarted', { timerId: 't', startToFireTimeout: '60', decisionTaskCompletedEventId: 4 }, 2],
    ['TimerFired', { timerId: 't', startedEventId: 5 }, 10],
  );
}
