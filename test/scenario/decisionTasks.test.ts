import {
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { loadFixtureHistory, withoutTimestamps } from '../support/recorded.js';
import {
  D,
  TL,
  completeWorkflow,
  decide,
  marker,
  pollActivity as pollBasicActivity,
  pollDecision as pollBasic,
  registerBasics,
  rejectionOf,
  scheduleAct,
  start,
  timer,
} from '../support/workflows.js';

const DOMAIN = 'elife';
const TASK_LIST = { name: 'DefaultTaskList' };

async function registerElife(swf: SWFClient): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(new RegisterWorkflowTypeCommand({ domain: DOMAIN, name: 'Sum', version: '1' }));
  for (const name of ['PingWorker', 'Sum']) {
    await swf.send(
      new RegisterActivityTypeCommand({
        domain: DOMAIN,
        name,
        version: '1',
        defaultTaskList: TASK_LIST,
        defaultTaskScheduleToStartTimeout: '300',
        defaultTaskScheduleToCloseTimeout: '300',
        defaultTaskStartToCloseTimeout: '300',
        defaultTaskHeartbeatTimeout: '300',
      }),
    );
  }
}

function scheduleActivity(name: string, activityId: string, input: string): Decision {
  return {
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: {
      activityType: { name, version: '1' },
      activityId,
      input,
      control: 'control data',
    },
  };
}

const pollDecision = (swf: SWFClient, identity: string) =>
  swf.send(new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: TASK_LIST, identity }));
const pollActivity = (swf: SWFClient, identity: string) =>
  swf.send(new PollForActivityTaskCommand({ domain: DOMAIN, taskList: TASK_LIST, identity }));
const completeDecision = (swf: SWFClient, taskToken: string | undefined, decisions: Decision[]) =>
  swf.send(new RespondDecisionTaskCompletedCommand({ taskToken, decisions }));
const completeActivity = (swf: SWFClient, taskToken: string | undefined, result: string) =>
  swf.send(new RespondActivityTaskCompletedCommand({ taskToken, result }));

describe('decision task', () => {
  it('decision task: slots: reproduces the elife-bot recording (arrival during a decision, UNHANDLED_DECISION)', async () => {
    const sim = createSimulation({ seed: 'elife', decisionScheduleToStartAttribute: false });
    const swf = sim.client();
    await registerElife(swf);
    const { runId } = await swf.send(
      new StartWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'sum_2113',
        workflowType: { name: 'Sum', version: '1' },
        taskList: TASK_LIST,
        input: '{"data": [1,3,7,11]}',
        childPolicy: 'TERMINATE',
        executionStartToCloseTimeout: '3600',
        taskStartToCloseTimeout: '60',
      }),
    );

    const first = await pollDecision(swf, 'decider_801');
    await completeDecision(swf, first.taskToken, [
      scheduleActivity('PingWorker', 'PingWorker', 'null'),
      scheduleActivity('Sum', 'Sum2a', '{"data": [1, 3, 7, 11]}'),
    ]);
    const ping = await pollActivity(swf, 'worker_461');
    const sum = await pollActivity(swf, 'worker_590');
    await completeActivity(swf, ping.taskToken, 'True');
    const second = await pollDecision(swf, 'decider_801');
    await completeActivity(swf, sum.taskToken, '22'); // arrives while the decider works on task 10
    await completeDecision(swf, second.taskToken, [
      scheduleActivity('Sum', 'Sum2a', '{"data": [1, 3, 7, 11]}'),
    ]);
    const third = await pollDecision(swf, 'decider_700');
    const sumAgain = await pollActivity(swf, 'worker_590');
    await completeActivity(swf, sumAgain.taskToken, '22'); // arrives while the decider works on task 13
    await completeDecision(swf, third.taskToken, [
      { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
    ]);
    const fourth = await pollDecision(swf, 'decider_41');

    const recorded = loadFixtureHistory('elifesciences_elife-bot__test_data_decision.json');
    expect(fourth.startedEventId).toBe(22);
    expect(fourth.previousStartedEventId).toBe(16);
    expect(withoutTimestamps(fourth.events ?? [])).toStrictEqual(withoutTimestamps(recorded));
    const { events } = await swf.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: DOMAIN,
        execution: { workflowId: 'sum_2113', runId },
      }),
    );
    expect(events?.map((e) => e.eventType)).toStrictEqual(recorded.map((e) => e.eventType));
    sim.close();
  });
});

