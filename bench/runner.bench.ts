/**
 * Deterministic runner: seeded runs per second of the retry workflow under faults, through real
 * SDK clients (DESIGN §7: 1,000 seeded runs in ≤ 20 s on 2 cores), and the wall time of a run whose
 * activity times out after 1 hour and whose backoff timer lasts 24 hours.
 */
import * as swf from '@aws-sdk/client-swf';
import * as retry from '../fixtures/examples/retryWorkflow.js';
import {
  runScenario,
  type ScenarioModule,
  type ScenarioResult,
} from '../src/adapters/testing/harness/runScenario.js';
import type { FaultPlan } from '../src/sim/faults/FaultPlan.js';
import { cannedClient } from './canned.js';
import { expiringPolls } from './expiringPolls.js';
import { figure, interleave, line, ratios, timeSettledMs, valuesOf } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);

/** Every kind of fault at once, drawn from the seed. */
const FAULTS: FaultPlan = {
  rates: {
    crashRatio: 0.03,
    restartDelayMs: 2_000,
    lostRequestRatio: 0.03,
    lostReplyRatio: 0.03,
    throttleRatio: 0.05,
    latencyRatio: 0.2,
    latencyMsMax: 2_000,
    slowWorkRatio: 0.03,
    activityFailureRatio: 0.1,
  },
};

const fuzzed: ScenarioModule = {
  ...retry,
  executions: [
    retry.retryExecution('retry-1', {
      maxAttempts: 6,
      backoffBaseSeconds: 2,
      failuresBeforeSuccess: 1,
      activityStartToCloseSeconds: 30,
    }),
  ],
};

const longWait: ScenarioModule = {
  ...retry,
  executions: [
    retry.retryExecution(
      'retry-long',
      { maxAttempts: 2, backoffBaseSeconds: 24 * 3600 },
      { executionStartToCloseTimeout: String(2 * 24 * 3600) },
    ),
  ],
};

type AnyCommand = Parameters<swf.SWFClient['send']>[0];

const LONG_WAIT_FAULTS: FaultPlan = {
  faults: [{ kind: 'slowWork', at: { actor: 'worker', operation: 'RespondActivityTaskCompleted', call: 1 } }],
};

/** The SDK requests a run's actors made, in order, each with its actor (virtual sleeps are no requests). */
function requestsOf(result: ScenarioResult): { actor: string; operation: string }[] {
  return result.trace.entries.flatMap((e) =>
    e.kind === 'call' && e.actor !== undefined && e.operation !== undefined && e.operation !== 'sleep'
      ? [{ actor: e.actor, operation: e.operation }]
      : [],
  );
}

/**
 * The SDK's own cost of a run's requests: the same requests, in order, against canned bytes (a poll
 * answered empty, as nearly all of the idle run's polls are), from as many fresh clients as the run
 * has — its setup client (registrations and the start) and one per actor.
 */
function cannedRequests(
  module: ScenarioModule,
  requests: readonly { actor: string; operation: string }[],
): () => Promise<void> {
  const outputs = new Map<string, unknown>(
    [...new Set(requests.map((r) => r.operation))].map((operation) => [
      operation,
      operation === 'PollForDecisionTask'
        ? { taskToken: '', startedEventId: 0, previousStartedEventId: 0 }
        : operation === 'PollForActivityTask'
          ? { taskToken: '', startedEventId: 0 }
          : {},
    ]),
  );
  const commands = swf as unknown as Record<string, new (input: object) => AnyCommand>;
  const input = { domain: retry.DOMAIN, taskList: { name: retry.TASK_LIST }, identity: 'bench' };
  const executions = (module.executions ?? []) as readonly swf.StartWorkflowExecutionInput[];
  return async () => {
    const setup = cannedClient(outputs);
    await module.register?.(setup);
    for (const execution of executions) await setup.send(new swf.StartWorkflowExecutionCommand(execution));
    const clients = new Map<string, swf.SWFClient>();
    for (const { actor, operation } of requests) {
      let client = clients.get(actor);
      if (client === undefined) clients.set(actor, (client = cannedClient(outputs)));
      const CommandClass = commands[`${operation}Command`] as new (input: object) => AnyCommand;
      await client.send(new CommandClass(input));
    }
  };
}

