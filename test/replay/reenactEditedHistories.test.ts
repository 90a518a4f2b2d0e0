/** Generated histories edited before re-enactment: no timestamps, a member changed, the start cut off. */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { formatReenactResult, reenactHistory } from '../../src/adapters/testing/reenact/reenact.js';
import { Generator, complete, schedule, timer } from './generate.js';

describe('re-enactment of histories the simulator wrote', () => {
  it('a run started without timestamps in its events re-enacts from timer to timer', async () => {
    const g = new Generator();
    await g.register();
    await g.start();
    await g.decide([timer('t', '30')]);
    g.advance(30);
    await g.decide([complete()]);
    const history: HistoryEvent[] = g.history().map((e) => ({ ...e, eventTimestamp: undefined }));
    g.close();
    const result = await reenactHistory(history);
    expect(result.status, formatReenactResult(result)).toBe('identical');
  });

  it('reports a difference it cannot explain, with the event and the member', async () => {
    const g = new Generator();
    await g.register();
    await g.start();
    g.advance(1);
    await g.decide([schedule('a1')]);
    const token = await g.pollActivity();
    g.advance(1);
    await g.complete(token, 'r');
    g.advance(1);
    await g.decide([complete('ok')]);
    const history = g.history();
    g.close();
    // Pretend the worker had answered with another result than the one the history says.
    // A DecisionTaskScheduled with another START_TO_CLOSE than the run's: no call can bring that about.
    const edited = history.map((e) =>
      e.eventId === 8
        ? ({
            ...e,
            decisionTaskScheduledEventAttributes: {
              ...e.decisionTaskScheduledEventAttributes,
              startToCloseTimeout: '99',
            },
          } as HistoryEvent)
        : e,
    );
    const error = await reenactHistory(edited).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ReenactmentDivergenceError' });
    const message = (error as Error).message;
    expect(history[7]?.eventType).toBe('DecisionTaskScheduled');
    expect(message).toContain(
      'event 8 (DecisionTaskScheduled): startToCloseTimeout: recorded "99", re-enacted "60"',
    );
    expect(message).toMatch(/FAIL {2}history: differs/);
    expect(message).toContain('✗');
  });

  it('names the workflow the way the history tells, and starts its start-less excerpt from event 2', async () => {
    const g = new Generator();
    await g.register();
    await g.start('w1', { executionStartToCloseTimeout: '50' });
    g.advance(1);
    await g.decide([schedule('a1', { scheduleToStartTimeout: '5' })]);
    g.advance(60);
    const history = g.history().slice(1);
    g.close();
    expect(history[0]?.eventId).toBe(2);
    const result = await reenactHistory(history);
    expect(result.status, formatReenactResult(result)).toBe('identical');
    expect(result.reenacted[0]?.workflowExecutionStartedEventAttributes?.executionStartToCloseTimeout).toBe(
      '50',
    );
  });
});