describe('decision task: behaviour', () => {
  it('decision task: long poll: answers empty after 60 virtual seconds', async () => {
    const sim = createSimulation({ seed: 'lp', autoAdvance: false });
    const swf = sim.client();
    await registerBasics(swf);
    const t0 = sim.now().getTime();
    let reply: Awaited<ReturnType<typeof pollBasic>> | undefined;
    const poll = pollBasic(swf).then((r) => (reply = r));
    await flush();
    sim.advanceBy(59_999);
    await flush();
    expect(reply).toBeUndefined();
    sim.advanceBy(1);
    await poll;
    expect(reply?.taskToken).toBe('');
    expect(reply?.startedEventId).toBe(0);
    expect(sim.now().getTime() - t0).toBe(60_000);
    sim.close();
  });

  it('decision task: long poll: a parked poller gets the task the moment it is scheduled', async () => {
    const sim = createSimulation({ seed: 'lp2', autoAdvance: false });
    const swf = sim.client();
    await registerBasics(swf);
    const poll = pollBasic(swf);
    await flush();
    await start(swf);
    const task = await poll;
    expect(task.startedEventId).toBe(3);
    expect(task.previousStartedEventId).toBe(0);
    expect(task.events?.map((e) => e.eventType)).toStrictEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
    ]);
    sim.close();
  });

  it('decision task: pagination: pages of 100 events that continue the same task under new tokens', async () => {
    const sim = createSimulation({ seed: 'pages' });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf);
    const first = await pollBasic(swf);
    await decide(swf, first.taskToken, [
      ...Array.from({ length: 150 }, (_, i) => marker(`m${i}`)),
      timer('t', '0'),
    ]);
    const task = await pollBasic(swf, { maximumPageSize: 1000 });
    expect(task.startedEventId).toBe(158);
    expect(task.previousStartedEventId).toBe(3);
    expect(task.events).toHaveLength(100);
    expect(task.nextPageToken).toBeDefined();
    const page2 = await swf.send(
      new PollForDecisionTaskCommand({ domain: D, taskList: TL, nextPageToken: task.nextPageToken }),
    );
    expect(page2.taskToken).not.toBe(task.taskToken);
    expect(page2.startedEventId).toBe(158);
    expect(page2.previousStartedEventId).toBe(3);
    expect(page2.events?.map((e) => e.eventId)).toStrictEqual(Array.from({ length: 58 }, (_, i) => 101 + i));
    expect(page2.nextPageToken).toBeUndefined();
    await decide(swf, task.taskToken, [completeWorkflow()]);
    const history = sim.history(D, 'w1');
    expect(history.at(-1)?.eventType).toBe('WorkflowExecutionCompleted');
    sim.close();
  });

  it('decision task: pagination: reverseOrder starts with the DecisionTaskStarted', async () => {
    const sim = createSimulation({ seed: 'reverse' });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf);
    const task = await pollBasic(swf, { reverseOrder: true });
    expect(task.events?.map((e) => e.eventId)).toStrictEqual([3, 2, 1]);
    sim.close();
  });

  it('decision task: completion: close must be the last decision, and a refused batch changes nothing', async () => {
    const sim = createSimulation({ seed: 'close-last' });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf);
    const task = await pollBasic(swf);
    expect(
      await rejectionOf(decide(swf, task.taskToken, [completeWorkflow(), marker('late')])),
    ).toStrictEqual({
      name: 'ValidationException',
      message: 'Close must be last decision in list',
    });
    expect(sim.history(D, 'w1')).toHaveLength(3);
    await decide(swf, task.taskToken, [marker('ok'), completeWorkflow('done')]);
    expect(sim.history(D, 'w1').map((e) => e.eventType)).toStrictEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'DecisionTaskCompleted',
      'MarkerRecorded',
      'WorkflowExecutionCompleted',
    ]);
    sim.close();
  });

  it('decision task: completion: a used token is an UnknownResourceFault', async () => {
    const sim = createSimulation({ seed: 'used' });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf);
    const task = await pollBasic(swf);
    await decide(swf, task.taskToken, [scheduleAct('a1')]);
    expect(await rejectionOf(decide(swf, task.taskToken, []))).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown decision task',
    });
    expect(await rejectionOf(decide(swf, 'no-such-token', []))).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown decision task',
    });
    expect(sim.history(D, 'w1')).toHaveLength(5);
    sim.close();
  });

  it('decision task: timeout: START_TO_CLOSE writes DecisionTaskTimedOut then a new task; the old token dies', async () => {
    const sim = createSimulation({ seed: 'dto', autoAdvance: false });
    const swf = sim.client();
    await registerBasics(swf, '30');
    await start(swf);
    const task = await pollBasic(swf);
    sim.advanceBy(30_000);
    const history = sim.history(D, 'w1');
    expect(history.slice(3).map((e) => [e.eventType, e.eventTimestamp?.getTime()])).toStrictEqual([
      ['DecisionTaskTimedOut', (history[0]?.eventTimestamp?.getTime() ?? 0) + 30_000],
      ['DecisionTaskScheduled', (history[0]?.eventTimestamp?.getTime() ?? 0) + 30_000],
    ]);
    expect(history[3]?.decisionTaskTimedOutEventAttributes).toStrictEqual({
      timeoutType: 'START_TO_CLOSE',
      scheduledEventId: 2,
      startedEventId: 3,
    });
    expect((await rejectionOf(decide(swf, task.taskToken, []))).name).toBe('UnknownResourceFault');
    const retry = await pollBasic(swf);
    expect(retry.startedEventId).toBe(6);
    expect(retry.previousStartedEventId).toBe(0);
    sim.close();
  });

  it('decision task: completion: a failed decision schedules a new task after the whole batch', async () => {
    const sim = createSimulation({ seed: 'fail-batch' });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf);
    const task = await pollBasic(swf);
    await decide(swf, task.taskToken, [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityType: { name: 'nope', version: '1' },
          activityId: 'x',
        },
      },
      marker('after'),
    ]);
    const history = sim.history(D, 'w1');
    expect(history.slice(3).map((e) => e.eventType)).toStrictEqual([
      'DecisionTaskCompleted',
      'ScheduleActivityTaskFailed',
      'MarkerRecorded',
      'DecisionTaskScheduled',
    ]);
    expect(history[4]?.scheduleActivityTaskFailedEventAttributes).toStrictEqual({
      activityType: { name: 'nope', version: '1' },
      activityId: 'x',
      cause: 'ACTIVITY_TYPE_DOES_NOT_EXIST',
      decisionTaskCompletedEventId: 4,
    });
    sim.close();
  });
});

