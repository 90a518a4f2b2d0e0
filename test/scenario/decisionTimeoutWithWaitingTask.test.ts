/**
 * Regressions around a decision task scheduled while another is started (swf-semantics §6.1): it
 * waits, and is handed out only when the started one completes or times out.
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/sim/check/checkHistory.js';
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
  const poll = (list = 'decisions') =>
    service.call('PollForDecisionTask', { domain: 'd', taskList: { name: list } });
  const history = async (): Promise<HistoryEvent[]> =>
    (
      await service.call('GetWorkflowExecutionHistory', {
        domain: 'd',
        execution: { workflowId: 'w', runId },
      })
    ).events ?? [];
  return { service, t0, poll, history };
}

/**
 * Found by the runner fuzzing the retry workflow, seed 41; caught by checkHistory's
 * `unhandledDecision` invariant: when a started decision task times out while another one is
 * already scheduled behind it and a poller is parked, the waiting task must cover the new events —
 * no second `DecisionTaskScheduled` — so the decider's close on the task it holds succeeds.
 */
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

/**
 * Found by the streamed-import property test (FC_SEED=-508084032), whose importer refused the
 * export with "starts a decision task while another is started": a batch whose failed decision
 * schedules a decision task that a parked poll starts at once, and whose signal acknowledgement
 * (`ExternalWorkflowExecutionSignaled`) then schedules another, handed that second task out too.
 */
describe('service bug: a decision task started while another is started', () => {
  // As found, the batch moved decision tasks to another list; the list does not matter.
  it.each([
    ['moves decision tasks to another list', 'elsewhere'],
    ['keeps the list', 'decisions'],
  ])('a batch that %s: the acknowledgement’s task waits for the started one', async (_, list) => {
    const { service, t0, poll, history } = await world();
    await service.call('StartWorkflowExecution', {
      domain: 'd',
      workflowId: 'w0', // the signal's target, whose decider is not in play
      workflowType: { name: 'W', version: '1' },
      taskList: { name: 'target' },
    });
    const first = await poll();
    const parked = poll(list); // a decider waits on the list the next task goes to
    await service.call('RespondDecisionTaskCompleted', {
      taskToken: first.taskToken,
      ...(list !== 'decisions' && { taskList: { name: list } }),
      decisions: [
        {
          decisionType: 'SignalExternalWorkflowExecution',
          signalExternalWorkflowExecutionDecisionAttributes: { workflowId: 'w0', signalName: 's' },
        },
        // A failed decision needs a decision task right after the batch (swf-semantics §6.2).
        { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 'none' } },
      ],
    });
    const held = await parked;
    expect(held.startedEventId).toBe(8);

    const types = async () => (await history()).map((e) => `${e.eventId} ${e.eventType}`);
    expect((await types()).slice(4)).toEqual([
      '5 SignalExternalWorkflowExecutionInitiated',
      '6 CancelTimerFailed',
      '7 DecisionTaskScheduled',
      '8 DecisionTaskStarted',
      '9 ExternalWorkflowExecutionSignaled',
      '10 DecisionTaskScheduled',
    ]);

    // The held task times out; only then is the waiting one handed out. (Bug: it was queued at
    // once, so this poll started it as event 11 while task 7/8 was still started.)
    const next = poll(list);
    service.clock.advanceTo(t0 + 30 * S);
    expect((await next).startedEventId).toBe(12);
    expect((await types()).slice(10)).toEqual(['11 DecisionTaskTimedOut', '12 DecisionTaskStarted']);
    expect(checkHistory(await history())).toEqual([]);
  });
});
