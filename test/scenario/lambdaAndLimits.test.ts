import {
  PollForDecisionTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterActivityTypeCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSimulation,
  type Simulation,
  type SimulationOptions,
} from '../../src/adapters/testing/harness/createSimulation.js';
import {
  ACT,
  D,
  TL,
  WF,
  attributesAt,
  decideNext,
  marker,
  pollActivity,
  registerBasics,
  rejectionOf,
  start,
  typesFrom,
} from '../support/workflows.js';

let sim: Simulation;
let swf: SWFClient;

async function setUp(options: SimulationOptions = {}): Promise<void> {
  sim = createSimulation({ seed: 'limits', autoAdvance: false, ...options });
  swf = sim.client();
  await registerBasics(swf);
}

afterEach(() => sim.close());

const history = (workflowId = 'w1') => sim.history(D, workflowId);

const lambda = (id: string, name: string, startToCloseTimeout?: string): Decision => ({
  decisionType: 'ScheduleLambdaFunction',
  scheduleLambdaFunctionDecisionAttributes: {
    id,
    name,
    input: 'in',
    ...(startToCloseTimeout !== undefined && { startToCloseTimeout }),
  },
});

async function startWithRole(): Promise<void> {
  await swf.send(
    new StartWorkflowExecutionCommand({
      domain: D,
      workflowId: 'w1',
      workflowType: WF,
      lambdaRole: 'arn:aws:iam::123456789012:role/swf-lambda',
    }),
  );
}

describe('lambda', () => {
  it('lambda: a registered function runs and completes, each step with its own event', async () => {
    await setUp({ lambdaFunctions: { upper: (input) => (input ?? '').toUpperCase() } });
    await startWithRole();
    await decideNext(swf, [lambda('l1', 'upper')]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionCompleted',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), 5)).toStrictEqual({
      id: 'l1',
      name: 'upper',
      input: 'in',
      decisionTaskCompletedEventId: 4,
    });
    expect(attributesAt(history(), 7)).toStrictEqual({
      scheduledEventId: 5,
      startedEventId: 6,
      result: 'IN',
    });
  });

  it('lambda: without an IAM role the task cannot start (StartLambdaFunctionFailed, as recorded)', async () => {
    await setUp({ lambdaFunctions: { upper: (input) => input ?? '' } });
    await start(swf);
    await decideNext(swf, [lambda('l1', 'upper')]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'LambdaFunctionScheduled',
      'StartLambdaFunctionFailed',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), 6)).toStrictEqual({
      scheduledEventId: 5,
      cause: 'ASSUME_ROLE_FAILED',
      message: 'No IAM role is attached to the current workflow execution.',
    });
  });

  it('lambda: a throwing function fails; one slower than its START_TO_CLOSE times out', async () => {
    await setUp({
      lambdaFunctions: {
        boom: () => {
          throw new TypeError('bad input');
        },
        slow: () => ({ result: 'late', durationMs: 10_000 }),
      },
    });
    await startWithRole();
    await decideNext(swf, [lambda('a', 'boom'), lambda('b', 'slow', '5'), lambda('b', 'slow')]);
    expect(attributesAt(history(), 7)).toStrictEqual({
      id: 'b',
      name: 'slow',
      cause: 'ID_ALREADY_IN_USE',
      decisionTaskCompletedEventId: 4,
    });
    expect(attributesAt(history(), 10)).toStrictEqual({
      scheduledEventId: 5,
      startedEventId: 9,
      reason: 'TypeError',
      details: '{"errorMessage":"bad input","errorType":"TypeError"}',
    });
    sim.advanceBy(5_000);
    expect(typesFrom(history()).at(-1)).toBe('LambdaFunctionTimedOut');
    expect(attributesAt(history(), history().length)).toStrictEqual({
      scheduledEventId: 6,
      startedEventId: 11,
      timeoutType: 'START_TO_CLOSE',
    });
  });

  it('lambda: a region without Lambda refuses the decision', async () => {
    await setUp({ lambdaAvailable: false });
    await startWithRole();
    await decideNext(swf, [lambda('l1', 'x')]);
    expect(attributesAt(history(), 5)).toMatchObject({ cause: 'LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION' });
  });
});

