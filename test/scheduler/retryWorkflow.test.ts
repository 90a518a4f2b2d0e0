import type { EventType, HistoryEvent, StartWorkflowExecutionInput } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import * as retry from '../../fixtures/examples/retryWorkflow.js';
import { runScenario, type ScenarioRunOptions } from '../../src/adapters/testing/harness/runScenario.js';
import type { FaultPlan, FaultRates } from '../../src/sim/faults/FaultPlan.js';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

async function runRetry(
  input: retry.RetryWorkflowInput,
  faults: FaultPlan = {},
  options: ScenarioRunOptions = {},
  start: Partial<StartWorkflowExecutionInput> = {},
) {
  const result = await runScenario(
    { ...retry, executions: [retry.retryExecution('retry-1', input, start)] },
    { seed: 'retry workflow', faults, ...options },
  );
  const execution = result.executions[0];
  if (execution === undefined) throw new Error('no execution');
  const history = execution.history;
  const startMs = history[0]?.eventTimestamp?.getTime() ?? NaN;
  /** Seconds since the start at which each event of `type` happened. */
  const at = (type: EventType): number[] =>
    history
      .filter((e) => e.eventType === type)
      .map((e) => ((e.eventTimestamp?.getTime() ?? NaN) - startMs) / 1000);
  const events = (type: EventType): HistoryEvent[] => history.filter((e) => e.eventType === type);
  return { result, execution, history, at, events };
}

const worker = (
  operation: 'PollForActivityTask' | 'RespondActivityTaskCompleted' | 'RespondActivityTaskFailed',
  call = 1,
) => ({ actor: 'worker', operation, call }) as const;
const decider = (operation: 'PollForDecisionTask' | 'RespondDecisionTaskCompleted', call = 1) =>
  ({ actor: 'decider', operation, call }) as const;

