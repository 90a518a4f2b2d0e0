import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as retry from '../../fixtures/examples/retryWorkflow.js';
import {
  describeOutcome,
  runScenario,
  type ScenarioModule,
} from '../../src/adapters/testing/harness/runScenario.js';
import type { FaultPlan, ScriptedFault } from '../../src/sim/faults/FaultPlan.js';
import { formatTraceFile } from '../../src/sim/scheduler/Trace.js';

/** FC_NUM_RUNS / FC_SEED pin or widen the search; by default 200 seeds, a few seconds. */
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 200);
const FC_SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const ratio = fc.double({ min: 0, max: 0.15, noNaN: true });
const selector = fc.record({
  actor: fc.constantFrom('decider', 'worker'),
  call: fc.integer({ min: 1, max: 12 }),
});
const scripted: fc.Arbitrary<ScriptedFault> = fc.oneof(
  fc.record({
    kind: fc.constant('crash' as const),
    at: selector,
    point: fc.constantFrom('request' as const, 'reply' as const),
    restartDelayMs: fc.integer({ min: 0, max: 5_000 }),
  }),
  fc.record({ kind: fc.constant('lostRequest' as const), at: selector }),
  fc.record({ kind: fc.constant('lostReply' as const), at: selector }),
  fc.record({ kind: fc.constant('throttle' as const), at: selector }),
  fc.record({
    kind: fc.constant('latency' as const),
    at: selector,
    point: fc.constantFrom('request' as const, 'reply' as const),
    delayMs: fc.integer({ min: 0, max: 40_000 }),
  }),
  fc.record({ kind: fc.constant('slowWork' as const), at: selector }),
  fc.record({
    kind: fc.constant('activityFailure' as const),
    attempts: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
  }),
);
const plan: fc.Arbitrary<FaultPlan> = fc.record({
  faults: fc.array(scripted, { maxLength: 3 }),
  rates: fc.record({
    crashRatio: ratio,
    restartDelayMs: fc.integer({ min: 0, max: 5_000 }),
    lostRequestRatio: ratio,
    lostReplyRatio: ratio,
    throttleRatio: ratio,
    latencyRatio: ratio,
    latencyMsMax: fc.integer({ min: 1, max: 20_000 }),
    slowWorkRatio: ratio,
    activityFailureRatio: ratio,
  }),
});
const input = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 6 }),
  backoffBaseSeconds: fc.integer({ min: 1, max: 20 }),
  failuresBeforeSuccess: fc.integer({ min: 0, max: 3 }),
  activityStartToCloseSeconds: fc.integer({ min: 5, max: 30 }),
});

async function fingerprint(module: ScenarioModule, seed: string, faults: FaultPlan) {
  const result = await runScenario(module, { seed, reorder: true, faults });
  return {
    result,
    trace: formatTraceFile(result.trace),
    histories: JSON.stringify(result.executions.map((e) => e.history)),
  };
}

describe('determinism', () => {
  it('same seed and same code give byte-identical traces and histories (reordering and faults on)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 12 }),
        plan,
        input,
        async (seed, faults, workflowInput) => {
          const module: ScenarioModule = {
            ...retry,
            executions: [retry.retryExecution('prop', workflowInput)],
          };
          const first = await fingerprint(module, seed, faults);
          const second = await fingerprint(module, seed, faults);
          const repro = `seed ${JSON.stringify(seed)}, faults ${JSON.stringify(faults)}, input ${JSON.stringify(workflowInput)}`;
          expect(second.trace, repro).toBe(first.trace);
          expect(second.histories, repro).toBe(first.histories);
          // Whatever the faults, the loops survive them: the run reaches its goal (the workflow may
          // fail deliberately when attempts run out), with no actor error, watchdog or harness failure.
          const { outcome } = first.result;
          const survived =
            outcome.status === 'ok' || (outcome.status === 'failure' && outcome.reason === 'expectation');
          expect(survived ? 'survived' : describeOutcome(outcome), repro).toBe('survived');
        },
      ),
      { numRuns: NUM_RUNS, ...(FC_SEED !== undefined && { seed: FC_SEED }), endOnFailure: true },
    );
  }, 120_000);
});