export async function main(): Promise<void> {
  // Warm up the SDK and the JIT.
  for (let i = 0; i < 50; i++)
    await runScenario(fuzzed, { seed: `warm-${i}`, reorder: true, faults: FAULTS });

  const outcomes = new Map<string, number>();
  let steps = 0;
  let calls = 0;
  let virtualMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const result = await runScenario(fuzzed, { seed: String(i), reorder: true, faults: FAULTS });
    const key = `${result.outcome.status}/${result.executions[0]?.closeStatus ?? 'OPEN'}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    steps += result.trace.entries.filter((e) => e.step !== undefined).length;
    calls += result.trace.entries.filter((e) => e.kind === 'call' && e.operation !== 'sleep').length;
    virtualMs += result.report.endMs - result.trace.startMs;
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `retry workflow under faults (reorder on, every fault kind), ${RUNS} seeded runs through the SDK client:\n` +
      `  ${seconds.toFixed(2)} s total, ${(RUNS / seconds).toFixed(0)} runs/s, ${((seconds * 1000) / RUNS).toFixed(2)} ms/run (target: 1000 runs in ≤ 20 s)\n` +
      `  per run: ${(steps / RUNS).toFixed(1)} steps, ${(calls / RUNS).toFixed(1)} SDK requests, ${(virtualMs / RUNS / 1000).toFixed(1)} virtual s; ` +
      `${((seconds * 1e6) / calls).toFixed(0)} µs wall per SDK request all in\n` +
      `  outcomes: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}\n`,
  );

  // The idle run beside the same requests against canned bytes, interleaved.
  const longRun = () => runScenario(longWait, { seed: 'long', faults: LONG_WAIT_FAULTS });
  const sample = await longRun();
  const requests = requestsOf(sample);
  const canned = cannedRequests(longWait, requests);
  await canned();
  // Each arm starts from a collected heap, so neither pays for the garbage the other left.
  const results = await interleave([
    { name: 'runner', run: () => timeSettledMs(longRun) },
    { name: 'canned', run: () => timeSettledMs(canned) },
  ]);
  const virtualH = (sample.report.endMs - sample.trace.startMs) / 3_600_000;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  line(
    '1-hour START_TO_CLOSE timeout + 24-hour backoff timer',
    `${virtualH.toFixed(2)} virtual hours, ${requests.length} SDK requests (mostly 60 s long polls expiring empty), ` +
      `outcome ${sample.executions[0]?.closeStatus}`,
  );
  figure('  CPU per run', valuesOf(results, 'runner'), { format: ms });
  figure('  the same requests against canned bytes', valuesOf(results, 'canned'), { format: ms });
  figure('  ratio run / canned requests', ratios(valuesOf(results, 'runner'), valuesOf(results, 'canned')), {
    format: (v) => v.toFixed(2),
    target: '<= 1.15',
  });

  // What of that is the simulation's own work: the same kind of request without the SDK.
  const polls = 2 * Math.round(requests.length / 2);
  for (let i = 0; i < 3; i++) await expiringPolls(polls);
  const own = await interleave([{ name: 'polls', run: () => timeSettledMs(() => expiringPolls(polls)) }]);
  const perRequestUs = (ms: number) => (ms * 1000) / requests.length;
  figure('  the SDK alone (canned bytes), per request', valuesOf(results, 'canned').map(perRequestUs), {
    format: (v) => `${v.toFixed(0)} µs`,
  });
  figure(
    '  the simulation alone, per expiring poll (no SDK)',
    valuesOf(own, 'polls').map((ms) => (ms * 1000) / polls),
    { format: (v) => `${v.toFixed(1)} µs` },
  );
}