describe('retry workflow', () => {
  it('retries after a backoff timer and completes (no faults)', async () => {
    const { result, execution, at } = await runRetry({ failuresBeforeSuccess: 1 });
    expect(result.outcome).toEqual({ status: 'ok', reason: 'closed' });
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 2' });
    expect(at('ActivityTaskFailed')).toEqual([1]);
    expect(at('TimerFired')).toEqual([11]);
    expect(at('WorkflowExecutionCompleted')).toEqual([12]);
  });

  it('fails the workflow deliberately after maxAttempts failed attempts (activity failures injected)', async () => {
    const { execution, at, events } = await runRetry(
      { maxAttempts: 3 },
      {
        faults: [
          { kind: 'activityFailure', activityType: 'FlakyActivity', attempts: [1, 2, 3], reason: 'injected' },
        ],
      },
    );
    expect(execution).toMatchObject({ closeStatus: 'FAILED', reason: 'max attempts reached' });
    expect(events('ActivityTaskFailed').map((e) => e.activityTaskFailedEventAttributes?.reason)).toEqual([
      'injected',
      'injected',
      'injected',
    ]);
    // Backoff timers of 10 s and 20 s between the three one-second attempts.
    expect(at('TimerStarted')).toEqual([1, 12]);
    expect(at('WorkflowExecutionFailed')).toEqual([33]);
  });

  it('activity failure: a chosen attempt fails, the next one completes', async () => {
    const { execution, events } = await runRetry(
      { failuresBeforeSuccess: 1 },
      { faults: [{ kind: 'activityFailure', attempts: [2], reason: 'injected', details: 'attempt 2' }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 3' });
    expect(events('ActivityTaskFailed').map((e) => e.activityTaskFailedEventAttributes?.reason)).toEqual([
      'flaky',
      'injected',
    ]);
  });

  it('crash: a worker dying while it holds the task is restarted; the task times out after 1 hour', async () => {
    const { result, execution, at } = await runRetry(
      {},
      { faults: [{ kind: 'crash', at: worker('RespondActivityTaskCompleted'), restartDelayMs: 5000 }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 2' });
    expect(at('ActivityTaskTimedOut')).toEqual([HOUR_S]);
    const starts = result.trace.entries.filter((e) => e.kind === 'start' && e.actor === 'worker');
    expect(starts.map((e) => [e.restarts, e.atMs])).toEqual([
      [0, 0],
      [1, 6000],
    ]);
  });

  it('crash: a worker dying instead of receiving its task leaves it to time out', async () => {
    const { execution, at } = await runRetry(
      {},
      { faults: [{ kind: 'crash', at: worker('PollForActivityTask'), point: 'reply' }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 2' });
    expect(at('ActivityTaskStarted')).toEqual([0, HOUR_S + 10]);
    expect(at('ActivityTaskTimedOut')).toEqual([HOUR_S]);
  });

  it('crash: a decider dying while it holds a decision task lets the task time out after 30 s', async () => {
    const { execution, at } = await runRetry(
      {},
      { faults: [{ kind: 'crash', at: decider('PollForDecisionTask'), point: 'reply' }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 1' });
    expect(at('DecisionTaskTimedOut')).toEqual([30]);
  });

  it('lost request: the SDK retries and the call is applied once', async () => {
    const { result, execution, events } = await runRetry(
      { failuresBeforeSuccess: 1 },
      { faults: [{ kind: 'lostRequest', at: worker('RespondActivityTaskFailed') }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 2' });
    expect(events('ActivityTaskFailed')).toHaveLength(1);
    expect(
      result.trace.entries
        .filter((e) => e.kind === 'apply' && e.operation === 'RespondActivityTaskFailed')
        .map((e) => e.result),
    ).toEqual(['lost', undefined]);
  });

  it('lost reply: the decision is applied, the retry meets UnknownResourceFault, the decider carries on', async () => {
    const { result, execution, events } = await runRetry(
      {},
      { faults: [{ kind: 'lostReply', at: decider('RespondDecisionTaskCompleted') }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 1' });
    expect(events('ActivityTaskScheduled')).toHaveLength(1);
    expect(result.logs.map((l) => l.line)).toEqual(['UnknownResourceFault: Unknown decision task']);
  });

  it('throttling: the throttled decision is retried after a virtual backoff', async () => {
    const { result, execution, at } = await runRetry(
      {},
      { faults: [{ kind: 'throttle', at: decider('RespondDecisionTaskCompleted') }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 1' });
    const retried = result.trace.entries.find(
      (e) => e.kind === 'call' && e.actor === 'decider' && e.attempt === 2,
    );
    const backoffMs = Number(retried?.notes?.[0]?.replace('backoff+', ''));
    expect(backoffMs).toBeLessThan(1000);
    expect(at('DecisionTaskCompleted')[0]).toBe(backoffMs / 1000);
  });

  it('latency: a decision delivered later than its 30 s timeout is refused, and the decider decides again', async () => {
    const { result, execution, at } = await runRetry(
      {},
      {
        faults: [
          { kind: 'latency', at: decider('RespondDecisionTaskCompleted'), delayMs: 45_000 },
          { kind: 'latency', at: worker('PollForActivityTask'), point: 'reply', delayMs: 5_000 },
        ],
      },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 1' });
    expect(at('DecisionTaskTimedOut')).toEqual([30]);
    expect(result.logs.map((l) => l.line)).toEqual(['UnknownResourceFault: Unknown decision task']);
    // Refused at 45 s, the decider decided again; the worker got its task 5 s after it started
    // and worked for 1 s.
    expect(at('ActivityTaskStarted')).toEqual([45]);
    expect(at('ActivityTaskCompleted')).toEqual([51]);
  });

  it('slow work: an attempt that overruns START_TO_CLOSE times out and is retried', async () => {
    const { execution, at, result } = await runRetry(
      { activityStartToCloseSeconds: 60 },
      { faults: [{ kind: 'slowWork', at: worker('RespondActivityTaskCompleted') }] },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 2' });
    expect(at('ActivityTaskTimedOut')).toEqual([60]);
    expect(result.trace.entries.find((e) => e.notes?.some((n) => n.startsWith('slowWork')))?.notes).toEqual([
      'slowWork+61000',
    ]);
    expect(result.logs.map((l) => l.line)).toEqual([
      'UnknownResourceFault: Unknown activity, scheduledEventId = 5',
    ]);
  });

  it('a 1-hour activity timeout and a 24-hour backoff timer pass on virtual time', async () => {
    const { execution, at, result } = await runRetry(
      { maxAttempts: 2, backoffBaseSeconds: DAY_S },
      { faults: [{ kind: 'slowWork', at: worker('RespondActivityTaskCompleted') }] },
      {},
      { executionStartToCloseTimeout: String(2 * DAY_S) },
    );
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 2' });
    expect(at('ActivityTaskTimedOut')).toEqual([HOUR_S]);
    expect(at('TimerStarted')).toEqual([HOUR_S]);
    expect(at('TimerFired')).toEqual([HOUR_S + DAY_S]);
    expect(at('WorkflowExecutionCompleted')).toEqual([HOUR_S + DAY_S + 1]);
    expect(result.report.endMs - result.trace.startMs).toBe((HOUR_S + DAY_S + 1) * 1000);
  });

  it('UNHANDLED_DECISION: a completion refused because the deadline fired meanwhile is decided again', async () => {
    const { execution, events, at } = await runRetry(
      { workSeconds: 10, deadlineSeconds: 15 },
      { faults: [{ kind: 'latency', at: decider('RespondDecisionTaskCompleted', 2), delayMs: 10_000 }] },
    );
    expect(
      events('CompleteWorkflowExecutionFailed').map(
        (e) => e.completeWorkflowExecutionFailedEventAttributes?.cause,
      ),
    ).toEqual(['UNHANDLED_DECISION']);
    expect(at('TimerFired')).toEqual([15]);
    expect(execution).toMatchObject({ closeStatus: 'COMPLETED', result: 'done on attempt 1' });
  });

  it('fails the workflow when the deadline fires before any attempt completes', async () => {
    const { execution, at } = await runRetry({
      failuresBeforeSuccess: 9,
      maxAttempts: 10,
      deadlineSeconds: 100,
    });
    expect(execution).toMatchObject({ closeStatus: 'FAILED', reason: 'deadline exceeded' });
    expect(at('WorkflowExecutionFailed')).toEqual([100]);
  });

  it('runs until one chosen execution closes, leaving another open', async () => {
    const result = await runScenario(
      {
        ...retry,
        executions: [
          retry.retryExecution('slow', { failuresBeforeSuccess: 1, backoffBaseSeconds: 1000 }),
          retry.retryExecution('fast', {}),
        ],
        controls: { until: { workflowId: 'fast', domain: retry.DOMAIN } },
        expected: {},
      },
      { seed: 'two executions' },
    );
    expect(result.outcome).toEqual({ status: 'ok', reason: 'closed' });
    expect(result.executions.map((e) => [e.workflowId, e.status])).toEqual([
      ['slow', 'OPEN'],
      ['fast', 'CLOSED'],
    ]);
  });

  const rates: [string, FaultRates][] = [
    ['crash', { crashRatio: 0.2, restartDelayMs: 2000 }],
    ['lost request', { lostRequestRatio: 0.3 }],
    ['lost reply', { lostReplyRatio: 0.3 }],
    ['throttling', { throttleRatio: 0.3 }],
    ['latency', { latencyRatio: 0.5, latencyMsMax: 40_000 }],
    ['slow work', { slowWorkRatio: 0.3 }],
    ['activity failure', { activityFailureRatio: 0.3 }],
  ];
  it.each(rates)('reaches the expected outcome under %s drawn from the seed', async (_kind, faultRates) => {
    const closed: string[] = [];
    for (let seed = 0; seed < 8; seed++) {
      const { result, execution } = await runRetry(
        { maxAttempts: 12, failuresBeforeSuccess: 1, backoffBaseSeconds: 1, activityStartToCloseSeconds: 30 },
        { rates: faultRates },
        { seed: String(seed), reorder: true },
      );
      expect(result.outcome, `seed ${seed}`).toEqual({ status: 'ok', reason: 'closed' });
      closed.push(`${execution.closeStatus}`);
    }
    expect(closed).toEqual(Array(8).fill('COMPLETED'));
  });
});
