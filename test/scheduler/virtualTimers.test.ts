import {
  ListDomainsCommand,
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

/** Every fault kind drawn from the seed. */
const FAULTS = {
  rates: {
    crashRatio: 0.02,
    lostRequestRatio: 0.02,
    lostReplyRatio: 0.02,
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
    // The hour-long activity and the 100 ms / 300 ms waits took virtual time, not real time.
    expect(result.report.endMs - result.trace.startMs).toBeGreaterThanOrEqual(3600_000);
    expect(result.trace.virtualTimers).toBe(true);
    const entries = result.trace.entries;
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'arm', actor: 'decider', notes: ['100ms'] }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'arm', actor: 'worker', notes: ['300ms'] }),
    );
    const heartbeats = entries.filter((e) => e.kind === 'timer' && e.operation === 'setInterval');
    expect(heartbeats.length).toBeGreaterThan(150); // every 20 s for an hour
    expect(heartbeats.every((e) => e.actor === 'worker' && e.step !== undefined)).toBe(true);
    const history = result.executions[0]?.history ?? [];
    expect(history.filter((e) => e.eventType === 'ActivityTaskTimedOut')).toEqual([]);
    expectRestored();
  });

  // Each seed runs twice; the hour of heartbeats is ~150 SDK calls per run. FC_NUM_RUNS=50 for more.
  const { numRuns } = fuzzParameters({ numRuns: 6 });
  it(
    `is deterministic under reordering and faults: the same seed twice gives the same trace (${numRuns} seeds, FC_NUM_RUNS)`,
    { timeout: 600_000 },
    async () => {
      for (let seed = 0; seed < numRuns; seed++) {
        const options = {
          seed: `timers-${seed}`,
          reorder: true,
          faults: FAULTS,
          parameters: { heartbeatSeconds: 25 },
        };
        const first = await runScenario(timers, options);
        const second = await runScenario(timers, options);
        expect(formatTraceFile(second.trace), `seed ${seed}`).toBe(formatTraceFile(first.trace));
        expect(second.executions.map((e) => e.history)).toEqual(first.executions.map((e) => e.history));
        if (first.outcome.status === 'failure')
          expect(first.outcome.reason, `seed ${seed}`).toBe('expectation');
        expectRestored();
      }
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
