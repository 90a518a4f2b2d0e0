import { describe, expect, it } from 'vitest';
import {
  newDomain,
  newExecution,
  openWork,
  settleExecution,
  type Execution,
  type TimerRecord,
} from '../../../../src/sim/service/model.js';

const domain = newDomain({ name: 'd', status: 'REGISTERED', retentionPeriodInDays: '1', arn: '', tags: [] });

function run(runId: string, status: 'OPEN' | 'CLOSED' = 'OPEN'): Execution {
  return newExecution({
    domain,
    workflowId: 'w',
    runId,
    workflowType: { name: 'wf', version: '1' },
    config: {
      taskList: { name: 'tl' },
      taskStartToCloseTimeout: '60',
      executionStartToCloseTimeout: '3600',
      childPolicy: 'TERMINATE',
    },
    events: [],
    startMs: 0,
    status,
  });
}

const timer = (timerId: string): TimerRecord => ({
  timerId,
  startedEventId: 5,
  handle: { dueAtMs: 1, label: `timer ${timerId}`, seq: 0, cancel: () => undefined },
});

describe('open-work maps', () => {
  it('are one shared empty map until a run gets its first work of a kind, then its own', () => {
    const [a, b] = [run('a'), run('b')];
    expect(a.openTimers).toBe(b.openTimers);
    expect(a.openActivities).toBe(b.openTimers);
    const timers = openWork(a, 'openTimers');
    timers.set('t1', timer('t1'));
    expect(a.openTimers).toBe(timers);
    expect(openWork(a, 'openTimers')).toBe(timers);
    expect([...a.openTimers.keys()]).toStrictEqual(['t1']);
    expect(b.openTimers.size).toBe(0);
    expect(a.openLambdas).toBe(b.openLambdas);
  });

  it('refuse an entry added around openWork, so a writer that forgets it fails loudly', () => {
    const a = run('a');
    expect(() => a.openTimers.set('t1', timer('t1'))).toThrow(/openWork/);
    expect(run('b').openTimers.size).toBe(0);
  });

  it('of a settled closed run refuse new work, and keep what it closed with', () => {
    const closed = run('c', 'CLOSED');
    openWork(closed, 'openTimers').set('t1', timer('t1'));
    settleExecution(closed);
    expect([...closed.openTimers.keys()]).toStrictEqual(['t1']);
    expect(() => openWork(closed, 'openActivities').set('x', undefined as never)).toThrow(
      /a closed run gets no new open work/,
    );
  });
});
