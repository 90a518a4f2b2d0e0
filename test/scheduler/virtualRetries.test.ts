import {
  DescribeDomainCommand,
  RegisterDomainCommand,
  SWFServiceException,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { createRunner, type RunnerOptions } from '../../src/adapters/testing/harness/createRunner.js';
import { runScenario } from '../../src/adapters/testing/harness/runScenario.js';
import * as retry from '../../fixtures/examples/retryWorkflow.js';
import type { FaultPlan } from '../../src/sim/faults/FaultPlan.js';

interface Attempted {
  result?: unknown;
  error?: unknown;
  elapsedMs: number;
}

/** Registers a domain, then has actor `w` describe it once; returns what `w` saw and the trace. */
async function describeOnce(faults: FaultPlan, options: RunnerOptions = {}) {
  const runner = createRunner({ seed: 'virtual retries', faults, ...options });
  await runner.setup(async (swf) => {
    await swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
  });
  const seen: Attempted = { elapsedMs: NaN };
  runner.spawn('w', async (swf: SWFClient, ctx) => {
    const t0 = ctx.nowMs();
    try {
      seen.result = await swf.send(new DescribeDomainCommand({ name: 'd' }));
    } catch (error) {
      seen.error = error;
    }
    seen.elapsedMs = ctx.nowMs() - t0;
  });
  const report = await runner.run({ until: 'idle' });
  const calls = runner.scheduler.entries.filter((e) => e.kind === 'call' && e.actor === 'w');
  return { seen, report, calls };
}

const backoffOf = (notes: readonly string[] | undefined): number =>
  Number(notes?.find((n) => n.startsWith('backoff+'))?.slice('backoff+'.length));

describe('SDK retries on virtual time', () => {
  it('retries a throttled call after a virtual backoff, with no real delay', async () => {
    const { seen, report, calls } = await describeOnce({
      faults: [{ kind: 'throttle', at: { actor: 'w', call: 1 } }],
    });
    expect(report.outcome.status).toBe('ok');
    const metadata = (seen.result as { $metadata: { attempts: number; totalRetryDelay: number } }).$metadata;
    expect(metadata.attempts).toBe(2);
    // The SDK's retry middleware slept for nothing: the backoff was charged to the virtual clock.
    expect(metadata.totalRetryDelay).toBe(0);
    expect(calls.map((c) => [c.attempt, c.notes?.[0]?.replace(/\d+$/, 'N')])).toEqual([
      [1, 'throttle'],
      [2, 'backoff+N'],
    ]);
    const backoffMs = backoffOf(calls[1]?.notes);
    // Throttling backoff of the first retry: uniform below the SDK's 1 000 ms throttling base.
    expect(backoffMs).toBeGreaterThanOrEqual(0);
    expect(backoffMs).toBeLessThan(1000);
    expect(seen.elapsedMs).toBe(backoffMs);
  });

  it('gives up after maxAttempts with the SDK’s own ThrottlingException, backing off exponentially', async () => {
    const throttle = (call: number) => ({ kind: 'throttle' as const, at: { actor: 'w', call } });
    const { seen, calls } = await describeOnce(
      { faults: [throttle(1), throttle(2), throttle(3), throttle(4)] },
      {
        maxAttempts: 4,
      },
    );
    expect(seen.error).toBeInstanceOf(SWFServiceException);
    expect((seen.error as SWFServiceException).name).toBe('ThrottlingException');
    expect((seen.error as SWFServiceException).$metadata.attempts).toBe(4);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
    const backoffs = calls.slice(1).map((c) => backoffOf(c.notes));
    backoffs.forEach((ms, i) => expect(ms).toBeLessThan(1000 * 2 ** i));
    expect(seen.elapsedMs).toBe(backoffs.reduce((a, b) => a + b, 0));
  });

  it('retries lost requests and lost replies as network errors', async () => {
    for (const kind of ['lostRequest', 'lostReply'] as const) {
      const { seen, calls } = await describeOnce({
        faults: [{ kind, at: { actor: 'w', call: 1 }, delayMs: 30_000 }],
      });
      expect((seen.result as { $metadata: { attempts: number } }).$metadata.attempts).toBe(2);
      expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
      // The client noticed after 30 s, then backed off below the 50 ms transient base.
      expect(seen.elapsedMs - 30_000).toBe(backoffOf(calls[1]?.notes));
      expect(backoffOf(calls[1]?.notes)).toBeLessThan(50);
    }
  });

  it('surfaces a network error as Node would when retries are exhausted', async () => {
    const { seen } = await describeOnce(
      { faults: [{ kind: 'lostReply', at: { actor: 'w', call: 1 } }] },
      { maxAttempts: 1 },
    );
    expect(seen.error).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up: the reply was lost' });
    const lost = await describeOnce(
      { faults: [{ kind: 'lostRequest', at: { actor: 'w', call: 1 } }] },
      { maxAttempts: 1 },
    );
    expect(lost.seen.error).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  });

  it('a retried RespondActivityTaskCompleted whose reply was lost meets UnknownResourceFault', async () => {
    const result = await runScenario(retry, {
      seed: 'lost reply',
      controls: { until: 'idle' },
      faults: {
        faults: [
          { kind: 'lostReply', at: { actor: 'worker', operation: 'RespondActivityTaskCompleted', call: 1 } },
        ],
      },
    });
    expect(result.outcome).toEqual({ status: 'ok', reason: 'idle' });
    const worker = result.trace.entries.filter(
      (e) => e.actor === 'worker' && e.operation === 'RespondActivityTaskCompleted',
    );
    expect(worker.filter((e) => e.kind === 'reply').map((e) => e.result)).toEqual([
      'ok',
      'UnknownResourceFault: Unknown activity, scheduledEventId = 16',
    ]);
    expect(result.logs.map((l) => l.line)).toEqual([
      'UnknownResourceFault: Unknown activity, scheduledEventId = 16',
    ]);
    const history = result.executions[0]?.history ?? [];
    expect(history.filter((e) => e.eventType === 'ActivityTaskCompleted')).toHaveLength(1);
    expect(history.at(-1)?.eventType).toBe('WorkflowExecutionCompleted');
  });
});
