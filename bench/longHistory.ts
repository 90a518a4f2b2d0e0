import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { eventAttributesKey } from '../src/sim/history/appendEvent.js';

const START_MS = Date.UTC(2024, 0, 1);
const ACTIVITY_TIMEOUTS = {
  scheduleToStartTimeout: '300',
  scheduleToCloseTimeout: '600',
  startToCloseTimeout: '300',
  heartbeatTimeout: 'NONE',
};

/**
 * A valid history of about `size` events: each decision schedules an activity and a zero-second
 * timer; the activity result schedules the next decision task and the timer fires into it.
 */
export function longHistory(size: number): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  let ms = START_MS;
  const add = (type: EventType, attributes: Record<string, unknown>, stepMs = 10): number => {
    ms += stepMs;
    const eventId = events.length + 1;
    const event: HistoryEvent = { eventId, eventTimestamp: new Date(ms), eventType: type };
    Object.assign(event, { [eventAttributesKey(type)]: attributes });
    events.push(event);
    return eventId;
  };
  add('WorkflowExecutionStarted', {
    executionStartToCloseTimeout: '31536000',
    taskStartToCloseTimeout: '60',
    parentInitiatedEventId: 0,
  });
  let scheduled = add('DecisionTaskScheduled', { startToCloseTimeout: '60' }, 0);
  let started = add('DecisionTaskStarted', { scheduledEventId: scheduled });
  let completed = add('DecisionTaskCompleted', { scheduledEventId: scheduled, startedEventId: started });
  while (events.length < size - 9) {
    const activity = add(
      'ActivityTaskScheduled',
      { activityId: 'a', decisionTaskCompletedEventId: completed, ...ACTIVITY_TIMEOUTS },
      0,
    );
    const timer = add(
      'TimerStarted',
      { timerId: 't', startToFireTimeout: '0', decisionTaskCompletedEventId: completed },
      0,
    );
    const activityStarted = add('ActivityTaskStarted', { scheduledEventId: activity });
    add('ActivityTaskCompleted', { scheduledEventId: activity, startedEventId: activityStarted });
    scheduled = add('DecisionTaskScheduled', { startToCloseTimeout: '60' }, 0);
    add('TimerFired', { timerId: 't', startedEventId: timer });
    started = add('DecisionTaskStarted', { scheduledEventId: scheduled });
    completed = add('DecisionTaskCompleted', { scheduledEventId: scheduled, startedEventId: started });
  }
  add('WorkflowExecutionCompleted', { decisionTaskCompletedEventId: completed }, 0);
  return events;
}
