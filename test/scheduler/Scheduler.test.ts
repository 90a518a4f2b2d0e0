import { describe, expect, it } from 'vitest';
import { createRunner } from '../../src/adapters/testing/harness/createRunner.js';
import { FifoChooser, RandomChooser, ScriptedChooser, type Chooser } from '../../src/sim/random/Chooser.js';
import { SeededRandom } from '../../src/sim/random/SeededRandom.js';
import type { ActorPort } from '../../src/sim/scheduler/Actor.js';
import { Scheduler } from '../../src/sim/scheduler/Scheduler.js';
import type { TraceEntry } from '../../src/sim/scheduler/Trace.js';
import { SwfService } from '../../src/sim/service/SwfService.js';

const DAY_MS = 24 * 3600 * 1000;

function world(chooser: Chooser = new FifoChooser()) {
  const service = new SwfService({ seed: 'scheduler-test' });
  const scheduler = new Scheduler({ service, seed: 'scheduler-test', chooser });
  return { service, scheduler };
}

/** The direct typed way in: output, or the error thrown. */
async function call(port: ActorPort, operation: string, input: unknown): Promise<Record<string, unknown>> {
  const reply = await port.call({ operation, input });
  if (reply.type === 'output') return (reply.output ?? {}) as Record<string, unknown>;
  throw reply.type === 'error' ? reply.error : new Error(reply.code);
}

/** A decidedly hoppy wait: setImmediate, nextTick, queueMicrotask and a long microtask chain. */
async function hops(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => process.nextTick(resolve));
  await new Promise<void>((resolve) => queueMicrotask(resolve));
  for (let i = 0; i < 100; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Checks one-at-a-time: after an actor is started or handed a reply, the next entries up to its
 * next call (or its end) are its own — no other actor's step slips in.
 */
function assertOneAtATime(entries: readonly TraceEntry[]): void {
  let running: string | undefined;
  for (const entry of entries) {
    if (running !== undefined) {
      if (entry.kind === 'log' && entry.actor === running) continue;
      expect(entry.actor, `while ${running} runs: ${JSON.stringify(entry)}`).toBe(running);
      expect(['call', 'finish', 'error', 'crash']).toContain(entry.kind);
      running = undefined;
      continue;
    }
    if (entry.kind === 'start' || (entry.kind === 'deliver' && entry.result !== 'crash'))
      running = entry.actor;
  }
}

async function registerDomain(service: SwfService, name = 'd'): Promise<void> {
  await service.call('RegisterDomain', { name, workflowExecutionRetentionPeriodInDays: '1' });
}

/** A domain with one activity task scheduled and waiting on list `acts`. */
async function oneActivityTask(service: SwfService): Promise<void> {
  await registerDomain(service);
  await service.call('RegisterWorkflowType', {
    domain: 'd',
    name: 'W',
    version: '1',
    defaultTaskList: { name: 'decisions' },
    defaultChildPolicy: 'TERMINATE',
    defaultExecutionStartToCloseTimeout: '3600',
    defaultTaskStartToCloseTimeout: '60',
  });
  await service.call('RegisterActivityType', { domain: 'd', name: 'A', version: '1' });
  await service.call('StartWorkflowExecution', {
    domain: 'd',
    workflowId: 'w',
    workflowType: { name: 'W', version: '1' },
  });
  const task = await service.call('PollForDecisionTask', { domain: 'd', taskList: { name: 'decisions' } });
  await service.call('RespondDecisionTaskCompleted', {
    taskToken: task.taskToken,
    decisions: [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: 'a1',
          activityType: { name: 'A', version: '1' },
          taskList: { name: 'acts' },
          scheduleToStartTimeout: 'NONE',
          scheduleToCloseTimeout: 'NONE',
          startToCloseTimeout: '60',
          heartbeatTimeout: 'NONE',
        },
      },
    ],
  });
}

