import {
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  type Decision,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { retryBugScenario } from '../../fixtures/examples/retryBugs.js';
import { runFuzzCase } from '../../src/adapters/testing/fuzz/fuzzCase.js';
import { createFuzzer } from '../../src/adapters/testing/fuzz/fuzz.js';
import { createRunner, RunnerSetupError } from '../../src/adapters/testing/harness/createRunner.js';
import { runScenario, type ScenarioModule } from '../../src/adapters/testing/harness/runScenario.js';
import type { ActorContext } from '../../src/sim/scheduler/Actor.js';
import { completeWorkflow, D, TL, WF, registerBasics } from '../support/workflows.js';

/** A decider that takes its first decision task and never answers: the run sits until it times out. */
async function sulkingDecider(swf: SWFClient): Promise<void> {
  await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
  for (;;) await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
}

/**
 * The parent w1 starts child c1 (10-minute execution timeout) and completes once the child timed
 * out; the child's decision tasks are taken and never answered. The parent closes COMPLETED.
 */
async function parentOfAStuckChild(swf: SWFClient): Promise<void> {
  for (;;) {
    const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
    if (!task.taskToken || task.workflowExecution?.workflowId !== 'w1') continue;
    const events = task.events ?? [];
    const decisions: Decision[] = events.some((e) => e.eventType === 'ChildWorkflowExecutionTimedOut')
      ? [completeWorkflow()]
      : events.some((e) => e.eventType === 'StartChildWorkflowExecutionInitiated')
        ? []
        : [
            {
              decisionType: 'StartChildWorkflowExecution',
              startChildWorkflowExecutionDecisionAttributes: {
                workflowId: 'c1',
                workflowType: WF,
                executionStartToCloseTimeout: '600',
              },
            },
          ];
    await swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }));
  }
}

/** One execution with a 10-minute execution timeout, and a decider that never completes it. */
const stuck: ScenarioModule = {
  register: (swf) => registerBasics(swf),
  actors: { decider: sulkingDecider },
  executions: [{ domain: D, workflowId: 'w1', workflowType: WF, executionStartToCloseTimeout: '600' }],
};

describe('honest liveness', () => {
  it('a run closed by its execution timeout is a liveness failure, not "closed"', async () => {
    const { outcome, executions } = await runScenario(stuck, { seed: '1' });
    expect(executions.map((e) => [e.closeStatus, e.timeoutType])).toEqual([['TIMED_OUT', 'START_TO_CLOSE']]);
    expect(outcome).toMatchObject({ status: 'liveness', reason: 'timedOut' });
    expect(outcome.status === 'liveness' && outcome.message).toMatch(
      /^d\/w1 \(.+, START_TO_CLOSE\) closed by a timeout: .* expected: \{ closeStatus: 'TIMED_OUT' \}/,
    );
  });

  it('unless the scenario expects it: expected TIMED_OUT, or allowTimeouts', async () => {
    const expected = await runScenario({ ...stuck, expected: { closeStatus: 'TIMED_OUT' } }, { seed: '1' });
    expect(expected.outcome).toEqual({ status: 'ok', reason: 'closed' });
    const allowed = await runScenario({ ...stuck, controls: { allowTimeouts: ['w1'] } }, { seed: '1' });
    expect(allowed.outcome).toEqual({ status: 'ok', reason: 'closed' });
  });

  it("a child's run closed by its timeout is one too, though its parent completed", async () => {
    const scenario: ScenarioModule = {
      register: (swf) => registerBasics(swf),
      actors: { decider: parentOfAStuckChild },
      executions: [{ domain: D, workflowId: 'w1', workflowType: WF }],
    };
    const { outcome, executions } = await runScenario(scenario, { seed: '1' });
    expect(executions.map((e) => [e.workflowId, e.closeStatus])).toEqual([
      ['w1', 'COMPLETED'],
      ['c1', 'TIMED_OUT'],
    ]);
    expect(outcome).toMatchObject({ status: 'liveness', reason: 'timedOut' });
    expect(outcome.status === 'liveness' && outcome.message).toMatch(
      /^d\/c1 \(.+, START_TO_CLOSE\) closed by a timeout/,
    );
    const allowed = await runScenario({ ...scenario, controls: { allowTimeouts: ['c1'] } }, { seed: '1' });
    expect(allowed.outcome).toEqual({ status: 'ok', reason: 'closed' });
  });

  it('the fuzzer reports a timed-out run as a liveness failure', async () => {
    // A budget longer than the execution timeout: the run closes, by its timeout.
    const result = await runFuzzCase(
      stuck,
      { seed: '1', reorder: false, faults: {} },
      { livenessBudgetMs: 3600_000 },
    );
    expect(result.run.executions[0]?.closeStatus).toBe('TIMED_OUT');
    expect(result.failure).toMatchObject({ failureClass: 'liveness', kind: 'liveness', reason: 'timedOut' });
  });

  it('the default liveness budget is half the shortest execution timeout, at most 6 hours', async () => {
    // 10 minutes of execution timeout: the budget (5 min) runs out first, so the stuck run is
    // reported with what it waits on before its timeout closes it.
    const result = await runFuzzCase(stuck, { seed: '1', reorder: false, faults: {} });
    expect(result.run.livenessBudgetMs).toBe(300_000);
    const fuzzer = await createFuzzer(retryBugScenario('endlessRetry'));
    expect(fuzzer.options.livenessBudgetMs).toBe(3 * 3600 * 1000); // the retry workflow's 6 h, halved
  });
});

