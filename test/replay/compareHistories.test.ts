import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { eventAttributesKey } from '../../src/sim/history/appendEvent.js';
import { compareHistories, formatHistoryComparison } from '../../src/sim/replay/compareHistories.js';

const T0 = Date.UTC(2024, 0, 1);

/** A history from `[type, attributes, seconds after start]`, ids from 1. */
function history(...events: [EventType, Record<string, unknown>, number][]): HistoryEvent[] {
  return events.map(([type, attributes, s], i) => {
    const event: unknown = {
      eventId: i + 1,
      eventTimestamp: new Date(T0 + s * 1000),
      eventType: type,
      [eventAttributesKey(type)]: attributes,
    };
    return event as HistoryEvent;
  });
}

const start: [EventType, Record<string, unknown>, number] = [
  'WorkflowExecutionStarted',
  { taskList: { name: 'tl' } },
  0,
];

describe('compareHistories', () => {
  it('finds identical histories identical, runIds compared as a consistent renaming', () => {
    const recorded = history(
      start,
      [
        'ChildWorkflowExecutionStarted',
        { workflowExecution: { workflowId: 'c', runId: 'R1' }, initiatedEventId: 1 },
        1,
      ],
      [
        'ExternalWorkflowExecutionSignaled',
        { workflowExecution: { workflowId: 'c', runId: 'R1' }, initiatedEventId: 1 },
        2,
      ],
    );
    const actual = history(
      start,
      [
        'ChildWorkflowExecutionStarted',
        { workflowExecution: { workflowId: 'c', runId: 'S1' }, initiatedEventId: 1 },
        1,
      ],
      [
        'ExternalWorkflowExecutionSignaled',
        { workflowExecution: { workflowId: 'c', runId: 'S1' }, initiatedEventId: 1 },
        2,
      ],
    );
    const comparison = compareHistories(recorded, actual);
    expect(comparison.identical).toBe(true);
    expect([...comparison.runIds]).toEqual([['R1', 'S1']]);
    const inconsistent = history(
      start,
      [
        'ChildWorkflowExecutionStarted',
        { workflowExecution: { workflowId: 'c', runId: 'S1' }, initiatedEventId: 1 },
        1,
      ],
      [
        'ExternalWorkflowExecutionSignaled',
        { workflowExecution: { workflowId: 'c', runId: 'S2' }, initiatedEventId: 1 },
        2,
      ],
    );
    expect(compareHistories(recorded, inconsistent).differences[0]).toMatchObject({
      kind: 'attribute',
      eventId: 3,
      path: 'externalWorkflowExecutionSignaledEventAttributes.workflowExecution.runId',
    });
  });

  it('allows a re-enacted event up to the tolerance earlier than recorded, never later', () => {
    const recorded = history(start, ['TimerFired', { timerId: 't', startedEventId: 1 }, 10.3]);
    expect(
      compareHistories(recorded, history(start, ['TimerFired', { timerId: 't', startedEventId: 1 }, 10]))
        .identical,
    ).toBe(true);
    const late = compareHistories(
      recorded,
      history(start, ['TimerFired', { timerId: 't', startedEventId: 1 }, 10.302]),
    );
    expect(late.differences[0]?.message).toBe(
      'event 2 (TimerFired): at +10.302 s, recorded at +10.300 s (later by 2 ms; allowed: up to 500 ms earlier, 1 ms later)',
    );
    const early = compareHistories(
      recorded,
      history(start, ['TimerFired', { timerId: 't', startedEventId: 1 }, 9.7]),
      { toleranceMs: 100 },
    );
    expect(early.differences[0]).toMatchObject({ kind: 'timestamp', expected: 10.3, actual: 9.7 });
  });

  it('reports events in another order once, as a known divergence when the service timed them within the tolerance', () => {
    const recorded = history(
      start,
      ['TimerFired', { timerId: 't', startedEventId: 1 }, 1.02],
      ['WorkflowExecutionSignaled', { signalName: 's', externalInitiatedEventId: 0 }, 1.05],
      ['DecisionTaskScheduled', {}, 1.05],
    );
    const actual = history(
      start,
      ['WorkflowExecutionSignaled', { signalName: 's', externalInitiatedEventId: 0 }, 1.05],
      ['TimerFired', { timerId: 't', startedEventId: 1 }, 1],
      ['DecisionTaskScheduled', {}, 1.05],
    );
    const comparison = compareHistories(recorded, actual);
    expect(comparison.differences).toHaveLength(1);
    expect(comparison.differences[0]).toMatchObject({
      kind: 'order',
      eventIds: [2, 3],
      actualEventIds: [3, 2],
      known: { id: 'service-latency-order' },
    });
    expect(comparison.explained).toBe(true);
    // Two client calls swapped is not the service's latency.
    const signals = history(
      start,
      ['WorkflowExecutionSignaled', { signalName: 'a', externalInitiatedEventId: 0 }, 1],
      ['WorkflowExecutionSignaled', { signalName: 'b', externalInitiatedEventId: 0 }, 1],
    );
    const swapped = history(
      start,
      ['WorkflowExecutionSignaled', { signalName: 'b', externalInitiatedEventId: 0 }, 1],
      ['WorkflowExecutionSignaled', { signalName: 'a', externalInitiatedEventId: 0 }, 1],
    );
    expect(compareHistories(signals, swapped).explained).toBe(false);
  });

  it('says which task each event is about when both orders read the same', () => {
    const scheduled = (activityId: string): [EventType, Record<string, unknown>, number] => [
      'ActivityTaskScheduled',
      { activityId, taskList: { name: 'tl' } },
      1,
    ];
    const startedTask = (scheduledEventId: number): [EventType, Record<string, unknown>, number] => [
      'ActivityTaskStarted',
      { scheduledEventId },
      2,
    ];
    const recorded = history(start, scheduled('a'), scheduled('b'), startedTask(2), startedTask(3));
    const actual = history(start, scheduled('a'), scheduled('b'), startedTask(3), startedTask(2));
    const [order] = compareHistories(recorded, actual).differences;
    expect(order?.message).toBe(
      'events 4–5 come in another order: recorded 4 ActivityTaskStarted (scheduledEventId 2: "a"), 5 ActivityTaskStarted (scheduledEventId 3: "b"); re-enacted 4 ActivityTaskStarted (scheduledEventId 3: "b"), 5 ActivityTaskStarted (scheduledEventId 2: "a")',
    );
  });

  it('follows references through reordered events, and reports missing and extra events', () => {
    const recorded = history(
      start,
      ['DecisionTaskScheduled', {}, 0],
      ['DecisionTaskStarted', { scheduledEventId: 2 }, 1],
    );
    const missing = compareHistories(recorded, history(start, ['DecisionTaskScheduled', {}, 0]));
    expect(missing.differences).toEqual([expect.objectContaining({ kind: 'missing', eventId: 3 })]);
    const extra = compareHistories(
      recorded,
      history(
        start,
        ['DecisionTaskScheduled', {}, 0],
        ['DecisionTaskStarted', { scheduledEventId: 2 }, 1],
        ['DecisionTaskTimedOut', { scheduledEventId: 2, startedEventId: 3 }, 5],
      ),
    );
    expect(extra.differences).toEqual([
      expect.objectContaining({ kind: 'extra', eventId: 4, actualType: 'DecisionTaskTimedOut' }),
    ]);
    const text = formatHistoryComparison(
      extra,
      recorded,
      extra.differences.length > 0
        ? history(
            start,
            ['DecisionTaskScheduled', {}, 0],
            ['DecisionTaskStarted', { scheduledEventId: 2 }, 1],
            ['DecisionTaskTimedOut', { scheduledEventId: 2, startedEventId: 3 }, 5],
          )
        : [],
    );
    expect(text).toContain('1 unexplained difference(s)');
    expect(text).toContain(
      '✗ event 4 (DecisionTaskTimedOut) of the re-enacted history is not in the recording',
    );
    expect(text).toMatch(/>\s+4\s+—\s+\| \+5\.000s DecisionTaskTimedOut/);
  });

  it('reads an absent zero id or empty tagList as the zero itself (exporters drop them), and nothing else', () => {
    const recorded = history(
      ['WorkflowExecutionStarted', { taskList: { name: 'tl' } }, 0],
      ['WorkflowExecutionSignaled', { signalName: 's' }, 1],
      ['ActivityTaskTimedOut', { scheduledEventId: 1, timeoutType: 'SCHEDULE_TO_START' }, 2],
    );
    const actual = history(
      ['WorkflowExecutionStarted', { taskList: { name: 'tl' }, parentInitiatedEventId: 0, tagList: [] }, 0],
      ['WorkflowExecutionSignaled', { signalName: 's', externalInitiatedEventId: 0 }, 1],
      [
        'ActivityTaskTimedOut',
        { scheduledEventId: 1, timeoutType: 'SCHEDULE_TO_START', startedEventId: 0 },
        2,
      ],
    );
    expect(compareHistories(recorded, actual).differences).toEqual([]);
    expect(compareHistories(actual, recorded).differences).toEqual([]);
    // A non-zero id, a tag, or an empty string is not a dropped zero.
    const differing = history(
      [
        'WorkflowExecutionStarted',
        { taskList: { name: 'tl' }, parentInitiatedEventId: 0, tagList: ['t'] },
        0,
      ],
      ['WorkflowExecutionSignaled', { signalName: 's', externalInitiatedEventId: 0, input: '' }, 1],
      [
        'ActivityTaskTimedOut',
        { scheduledEventId: 1, timeoutType: 'SCHEDULE_TO_START', startedEventId: 0 },
        2,
      ],
    );
    expect(compareHistories(recorded, differing).differences.map((d) => d.path)).toEqual([
      'workflowExecutionStartedEventAttributes.tagList',
      'workflowExecutionSignaledEventAttributes.input',
    ]);
  });

  it('compares an excerpt from its first event on', () => {
    const full = history(
      start,
      ['DecisionTaskScheduled', {}, 0],
      ['DecisionTaskStarted', { scheduledEventId: 2 }, 3],
    );
    expect(
      compareHistories(full.slice(1), [
        { ...(full[0] as HistoryEvent), eventTimestamp: new Date(T0 - 5000) },
        ...full.slice(1),
      ]).identical,
    ).toBe(true);
  });
});
