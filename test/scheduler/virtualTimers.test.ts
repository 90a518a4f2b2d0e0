import {
  ListDomainsCommand,
  type HistoryEvent,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import * as timers from '../../fixtures/examples/timersWorkflow.js';
import { fuzzParameters } from '../../src/adapters/testing/fuzz/fuzz.js';
import { createRunner } from '../../src/adapters/testing/harness/createRunner.js';
import { createSimulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { realTimers } from '../../src/adapters/testing/harness/processTimers.js';
import { runScenario } from '../../src/adapters/testing/harness/runScenario.js';
import { formatTraceFile } from '../../src/sim/scheduler/Trace.js';

const realDate = Date;
const realPerformance = performance;

/** The process's timers, Date and performance are the real ones again. */
function expectRestored(): void {
  expect(globalThis.setTimeout).toBe(realTimers.setTimeout);
  expect(globalThis.setInterval).toBe(realTimers.setInterval);
  expect(globalThis.Date).toBe(realDate);
  expect(globalThis.performance).toBe(realPerformance);
}

/**
 * Every fault kind drawn from the seed, at rates the workflow survives: a crash kills the hour-long
 * attempt (it times out and is retried), and an attempt makes ~150 heartbeat calls.
 */
const FAULTS = {
  rates: {
    crashRatio: 0.002,
    lostRequestRatio: 0.01,
    lostReplyRatio: 0.01,
    throttleRatio: 0.03,
    latencyRatio: 0.1,
    latencyMsMax: 2_000,
    slowWorkRatio: 0.01,
  },
};

describe('virtual timers in the runner', () => {
  it('runs plain setTimeout, setInterval and Date.now code on virtual time, then restores the globals', async () => {
    const result = await runScenario(timers, { seed: '1' });
    expect(result.outcome).toEqual({ status: 'ok', reason: 'closed' });
    expect(result.executions[0]?.closeStatus).toBe('COMPLETED');
    expect(result.trace.virtualTimers).toBe(true);
    const entries = result.trace.entries;
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'arm', actor: 'decider', notes: ['100ms'] }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'arm', actor: 'worker', notes: ['300ms'] }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'arm', actor: 'client', notes: ['2000ms'] }),
    );
    const heartbeats = entries.filter((e) => e.kind === 'timer' && e.operation === 'setInterval');
    expect(heartbeats.length).toBeGreaterThan(150); // every 20 s for an hour
    expect(heartbeats.every((e) => e.actor === 'worker' && e.step !== undefined)).toBe(true);

    // Virtual seconds since the start of each event that matters, in history order.
    const history = result.executions[0]?.history ?? [];
    const at = (e: HistoryEvent): number =>
      ((e.eventTimestamp?.getTime() ?? 0) - result.trace.startMs) / 1000;
    const milestones = history.flatMap((e) => {
      const timer = e.timerStartedEventAttributes ?? e.timerFiredEventAttributes;
      if (timer !== undefined) return [[e.eventType, timer.timerId, at(e)]];
      if (e.eventType === 'WorkflowExecutionSignaled' || e.eventType === 'ActivityTaskCompleted')
        return [[e.eventType, at(e)]];
      return [];
    });
    expect(milestones).toEqual([
      ['TimerStarted', 'approval', 0.1], // after the decider's 100 ms of compute
      ['ActivityTaskCompleted', 0.4], // 300 ms of work
      ['WorkflowExecutionSignaled', 2], // the client slept 2 s
      ['TimerFired', 'approval', 10.1],
      ['ActivityTaskCompleted', 3600.4], // an hour of work, heartbeating
      ['TimerStarted', 'idle', 3600.5],
      ['TimerFired', 'idle', 3600.5 + 24 * 3600], // a day with everyone parked in long polls
    ]);
    expect(history.filter((e) => e.eventType === 'ActivityTaskTimedOut')).toEqual([]);
    expectRestored();
  });

  // Each seed runs twice; the hour of heartbeats is ~150 SDK calls per run, and each idle hour ~120
  // poll expiries, so the idle timer is 2 h here (a day above). FC_NUM_RUNS=50 for more seeds.
  const { numRuns, seed: firstSeed = 0 } = fuzzParameters({ numRuns: 6 });
  it(
    `is deterministic under reordering and faults: the same seed twice gives the same trace, and the workflow completes (${numRuns} seeds, FC_NUM_RUNS, FC_SEED)`,
    { timeout: 600_000 },
    async () => {
      const faultsSeen = new Set<string>();
      for (let seed = firstSeed; seed < firstSeed + numRuns; seed++) {
        const options = {
          seed: `timers-${seed}`,
          reorder: true,
          faults: FAULTS,
          parameters: { heartbeatSeconds: 25, idleHours: 2 },
        };
        const first = await runScenario(timers, options);
        const second = await runScenario(timers, options);
        expect(formatTraceFile(second.trace), `seed ${seed}`).toBe(formatTraceFile(first.trace));
        expect(second.executions.map((e) => e.history)).toEqual(first.executions.map((e) => e.history));
        expect(first.outcome, `seed ${seed}`).toEqual({ status: 'ok', reason: 'closed' });
        for (const e of first.trace.entries)
          for (const note of e.notes ?? []) faultsSeen.add(note.split('+')[0] ?? '');
        expectRestored();
      }
      expect([...faultsSeen]).toEqual(
        expect.arrayContaining(['lostRequest', 'lostReply', 'throttle', 'latency', 'slowWork']),
      );
    },
  );

  it('restores the globals when an actor fails, and when a timer callback throws', async () => {
    const runner = createRunner({ virtualTimers: true });
    runner.spawn('thrower', async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 1_000));
      setTimeout(() => {
        throw new Error('boom in a timer');
      }, 5_000);
      await new Promise(() => setInterval(() => undefined, 60_000));
    });
    const { outcome } = await runner.run({ until: 'idle' });
    expect(outcome).toMatchObject({
      status: 'failure',
      reason: 'actorError',
      actor: 'thrower',
      message: 'actor "thrower" threw Error: boom in a timer',
    });
    expect(runner.now().getTime() - runner.settings.startMs).toBe(6_000);
    expectRestored();
  });

  it('attributes a timer to the actor that armed it and parks that actor until it is due', async () => {
    const runner = createRunner({ virtualTimers: true });
    const seen: string[] = [];
    for (const [name, ms] of [
      ['slow', 5_000],
      ['fast', 2_000],
    ] as const) {
      runner.spawn(name, async () => {
        await new Promise<void>((resolve) => setTimeout(resolve, ms));
        seen.push(`${name} ${Date.now() - runner.settings.startMs} ${performance.now() >= 0}`);
      });
    }
    const { outcome } = await runner.run({ until: () => runner.scheduler.finished('slow') });
    expect(outcome.status).toBe('ok');
    expect(seen).toEqual(['fast 2000 true', 'slow 5000 true']);
    const fired = runner.scheduler.entries.filter((e) => e.kind === 'timer');
    expect(fired.map((e) => [e.actor, e.atMs])).toEqual([
      ['fast', 2_000],
      ['slow', 5_000],
    ]);
  });

  it('drops the reply to a call still in flight when its actor crashed (a heartbeat sent from a timer)', async () => {
    const runner = createRunner({
      virtualTimers: true,
      faults: {
        faults: [
          { kind: 'latency', at: { actor: 'beater', call: 1 }, delayMs: 30_000 }, // arrives after the crash
          { kind: 'crash', at: { actor: 'beater', call: 2 } },
        ],
      },
    });
    let incarnations = 0;
    runner.spawn('beater', async (swf: SWFClient) => {
      if (++incarnations > 1) return;
      setInterval(() => {
        swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' })).catch(() => undefined);
      }, 10_000);
      await new Promise(() => undefined); // "work" that only the interval interrupts
    });
    const { outcome } = await runner.run({ until: { atMs: runner.settings.startMs + 60_000 } });
    expect(outcome).toEqual({ status: 'ok', reason: 'time' });
    const beats = runner.scheduler.entries.filter((e) => e.actor === 'beater' && e.kind !== 'arm');
    expect(beats.map((e) => [e.kind, e.atMs, e.call, e.result])).toEqual([
      ['start', 0, undefined, undefined],
      ['timer', 10_000, undefined, undefined],
      ['call', 10_000, 1, undefined],
      ['timer', 20_000, undefined, undefined],
      ['call', 20_000, 2, undefined],
      ['crash', 20_000, undefined, undefined],
      ['start', 21_000, undefined, undefined],
      ['finish', 21_000, undefined, undefined],
      ['apply', 40_000, 1, undefined],
      ['reply', 40_000, 1, 'ok'], // the service got the late heartbeat
      ['deliver', 40_000, 1, 'dropped'],
    ]);
  });

  it('refuses a second run while one with virtual timers holds the globals', async () => {
    const first = createRunner({ virtualTimers: true });
    first.spawn('sleeper', () => new Promise<void>((resolve) => setTimeout(resolve, 10_000)));
    const running = first.run({ until: () => first.scheduler.finished('sleeper') });
    const second = createRunner();
    second.spawn('x', () => Promise.resolve());
    await expect(second.run()).rejects.toThrow(/virtualTimers: .*cannot overlap any other run/);
    expect(() => createSimulation({ virtualTimers: true })).toThrow(/cannot overlap/);
    expect((await running).outcome.status).toBe('ok');
    expectRestored();
  });
});

