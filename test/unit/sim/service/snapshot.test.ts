import type { Decision, HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../src/sim/clock/VirtualClock.js';
import { runKey, type DecisionTask } from '../../../../src/sim/service/model.js';
import { exportState } from '../../../../src/sim/service/snapshot/exportState.js';
import { importState, importStateSteps, runSteps } from '../../../../src/sim/service/snapshot/importState.js';
import {
  SNAPSHOT_FIELD_COVERAGE,
  SnapshotError,
  type ServiceSnapshot,
} from '../../../../src/sim/service/snapshot/ServiceSnapshot.js';
import { DEFAULT_START_MS, SwfService } from '../../../../src/sim/service/SwfService.js';

const DOMAIN = 'snap';
const HOUR_S = 3600;

/** Services of different seeds (new runIds never repeat restored ones) that share a token secret, as a restarted server keeps its own. */
function newService(seed: string): SwfService {
  return new SwfService({ seed, tokenSecret: 'snapshot-test', clock: new VirtualClock(DEFAULT_START_MS) });
}

async function register(service: SwfService): Promise<void> {
  await service.call('RegisterDomain', {
    name: DOMAIN,
    workflowExecutionRetentionPeriodInDays: '1',
    tags: [{ key: 'team', value: 'core' }],
  });
  await service.call('RegisterWorkflowType', {
    domain: DOMAIN,
    name: 'Flow',
    version: '1',
    defaultTaskList: { name: 'main' },
    defaultTaskStartToCloseTimeout: '60',
    defaultExecutionStartToCloseTimeout: String(24 * HOUR_S),
    defaultChildPolicy: 'TERMINATE',
  });
  await service.call('RegisterActivityType', {
    domain: DOMAIN,
    name: 'Work',
    version: '1',
    defaultTaskList: { name: 'acts' },
    defaultTaskScheduleToStartTimeout: '300',
    defaultTaskScheduleToCloseTimeout: String(HOUR_S),
    defaultTaskStartToCloseTimeout: '600',
    defaultTaskHeartbeatTimeout: 'NONE',
  });
}

async function start(
  service: SwfService,
  workflowId: string,
  extra: { executionStartToCloseTimeout?: string } = {},
): Promise<string> {
  const { runId } = await service.call('StartWorkflowExecution', {
    domain: DOMAIN,
    workflowId,
    workflowType: { name: 'Flow', version: '1' },
    taskList: { name: `d-${workflowId}` },
    ...extra,
  });
  return runId as string;
}

/** Takes the decision task waiting on `workflowId`'s own list; never parks (the task must be there). */
async function takeDecision(service: SwfService, workflowId: string): Promise<string> {
  const task = await service.call('PollForDecisionTask', {
    domain: DOMAIN,
    taskList: { name: `d-${workflowId}` },
    identity: `decider-${workflowId}`,
  });
  if (!task.taskToken) throw new Error(`no decision task for ${workflowId}`);
  return task.taskToken;
}

async function decide(service: SwfService, workflowId: string, decisions: Decision[]): Promise<void> {
  const taskToken = await takeDecision(service, workflowId);
  await service.call('RespondDecisionTaskCompleted', { taskToken, decisions });
}

async function signal(service: SwfService, workflowId: string): Promise<void> {
  await service.call('SignalWorkflowExecution', { domain: DOMAIN, workflowId, signalName: 'go' });
}

function activity(
  activityId: string,
  taskList: string,
  timeouts: Partial<
    Record<'scheduleToStart' | 'scheduleToClose' | 'startToClose' | 'heartbeat', string>
  > = {},
): Decision {
  return {
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: {
      activityId,
      activityType: { name: 'Work', version: '1' },
      taskList: { name: taskList },
      input: `input of ${activityId}`,
      ...(timeouts.scheduleToStart !== undefined && { scheduleToStartTimeout: timeouts.scheduleToStart }),
      ...(timeouts.scheduleToClose !== undefined && { scheduleToCloseTimeout: timeouts.scheduleToClose }),
      ...(timeouts.startToClose !== undefined && { startToCloseTimeout: timeouts.startToClose }),
      ...(timeouts.heartbeat !== undefined && { heartbeatTimeout: timeouts.heartbeat }),
    },
  };
}

function timer(timerId: string, seconds: number): Decision {
  return {
    decisionType: 'StartTimer',
    startTimerDecisionAttributes: { timerId, startToFireTimeout: String(seconds) },
  };
}

async function takeActivity(service: SwfService, taskList: string): Promise<string> {
  const task = await service.call('PollForActivityTask', {
    domain: DOMAIN,
    taskList: { name: taskList },
    identity: `worker-${taskList}`,
  });
  if (!task.taskToken) throw new Error(`no activity task on ${taskList}`);
  return task.taskToken;
}

/** The snapshot through JSON text, as the HTTP endpoint moves it. */
function viaJson(snapshot: ServiceSnapshot): ServiceSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as ServiceSnapshot;
}

