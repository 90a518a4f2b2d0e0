/**
 * What the clock status reports right after timers fired (a catch-up, an advance): the state once
 * their effects settled, not the waiters and tasks of the moment before the polls they ended learnt
 * of it. Users read `blockedBy` to learn why the auto clock does not jump.
 */
import { describe, expect, it } from 'vitest';
import type { ClockStatus, ControlTarget } from '../../../src/adapters/http/controlRoutes.js';
import { serverControl } from '../../../src/adapters/http/serverControl.js';
import type { SkipGate } from '../../../src/adapters/http/skipGate.js';
import { ServerWorld } from '../../../src/adapters/http/ServerWorld.js';
import type { SwfServer } from '../../../src/adapters/http/startServer.js';
import { trackedEndpoint } from '../../../src/adapters/http/waiters.js';
import { clockRig, inIoCallback, stall } from './clockRig.js';
import { DOMAIN, registerApp, startApp, startTimer, TASK_LIST } from './apps.js';
import { CONTROL_HEADERS, raw, sdkClient, swfCall, testServer, until } from './helpers.js';

/** `POST /_swf-sim/clock/advance` by `ms`: its answer. */
async function advance(server: SwfServer, ms: number): Promise<ClockStatus> {
  const answer = await raw(server, {
    path: '/_swf-sim/clock/advance',
    headers: CONTROL_HEADERS,
    body: JSON.stringify({ ms }),
  });
  expect(answer.status).toBe(200);
  return answer.json as ClockStatus;
}

function poll(server: SwfServer, operation: string, identity: string): Promise<unknown> {
  return swfCall(server, operation, { domain: DOMAIN, taskList: { name: TASK_LIST }, identity }).then(
    (answer) => answer.json,
  );
}

/**
 * The server's clock, skip gate and control in auto mode without HTTP, so the event-loop turn each
 * step happens in is under the test's control; `park` parks an activity poll that expires in 10 ms.
 */
async function autoServer(): Promise<{
  gate: SkipGate;
  control: ControlTarget;
  park: () => Promise<unknown>;
}> {
  const world = new ServerWorld({ seed: 's', accountId: '1', startMs: 0, maxRegions: 1, longPollMs: 10 });
  const service = world.service('r');
  await service.call('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' });
  const { gate, driver } = clockRig(
    'auto',
    () => world.clock,
    () => world.allServices(),
  );
  const { control } = serverControl({
    world,
    gate,
    driver,
    durability: undefined,
    clockMode: 'auto',
    scale: 1,
  });
  const park = (): Promise<unknown> =>
    trackedEndpoint(service, gate, gate.arrived(true)).dispatch('PollForActivityTask', {
      domain: 'd',
      taskList: { name: 'nobody' },
    });
  return { gate, control, park };
}

describe('serve: the clock status right after timers fired', () => {
  it('an advance that expires a parked poll no longer counts it as waiting', async () => {
    const server = await testServer({ clock: 'manual', longPollMs: 1000 });
    await registerApp(sdkClient(server));
    const polled = poll(server, 'PollForActivityTask', 'worker');
    await until(() => server.clockStatus().pendingPolls === 1, 'the poll to park');

    const status = await advance(server, 1000);
    expect(status).toMatchObject({ pendingPolls: 0, tasksInProgress: [] });
    expect(await polled).toMatchObject({ taskToken: '' });
  });

  it('an advance whose timer hands a task to a parked poll reports the task, not the poll', async () => {
    const server = await testServer({ clock: 'manual' });
    const swf = sdkClient(server);
    await registerApp(swf);
    await startApp(swf, 'timer');
    const first = (await poll(server, 'PollForDecisionTask', 'decider')) as { taskToken: string };
    const completed = await swfCall(server, 'RespondDecisionTaskCompleted', {
      taskToken: first.taskToken,
      decisions: [startTimer('t', 10)],
    });
    expect(completed.status).toBe(200);
    const polled = poll(server, 'PollForDecisionTask', 'decider');
    await until(() => server.clockStatus().pendingPolls === 1, 'the poll to park');

    const status = await advance(server, 10_000);
    expect(status).toMatchObject({
      pendingPolls: 0,
      tasksInProgress: [expect.stringMatching(/^decision task of timer \(handed out/)],
    });
    expect(await polled).toMatchObject({ startedEventId: 8, previousStartedEventId: 3 });
  });

  it("a status asked for after the loop was held past a poll's expiry reports nobody waiting", async () => {
    const { gate, control, park } = await autoServer();
    let polled: Promise<unknown> | undefined;
    const status = await inIoCallback(() => {
      polled = park();
      // The process is held past the poll's expiry; then a status is asked for, before any timer
      // had the clock catch up.
      stall(30);
      return control.clockStatus();
    });
    expect(await polled).toMatchObject({ taskToken: '' });
    expect(status).toMatchObject({ pendingPolls: 0, jumps: 0 });
    expect(status.blockedBy).toContain('no long poll or virtual sleep is waiting');
    expect(gate.waiters()).toEqual([]);
  });

  it('a status waits for what its own catch-up fired, not only for what fired before', async () => {
    const { gate, control, park } = await autoServer();
    let polled: Promise<unknown> | undefined;
    const status = await inIoCallback(() => {
      // A skip lock keeps the driver from jumping to the poll's expiry by itself.
      gate.lock('test', 60_000);
      polled = park();
      // The loop is held past the expiry after the driver's check and before the status reads the
      // clock, so the status's own catch-up is what expires the poll.
      setImmediate(() => stall(30));
      return control.clockStatus();
    });
    expect(status).toMatchObject({ pendingPolls: 0, jumps: 0 });
    expect(await polled).toMatchObject({ taskToken: '' });
    expect(status.blockedBy).toEqual([
      'no long poll or virtual sleep is waiting',
      expect.stringMatching(/^skip lock "test"/),
      // The expired poll's answer is on its way to its client.
      '1 request being received or handled',
    ]);
  });
});