describe('what loop code needs from the runner', () => {
  it('setup returns what its function returns, and fails with the run report', async () => {
    const runner = createRunner();
    const runId = await runner.setup(async (swf) => {
      await registerBasics(swf);
      const { StartWorkflowExecutionCommand } = await import('@aws-sdk/client-swf');
      return (
        await swf.send(new StartWorkflowExecutionCommand({ domain: D, workflowId: 'w1', workflowType: WF }))
      ).runId;
    });
    expect(runner.executions()[0]?.runId).toBe(runId);
    const failing = runner.setup(() => Promise.reject(new Error('no')), 'broken');
    await expect(failing).rejects.toBeInstanceOf(RunnerSetupError);
    await expect(failing).rejects.toThrow(
      'setup did not finish: failure (actorError): actor "broken" threw Error: no',
    );
  });

  it('actors get the parameters and a signal that aborts, quietly, once the run is over', async () => {
    const seen: { parameters?: unknown; abortedDuringRun?: boolean } = {};
    let signal: AbortSignal | undefined;
    const scenario: ScenarioModule = {
      register: (swf) => registerBasics(swf),
      parameters: { workflows: 2, label: 'x' },
      executions: (p) =>
        Array.from({ length: Number(p.workflows) }, (_, i) => ({
          domain: D,
          workflowId: `w${i}`,
          workflowType: WF,
        })),
      actors: {
        decider: async (swf, ctx: ActorContext) => {
          seen.parameters = ctx.parameters;
          signal = ctx.signal;
          while (!ctx.signal.aborted) {
            const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }), {
              abortSignal: ctx.signal,
            });
            seen.abortedDuringRun = ctx.signal.aborted;
            if (!task.taskToken) continue;
            await swf.send(
              new RespondDecisionTaskCompletedCommand({
                taskToken: task.taskToken,
                decisions: [{ decisionType: 'CompleteWorkflowExecution' }],
              }),
            );
          }
        },
      },
      expected: { closeStatus: 'COMPLETED' },
    };
    const result = await runScenario(scenario, { seed: '1', parameters: { workflows: 3 } });
    expect(result.outcome).toEqual({ status: 'ok', reason: 'closed' });
    expect(result.executions.map((e) => e.workflowId)).toEqual(['w0', 'w1', 'w2']);
    expect(seen).toEqual({ parameters: { workflows: 3, label: 'x' }, abortedDuringRun: false });
    expect(signal?.aborted).toBe(true); // the decider's last poll was still parked: quiet
    expect(result.trace.parameters).toEqual({ workflows: 3, label: 'x' });
  });
});