function restored(snapshot: ServiceSnapshot, seed = 'restored'): SwfService {
  const copy = newService(seed);
  importState(copy.state, viaJson(snapshot));
  return copy;
}

/** Queue order numbers are per service; everything else must match exactly. */
function comparable(snapshot: ServiceSnapshot): unknown {
  return JSON.parse(JSON.stringify(snapshot, (key, value: unknown) => (key === 'seq' ? undefined : value)));
}

async function describeAll(service: SwfService): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const run of service.state.domain(DOMAIN).runs.values()) {
    out.push(
      await service.call('DescribeWorkflowExecution', {
        domain: DOMAIN,
        execution: { workflowId: run.workflowId, runId: run.runId },
      }),
    );
  }
  return out;
}

/**
 * The live records behind the runs (tasks, their clocks and tokens, timers, children, parents) and
 * the clock's pending timers, minus what is per-service bookkeeping (queue order numbers).
 */
function liveView(service: SwfService): unknown {
  const due = (handle: { dueAtMs: number } | undefined): number | undefined => handle?.dueAtMs;
  const decision = (task: DecisionTask | undefined): unknown =>
    task && {
      scheduledEventId: task.scheduledEventId,
      taskList: task.taskList,
      priority: task.priority,
      state: task.state,
      queued: task.queued,
      startedEventId: task.startedEventId,
      previousStartedEventId: task.previousStartedEventId,
      token: task.token,
      timeout: due(task.timeout),
      scheduleToStartTimeout: due(task.scheduleToStartTimeout),
    };
  const runs = [...service.state.domains.values()].flatMap((domain) =>
    [...domain.runs.values()].map((run) => {
      const shared = {
        key: `${run.workflowId}/${run.status}`,
        timerIds: [...run.openTimers.keys()],
        children: [...run.openChildren.values()].map((c) => [
          c.workflowId,
          c.initiatedEventId,
          c.startedEventId,
          c.run?.runId,
        ]),
        lambdas: [...run.openLambdas.values()].map((l) => [l.id, l.scheduledEventId, l.startedEventId]),
        parent: run.parent && [run.parent.execution.runId, run.parent.child.initiatedEventId],
        isOpen: domain.openRuns.get(run.workflowId) === run,
      };
      // A closed run's records only count (their clocks are dead, their queue flags stale).
      if (run.status === 'CLOSED') {
        const activities = [...run.openActivities.values()].map((t) => [
          t.activityId,
          t.scheduledEventId,
          t.state,
        ]);
        return { ...shared, activities };
      }
      return {
        ...shared,
        scheduledDecision: decision(run.scheduledDecision),
        startedDecision: decision(run.startedDecision),
        activities: [...run.openActivities.values()].map(({ execution: _e, seq: _s, timers, ...rest }) => ({
          ...rest,
          timers: Object.fromEntries(
            Object.entries(timers)
              // A started task's SCHEDULE_TO_START handle stays behind, canceled.
              .filter(([type]) => !(rest.state === 'STARTED' && type === 'SCHEDULE_TO_START'))
              .map(([type, handle]) => [type, due(handle)]),
          ),
        })),
        timers: [...run.openTimers.values()].map((t) => [t.timerId, t.startedEventId, due(t.handle)]),
        executionTimeout: due(run.executionTimeout),
      };
    }),
  );
  const clock = service.clock.pending().sort((a, b) => a.dueAtMs - b.dueAtMs || (a.label < b.label ? -1 : 1));
  return { runs, clock };
}

function history(service: SwfService, workflowId: string): HistoryEvent[] {
  const run =
    service.state.domain(DOMAIN).openRuns.get(workflowId) ??
    [...service.state.domain(DOMAIN).runs.values()].filter((r) => r.workflowId === workflowId).at(-1);
  if (run === undefined) throw new Error(`no run of ${workflowId}`);
  return run.events;
}

