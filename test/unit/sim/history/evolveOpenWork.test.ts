import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { eventAttributesKey } from '../../../../src/sim/history/appendEvent.js';
import { evolveOpenWork } from '../../../../src/sim/history/evolveOpenWork.js';
import { createOpenWork, hasOpenWork, type OpenWork } from '../../../../src/sim/history/OpenWork.js';
import { ascending, recordedHistoryNames } from '../../../check/recorded.js';

/** Events numbered from `firstId`, each given as [type, attributes]. */
function history(entries: [EventType, Record<string, unknown>][], firstId = 1): HistoryEvent[] {
  return entries.map(([type, attributes], i) => ({
    eventId: firstId + i,
    eventTimestamp: new Date(1_000 * (firstId + i)),
    eventType: type,
    [eventAttributesKey(type)]: attributes,
  }));
}

/** Folds every event; returns the state and each event's anomaly kinds. */
function foldAll(events: readonly HistoryEvent[]): { state: OpenWork; kinds: string[][] } {
  const state = createOpenWork(events);
  const kinds = events.map((event) => evolveOpenWork(state, event).anomalies.map((a) => a.kind));
  return { state, kinds };
}

const STARTED: [EventType, Record<string, unknown>] = ['WorkflowExecutionStarted', {}];
const DECISION: [EventType, Record<string, unknown>][] = [
  ['DecisionTaskScheduled', { startToCloseTimeout: '10' }],
  ['DecisionTaskStarted', { scheduledEventId: 2 }],
  ['DecisionTaskCompleted', { scheduledEventId: 2, startedEventId: 3 }],
];

describe('evolveOpenWork', () => {
  it('folds every recorded history without an anomaly', () => {
    for (const name of recordedHistoryNames()) {
      const { kinds } = foldAll(ascending(name));
      expect(kinds.flat(), name).toEqual([]);
    }
  });

  it('tracks decision-task slots, activities and timers as they open and close', () => {
    const events = history([
      STARTED,
      ...DECISION,
      ['ActivityTaskScheduled', { activityId: 'a1', decisionTaskCompletedEventId: 4 }],
      ['TimerStarted', { timerId: 't1', startToFireTimeout: '5', decisionTaskCompletedEventId: 4 }],
      ['ActivityTaskStarted', { scheduledEventId: 5 }],
    ]);
    const { state, kinds } = foldAll(events);
    expect(kinds.flat()).toEqual([]);
    expect(state.lastCompletedStartedEventId).toBe(3);
    expect(state.startedDecision).toBeUndefined();
    expect(state.openActivities.get('a1')).toMatchObject({ phase: 'started', startedEventId: 7 });
    expect(state.openTimers.get('t1')).toMatchObject({ startedEventId: 6, startedMs: 6_000 });

    const [fired] = history([['TimerFired', { timerId: 't1', startedEventId: 6 }]], 8);
    const step = evolveOpenWork(state, fired as HistoryEvent);
    expect(step.subject).toMatchObject({ kind: 'timer', phase: 'closed' });
    expect(state.openTimers.size).toBe(0);
    expect(hasOpenWork(state)).toBe(true); // the activity
  });

  it('reports a second outcome and leaves the state as it was', () => {
    const events = history([
      STARTED,
      ...DECISION,
      ['TimerStarted', { timerId: 't1', decisionTaskCompletedEventId: 4 }],
      ['TimerFired', { timerId: 't1', startedEventId: 5 }],
      ['TimerCanceled', { timerId: 't1', startedEventId: 5 }],
    ]);
    const { state, kinds } = foldAll(events);
    expect(kinds[6]).toEqual(['alreadyClosed']);
    expect(state.timers.get(5)?.phase).toBe('closed');
  });

  it('opens a new task for an id reused while open, and says so', () => {
    const events = history([
      STARTED,
      ...DECISION,
      ['ActivityTaskScheduled', { activityId: 'a1', decisionTaskCompletedEventId: 4 }],
      ['ActivityTaskScheduled', { activityId: 'a1', decisionTaskCompletedEventId: 4 }],
    ]);
    const { state, kinds } = foldAll(events);
    expect(kinds[5]).toEqual(['idInUse']);
    expect(state.openActivities.get('a1')?.scheduledEventId).toBe(6);
  });

  it('closes an activity canceled before its start without a request, and says so', () => {
    const events = history([
      STARTED,
      ...DECISION,
      ['ActivityTaskScheduled', { activityId: 'a1', decisionTaskCompletedEventId: 4 }],
      ['ActivityTaskCanceled', { scheduledEventId: 5, startedEventId: 0 }],
    ]);
    const { state, kinds } = foldAll(events);
    expect(kinds[5]).toEqual(['cancelNotRequested']);
    expect(state.openActivities.size).toBe(0);
  });

  it('counts both slots wrong when a decision task starts while another is started', () => {
    const events = history([
      STARTED,
      ['DecisionTaskScheduled', {}],
      ['DecisionTaskStarted', { scheduledEventId: 2 }],
      ['DecisionTaskStarted', { scheduledEventId: 2 }],
    ]);
    const { state, kinds } = foldAll(events);
    expect(kinds[3]).toEqual(['secondDecisionTaskStarted', 'decisionTaskNotWaiting']);
    expect(state.startedDecision?.startedEventId).toBe(4);
  });

  it('refuses every event after the close and changes nothing', () => {
    const events = history([
      STARTED,
      ...DECISION,
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 4 }],
      ['TimerStarted', { timerId: 't1', decisionTaskCompletedEventId: 4 }],
    ]);
    const { state, kinds } = foldAll(events);
    expect(state.closeEventId).toBe(5);
    expect(kinds[5]).toEqual(['afterClose']);
    expect(state.timers.size).toBe(0);
  });

  it('takes work opened before an excerpt on trust', () => {
    const events = history(
      [
        ['ActivityTaskStarted', { scheduledEventId: 5 }],
        ['ActivityTaskCompleted', { scheduledEventId: 5, startedEventId: 10 }],
        ['ChildWorkflowExecutionCompleted', { initiatedEventId: 3, startedEventId: 4 }],
        ['ChildWorkflowExecutionCompleted', { initiatedEventId: 3, startedEventId: 4 }],
      ],
      10,
    );
    const { state, kinds } = foldAll(events);
    expect(state.excerpt).toBe(true);
    expect(state.decisionSlotsKnown).toBe(false);
    expect(kinds).toEqual([[], [], [], ['childNotStarted']]);
    expect(state.activities.get(5)).toMatchObject({ id: '#5', phase: 'closed' });
    expect(hasOpenWork(state)).toBe(false);
  });
});
