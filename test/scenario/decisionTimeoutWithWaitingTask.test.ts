/**
 * Regression (found by the runner fuzzing the retry workflow, seed 41; caught by checkHistory's
 * `unhandledDecision` invariant): when a started decision task times out while another one is
 * already scheduled behind it and a poller is parked, the waiting task must cover the new events —
 * no second `DecisionTaskScheduled` — so the decider's close on the task it holds succeeds.
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { SwfService } from '../../src/sim/service/SwfService.js';

const S = 1000;

async function world() {
  const service = new SwfService({ seed: 'service bug' });
  const t0 = service.clock.now();
  await service.call('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' });
  await service.call('RegisterWorkflowType', {
    domain: 'd',
    name: 'W',
    version: '1',
    defaultTaskList: { name: 'decisions' },
    defaultChildPolicy: 'TERMINATE',
    defaultExecutionStartToCloseTimeout: '3600',
    defaultTaskStartToCloseTimeout: '30',
  });
  const { runId } = await service.call('StartWorkflowExecution', {
    domain: 'd',
    workflowId: 'w',
    workflowType: { name: 'W', version: '1' },
  });
  const poll = () => service.call('PollForDecisionTask', { domain: 'd', taskList: { name: 'decisions' } });
  const history = async (): Promise<HistoryEvent[]> =>
    (
      await service.call('GetWorkflowExecutionHistory', {
        domain: 'd',
        execution: { workflowId: 'w', runId },
      })
    ).events ?? [];
  return { service, t0, poll, history };
}

describe('service bug: decision task timeout schedules a second decision task when one is already waiting', () => {
  it('writes no DecisionTaskScheduled after the waiting task starts, and the decider can complete', async () => {
    const { service, t0, poll, history } = await world();
    // Two timers: the first fires while no task is started, the second while one is.
    const first = await poll();
    await service.call('RespondDecisionTaskCompleted', {
      taskToken: first.taskToken,
      decisions: [
        {
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: { timerId: 't1', startToFireTimeout: '10' },
        },
        {
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: { timerId: 't2', startToFireTimeout: '20' },
        },
      ],
    });
    service.clock.advanceTo(t0 + 10 * S); // t1 fires: DecisionTaskScheduled (8)
    await poll(); // started (9), never answered
    service.clock.advanceTo(t0 + 20 * S); // t2 fires: DecisionTaskScheduled (11) waits behind (9)
    const parked = poll(); // a decider polls and waits
    service.clock.advanceTo(t0 + 40 * S); // (9) times out; (11) goes to the parked poll: started (13)
    const held = await parked;
    expect(held.startedEventId).toBe(13);

    const types = (await history()).map((e) => `${e.eventId} ${e.eventType}`);
    // Bug: a 14th event, DecisionTaskScheduled, follows.
    expect(types.slice(9)).toEqual([
      '10 TimerFired',
      '11 DecisionTaskScheduled',
      '12 DecisionTaskTimedOut',
      '13 DecisionTaskStarted',
    ]);

    await service.call('RespondDecisionTaskCompleted', {
      taskToken: held.taskToken,
      decisions: [
        { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
      ],
    });
    expect((await history()).at(-1)?.eventType).toBe('WorkflowExecutionCompleted');
  });
});
