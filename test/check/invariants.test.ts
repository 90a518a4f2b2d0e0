import { readFileSync } from 'node:fs';
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { checkHistory, type CheckHistoryOptions } from '../../src/sim/check/checkHistory.js';
import { INVARIANTS, type InvariantName } from '../../src/sim/check/invariants.js';
import {
  append,
  attrs,
  eventAt,
  insertAt,
  makeEvent,
  removeAt,
  retime,
  retype,
  swapPositions,
  truncateAfter,
} from './corrupt.js';
import { ascending, loadRecorded } from './recorded.js';

// Real histories (fixtures/histories), each corrupted in exactly one way below.
const BASIC = 'botify-labs_simpleflow__dumps_workflow_execution_basic.json';
const TIMERS = 'botify-labs_simpleflow__test_timer_and_cancel__2f571a.json';
const REFUSED = 'botify-labs_simpleflow__test_cancel_requested_refused__751f38.json';
const ELIFE = 'elifesciences_elife-bot__test_data_decision.json';
const AWS = 'aws_devguide__workflow_history_example.json';
const CHILD = 'botify-labs_simpleflow__test_child_workflow__eb0fdb.json';
const LAMBDA = 'botify-labs_simpleflow__test_lambda__f22985.json';
const SIGNALS = 'botify-labs_simpleflow__test_signal_played_twice__f693c7.json';
const WAIT = 'botify-labs_simpleflow__test_wait_signal__266696.json';

interface Corruption {
  /** What was done to the real history. */
  readonly title: string;
  readonly history: string;
  /** The corruption; receives the ascending history as a fresh deep copy. */
  readonly corrupt: (events: HistoryEvent[]) => HistoryEvent[];
  readonly options?: CheckHistoryOptions;
  /** The ids the violation of this invariant must name. */
  readonly eventIds: number[];
}

function seconds(events: readonly HistoryEvent[], id: number): number {
  return (eventAt(events, id).eventTimestamp as Date).getTime() / 1000;
}

