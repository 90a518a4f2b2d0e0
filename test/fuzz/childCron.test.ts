import { describe, expect, it } from 'vitest';
import * as cron from '../../fixtures/examples/childCronWorkflow.js';
import { assertFuzz, createFuzzer, fuzzParameters } from '../../src/adapters/testing/fuzz/fuzz.js';
import { runScenario } from '../../src/adapters/testing/harness/runScenario.js';
import { checkHistory } from '../../src/sim/check/checkHistory.js';

/**
 * A child that continues as new ("cron") reports its outcome from its last run: the parent's
 * `ChildWorkflowExecutionCompleted` names that run, not the one `ChildWorkflowExecutionStarted`
 * named — and `swf-sim check` accepts the simulator's history.
 */
describe('a child that continues as new', () => {
  it("the parent's ChildWorkflowExecutionCompleted names the child's final run, and every history passes check", async () => {
    const result = await runScenario(cron, { seed: 'child-cron' });
    expect(result.outcome.status).toBe('ok');
    const parent = result.executions.find((e) => e.workflowId === 'cron-parent');
    const children = result.executions.filter((e) => e.workflowId === 'cron-parent-cron');
    expect(children.map((c) => c.closeStatus)).toStrictEqual([
      'CONTINUED_AS_NEW',
      'CONTINUED_AS_NEW',
      'COMPLETED',
    ]);
    const event = (type: string) => parent?.history.find((e) => e.eventType === type);
    const started = event('ChildWorkflowExecutionStarted')?.childWorkflowExecutionStartedEventAttributes;
    const completed = event(
      'ChildWorkflowExecutionCompleted',
    )?.childWorkflowExecutionCompletedEventAttributes;
    expect(started?.workflowExecution?.runId).toBe(children[0]?.runId);
    expect(completed).toMatchObject({
      workflowExecution: { workflowId: 'cron-parent-cron', runId: children[2]?.runId },
      workflowType: cron.CHILD,
      result: '3 rounds',
    });
    for (const e of result.executions) expect(checkHistory(e.history)).toStrictEqual([]);
  });

  it(
    'fuzzed with faults and reordering, every history satisfies the invariants',
    { timeout: 120_000 },
    async () => {
      const fuzzer = await createFuzzer(cron, {
        reorder: true,
        maxFaults: 2,
        testFile: 'test/fuzz/childCron.test.ts',
        properties: {
          'the parent completes with the result of the final round': (run) => {
            const parent = run.executions.find((e) => e.workflowId === 'cron-parent');
            expect(parent?.closeStatus).toBe('COMPLETED');
          },
        },
      });
      await assertFuzz(fuzzer, fuzzParameters({ numRuns: 25 }));
    },
  );
});
