import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHistoryFile } from '../../src/adapters/formats/loadHistoryFile.js';
import { buildTimeline } from '../../src/adapters/timeline/buildTimeline.js';
import {
  ITEM_POINT,
  ITEM_VIOLATION,
  OUTCOMES,
  type TimelineModel,
} from '../../src/adapters/timeline/timelineModel.js';
import { parseTraceFile, type TraceEntry } from '../../src/sim/scheduler/Trace.js';
import { historyShape } from '../../src/sim/check/checkHistory.js';
import { recordedHistoryNames } from '../check/recorded.js';
import { earlyTimerHistory, handWrittenHistory } from './handWritten.js';

const fixture = (name: string): string =>
  new URL(`../../fixtures/histories/${name}`, import.meta.url).pathname;

async function modelOf(...names: string[]): Promise<TimelineModel> {
  const executions = await Promise.all(
    names.map(async (name) => ({ history: (await loadHistoryFile(fixture(name))).events, title: name })),
  );
  return buildTimeline({ executions });
}

/** Every lane of every group as `label: item label (outcome)…`, to compare whole pictures. */
function describeLanes(model: TimelineModel, group = 0): string[] {
  return (model.groups[group]?.lanes ?? []).map(
    (lane) => `${lane.label}: ${lane.items.map((i) => `${i[4]} (${OUTCOMES[i[3]] ?? '?'})`).join(', ')}`,
  );
}

const START = Date.UTC(2024, 0, 1);
const history = (...events: [EventType, Record<string, unknown>, number][]): HistoryEvent[] =>
  handWrittenHistory(START, ...events);

