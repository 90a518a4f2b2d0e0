import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { loadHistoryFile } from '../../src/adapters/formats/loadHistoryFile.js';
import { eventAttributesKey } from '../../src/sim/history/appendEvent.js';
import { decisionPoints } from '../../src/sim/replay/decisionPoints.js';
import { decisionTaskPage, pageSize } from '../../src/sim/replay/decisionTaskPages.js';
import { inferExecution } from '../../src/sim/replay/inferExecution.js';
import { UnusableHistoryError } from '../../src/sim/replay/ReplayDivergenceError.js';
import { requireUsableHistory } from '../../src/sim/replay/requireUsableHistory.js';

const fixture = (name: string) =>
  loadHistoryFile(new URL(`../../fixtures/histories/${name}`, import.meta.url).pathname);

/** A history from `[type, attributes]` pairs, ids from 1. */
function history(...events: [EventType, Record<string, unknown>][]): HistoryEvent[] {
  return events.map(
    ([type, attributes], i) =>
      ({
        eventId: i + 1,
        eventType: type,
        [eventAttributesKey(type)]: attributes,
      }) as unknown as HistoryEvent,
  );
}

describe('decisionPoints', () => {
  it('finds each decision task of the tutorial with its previousStartedEventId and recorded decisions', async () => {
    const points = decisionPoints((await fixture('hello-world_boto-tutorial.json')).events);
    expect(
      points.map((p) => [
        p.scheduledEventId,
        p.startedEventId,
        p.previousStartedEventId,
        p.eventCount,
        p.taskList?.name,
      ]),
    ).toEqual([
      [2, 3, 0, 3, 'default'],
      [8, 9, 3, 9, 'default'],
    ]);
    expect(
      points.map((p) =>
        p.outcome.kind === 'completed' ? p.outcome.decisionEvents.map((e) => e.eventId) : p.outcome.kind,
      ),
    ).toEqual([[5], [11]]);
  });

  it('does not count a timed-out task as previous (the last completed one is), and reads excerpts', async () => {
    const points = decisionPoints((await fixture('aws_devguide__workflow_history_example.json')).events);
    expect(points.map((p) => [p.startedEventId, p.previousStartedEventId, p.outcome.kind])).toEqual([
      [3, 0, 'timedOut'],
      [6, 0, 'completed'],
    ]);
  });

  it('ends a batch at the first event no decision wrote, and leaves out follow-ups of the batch', () => {
    const events = history(
      ['WorkflowExecutionStarted', {}],
      ['DecisionTaskScheduled', {}],
      ['DecisionTaskStarted', { scheduledEventId: 2 }],
      ['DecisionTaskCompleted', { scheduledEventId: 2, startedEventId: 3 }],
      [
        'SignalExternalWorkflowExecutionInitiated',
        { decisionTaskCompletedEventId: 4, workflowId: 'x', signalName: 's' },
      ],
      [
        'SignalExternalWorkflowExecutionFailed',
        {
          decisionTaskCompletedEventId: 4,
          workflowId: 'x',
          initiatedEventId: 5,
          cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
        },
      ],
      ['MarkerRecorded', { decisionTaskCompletedEventId: 4, markerName: 'm' }],
      ['DecisionTaskScheduled', {}],
      [
        'StartChildWorkflowExecutionFailed',
        { decisionTaskCompletedEventId: 4, workflowId: 'c', initiatedEventId: 0 },
      ],
      ['DecisionTaskStarted', { scheduledEventId: 8 }],
      ['WorkflowExecutionTerminated', { childPolicy: 'TERMINATE' }],
    );
    const [first, second] = decisionPoints(events);
    expect(first?.outcome.kind === 'completed' && first.outcome.decisionEvents.map((e) => e.eventId)).toEqual(
      [5, 7],
    );
    expect(second?.previousStartedEventId).toBe(3);
    expect(second?.outcome).toEqual({
      kind: 'notRecorded',
      reason: 'the run closed (WorkflowExecutionTerminated, event 11) before the decision task completed',
    });
  });
});

describe('decisionTaskPage', () => {
  const events = history(
    ...Array.from({ length: 250 }, () => ['MarkerRecorded', {}] as [EventType, Record<string, unknown>]),
  );
  it('pages at 100 events at most, whatever maximumPageSize asks above that', () => {
    expect([undefined, 0, 100, 1000, 7].map(pageSize)).toEqual([100, 100, 100, 100, 7]);
    expect(decisionTaskPage(events, 230, 0).events).toHaveLength(100);
    expect(decisionTaskPage(events, 230, 2)).toMatchObject({ more: false });
    expect(decisionTaskPage(events, 230, 2).events.map((e) => e.eventId)).toEqual(
      Array.from({ length: 30 }, (_, i) => 201 + i),
    );
  });
  it('gives the newest events first with reverseOrder', () => {
    const page = decisionTaskPage(events, 230, 1, { reverseOrder: true, maximumPageSize: 10 });
    expect(page.events.map((e) => e.eventId)).toEqual([220, 219, 218, 217, 216, 215, 214, 213, 212, 211]);
    expect(page.more).toBe(true);
  });
});

describe('requireUsableHistory', () => {
  const ok = history(['WorkflowExecutionStarted', {}], ['DecisionTaskScheduled', {}]);
  it('accepts a history from event 1, or an excerpt from event 2 when allowed', () => {
    expect(() => requireUsableHistory(ok)).not.toThrow();
    expect(() => requireUsableHistory(ok.slice(1), 2)).not.toThrow();
    expect(() => requireUsableHistory(ok.slice(1))).toThrow(
      'the history starts at event 2: replay needs it from event 1 (WorkflowExecutionStarted)',
    );
  });
  it('names the event and what is wrong: a gap, an unknown type, missing attributes', () => {
    const gap = [ok[0] as HistoryEvent, { ...(ok[1] as HistoryEvent), eventId: 3 }];
    expect(() => requireUsableHistory(gap)).toThrow(
      'event ids must run 1, 2, … in order: position 2 holds event 3, expected 2',
    );
    const unknown = [
      ok[0] as HistoryEvent,
      { eventId: 2, eventType: 'TimerFird' } as unknown as HistoryEvent,
    ];
    expect(() => requireUsableHistory(unknown)).toThrow(
      'event 2: eventType "TimerFird" is not an SWF event type',
    );
    const bare = [ok[0] as HistoryEvent, { eventId: 2, eventType: 'TimerFired' } as HistoryEvent];
    expect(() => requireUsableHistory(bare)).toThrow(UnusableHistoryError);
    expect(() => requireUsableHistory(bare)).toThrow(
      'event 2 (TimerFired): timerFiredEventAttributes is missing',
    );
    expect(() => requireUsableHistory([])).toThrow('the history has no events');
  });
});

describe('inferExecution', () => {
  it('reads the run from a signal it sent itself, else from a recording note', async () => {
    const signaled = await fixture('botify-labs_simpleflow__test_signal_played_twice__f693c7.json');
    expect(inferExecution(signaled.events)).toEqual({
      workflowId: 'test-simpleflow-workflow',
      runId: '22zCvwbdKALrdtW7maAJ5RlqtzPHlzSKrF2GtnEt2ZcPk=',
    });
    const elife = await fixture('elifesciences_elife-bot__test_data_decision.json');
    expect(inferExecution(elife.events, elife.source)).toEqual({ workflowId: 'sum_2113' });
    expect(inferExecution(elife.events)).toEqual({});
  });
});