describe('real timers without the option', () => {
  it('an actor that arms a real timer fails the run, naming the actor and the remedy', async () => {
    const runner = createRunner();
    runner.spawn('worker', async (swf: SWFClient) => {
      await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
      await new Promise<void>((resolve) => setTimeout(resolve, 300)); // "real work"
      await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    });
    const { outcome } = await runner.run({ until: () => runner.scheduler.finished('worker') });
    expect(outcome).toMatchObject({ status: 'failure', reason: 'harness', actor: 'worker' });
    expect(outcome.status === 'failure' && outcome.message).toMatch(
      /^actor "worker" called setTimeout\(…, 300\) during the run: .*Pass virtualTimers: true/,
    );
    expect(runner.now().getTime()).toBe(runner.settings.startMs);
    expectRestored();
  });
});

describe('virtual timers in a simulation', () => {
  it('follows the simulation clock: a test that sleeps 5 s between calls takes 5 virtual seconds', async () => {
    const sim = createSimulation({ virtualTimers: true });
    try {
      const swf = sim.client();
      await swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
      const startMs = sim.now().getTime();
      expect(Date.now()).toBe(startMs);
      const ticks: number[] = [];
      const interval = setInterval(() => ticks.push(Date.now() - startMs), 1_000);
      await new Promise<void>((resolve) => setTimeout(resolve, 5_000));
      clearInterval(interval);
      expect(sim.now().getTime() - startMs).toBe(5_000);
      expect(ticks).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
      // A poll still expires after 60 virtual seconds, and Date follows the jump.
      const task = await swf.send(new PollForDecisionTaskCommand({ domain: 'd', taskList: { name: 't' } }));
      expect(task.taskToken ?? '').toBe('');
      expect(Date.now() - startMs).toBe(65_000);
      sim.advanceBy(1_000);
      expect(new Date().getTime() - startMs).toBe(66_000);
    } finally {
      sim.close();
    }
    expectRestored();
  });
});