describe('buildTimeline', () => {
  it("draws the tutorial's HelloWorld: the run, the decision-task slot and the activity, with waiting parts", async () => {
    const model = await modelOf('hello-world_boto-tutorial.json');
    expect(describeLanes(model)).toEqual([
      'workflow: HelloWorkflow 1.0: completed (completed)',
      'decision tasks: decision task: completed (completed), decision task: completed (completed)',
      'activity saying_hi: HelloWorld 1.0: completed (completed)',
    ]);
    expect(model.groups[0]?.subtitle).toBe('HelloWorkflow 1.0 · COMPLETED · 11 events');
    expect(model.startMs).toBe(Date.parse('2013-10-06T21:32:53.254Z'));
    const activity = model.groups[0]?.lanes[2]?.items[0];
    // scheduled (event 5) → started (event 6) → completed (event 7), as points in time order
    expect([activity?.[0], activity?.[1], activity?.[2]].map((p) => model.infos[p ?? -1]?.[1])).toEqual([
      5, 6, 7,
    ]);
    expect(model.times).toEqual([...model.times].sort((a, b) => a - b));
  });

  it('labels failures with their reason, timeouts with their type, and timers, children, Lambdas, signals, markers', async () => {
    const failing = describeLanes(
      await modelOf('botify-labs_simpleflow__test_failing_activity__063c3b.json'),
    );
    expect(failing.some((l) => / failed \(.+\) \(failed\)/.test(l))).toBe(true);
    expect(
      describeLanes(await modelOf('botify-labs_simpleflow__test_timer_and_cancel__2f571a.json')),
    ).toContain('timer timer 2: timer timer 2 (120 s): canceled (canceled)');
    const child = describeLanes(await modelOf('botify-labs_simpleflow__test_child_workflow__eb0fdb.json'));
    expect(child.find((l) => l.startsWith('child '))).toMatch(/: completed \(completed\)$/);
    const lambda = describeLanes(await modelOf('botify-labs_simpleflow__test_lambda__f22985.json'));
    expect(lambda.find((l) => l.startsWith('Lambda '))).toMatch(/completed \(completed\)$/);
    const signals = await modelOf('botify-labs_simpleflow__test_signal_played_twice__f693c7.json');
    const lanes = signals.groups[0]?.lanes ?? [];
    expect(lanes.find((l) => l.label === 'signals received')?.items.every((i) => i[5] & ITEM_POINT)).toBe(
      true,
    );
    expect(lanes.find((l) => l.label === 'markers')?.items.length).toBeGreaterThan(0);
    expect(lanes.find((l) => l.label.startsWith('signal → '))?.items[0]?.[4]).toMatch(/delivered$/);
  });

  it('matches every event of every recorded history to its lane (but what an excerpt lacks the start of)', async () => {
    for (const name of recordedHistoryNames()) {
      const model = await modelOf(name);
      const { events } = await loadHistoryFile(fixture(name));
      const labels = model.groups[0]?.lanes.map((l) => l.label) ?? [];
      if (!historyShape(events).excerpt) expect(labels, name).not.toContain('unmatched events');
      expect(labels, name).not.toContain('other events');
    }
    const excerpt = describeLanes(await modelOf('aws_devguide__workflow_history_example.json'));
    expect(excerpt).toContain(
      'activity verification-27: activityVerify 1.0: timed out (SCHEDULE_TO_START) (timedOut)',
    );
    expect(excerpt).toContain('workflow: WorkflowExecutionTimedOut: timed out (START_TO_CLOSE) (timedOut)');
  });

  it('draws cancel requests, external cancels, continue-as-new and a failed close decision', () => {
    const events = history(
      ['WorkflowExecutionStarted', { workflowType: { name: 'W', version: '1' } }, 0],
      ['DecisionTaskScheduled', {}, 0],
      ['DecisionTaskStarted', { scheduledEventId: 2 }, 1],
      ['DecisionTaskCompleted', { scheduledEventId: 2, startedEventId: 3 }, 2],
      ['ActivityTaskScheduled', { activityId: 'a1', activityType: { name: 'A', version: '1' } }, 2],
      ['RequestCancelExternalWorkflowExecutionInitiated', { workflowId: 'other' }, 2],
      ['ActivityTaskStarted', { scheduledEventId: 5 }, 3],
      ['ExternalWorkflowExecutionCancelRequested', { initiatedEventId: 6 }, 3],
      ['WorkflowExecutionCancelRequested', {}, 4],
      ['ActivityTaskCancelRequested', { activityId: 'a1', decisionTaskCompletedEventId: 4 }, 5],
      ['ActivityTaskCanceled', { scheduledEventId: 5, startedEventId: 7 }, 6],
      ['CompleteWorkflowExecutionFailed', { cause: 'UNHANDLED_DECISION' }, 7],
      ['WorkflowExecutionContinuedAsNew', { newExecutionRunId: 'r2' }, 8],
    );
    const model = buildTimeline({ executions: [{ history: events, violations: [] }] });
    expect(describeLanes(model)).toEqual([
      'workflow: W 1: continued as new (continued)',
      'decision tasks: decision task: completed (completed)',
      'activity a1: A 1: canceled (canceled)',
      'cancel → other: cancel request: delivered (completed)',
      'cancel requested: cancel requested (request)',
      'close decisions: CompleteWorkflowExecutionFailed: UNHANDLED_DECISION (failed)',
    ]);
    const activity = model.groups[0]?.lanes[2]?.items[0];
    expect(activity?.[6]?.map((p) => model.infos[p]?.[2])).toEqual(['ActivityTaskCancelRequested']);
  });

  it('outlines the items whose events a violation names, and lists the violation with its points', () => {
    const events = earlyTimerHistory(START);
    const model = buildTimeline({ executions: [{ history: events }] });
    const group = model.groups[0];
    expect(group?.violations.map((v) => v.invariant)).toContain('timeoutsNotEarly');
    const timer = group?.lanes.find((l) => l.kind === 'timer')?.items[0];
    expect((timer?.[5] ?? 0) & ITEM_VIOLATION).toBe(ITEM_VIOLATION);
    const early = group?.violations.find((v) => v.invariant === 'timeoutsNotEarly');
    expect(early?.points.map((p) => model.infos[p]?.[1])).toEqual(early?.eventIds);
    const decision = group?.lanes.find((l) => l.kind === 'decision')?.items[0];
    expect((decision?.[5] ?? 0) & ITEM_VIOLATION).toBe(0);
  });

  it('stacks several executions on one axis and falls back to event order without timestamps', async () => {
    const model = await modelOf(
      'botify-labs_simpleflow__test_child_workflow__eb0fdb.json',
      'hello-world_boto-tutorial.json',
    );
    expect(model.groups.map((g) => g.title)).toEqual([
      'botify-labs_simpleflow__test_child_workflow__eb0fdb.json',
      'hello-world_boto-tutorial.json',
    ]);
    expect(model.startMs).toBe(Date.parse('2013-10-06T21:32:53.254Z'));
    const untimed = buildTimeline({
      executions: [{ history: [{ eventId: 1, eventType: 'WorkflowExecutionStarted' } as HistoryEvent] }],
    });
    expect(untimed.startMs).toBeUndefined();
  });

  it("draws a trace's actor calls, its injected faults where they took effect, and heartbeats as ticks", () => {
    const trace = parseTraceFile(
      JSON.parse(
        readFileSync(new URL('../../fixtures/traces/retry-workflow_42.json', import.meta.url), 'utf8'),
      ),
    );
    const model = buildTimeline({ executions: [], trace });
    const group = model.groups[0];
    expect(group?.title).toBe('run (from its trace)');
    expect(group?.lanes.map((l) => l.label)).toEqual(
      expect.arrayContaining([
        'actor setup',
        'actor worker',
        'actor decider',
        'injected faults',
        'actor log',
      ]),
    );
    const faults = group?.lanes.filter((l) => l.kind === 'fault').flatMap((l) => l.items) ?? [];
    const lostReply = faults.find((i) =>
      i[4].startsWith('lostReply: decider RespondDecisionTaskCompleted #5'),
    );
    expect(model.times[lostReply?.[0] ?? -1]).toBe(4482);
    const latency = faults.find((i) => i[4].startsWith('latency+973:'));
    expect([model.times[latency?.[0] ?? -1], model.times[latency?.[2] ?? -1]]).toEqual([0, 973]);
    // Lines across the lanes only for the instant faults, not for latencies.
    expect(model.faults.map((p) => model.times[p])).toContain(4482);
    const later = faults.find((i) => i[4].startsWith('latency+1263:'));
    expect(model.times[later?.[2] ?? -1]).toBe(3989);
    expect(model.faults.map((p) => model.times[p])).not.toContain(3989);

    const heartbeat = (atMs: number): TraceEntry => ({
      kind: 'apply',
      atMs,
      actor: 'w',
      restarts: 0,
      call: 2,
      operation: 'RecordActivityTaskHeartbeat',
    });
    const withTicks = buildTimeline({
      executions: [
        {
          history: history(
            ['WorkflowExecutionStarted', {}, 0],
            ['ActivityTaskScheduled', { activityId: 'a' }, 0],
            ['ActivityTaskStarted', { scheduledEventId: 2 }, 1],
            ['ActivityTaskCompleted', { scheduledEventId: 2, startedEventId: 3 }, 5],
          ),
          violations: [],
        },
      ],
      trace: {
        startMs: START,
        entries: [
          {
            kind: 'deliver',
            atMs: 1000,
            actor: 'w',
            restarts: 0,
            call: 1,
            operation: 'PollForActivityTask',
            result: 'task a',
          },
          heartbeat(2000),
          heartbeat(3000),
        ],
      },
    });
    const bar = withTicks.groups[0]?.lanes.find((l) => l.kind === 'activity')?.items[0];
    expect(bar?.[6]?.map((p) => withTicks.times[p])).toEqual([2000, 3000]);
  });
});