describe('activity task', () => {
  it('activity task: completion: a used token names the closed task', async () => {
    const sim = createSimulation({ seed: 'act-used' });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf);
    const task = await pollBasic(swf);
    await decide(swf, task.taskToken, [scheduleAct('a1')]);
    const activity = await pollBasicActivity(swf);
    expect(activity.activityId).toBe('a1');
    await completeActivity(swf, activity.taskToken, 'r');
    expect(await rejectionOf(completeActivity(swf, activity.taskToken, 'again'))).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown activity, scheduledEventId = 5',
    });
    sim.close();
  });

  it('activity task: timeout: SCHEDULE_TO_START of a never-started task writes startedEventId 0', async () => {
    const sim = createSimulation({ seed: 'act-s2s', autoAdvance: false });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf);
    const task = await pollBasic(swf);
    await decide(swf, task.taskToken, [scheduleAct('a1')]);
    sim.advanceBy(300_000);
    const history = sim.history(D, 'w1');
    expect(history.slice(5).map((e) => e.eventType)).toStrictEqual([
      'ActivityTaskTimedOut',
      'DecisionTaskScheduled',
    ]);
    expect(history[5]?.activityTaskTimedOutEventAttributes).toStrictEqual({
      timeoutType: 'SCHEDULE_TO_START',
      scheduledEventId: 5,
      startedEventId: 0,
    });
    sim.close();
  });
});

/** Lets the SDK's promise chains settle without moving virtual time. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