describe('limits', () => {
  it('limits: history cap: the run is terminated with EVENT_LIMIT_EXCEEDED as its 25,000th event', async () => {
    await setUp();
    await start(swf);
    const markers = Array.from({ length: 100 }, (_, i) => marker(`m${i}`));
    const timerZero: Decision = {
      decisionType: 'StartTimer',
      startTimerDecisionAttributes: { timerId: 'next', startToFireTimeout: '0' },
    };
    // Each round: Started, Completed, 100 markers, TimerStarted, then TimerFired + Scheduled at the next instant.
    while (sim.history(D, 'w1').at(-1)?.eventType !== 'WorkflowExecutionTerminated') {
      const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
      if (!task.taskToken) break;
      await swf.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken,
          decisions: [...markers, timerZero],
        }),
      );
      sim.advanceBy(0);
    }
    const events = history();
    expect(events).toHaveLength(25_000);
    expect(events.at(-1)?.eventType).toBe('WorkflowExecutionTerminated');
    expect(attributesAt(events, 25_000)).toStrictEqual({
      childPolicy: 'TERMINATE',
      cause: 'EVENT_LIMIT_EXCEEDED',
    });
  });

  it('limits: open activities: the 1,001st open activity fails with OPEN_ACTIVITIES_LIMIT_EXCEEDED', async () => {
    await setUp();
    await start(swf);
    const schedule = (activityId: string): Decision => ({
      decisionType: 'ScheduleActivityTask',
      scheduleActivityTaskDecisionAttributes: { activityType: ACT, activityId },
    });
    await decideNext(
      swf,
      Array.from({ length: 1001 }, (_, i) => schedule(`a${i}`)),
    );
    expect(attributesAt(history(), 1005)).toMatchObject({
      activityId: 'a1000',
      cause: 'OPEN_ACTIVITIES_LIMIT_EXCEEDED',
    });
  });
});

describe('timeouts', () => {
  it('activity task: timeout: HEARTBEAT expiry carries the last heartbeat details', async () => {
    await setUp();
    await swf.send(
      new RegisterActivityTypeCommand({
        domain: D,
        name: 'beating',
        version: '1',
        defaultTaskList: TL,
        defaultTaskScheduleToStartTimeout: 'NONE',
        defaultTaskScheduleToCloseTimeout: 'NONE',
        defaultTaskStartToCloseTimeout: '3600',
        defaultTaskHeartbeatTimeout: '60',
      }),
    );
    await start(swf);
    await decideNext(swf, [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityType: { name: 'beating', version: '1' },
          activityId: 'b',
        },
      },
    ]);
    const task = await pollActivity(swf);
    sim.advanceBy(59_000);
    await swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: '50%' }));
    sim.advanceBy(59_000);
    expect(typesFrom(history()).at(-1)).toBe('ActivityTaskStarted');
    sim.advanceBy(1_000);
    expect(typesFrom(history(), 7)).toStrictEqual(['ActivityTaskTimedOut', 'DecisionTaskScheduled']);
    expect(attributesAt(history(), 7)).toStrictEqual({
      timeoutType: 'HEARTBEAT',
      scheduledEventId: 5,
      startedEventId: 6,
      details: '50%',
    });
    expect(
      (await rejectionOf(swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }))))
        .message,
    ).toBe('Unknown activity, scheduledEventId = 5');
  });

  it('decision task: task-list override: a task not started in time times out and returns to the original list', async () => {
    await setUp();
    await start(swf);
    const first = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
    await swf.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: first.taskToken,
        decisions: [
          {
            decisionType: 'StartTimer',
            startTimerDecisionAttributes: { timerId: 't', startToFireTimeout: '1' },
          },
        ],
        taskList: { name: 'urgent' },
        taskListScheduleToStartTimeout: '30',
      }),
    );
    sim.advanceBy(1_000);
    expect(attributesAt(history(), 7)).toStrictEqual({
      taskList: { name: 'urgent' },
      startToCloseTimeout: '30',
      scheduleToStartTimeout: '30',
    });
    sim.advanceBy(30_000);
    expect(typesFrom(history(), 8)).toStrictEqual(['DecisionTaskTimedOut', 'DecisionTaskScheduled']);
    expect(attributesAt(history(), 8)).toStrictEqual({
      timeoutType: 'SCHEDULE_TO_START',
      scheduledEventId: 7,
      startedEventId: 0,
    });
    expect(attributesAt(history(), 9)).toStrictEqual({
      taskList: TL,
      startToCloseTimeout: '30',
      scheduleToStartTimeout: 'NONE',
    });
  });
});

