import {
  DescribeWorkflowExecutionCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import {
  DOMAIN,
  helloDeciderRun,
  registerHelloWorld,
  startHelloWorkflow,
  TASK_LIST,
} from '../../../fixtures/examples/helloWorld.js';
import type { ClockStatus } from '../../../src/adapters/http/controlRoutes.js';
import type { ServerSnapshot } from '../../../src/adapters/http/ServerWorld.js';
import { CONTROL_HEADERS, raw, sdkClient, stateText, testServer, until } from './helpers.js';

const START_MS = Date.UTC(2025, 0, 1);

describe('serve: control endpoints', () => {
  it('lists themselves at GET /_swf-sim/', async () => {
    const server = await testServer();
    const response = await raw(server, { method: 'GET', path: '/_swf-sim/' });
    expect(response.status).toBe(200);
    const paths = (response.json as { endpoints: { method: string; path: string }[] }).endpoints.map(
      (e) => `${e.method} ${e.path}`,
    );
    expect(paths).toEqual([
      'GET /_swf-sim/',
      'GET /_swf-sim/clock',
      'POST /_swf-sim/clock/advance',
      'POST /_swf-sim/clock/sleep',
      'POST /_swf-sim/clock/lock',
      'POST /_swf-sim/clock/unlock',
      'POST /_swf-sim/reset',
      'GET /_swf-sim/state',
      'PUT /_swf-sim/state',
    ]);
  });

  it('reads the clock and advances it, firing the timeouts on the way', async () => {
    const server = await testServer({ clock: 'manual' });
    const swf = sdkClient(server);
    await registerHelloWorld(swf);
    const runId = await startHelloWorkflow(swf, 'advance-me');
    const clock = await raw(server, { method: 'GET', path: '/_swf-sim/clock' });
    expect(clock.json).toMatchObject({
      mode: 'manual',
      now: '2025-01-01T00:00:00.000Z',
      nowMs: START_MS,
      nextTimerAt: '2025-01-01T01:00:00.000Z',
      pendingPolls: 0,
    });
    const advanced = await raw(server, {
      path: '/_swf-sim/clock/advance',
      headers: CONTROL_HEADERS,
      body: JSON.stringify({ ms: 3600_000 }),
    });
    expect(advanced.status).toBe(200);
    expect((advanced.json as ClockStatus).nowMs).toBe(START_MS + 3600_000);
    const { executionInfo } = await swf.send(
      new DescribeWorkflowExecutionCommand({
        domain: DOMAIN,
        execution: { workflowId: 'advance-me', runId },
      }),
    );
    expect(executionInfo).toMatchObject({ executionStatus: 'CLOSED', closeStatus: 'TIMED_OUT' });
  });

  it('resets to an empty service at the start time', async () => {
    const server = await testServer({ clock: 'manual', startTime: new Date('2030-06-01T00:00:00Z') });
    await registerHelloWorld(sdkClient(server));
    server.advanceBy(1000);
    const reset = await raw(server, { path: '/_swf-sim/reset', headers: CONTROL_HEADERS });
    expect(reset.json).toMatchObject({ now: '2030-06-01T00:00:00.000Z' });
    expect(server.exportState()).toEqual({
      format: 'swf-sim/server-snapshot',
      version: 1,
      clockMs: Date.parse('2030-06-01T00:00:00Z'),
      regions: {},
    });
  });

  it('exports the whole state and loads it into another server, where the workflow carries on', async () => {
    const first = await testServer({ clock: 'manual' });
    const swf = sdkClient(first);
    await registerHelloWorld(swf);
    const runId = await startHelloWorkflow(swf, 'moving');
    expect(await helloDeciderRun(sdkClient(first))).toBe(true);
    // A worker takes the activity on the first server and answers only after the move.
    const worker = sdkClient(first);
    const task = await worker.send(
      new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }),
    );
    first.advanceBy(42_000);
    const exported = await raw(first, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS });
    expect(exported.status).toBe(200);
    const snapshot = exported.json as ServerSnapshot;
    expect(snapshot.regions['us-east-1']?.domains[0]?.runs[0]?.events).toHaveLength(6);

    const second = await testServer({ clock: 'manual' });
    const loaded = await raw(second, {
      method: 'PUT',
      path: '/_swf-sim/state',
      headers: CONTROL_HEADERS,
      body: exported.text,
    });
    expect(loaded.status, loaded.text).toBe(200);
    expect((loaded.json as ClockStatus).nowMs).toBe(START_MS + 42_000);
    // Identical but for queue order numbers, which each service counts for itself.
    const withoutSeq = (text: string): unknown =>
      JSON.parse(text, (key, value: unknown) => (key === 'seq' ? undefined : value));
    expect(withoutSeq(stateText(second))).toEqual(withoutSeq(exported.text));

    const there = sdkClient(second);
    await there.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'moved' }));
    expect(await helloDeciderRun(there)).toBe(true);
    const { executionInfo } = await there.send(
      new DescribeWorkflowExecutionCommand({ domain: DOMAIN, execution: { workflowId: 'moving', runId } }),
    );
    expect(executionInfo).toMatchObject({ executionStatus: 'CLOSED', closeStatus: 'COMPLETED' });
    // A new run on the second server does not reuse a runId of the first.
    const again = await there.send(
      new StartWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'moving',
        workflowType: { name: 'HelloWorkflow', version: '1.0' },
      }),
    );
    expect(again.runId).not.toBe(runId);
  });

  it('answers polls parked on the old state empty when a state is loaded', async () => {
    const server = await testServer({ clock: 'manual' });
    const swf = sdkClient(server);
    await registerHelloWorld(swf);
    const snapshot = server.exportState();
    const parked = sdkClient(server).send(
      new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }),
    );
    await until(() => server.activity().pendingPolls === 1, 'the poll to park');
    server.importState(JSON.parse(JSON.stringify(snapshot)));
    expect((await parked).taskToken).toBe('');
  });
});