describe('scheduler', () => {
  it('runs one actor at a time, waiting through setImmediate, nextTick and microtask hops', async () => {
    for (const chooser of [new FifoChooser(), new RandomChooser(new SeededRandom('hops'))]) {
      const { service, scheduler } = world(chooser);
      await registerDomain(service);
      for (const name of ['a', 'b', 'c']) {
        scheduler.spawn(name, async (port, ctx) => {
          for (let i = 0; i < 5; i++) {
            await hops();
            await call(port, 'DescribeDomain', { name: 'd' });
            ctx.log(`${name} ${i}`);
          }
          await hops();
        });
      }
      const { outcome } = await scheduler.run({ until: 'idle' });
      expect(outcome).toEqual({ status: 'ok', reason: 'idle' });
      expect(scheduler.logs).toHaveLength(15);
      expect(
        scheduler.entries
          .filter((e) => e.kind === 'finish')
          .map((e) => e.actor)
          .sort(),
      ).toEqual(['a', 'b', 'c']);
      assertOneAtATime(scheduler.entries);
    }
  });

  it('moves virtual time only through sleeps and timers, not real waiting', async () => {
    const { scheduler } = world();
    const seen: number[] = [];
    scheduler.spawn('sleeper', async (_port, ctx) => {
      seen.push(ctx.nowMs());
      await ctx.sleep(DAY_MS);
      seen.push(ctx.nowMs());
      await ctx.sleep(0);
      seen.push(ctx.nowMs());
    });
    const { outcome, startMs, endMs } = await scheduler.run({ until: 'idle' });
    expect(outcome.status).toBe('ok');
    expect(seen).toEqual([startMs, startMs + DAY_MS, startMs + DAY_MS]);
    expect(endMs - startMs).toBe(DAY_MS);
  });

  it('FIFO gives a contested task to the first poller; reordering lets either win', async () => {
    const winners = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const chooser = seed === 0 ? new FifoChooser() : new RandomChooser(new SeededRandom(`race ${seed}`));
      const { service, scheduler } = world(chooser);
      await oneActivityTask(service);
      let winner: string | undefined;
      for (const name of ['w1', 'w2']) {
        scheduler.spawn(name, async (port) => {
          const task = await call(port, 'PollForActivityTask', { domain: 'd', taskList: { name: 'acts' } });
          if (task.taskToken !== '') winner = name;
        });
      }
      await scheduler.run({ until: () => winner !== undefined });
      if (seed === 0) expect(winner).toBe('w1');
      winners.add(winner as string);
    }
    expect([...winners].sort()).toEqual(['w1', 'w2']);
  });

  it('records its choices, and a scripted chooser replays them into the same trace', async () => {
    const runOnce = async (chooser: Chooser) => {
      const { service, scheduler } = world(chooser);
      await oneActivityTask(service);
      for (const name of ['w1', 'w2', 'w3']) {
        scheduler.spawn(name, async (port, ctx) => {
          for (let i = 0; i < 3; i++) {
            const task = await call(port, 'PollForActivityTask', { domain: 'd', taskList: { name: 'acts' } });
            ctx.log(`${i}: ${task.taskToken === '' ? 'empty' : 'task'}`);
            await ctx.sleep(ctx.random.int(5000));
          }
        });
      }
      await scheduler.run({ until: 'idle' });
      return scheduler;
    };
    const recorded = await runOnce(new RandomChooser(new SeededRandom('record')));
    expect(recorded.choices.length).toBeGreaterThan(5);
    const replayed = await runOnce(new ScriptedChooser(recorded.choices));
    expect(JSON.stringify(replayed.entries)).toBe(JSON.stringify(recorded.entries));
    expect(replayed.choices).toEqual(recorded.choices);
  });

  it('fails the run when an actor throws, or restarts it when told to', async () => {
    const failing = world();
    failing.scheduler.spawn('w', async (port) => {
      await call(port, 'DescribeDomain', { name: 'nowhere' });
    });
    const failed = await failing.scheduler.run({ until: 'idle' });
    expect(failed.outcome).toEqual({
      status: 'failure',
      reason: 'actorError',
      actor: 'w',
      message: 'actor "w" threw UnknownResourceFault: Unknown domain: nowhere',
    });

    const restarting = world();
    let incarnations = 0;
    restarting.scheduler.spawn(
      'w',
      (_port, ctx) => {
        incarnations++;
        return ctx.restarts < 2 ? Promise.reject(new Error(`boom ${ctx.restarts}`)) : Promise.resolve();
      },
      { onError: 'restart', restartDelayMs: 5000 },
    );
    const restarted = await restarting.scheduler.run({ until: 'idle' });
    expect(restarted.outcome.status).toBe('ok');
    expect(incarnations).toBe(3);
    expect(restarted.endMs - restarted.startMs).toBe(10_000);
    expect(restarting.scheduler.entries.filter((e) => e.kind === 'error').map((e) => e.message)).toEqual([
      'Error: boom 0',
      'Error: boom 1',
    ]);
  });

  it('reports an actor that makes two calls at once', async () => {
    const { service, scheduler } = world();
    await registerDomain(service);
    scheduler.spawn('w', async (port) => {
      await Promise.all([
        call(port, 'DescribeDomain', { name: 'd' }),
        call(port, 'DescribeDomain', { name: 'd' }),
      ]);
    });
    const { outcome } = await scheduler.run({ until: 'idle' });
    expect(outcome).toMatchObject({ status: 'failure', reason: 'harness', actor: 'w' });
    expect((outcome as { message: string }).message).toMatch(
      /called DescribeDomain while it was not the running actor: it made two calls at once .* spawn one actor per concurrent loop/,
    );
  });

  it('reports an actor that awaits something outside the simulation instead of hanging', async () => {
    const runner = createRunner({ watchdogMs: 20 });
    runner.spawn('dreamer', async () => {
      await new Promise(() => undefined);
    });
    const { outcome } = await runner.run({ until: 'idle' });
    expect(outcome).toMatchObject({ status: 'failure', reason: 'watchdog', actor: 'dreamer' });
    expect((outcome as { message: string }).message).toMatch(
      /^actor "dreamer" awaited something outside the simulation: no simulation call and no return within the watchdog period after starting/,
    );
  });

  it('is stuck when nothing can happen and its goal is not reached, naming what is pending', async () => {
    const { scheduler } = world();
    scheduler.spawn('quitter', () => Promise.resolve());
    const { outcome } = await scheduler.run();
    expect(outcome).toMatchObject({
      status: 'liveness',
      reason: 'stuck',
      pending: { actors: ['quitter#0 done'], timers: [], openExecutions: [] },
    });
  });

  it('enforces its step and virtual-time budgets, listing the pending timers', async () => {
    const sleepy = world();
    sleepy.scheduler.spawn('sleeper', async (_port, ctx) => {
      for (;;) await ctx.sleep(DAY_MS);
    });
    const byTime = await sleepy.scheduler.run({ until: 'idle', maxVirtualMs: 3 * DAY_MS });
    expect(byTime.outcome).toMatchObject({
      status: 'liveness',
      reason: 'maxVirtualMs',
      pending: { actors: ['sleeper#0 sleeping'], timers: ['+345600.000s sleep sleeper#0'] },
    });
    expect(byTime.endMs - byTime.startMs).toBe(3 * DAY_MS);

    const bySteps = await sleepy.scheduler.run({ until: 'idle', maxSteps: 4 });
    expect(bySteps.outcome).toMatchObject({ status: 'liveness', reason: 'maxSteps' });
    expect(bySteps.steps).toBe(4);
  });

  it('stops at a given virtual instant', async () => {
    const { scheduler } = world();
    scheduler.spawn('sleeper', async (_port, ctx) => {
      for (;;) await ctx.sleep(3_000);
    });
    const atMs = scheduler.startMs + 10_000;
    const report = await scheduler.run({ until: { atMs } });
    expect(report.outcome).toEqual({ status: 'ok', reason: 'time' });
    expect(report.endMs).toBe(atMs);
    expect(scheduler.entries.filter((e) => e.kind === 'deliver').map((e) => e.atMs)).toEqual([
      3000, 6000, 9000,
    ]);
  });
});