describe('quotas and policies', () => {
  it('limits: open executions: a start beyond the domain quota is a LimitExceededFault; a child start fails', async () => {
    await setUp({ quotas: { openExecutionsPerDomain: 2 } });
    await start(swf, 'w1');
    await decideNext(swf, [
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowType: WF,
          workflowId: 'kid',
          taskList: { name: 'kids' },
        },
      },
    ]);
    expect(typesFrom(history(), 6)).toStrictEqual(['ChildWorkflowExecutionStarted', 'DecisionTaskScheduled']);
    expect(await rejectionOf(start(swf, 'w3'))).toStrictEqual({
      name: 'LimitExceededFault',
      message: 'Open workflow executions limit exceeded: at most 2 per domain',
    });
    await decideNext(swf, [
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: { workflowType: WF, workflowId: 'kid2' },
      },
    ]);
    expect(attributesAt(history(), 10)).toMatchObject({
      cause: 'OPEN_WORKFLOWS_LIMIT_EXCEEDED',
      initiatedEventId: 0,
    });
  });

  it('limits: decision rates: a decision beyond its token bucket fails with its *_RATE_EXCEEDED cause', async () => {
    await setUp({ decisionRates: { StartTimer: { bucket: 2, refillPerSecond: 1 } } });
    await start(swf);
    const startTimer = (timerId: string): Decision => ({
      decisionType: 'StartTimer',
      startTimerDecisionAttributes: { timerId, startToFireTimeout: '60' },
    });
    await decideNext(swf, [startTimer('a'), startTimer('b'), startTimer('c')]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'TimerStarted',
      'TimerStarted',
      'StartTimerFailed',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), 7)).toStrictEqual({
      timerId: 'c',
      cause: 'TIMER_CREATION_RATE_EXCEEDED',
      decisionTaskCompletedEventId: 4,
    });
    sim.advanceBy(1_000); // one token back
    await decideNext(swf, [startTimer('c')]);
    expect(typesFrom(history()).at(-1)).toBe('TimerStarted');
  });

  it('policy: a denied decision fails with OPERATION_NOT_PERMITTED; a denied RecordMarker wakes no decider', async () => {
    await setUp({
      permits: ({ decisionType }) =>
        decisionType !== 'RecordMarker' && decisionType !== 'CompleteWorkflowExecution',
    });
    await start(swf);
    await decideNext(swf, [marker('m')]);
    expect(typesFrom(history(), 4)).toStrictEqual(['DecisionTaskCompleted', 'RecordMarkerFailed']);
    expect(attributesAt(history(), 5)).toStrictEqual({
      markerName: 'm',
      cause: 'OPERATION_NOT_PERMITTED',
      decisionTaskCompletedEventId: 4,
    });
    await swf.send(new SignalWorkflowExecutionCommand({ domain: D, workflowId: 'w1', signalName: 's' }));
    await decideNext(swf, [
      { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
    ]);
    expect(typesFrom(history()).slice(-3)).toStrictEqual([
      'DecisionTaskCompleted',
      'CompleteWorkflowExecutionFailed',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), history().length - 1)).toStrictEqual({
      cause: 'OPERATION_NOT_PERMITTED',
      decisionTaskCompletedEventId: history().length - 2,
    });
  });

  it('policy: a denied call is an OperationNotPermittedFault and changes nothing', async () => {
    await setUp({ permits: ({ operation }) => operation !== 'StartWorkflowExecution' });
    expect(await rejectionOf(start(swf))).toStrictEqual({
      name: 'OperationNotPermittedFault',
      message: 'Not authorized to perform swf:StartWorkflowExecution',
    });
    expect(() => history()).toThrow();
  });
});