/** A `Record` over every invariant name: a new invariant does not compile until it has a test. */
const CORRUPTIONS: Record<InvariantName, Corruption[]> = {
  eventEnvelope: [
    {
      title: 'an unknown eventType',
      history: BASIC,
      corrupt: (e) => {
        (eventAt(e, 7) as { eventType: string }).eventType = 'ActivityTaskExploded';
        return e;
      },
      eventIds: [7],
    },
    {
      title: "attributes under another type's member",
      history: BASIC,
      corrupt: (e) => {
        const event = eventAt(e, 7) as unknown as Record<string, unknown>;
        event.activityTaskFailedEventAttributes = event.activityTaskCompletedEventAttributes;
        delete event.activityTaskCompletedEventAttributes;
        return e;
      },
      eventIds: [7],
    },
    {
      title: 'a timestamp left in epoch seconds',
      history: BASIC,
      corrupt: (e) => {
        (eventAt(e, 3) as unknown as { eventTimestamp: number }).eventTimestamp = 1484676354.21;
        return e;
      },
      eventIds: [3],
    },
  ],
  eventIdsSequential: [
    {
      title: 'two events swapped',
      history: TIMERS,
      corrupt: (e) => {
        [e[4], e[5]] = [e[5] as HistoryEvent, e[4] as HistoryEvent];
        return e;
      },
      eventIds: [5, 6],
    },
    {
      title: 'an event dropped',
      history: BASIC,
      corrupt: (e) => e.filter((event) => event.eventId !== 6),
      eventIds: [6],
    },
    {
      title: 'an id repeated',
      history: BASIC,
      corrupt: (e) => {
        eventAt(e, 8).eventId = 7;
        return e;
      },
      eventIds: [7],
    },
    {
      title: 'newest-first events given as they were recorded',
      history: AWS,
      corrupt: () => structuredClone(loadRecorded(AWS).events),
      eventIds: [],
    },
    {
      title: 'event 1 dropped from a history declared complete',
      history: BASIC,
      corrupt: (e) => e.slice(1),
      options: { excerpt: false },
      eventIds: [1],
    },
  ],
  timestampsNonDecreasing: [
    {
      title: 'an event dated before its predecessor',
      history: BASIC,
      corrupt: (e) => retime(e, 9, seconds(e, 8) - 1),
      eventIds: [9, 8],
    },
    {
      title: 'an event dated after `now`',
      history: BASIC,
      corrupt: (e) => e,
      options: { now: new Date(1484676386_412) },
      eventIds: [23],
    },
  ],
  startedFirst: [
    {
      title: 'WorkflowExecutionStarted moved to second place',
      history: BASIC,
      corrupt: (e) => swapPositions(e, 1, 2),
      eventIds: [1],
    },
    {
      title: 'a second WorkflowExecutionStarted',
      history: BASIC,
      corrupt: (e) =>
        insertAt(e, 8, makeEvent('WorkflowExecutionStarted', { ...attrs(e, 1) }, eventAt(e, 7))),
      eventIds: [8, 1],
    },
  ],
  closeLast: [
    {
      title: 'a second close event',
      history: BASIC,
      corrupt: (e) =>
        append(
          e,
          makeEvent(
            'WorkflowExecutionFailed',
            { decisionTaskCompletedEventId: 22, reason: 'again' },
            eventAt(e, 23),
          ),
        ),
      eventIds: [24, 23],
    },
    {
      title: 'a signal recorded after the close',
      history: TIMERS,
      corrupt: (e) =>
        append(
          e,
          makeEvent(
            'WorkflowExecutionSignaled',
            { signalName: 'late', externalInitiatedEventId: 0 },
            eventAt(e, 17),
          ),
        ),
      eventIds: [18, 17],
    },
  ],
  referencesValid: [
    {
      title: 'an ActivityTaskCompleted pointing at a DecisionTaskCompleted',
      history: BASIC,
      corrupt: (e) => {
        attrs(e, 7).scheduledEventId = 4;
        return e;
      },
      eventIds: [7, 4],
    },
    {
      title: 'a reference to a later event',
      history: BASIC,
      corrupt: (e) => {
        attrs(e, 6).scheduledEventId = 11;
        return e;
      },
      eventIds: [6, 11],
    },
    {
      title: 'a decisionTaskCompletedEventId dropped (read as 0)',
      history: BASIC,
      corrupt: (e) => {
        delete attrs(e, 5).decisionTaskCompletedEventId;
        return e;
      },
      eventIds: [5],
    },
    {
      title: 'a TimerFired naming another timer than the one it points at',
      history: TIMERS,
      corrupt: (e) => {
        attrs(e, 7).timerId = 'timer 2';
        return e;
      },
      eventIds: [7, 6],
    },
    {
      // Another runId alone is fine: a child that continued as new closes from its last run.
      title: 'a child close naming another workflowId than its start',
      history: CHILD,
      corrupt: (e) => {
        attrs(e, 10).workflowExecution = { workflowId: 'someone-else', runId: 'r' };
        return e;
      },
      eventIds: [10, 6],
    },
    {
      title: 'a root run with a parentInitiatedEventId',
      history: BASIC,
      corrupt: (e) => {
        attrs(e, 1).parentInitiatedEventId = 3;
        return e;
      },
      eventIds: [1],
    },
  ],
  decisionTaskSlots: [
    {
      title: 'a DecisionTaskStarted for a task that already started',
      history: BASIC,
      corrupt: (e) => {
        attrs(e, 9).scheduledEventId = 2;
        return e;
      },
      eventIds: [9, 2, 8],
    },
    {
      title: 'a DecisionTaskCompleted naming an earlier task',
      history: BASIC,
      corrupt: (e) => {
        attrs(e, 10).startedEventId = 3;
        return e;
      },
      eventIds: [10, 3, 9],
    },
    {
      title: 'a second DecisionTaskScheduled while one waits',
      history: SIGNALS,
      corrupt: (e) => retype(e, 11, 'DecisionTaskScheduled', { ...attrs(e, 10) }),
      eventIds: [11, 10],
    },
    {
      title: 'a second DecisionTaskStarted while one is started',
      history: REFUSED,
      corrupt: (e) => retype(e, 12, 'DecisionTaskStarted', { scheduledEventId: 11, identity: 'decider' }),
      eventIds: [12, 9],
    },
  ],
  decisionTaskScheduledWhenNeeded: [
    {
      title: 'a signal that schedules no decision task',
      history: BASIC,
      corrupt: (e) =>
        insertAt(
          e,
          13,
          makeEvent(
            'WorkflowExecutionSignaled',
            { signalName: 's', externalInitiatedEventId: 0 },
            eventAt(e, 12),
          ),
        ),
      eventIds: [13, 14],
    },
    {
      title: 'an open history ending on an activity result with no decision task',
      history: BASIC,
      corrupt: (e) => truncateAfter(e, 7),
      eventIds: [7],
    },
  ],
  decisionBatchContiguous: [
    {
      title: 'an ActivityTaskStarted moved into the middle of a batch',
      history: BASIC,
      corrupt: (e) => swapPositions(e, 12, 13),
      eventIds: [13, 10, 12],
    },
  ],
  unhandledDecision: [
    {
      title: 'a completion that ignores an activity result that arrived during the decision',
      history: REFUSED,
      corrupt: (e) =>
        insertAt(
          e,
          13,
          makeEvent('WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 12 }, eventAt(e, 12)),
        ),
      eventIds: [13, 10],
    },
    {
      title: 'UNHANDLED_DECISION although nothing arrived during the decision',
      history: BASIC,
      corrupt: (e) =>
        insertAt(
          e,
          6,
          makeEvent(
            'CompleteWorkflowExecutionFailed',
            { cause: 'UNHANDLED_DECISION', decisionTaskCompletedEventId: 4 },
            eventAt(e, 5),
          ),
        ),
      eventIds: [6, 4],
    },
  ],
  activityLifecycle: [
    {
      title: 'an ActivityTaskCompleted for a task that never started',
      history: BASIC,
      corrupt: (e) => {
        attrs(e, 14).scheduledEventId = 12;
        return e;
      },
      eventIds: [14, 12],
    },
    {
      title: 'a second outcome for one activity task',
      history: BASIC,
      corrupt: (e) => insertAt(e, 8, makeEvent('ActivityTaskCompleted', { ...attrs(e, 7) }, eventAt(e, 7))),
      eventIds: [8, 5],
    },
    {
      title: 'a START_TO_CLOSE timeout for a task that never started',
      history: AWS,
      corrupt: (e) => {
        attrs(e, 9).timeoutType = 'START_TO_CLOSE';
        return e;
      },
      eventIds: [9, 8],
    },
    {
      title: 'an activityId scheduled again while its task is open',
      history: WAIT,
      corrupt: (e) => {
        attrs(e, 6).activityId = attrs(e, 5).activityId;
        return e;
      },
      eventIds: [6, 5],
    },
    {
      title: 'a cancel request for an activity that already closed',
      history: BASIC,
      corrupt: (e) =>
        insertAt(
          e,
          23,
          makeEvent(
            'ActivityTaskCancelRequested',
            { activityId: attrs(e, 5).activityId, decisionTaskCompletedEventId: 22 },
            eventAt(e, 22),
          ),
        ),
      eventIds: [23],
    },
  ],
  timerLifecycle: [
    {
      title: 'a canceled timer fires',
      history: TIMERS,
      corrupt: (e) =>
        insertAt(e, 14, makeEvent('TimerFired', { timerId: 'timer 2', startedEventId: 5 }, eventAt(e, 13))),
      eventIds: [14, 5],
    },
    {
      title: 'a timerId started again while its timer is open',
      history: TIMERS,
      corrupt: (e) => {
        attrs(e, 6).timerId = 'timer 2';
        return e;
      },
      eventIds: [6, 5],
    },
    {
      title: 'CancelTimerFailed TIMER_ID_UNKNOWN for an open timer',
      history: TIMERS,
      corrupt: (e) =>
        retype(e, 11, 'CancelTimerFailed', {
          timerId: 'timer 2',
          cause: 'TIMER_ID_UNKNOWN',
          decisionTaskCompletedEventId: 10,
        }),
      eventIds: [11, 5],
    },
  ],
  childWorkflowLifecycle: [
    {
      title: 'a child that closes twice',
      history: CHILD,
      corrupt: (e) =>
        insertAt(e, 12, makeEvent('ChildWorkflowExecutionCompleted', { ...attrs(e, 10) }, eventAt(e, 11))),
      eventIds: [12, 5],
    },
    {
      title: 'a child that starts twice',
      history: CHILD,
      corrupt: (e) =>
        insertAt(e, 7, makeEvent('ChildWorkflowExecutionStarted', { ...attrs(e, 6) }, eventAt(e, 6))),
      eventIds: [7, 5],
    },
  ],
  lambdaLifecycle: [
    {
      title: 'a Lambda task started twice',
      history: LAMBDA,
      corrupt: (e) =>
        insertAt(e, 7, makeEvent('LambdaFunctionStarted', { scheduledEventId: 5 }, eventAt(e, 6))),
      eventIds: [7, 5],
    },
  ],
  externalWorkflowLifecycle: [
    {
      title: 'one signal acknowledged twice',
      history: SIGNALS,
      corrupt: (e) => {
        attrs(e, 14).initiatedEventId = 6;
        return e;
      },
      eventIds: [14, 6],
    },
  ],
  timeoutsNotEarly: [
    {
      title: 'a TimerFired moved before its startToFireTimeout',
      history: TIMERS,
      corrupt: (e) => retime(e, 7, seconds(e, 6) + 1),
      eventIds: [7, 6],
    },
    {
      title: 'a decision task timed out early',
      history: AWS,
      corrupt: (e) => retime(e, 4, seconds(e, 3) + 100),
      eventIds: [4, 3],
    },
    {
      title: 'an activity timing out although its timeout is NONE',
      history: AWS,
      corrupt: (e) => {
        attrs(e, 8).scheduleToStartTimeout = 'NONE';
        return e;
      },
      eventIds: [9, 8],
    },
    {
      title: 'an execution timed out long before its executionStartToCloseTimeout',
      history: BASIC,
      corrupt: (e) =>
        retype(e, 23, 'WorkflowExecutionTimedOut', {
          timeoutType: 'START_TO_CLOSE',
          childPolicy: 'TERMINATE',
        }),
      eventIds: [23, 1],
    },
  ],
  timeoutsNotMissed: [
    {
      title: 'a zero-second timer that never fires',
      history: TIMERS,
      corrupt: (e) => {
        attrs(e, 5).startToFireTimeout = '0';
        return e;
      },
      eventIds: [7, 5],
    },
    {
      title: 'a started decision task still open two minutes after its 60 s timeout (`now`)',
      history: ELIFE,
      corrupt: (e) => e,
      options: { prefix: false, now: new Date(1363893471_492 + 120_000) },
      eventIds: [22],
    },
  ],
  noIdleOpenExecution: [
    {
      title: 'an open history whose last decision left nothing pending',
      history: TIMERS,
      corrupt: (e) => truncateAfter(e, 11),
      eventIds: [11],
    },
  ],
};

describe('invariants: each corruption of a real history is caught by name', () => {
  for (const { name } of INVARIANTS) {
    describe(name, () => {
      it.each(CORRUPTIONS[name].map((c) => [c.title, c] as const))('%s', (_title, corruption) => {
        const corrupted = corruption.corrupt(ascending(corruption.history));
        const violations = checkHistory(corrupted, corruption.options);
        const mine = violations.filter((v) => v.invariant === name);
        if (process.env.SHOW_VIOLATIONS)
          console.log(`${corruption.title}\n${JSON.stringify(violations, null, 1)}`);
        expect(
          mine.map((v) => v.eventIds),
          JSON.stringify(violations, null, 1),
        ).toContainEqual(corruption.eventIds);
        for (const v of mine) {
          expect(v.message).toMatch(/[.!]$/);
          for (const id of v.eventIds.slice(0, 1)) expect(v.message).toContain(String(id));
        }
      });
    });
  }
});

describe('invariants: the catalogue', () => {
  it('names each invariant once', () => {
    const names = INVARIANTS.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('documents every invariant in docs/invariants.md', () => {
    const docs = readFileSync(new URL('../../docs/invariants.md', import.meta.url), 'utf8');
    for (const { name } of INVARIANTS) expect(docs).toContain(`## \`${name}\``);
  });
});

describe('checkHistory: what it tolerates', () => {
  it('detects a PollForDecisionTask prefix and does not ask it for liveness', () => {
    const events = ascending(ELIFE);
    const now = new Date(1363893471_492 + 3_600_000);
    expect(checkHistory(events, { now })).toEqual([]);
    expect(checkHistory(events, { now, prefix: false }).map((v) => v.invariant)).toContain(
      'timeoutsNotMissed',
    );
  });

  it('detects an excerpt (a page starting after event 1) and insists on event 1 when told to', () => {
    const events = ascending(AWS);
    expect(checkHistory(events)).toEqual([]);
    const strict = checkHistory(events, { excerpt: false });
    expect(strict.map((v) => [v.invariant, v.eventIds])).toEqual(
      expect.arrayContaining([
        ['eventIdsSequential', [1]],
        ['startedFirst', [2]],
      ]),
    );
  });

  it('accepts a close with an activity still open (swf-semantics §7.2)', () => {
    const events = ascending('botify-labs_simpleflow__test_cancel_requested__7d5b1d.json');
    expect(checkHistory(events)).toEqual([]);
  });

  it('accepts DecisionTaskScheduled written while another task is started (swf-semantics §6.2)', () => {
    expect(checkHistory(ascending(WAIT))).toEqual([]);
  });

  it('ignores the invariants it is told to ignore', () => {
    const idle = truncateAfter(ascending(TIMERS), 11);
    expect(checkHistory(idle).map((v) => v.invariant)).toEqual(['noIdleOpenExecution']);
    expect(checkHistory(idle, { ignore: ['noIdleOpenExecution'] })).toEqual([]);
  });

  it('allows timeouts to fire late within lateToleranceMs and reports them beyond it', () => {
    // Timer "timer 1" (2 s) fired 1 ms after it was due, as real SWF does.
    const events = ascending(TIMERS);
    expect(checkHistory(events)).toEqual([]);
    expect(checkHistory(events, { lateToleranceMs: 0 }).map((v) => [v.invariant, v.eventIds])).toContainEqual(
      ['timeoutsNotMissed', [7, 6]],
    );
  });

  it('reports an empty history', () => {
    expect(checkHistory([]).map((v) => v.invariant)).toEqual(['startedFirst']);
  });

  it('leaves references dangling after a removal to referencesValid', () => {
    const violations = checkHistory(removeAt(ascending(BASIC), 8));
    expect(violations.map((v) => v.invariant)).toContain('referencesValid');
  });
});