describe('serve: clock modes', () => {
  it('realtime: virtual time follows the wall clock, scaled, and fires timers with nobody calling', async () => {
    const server = await testServer({ clock: 'realtime', scale: 1000 });
    const swf = sdkClient(server);
    await registerHelloWorld(swf);
    const runId = await startHelloWorkflow(swf, 'timed');
    const decider = sdkClient(server);
    const first = await decider.send(
      new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }),
    );
    await decider.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: first.taskToken,
        decisions: [
          {
            decisionType: 'StartTimer',
            startTimerDecisionAttributes: { timerId: 't', startToFireTimeout: '30' },
          },
        ],
      }),
    );
    const startedAt = Date.now();
    // 30 virtual seconds are 30 real milliseconds at ×1000.
    const next = await decider.send(
      new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }),
    );
    expect(Date.now() - startedAt).toBeLessThan(5000);
    expect(next.workflowExecution?.runId).toBe(runId);
    const started = next.events?.find((e) => e.eventType === 'TimerStarted');
    const fired = next.events?.find((e) => e.eventType === 'TimerFired');
    expect((fired?.eventTimestamp?.getTime() ?? 0) - (started?.eventTimestamp?.getTime() ?? 0)).toBe(30_000);
    const before = server.clockStatus().nowMs;
    await until(() => server.clockStatus().nowMs - before >= 20_000, 'virtual time to pass');
    expect(server.clockStatus()).toMatchObject({ mode: 'realtime', scale: 1000 });
  });

  it('auto: time flows with the wall clock while nothing waits, and never jumps then', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerHelloWorld(swf);
    await startHelloWorkflow(swf, 'waiting');
    const before = server.clockStatus();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = server.clockStatus();
    expect(after.nowMs - before.nowMs).toBeGreaterThanOrEqual(150);
    expect(after.nowMs - before.nowMs).toBeLessThan(60_000);
    expect(after).toMatchObject({ mode: 'auto', pendingPolls: 0, jumps: 0, lastJump: null });
    expect(after.blockedBy).toContain('no long poll or virtual sleep is waiting');
  });
});
