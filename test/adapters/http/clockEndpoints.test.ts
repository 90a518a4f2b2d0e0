/**
 * The auto clock's control endpoints (virtual sleep, skip locks, clock state, jump log) and what
 * holds or does not hold it: a stuck request, a task handed out and never answered.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ClockStatus } from '../../../src/adapters/http/controlRoutes.js';
import type { SwfServer } from '../../../src/adapters/http/startServer.js';
import { closed, eventOf, history, registerApp, runTimerDecider, startApp } from './apps.js';
import { CONTROL_HEADERS, raw, sdkClient, stateText, testServer, until } from './helpers.js';

const HOUR_MS = 3600_000;

function control(server: SwfServer, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  return raw(server, {
    path: `/_swf-sim/clock/${path}`,
    headers: CONTROL_HEADERS,
    body: JSON.stringify(body),
  });
}

/** An SWF request whose body never finishes arriving: one byte every 50 ms, until the test ends. */
async function stuckRequest(server: SwfServer): Promise<Socket> {
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  socket.write(
    'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n' +
      'X-Amz-Target: SimpleWorkflowService.ListDomains\r\nContent-Length: 100000\r\n\r\n{',
  );
  const dribble = setInterval(() => socket.write(' '), 50);
  onTestFinished(() => {
    clearInterval(dribble);
    socket.destroy();
  });
  return socket;
}

describe('serve: the auto clock', () => {
  it('sleeps virtually: jumps to the end of a sleep when it is all that waits, and says why', async () => {
    const lines: string[] = [];
    const server = await testServer({ logClock: (line) => lines.push(line) });
    const startMs = server.clockStatus().nowMs;
    const slept = await control(server, 'sleep', { ms: HOUR_MS });
    expect(slept.status).toBe(200);
    const status = slept.json as ClockStatus & { slept: boolean };
    expect(status.slept).toBe(true);
    expect(status.nowMs - startMs).toBeGreaterThanOrEqual(HOUR_MS);
    expect(status.lastJump).toMatchObject({ fired: ['swf-sim sleep'] });
    expect(status.lastJump?.waiting).toEqual([expect.stringMatching(/^sleep until 2025-01-01T01:00:00/)]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^clock \+3\d{3}\.\d{3} s .* fired \[swf-sim sleep\] while waiting \[sleep until/,
      ),
    ]);
  });

  it('holds jumps while a skip lock is held, until it is released or its time to live runs out', async () => {
    const server = await testServer();
    const locked = await control(server, 'lock', { name: 'me', ttlMs: 300 });
    expect(locked.status).toBe(200);
    expect((locked.json as ClockStatus).locks.map((l) => l.name)).toEqual(['me']);
    expect((locked.json as ClockStatus).blockedBy).toContainEqual(expect.stringMatching(/^skip lock "me"/));
    const startedAt = performance.now();
    const slept = await control(server, 'sleep', { ms: HOUR_MS });
    // The hour passed by a jump, and only once the lock had run out.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(250);
    expect(slept.json).toMatchObject({ slept: true, locks: [], jumps: 1 });
    expect((await control(server, 'unlock', { name: 'me' })).json).toMatchObject({ released: false });

    await control(server, 'lock', { name: 'again' });
    const sleeping = control(server, 'sleep', { ms: HOUR_MS });
    await until(() => server.clockStatus().sleeps === 1, 'the sleep to wait');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.clockStatus().jumps).toBe(1);
    expect((await control(server, 'unlock', { name: 'again' })).json).toMatchObject({ released: true });
    expect((await sleeping).json).toMatchObject({ slept: true, jumps: 2 });
  });

  it('refuses malformed lock, unlock and sleep requests and changes nothing', async () => {
    const server = await testServer({ clock: 'manual' });
    const before = stateText(server);
    for (const [path, body] of [
      ['lock', {}],
      ['lock', null],
      ['lock', { name: '' }],
      ['lock', { name: 'has space' }],
      ['lock', { name: 'x', ttlMs: 0 }],
      ['lock', { name: 'x', ttlMs: 1.5 }],
      ['lock', { name: 'x', ttlMs: 2 * HOUR_MS }],
      ['unlock', { name: 7 }],
      ['sleep', { ms: -1 }],
      ['sleep', { ms: '10' }],
      ['sleep', null],
    ] as const) {
      const response = await control(server, path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(response.json).toMatchObject({ __type: 'InvalidControlRequest' });
    }
    expect((await raw(server, { method: 'GET', path: '/_swf-sim/clock/lock' })).status).toBe(405);
    expect(server.clockStatus().locks).toEqual([]);
    expect(stateText(server)).toBe(before);
  });

  it('answers a sleep early, not slept, on reset', async () => {
    const server = await testServer({ clock: 'manual' });
    const sleeping = control(server, 'sleep', { ms: 1000 });
    await until(() => server.clockStatus().sleeps === 1, 'the sleep to wait');
    server.reset();
    expect((await sleeping).json).toMatchObject({ slept: false, sleeps: 0 });
  });

  it('keeps firing timers while a request body never finishes arriving', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerApp(swf);
    const stuck = await stuckRequest(server);
    runTimerDecider(server, 1);
    const runId = await startApp(swf, 'stuck-neighbour');
    await closed(server, 'stuck-neighbour');
    const events = await history(swf, 'stuck-neighbour', runId);
    expect(eventOf(events, 'TimerFired').atMs - eventOf(events, 'TimerStarted').atMs).toBe(1000);
    expect(stuck.destroyed).toBe(false);
    expect(server.clockStatus().openRequests).toBeGreaterThanOrEqual(1);
  });

  it('stops letting a stuck request hold jumps once abandonMs has passed', async () => {
    const server = await testServer({ abandonMs: 200 });
    const swf = sdkClient(server);
    await registerApp(swf);
    const stuck = await stuckRequest(server);
    runTimerDecider(server, 3600);
    const runId = await startApp(swf, 'hour-beside-a-stuck-request');
    await closed(server, 'hour-beside-a-stuck-request');
    const events = await history(swf, 'hour-beside-a-stuck-request', runId);
    expect(eventOf(events, 'TimerFired').atMs - eventOf(events, 'TimerStarted').atMs).toBe(HOUR_MS);
    expect(stuck.destroyed).toBe(false);
  });
});
