/**
 * The auto clock with ordinary apps over real HTTP (SDK v3 client, default options): time flows
 * with the wall clock while anybody works, and jumps only when everybody waits. Each pattern that
 * broke the old "jump after 20 ms of quiet" clock is its own scenario.
 */
import {
  RecordActivityTaskHeartbeatCommand,
  SignalWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import {
  closed,
  COMPLETE,
  eventOf,
  history,
  realSleep,
  registerApp,
  runDecider,
  runTimerDecider,
  runWorker,
  scheduleWork,
  startApp,
  DOMAIN,
} from './apps.js';
import { CONTROL_HEADERS, raw, sdkClient, testServer, until } from './helpers.js';

const TIMEOUT_EVENTS = [
  'ActivityTaskTimedOut',
  'DecisionTaskTimedOut',
  'WorkflowExecutionTimedOut',
  'WorkflowExecutionFailed',
];

function types(events: HistoryEvent[]): string[] {
  return events.map((e) => e.eventType as string);
}

/** A decider that runs one activity, then completes. */
const activityThenComplete = (fresh: HistoryEvent[]): Decision[] => {
  if (fresh.some((e) => e.eventType === 'WorkflowExecutionStarted')) return [scheduleWork()];
  if (fresh.some((e) => e.eventType === 'ActivityTaskCompleted')) return [COMPLETE];
  return [];
};

describe('serve: the auto clock with ordinary apps', () => {
  it('does not overtake a worker that holds its task for 300 ms of real work', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerApp(swf);
    const answers: unknown[] = [];
    runDecider(server, activityThenComplete);
    runWorker(
      server,
      async () => {
        await realSleep(300);
        return 'done';
      },
      answers,
    );
    const runId = await startApp(swf, 'slow-worker');
    await closed(server, 'slow-worker');
    const events = await history(swf, 'slow-worker', runId);
    expect(answers).toEqual(['completed']);
    expect(types(events)).not.toEqual(expect.arrayContaining([expect.stringMatching(/TimedOut|Failed/)]));
    expect(types(events)).toContain('WorkflowExecutionCompleted');
    // The virtual time the work took is the real time it took: no jump in between.
    const worked =
      eventOf(events, 'ActivityTaskCompleted').atMs - eventOf(events, 'ActivityTaskStarted').atMs;
    expect(worked).toBeGreaterThanOrEqual(300);
    expect(worked).toBeLessThan(10_000);
  });

  it('waits for a cold decider that computes for 100 ms', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerApp(swf);
    // The worker is parked first, so the clock would have had every reason to jump.
    runWorker(server, () => Promise.resolve('done'));
    const runId = await startApp(swf, 'cold-decider');
    await realSleep(50);
    runDecider(
      server,
      async (fresh) => {
        await realSleep(100);
        return activityThenComplete(fresh);
      },
      () => sdkClient(server),
    );
    await closed(server, 'cold-decider');
    const events = await history(swf, 'cold-decider', runId);
    expect(types(events).filter((t) => TIMEOUT_EVENTS.includes(t))).toEqual([]);
    const first = eventOf(events, 'DecisionTaskCompleted').atMs - eventOf(events, 'DecisionTaskStarted').atMs;
    expect(first).toBeGreaterThanOrEqual(100);
    expect(first).toBeLessThan(30_000);
  });

  it('keeps a worker that heartbeats on setInterval alive through its work', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerApp(swf);
    const answers: unknown[] = [];
    let beats = 0;
    runDecider(server, activityThenComplete);
    runWorker(
      server,
      async (task, client) => {
        const interval = setInterval(() => {
          beats++;
          void client
            .send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }))
            .catch(() => undefined);
        }, 100);
        await realSleep(600);
        clearInterval(interval);
        return 'done';
      },
      answers,
    );
    const runId = await startApp(swf, 'heartbeats');
    await closed(server, 'heartbeats');
    const events = await history(swf, 'heartbeats', runId);
    expect(answers).toEqual(['completed']);
    expect(beats).toBeGreaterThanOrEqual(3);
    expect(types(events).filter((t) => TIMEOUT_EVENTS.includes(t))).toEqual([]);
    expect(types(events)).toContain('WorkflowExecutionCompleted');
  });

  it('holds still while a client holds a skip lock: a signal sent after 2 s lands before a 10 s timer', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerApp(swf);
    runTimerDecider(server, 10);
    runWorker(server, () => Promise.resolve('unused'));
    const lock = await raw(server, {
      path: '/_swf-sim/clock/lock',
      headers: CONTROL_HEADERS,
      body: JSON.stringify({ name: 'signaller', ttlMs: 30_000 }),
    });
    expect(lock.status, lock.text).toBe(200);
    const runId = await startApp(swf, 'human-in-the-loop');
    await realSleep(2000);
    await swf.send(
      new SignalWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'human-in-the-loop',
        signalName: 'approve',
      }),
    );
    const unlock = await raw(server, {
      path: '/_swf-sim/clock/unlock',
      headers: CONTROL_HEADERS,
      body: JSON.stringify({ name: 'signaller' }),
    });
    expect(unlock.json).toMatchObject({ released: true, locks: [] });
    await closed(server, 'human-in-the-loop');
    const events = await history(swf, 'human-in-the-loop', runId);
    const order = types(events).filter((t) => t === 'WorkflowExecutionSignaled' || t === 'TimerFired');
    expect(order).toEqual(['WorkflowExecutionSignaled', 'TimerFired']);
    const timer = eventOf(events, 'TimerFired').atMs - eventOf(events, 'TimerStarted').atMs;
    expect(timer).toBe(10_000);
  });

  it('without a lock, a client idle between calls is overtaken: the 10 s timer fires first', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerApp(swf);
    runTimerDecider(server, 10, 'WorkflowExecutionSignaled');
    runWorker(server, () => Promise.resolve('unused'));
    const runId = await startApp(swf, 'no-lock');
    // Far sooner than 10 real seconds: the clock jumped while this client idled.
    const run = (): { events: HistoryEvent[] } | undefined =>
      server.service().state.domains.get(DOMAIN)?.openRuns.get('no-lock');
    await until(() => run()?.events.some((e) => e.eventType === 'TimerFired') === true, 'the timer to fire');
    await swf.send(
      new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'no-lock', signalName: 'late' }),
    );
    await closed(server, 'no-lock');
    const order = types(await history(swf, 'no-lock', runId)).filter(
      (t) => t === 'WorkflowExecutionSignaled' || t === 'TimerFired',
    );
    expect(order).toEqual(['TimerFired', 'WorkflowExecutionSignaled']);
  });

  it('runs an idle day-long timer in seconds: 1440 poll expiries, one round trip each', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerApp(swf);
    runTimerDecider(server, 24 * 3600);
    // Only the decider polls: every virtual minute costs each parked poller one HTTP round trip.
    const runId = await startApp(swf, 'a-day');
    await closed(server, 'a-day', 60_000);
    const events = await history(swf, 'a-day', runId);
    expect(eventOf(events, 'TimerFired').atMs - eventOf(events, 'TimerStarted').atMs).toBe(24 * 3600 * 1000);
    expect(types(events).at(-1)).toBe('WorkflowExecutionCompleted');
    expect(server.clockStatus().jumps).toBeGreaterThan(0);
  }, 60_000);
});