function eventTypes(service: SwfService, workflowId: string): string[] {
  return history(service, workflowId).map((e) => e.eventType as string);
}

describe('snapshot', () => {
  it('round-trips a run with a pending activity and a timer, and the copy carries on exactly like the original', async () => {
    const original = newService('original');
    await register(original);
    const runId = await start(original, 'order-1');
    await decide(original, 'order-1', [activity('charge', 'acts'), timer('reminder', HOUR_S)]);
    original.clock.advanceBy(10_000);

    const snapshot = exportState(original.state);
    const copy = restored(snapshot);

    expect(comparable(exportState(copy.state))).toStrictEqual(comparable(snapshot));
    expect(liveView(copy)).toStrictEqual(liveView(original));
    expect(await describeAll(copy)).toStrictEqual(await describeAll(original));
    expect(copy.clock.now()).toBe(original.clock.now());
    expect(
      await copy.call('CountPendingActivityTasks', { domain: DOMAIN, taskList: { name: 'acts' } }),
    ).toEqual({ count: 1, truncated: false });

    // Both carry on identically: the worker takes the activity, the timer fires an hour in.
    for (const service of [original, copy]) {
      const token = await takeActivity(service, 'acts');
      await service.call('RespondActivityTaskCompleted', { taskToken: token, result: 'charged' });
      await decide(service, 'order-1', []);
      service.clock.advanceBy(HOUR_S * 1000);
    }
    expect(history(copy, 'order-1')).toStrictEqual(history(original, 'order-1'));
    expect(eventTypes(copy, 'order-1').slice(-4)).toEqual([
      'DecisionTaskStarted',
      'DecisionTaskCompleted',
      'TimerFired',
      'DecisionTaskScheduled',
    ]);
    expect(copy.state.domain(DOMAIN).runs.get(runKey('order-1', runId))?.status).toBe('OPEN');
  });

  it('fires every kind of re-armed clock exactly when and as the original does', async () => {
    const original = newService('original');
    await register(original);
    // One run per kind of clock, each on its own lists so the script controls who takes what.
    for (const id of ['s2s', 's2c', 'stc', 'hb', 'timer', 'decision', 'exec', 'token', 'closed']) {
      await start(original, id, id === 'exec' ? { executionStartToCloseTimeout: '7200' } : {});
    }
    await decide(original, 's2s', [activity('a', 'l-s2s', { scheduleToStart: '300' })]);
    await decide(original, 's2c', [
      activity('a', 'l-s2c', { scheduleToStart: 'NONE', scheduleToClose: '200' }),
    ]);
    await decide(original, 'stc', [activity('a', 'l-stc', { startToClose: '400' })]);
    await decide(original, 'hb', [activity('a', 'l-hb', { heartbeat: '120' })]);
    await decide(original, 'timer', [timer('t', 90)]);
    await decide(original, 'token', [activity('a', 'l-token')]);
    await decide(original, 'closed', [activity('a', 'l-closed'), timer('late', HOUR_S)]);
    await signal(original, 'closed');
    await decide(original, 'closed', [
      { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
    ]);
    await takeActivity(original, 'l-stc');
    const heartbeatToken = await takeActivity(original, 'l-hb');
    const heldToken = await takeActivity(original, 'l-token');
    original.clock.advanceBy(30_000);
    await original.call('RecordActivityTaskHeartbeat', { taskToken: heartbeatToken, details: 'half way' });
    // A decider holds the second decision task of `decision` while a signal schedules the next one.
    await decide(original, 'decision', []);
    await signal(original, 'decision');
    const heldDecision = await takeDecision(original, 'decision');
    await signal(original, 'decision');
    original.clock.advanceBy(5_000);

    const snapshot = exportState(original.state);
    const copy = restored(snapshot);
    expect(comparable(exportState(copy.state))).toStrictEqual(comparable(snapshot));
    expect(liveView(copy)).toStrictEqual(liveView(original));
    expect(await describeAll(copy)).toStrictEqual(await describeAll(original));

    const results: unknown[][] = [[], []];
    for (const [i, service] of [original, copy].entries()) {
      // The worker that held a token before the snapshot still answers with it.
      await service.call('RespondActivityTaskCompleted', { taskToken: heldToken, result: 'done' });
      // A poller parks on the `decision` list: it gets the waiting task when the held one times out.
      const parked = service.call('PollForDecisionTask', {
        domain: DOMAIN,
        taskList: { name: 'd-decision' },
        identity: 'second-decider',
      });
      service.clock.advanceBy(60_000);
      const task = await parked;
      results[i]?.push(task.taskToken, task.startedEventId, task.previousStartedEventId);
      // The held token died with its task.
      await expect(
        service.call('RespondDecisionTaskCompleted', { taskToken: heldDecision, decisions: [] }),
      ).rejects.toMatchObject({ name: 'UnknownResourceFault' });
      // Past every activity, timer, decision and the 2-hour execution timeout.
      service.clock.advanceBy(2 * HOUR_S * 1000);
    }
    expect(results[1]).toStrictEqual(results[0]);
    expect(comparable(exportState(copy.state))).toStrictEqual(comparable(exportState(original.state)));

    // What each run went through, for the record (the comparison above is the real check).
    const last = (id: string): string[] =>
      history(copy, id)
        .filter((e) => /TimedOut|Fired|Completed$/.test(e.eventType as string))
        .map((e) => e.eventType as string);
    expect(last('s2s')[1]).toBe('ActivityTaskTimedOut');
    expect(
      history(copy, 'hb').find((e) => e.eventType === 'ActivityTaskTimedOut')
        ?.activityTaskTimedOutEventAttributes,
    ).toMatchObject({ timeoutType: 'HEARTBEAT', details: 'half way' });
    expect(last('timer')).toContain('TimerFired');
    expect(last('decision')).toContain('DecisionTaskTimedOut');
    expect(last('token')).toContain('ActivityTaskCompleted');
    expect(eventTypes(copy, 'exec').at(-1)).toBe('WorkflowExecutionTimedOut');

    // Then every run times out (24 h) and no closed run outlives its one-day retention, in both.
    for (const service of [original, copy]) service.clock.advanceBy(3 * 24 * HOUR_S * 1000);
    expect(comparable(exportState(copy.state))).toStrictEqual(comparable(exportState(original.state)));
    expect(copy.state.domain(DOMAIN).runs.size).toBe(0);
  });

  it('restores a decision task waiting on a temporary task-list override, whose limit still runs out', async () => {
    const original = newService('original');
    await register(original);
    await start(original, 'moved');
    const taskToken = await takeDecision(original, 'moved');
    await original.call('RespondDecisionTaskCompleted', {
      taskToken,
      decisions: [],
      taskList: { name: 'elsewhere' },
      taskListScheduleToStartTimeout: '100',
    });
    await signal(original, 'moved');
    original.clock.advanceBy(30_000);

    const snapshot = exportState(original.state);
    const copy = restored(snapshot);
    expect(comparable(exportState(copy.state))).toStrictEqual(comparable(snapshot));
    expect(liveView(copy)).toStrictEqual(liveView(original));
    // Nobody polls the override list: 70 s later the task times out and the run goes back home.
    for (const service of [original, copy]) service.clock.advanceBy(100_000);
    expect(comparable(exportState(copy.state))).toStrictEqual(comparable(exportState(original.state)));
    const timedOut = history(copy, 'moved').find((e) => e.eventType === 'DecisionTaskTimedOut');
    expect(timedOut?.decisionTaskTimedOutEventAttributes).toMatchObject({ timeoutType: 'SCHEDULE_TO_START' });
    expect(history(copy, 'moved').at(-1)?.decisionTaskScheduledEventAttributes?.taskList).toEqual({
      name: 'd-moved',
    });
  });

  it('keeps what a closed run left open, so Describe still counts it', async () => {
    const original = newService('original');
    await register(original);
    await start(original, 'quitter');
    await decide(original, 'quitter', [activity('a', 'l'), timer('t', HOUR_S)]);
    await signal(original, 'quitter');
    await decide(original, 'quitter', [
      { decisionType: 'FailWorkflowExecution', failWorkflowExecutionDecisionAttributes: { reason: 'bored' } },
    ]);
    const copy = restored(exportState(original.state));
    expect(liveView(copy)).toStrictEqual(liveView(original));
    const [detail] = (await describeAll(copy)) as { openCounts: object }[];
    expect(detail?.openCounts).toMatchObject({ openActivityTasks: 1, openTimers: 1, openDecisionTasks: 0 });
    expect(await describeAll(copy)).toStrictEqual(await describeAll(original));
  });

  it('gives closed runs with equal configs one config between them, and each open run its own', async () => {
    const original = newService('original');
    await register(original);
    for (const workflowId of ['a', 'b', 'c', 'd']) {
      await original.call('StartWorkflowExecution', {
        domain: DOMAIN,
        workflowId,
        workflowType: { name: 'Flow', version: '1' },
      });
    }
    for (const workflowId of ['a', 'b']) {
      await original.call('TerminateWorkflowExecution', { domain: DOMAIN, workflowId });
    }
    const copy = restored(exportState(original.state));
    const configs = Object.fromEntries(
      [...(copy.state.domains.get(DOMAIN)?.runs.values() ?? [])].map((run) => [run.workflowId, run.config]),
    );
    expect(configs.a).toBe(configs.b);
    expect(configs.c).not.toBe(configs.d);
    expect(configs.c).not.toBe(configs.a);
    expect(configs.c).toStrictEqual(configs.a);
    expect(comparable(exportState(copy.state))).toStrictEqual(comparable(exportState(original.state)));
  });

  it('restores a parent and its running child, and the child still reports to its parent', async () => {
    const original = newService('original');
    await register(original);
    await start(original, 'parent');
    await decide(original, 'parent', [
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowId: 'child',
          workflowType: { name: 'Flow', version: '1' },
          taskList: { name: 'd-child' },
        },
      },
    ]);
    await decide(original, 'parent', []);
    const copy = restored(exportState(original.state));
    expect(liveView(copy)).toStrictEqual(liveView(original));
    expect(await describeAll(copy)).toStrictEqual(await describeAll(original));
    for (const service of [original, copy]) {
      await decide(service, 'child', [
        {
          decisionType: 'CompleteWorkflowExecution',
          completeWorkflowExecutionDecisionAttributes: { result: 'ok' },
        },
      ]);
    }
    expect(eventTypes(copy, 'parent')).toContain('ChildWorkflowExecutionCompleted');
    expect(history(copy, 'parent')).toStrictEqual(history(original, 'parent'));
  });

  it('leaves a started task without its token to time out, as SWF does after a lost worker', async () => {
    const original = newService('original');
    await register(original);
    await start(original, 'lost');
    await decide(original, 'lost', [activity('a', 'l', { startToClose: '100' })]);
    await takeActivity(original, 'l');
    const snapshot = viaJson(exportState(original.state));
    for (const run of snapshot.domains[0]?.runs ?? []) {
      for (const hint of run.openTasks ?? []) delete (hint as { taskToken?: string }).taskToken;
    }
    const copy = newService('copy');
    importState(copy.state, snapshot);
    copy.clock.advanceBy(100_000);
    expect(eventTypes(copy, 'lost').slice(-2)).toEqual(['ActivityTaskTimedOut', 'DecisionTaskScheduled']);
  });

  it('never hands out a token the exporter issued, even across a second export', async () => {
    const original = newService('original');
    await register(original);
    await start(original, 'w');
    const first = await takeDecision(original, 'w');
    const copy = restored(exportState(original.state));
    const again = restored(exportState(copy.state), 'again');
    await again.call('RespondDecisionTaskCompleted', { taskToken: first, decisions: [activity('a', 'l')] });
    const next = await takeActivity(again, 'l');
    expect(next).not.toBe(first);
    expect(exportState(again.state).tokensIssued).toBe(exportState(original.state).tokensIssued + 1);
  });

  it('names every field of the model in its coverage table, and stores what it says it stores', async () => {
    const original = newService('original');
    await register(original);
    await start(original, 'w');
    await decide(original, 'w', [activity('a', 'l')]);
    const live = original.state.domain(DOMAIN).openRuns.get('w');
    const [runSnapshot] = exportState(original.state).domains[0]?.runs ?? [];
    for (const [field, use] of Object.entries(SNAPSHOT_FIELD_COVERAGE.Execution)) {
      if (use !== 'stored' || (live as unknown as Record<string, unknown>)[field] === undefined) continue;
      expect(runSnapshot, field).toHaveProperty(field);
    }
  });

  it('imports a long history a thousand events at a time, open or packed', async () => {
    const original = newService('original');
    await register(original);
    await start(original, 'open');
    await start(original, 'closed');
    for (let i = 0; i < 2500; i++) {
      await signal(original, 'open');
      await signal(original, 'closed');
    }
    await original.call('TerminateWorkflowExecution', { domain: DOMAIN, workflowId: 'closed' });
    const snapshot = viaJson(exportState(original.state));
    const target = newService('target');
    let steps = 0;
    for (const step = importStateSteps(target.state, snapshot); step.next().done !== true;) steps++;
    // Each 2,500-event run is checked, folded (and the closed one packed) in pieces of a thousand.
    expect(steps).toBeGreaterThanOrEqual(2 * 2 * 2 + 2 + 2);
    expect(comparable(exportState(target.state))).toEqual(comparable(snapshot));
  });

  describe('refuses, and changes nothing', () => {
    async function baseline(): Promise<ServiceSnapshot> {
      const original = newService('original');
      await register(original);
      await start(original, 'w');
      await decide(original, 'w', [activity('a', 'l')]);
      return viaJson(exportState(original.state));
    }

    const cases: [string, (s: ServiceSnapshot) => unknown, RegExp][] = [
      ['not an object', () => 42, /snapshot: expected an object/],
      ['another format', (s) => ({ ...s, format: 'nope' }), /snapshot.format/],
      ['a newer version', (s) => ({ ...s, version: 2 }), /snapshot.version/],
      [
        'a gap in event ids',
        (s) => {
          const run = s.domains[0]?.runs[0] as { events: { eventId: number }[] };
          (run.events[2] as { eventId: number }).eventId = 9;
          return s;
        },
        /events\[2\]\.eventId: expected 3/,
      ],
      [
        'an unknown event type',
        (s) => {
          const run = s.domains[0]?.runs[0] as { events: { eventType: string }[] };
          (run.events[1] as { eventType: string }).eventType = 'Bogus';
          return s;
        },
        /unknown event type/,
      ],
      [
        'a close event in an OPEN run',
        (s) => {
          const run = s.domains[0]?.runs[0] as unknown as { events: object[] };
          run.events.push({
            eventId: run.events.length + 1,
            eventTimestamp: 1735689600,
            eventType: 'WorkflowExecutionCompleted',
            workflowExecutionCompletedEventAttributes: { decisionTaskCompletedEventId: 4 },
          });
          return s;
        },
        /in the history of a run marked OPEN/,
      ],
      [
        'a Lambda task in flight',
        (s) => {
          const run = s.domains[0]?.runs[0] as unknown as { events: object[] };
          run.events.push({
            eventId: run.events.length + 1,
            eventTimestamp: 1735689600,
            eventType: 'LambdaFunctionScheduled',
            lambdaFunctionScheduledEventAttributes: { id: 'f', name: 'fn', decisionTaskCompletedEventId: 4 },
          });
          return s;
        },
        /Lambda task f is in flight/,
      ],
      ['a duplicate domain', (s) => ({ ...s, domains: [s.domains[0], s.domains[0]] }), /duplicate domain/],
    ];
    for (const [name, corrupt, message] of cases) {
      it(`rejects ${name}`, async () => {
        const target = newService('target');
        const before = exportState(target.state);
        const snapshot = corrupt(await baseline()) as ServiceSnapshot;
        expect(() => importState(target.state, snapshot)).toThrow(SnapshotError);
        expect(() => importState(target.state, snapshot)).toThrow(message);
        expect(exportState(target.state)).toStrictEqual(before);
      });
    }

    it('rejects a service that already has domains', async () => {
      const target = newService('target');
      await register(target);
      const before = exportState(target.state);
      expect(() => importState(target.state, viaJson(before))).toThrow(/already has domains/);
      expect(exportState(target.state)).toStrictEqual(before);
    });
  });

  it("keeps each open task's seq below the count a restore gives, once, and numbers the rest after it", async () => {
    const service = newService('seqs');
    await register(service);
    for (const id of ['a', 'b', 'c']) await start(service, id);
    const snapshot = viaJson(exportState(service.state));
    const seqs = (s: ServiceSnapshot): number[] =>
      s.domains.flatMap((d) => d.runs.flatMap((r) => (r.openTasks ?? []).map((t) => t.seq as number)));
    expect(seqs(snapshot)).toEqual([0, 1, 2]);
    // A damaged file repeats a seq: the first keeps it, the repeat is numbered after the count.
    const [first, second] = snapshot.domains[0]?.runs ?? [];
    (second?.openTasks?.[0] as { seq: number }).seq = (first?.openTasks?.[0] as { seq: number }).seq;
    const copy = newService('seqs-restored');
    runSteps(importStateSteps(copy.state, snapshot, 3));
    expect(seqs(exportState(copy.state))).toEqual([0, 3, 2]);
    expect(copy.state.tasksNumbered).toBe(4);
  });
});
