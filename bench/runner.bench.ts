/**
 * Deterministic runner: seeded runs per second of the retry workflow under faults, through real
 * SDK clients (DESIGN §7: 1,000 seeded runs in ≤ 20 s on 2 cores), and the wall time of a run whose
 * activity times out after 1 hour and whose backoff timer lasts 24 hours.
 */
import { DescribeDomainCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import * as retry from '../fixtures/examples/retryWorkflow.js';
import { createSdkClient } from '../src/adapters/sdk/createSdkClient.js';
import { SwfService } from '../src/sim/service/SwfService.js';
import { runScenario, type ScenarioModule } from '../src/adapters/testing/harness/runScenario.js';
import type { FaultPlan } from '../src/sim/faults/FaultPlan.js';

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

/** The SDK's own cost per call, in-process with no runner: the floor under every figure here. */
async function sdkCallMicros(): Promise<number> {
  const swf = createSdkClient(new SwfService());
  await swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
  for (let i = 0; i < 500; i++) await swf.send(new DescribeDomainCommand({ name: 'd' }));
  const n = 3000;
  const t = performance.now();
  for (let i = 0; i < n; i++) await swf.send(new DescribeDomainCommand({ name: 'd' }));
  return ((performance.now() - t) * 1000) / n;
}

export async function main(): Promise<void> {
  process.stdout.write(
    `SDK baseline: ${(await sdkCallMicros()).toFixed(0)} µs per call (createSdkClient, no runner)\n`,
  );
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

  const reps = 5;
  const t1 = performance.now();
  let longResult;
  for (let i = 0; i < reps; i++) {
    longResult = await runScenario(longWait, {
      seed: 'long',
      faults: {
        faults: [
          { kind: 'slowWork', at: { actor: 'worker', operation: 'RespondActivityTaskCompleted', call: 1 } },
        ],
      },
    });
  }
  const ms = (performance.now() - t1) / reps;
  const requests =
    longResult?.trace.entries.filter((e) => e.kind === 'call' && e.operation !== 'sleep').length ?? 0;
  const virtualH = ((longResult?.report.endMs ?? 0) - (longResult?.trace.startMs ?? 0)) / 3_600_000;
  process.stdout.write(
    `1-hour START_TO_CLOSE timeout + 24-hour backoff timer: ${ms.toFixed(0)} ms wall per run ` +
      `(${virtualH.toFixed(2)} virtual hours, ${requests} SDK requests, mostly 60 s long polls expiring empty), ` +
      `outcome ${longResult?.executions[0]?.closeStatus}\n`,
  );
}
