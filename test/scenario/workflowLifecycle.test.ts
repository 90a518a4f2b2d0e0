import {
  DescribeWorkflowExecutionCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterWorkflowTypeCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCanceledCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import {
  D,
  TL,
  WF,
  attributesAt,
  completeWorkflow,
  decide,
  decideNext,
  pollActivity,
  pollDecision,
  registerBasics,
  rejectionOf,
  scheduleAct,
  start,
  timer,
  typesFrom,
} from '../support/workflows.js';

let sim: Simulation;
let swf: SWFClient;

beforeEach(async () => {
  sim = createSimulation({ seed: 'lifecycle', autoAdvance: false });
  swf = sim.client();
  await registerBasics(swf);
});

afterEach(() => sim.close());

const history = (workflowId = 'w1', runId?: string) => sim.history(D, workflowId, runId);
const describeRun = async (workflowId: string, runId: string) =>
  swf.send(new DescribeWorkflowExecutionCommand({ domain: D, execution: { workflowId, runId } }));

describe('signals', () => {
  it('signal: API: WorkflowExecutionSignaled carries externalInitiatedEventId 0 and schedules a decision task', async () => {
    await start(swf);
    await decideNext(swf, []);
    await swf.send(
      new SignalWorkflowExecutionCommand({ domain: D, workflowId: 'w1', signalName: 'go', input: 'x' }),
    );
    expect(typesFrom(history(), 5)).toStrictEqual(['WorkflowExecutionSignaled', 'DecisionTaskScheduled']);
    expect(attributesAt(history(), 5)).toStrictEqual({
      signalName: 'go',
      input: 'x',
      externalInitiatedEventId: 0,
    });
  });

  it('signal: API: no open run of the workflowId is an UnknownResourceFault', async () => {
    expect(
      await rejectionOf(
        swf.send(new SignalWorkflowExecutionCommand({ domain: D, workflowId: 'none', signalName: 's' })),
      ),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown execution, workflowId = none' });
  });

  it('signal: batching: signals arriving while a task is scheduled join that task', async () => {
    await start(swf);
    await swf.send(new SignalWorkflowExecutionCommand({ domain: D, workflowId: 'w1', signalName: 'a' }));
    await swf.send(new SignalWorkflowExecutionCommand({ domain: D, workflowId: 'w1', signalName: 'b' }));
    const task = await pollDecision(swf);
    expect(typesFrom(task.events ?? [])).toStrictEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'WorkflowExecutionSignaled',
      'WorkflowExecutionSignaled',
      'DecisionTaskStarted',
    ]);
  });

  it('signal: external decision: the target is signaled first, then the sender hears of it', async () => {
    const senderRunId = await start(swf, 'sender');
    const targetRunId = await start(swf, 'target');
    await decideNext(swf, [
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: {
          workflowId: 'target',
          signalName: 'ping',
          input: 'i',
        },
      },
    ]);
    const sender = history('sender');
    const target = history('target');
    expect(typesFrom(sender, 4)).toStrictEqual([
      'DecisionTaskCompleted',
      'SignalExternalWorkflowExecutionInitiated',
      'ExternalWorkflowExecutionSignaled',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(target, 3)).toStrictEqual({
      signalName: 'ping',
      input: 'i',
      externalWorkflowExecution: { workflowId: 'sender', runId: senderRunId },
      externalInitiatedEventId: 5,
    });
    expect(attributesAt(sender, 6)).toStrictEqual({
      workflowExecution: { workflowId: 'target', runId: targetRunId },
      initiatedEventId: 5,
    });
  });

  it('signal: external decision: an unknown target fails at once inside the batch', async () => {
    await start(swf);
    await decideNext(swf, [
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: {
          workflowId: 'ghost',
          signalName: 's',
          control: 'c',
        },
      },
      { decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: 'm' } },
    ]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'SignalExternalWorkflowExecutionInitiated',
      'SignalExternalWorkflowExecutionFailed',
      'MarkerRecorded',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), 6)).toStrictEqual({
      workflowId: 'ghost',
      cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
      initiatedEventId: 5,
      decisionTaskCompletedEventId: 4,
      control: 'c',
    });
  });
});

/** The child's run id, as its parent's ChildWorkflowExecutionStarted reports it. */
function childRunId(parent: string): string {
  const started = history(parent).find((e) => e.eventType === 'ChildWorkflowExecutionStarted');
  return started?.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.runId as string;
}

describe('cancellation', () => {
  it('cancel: API request: recorded with externalInitiatedEventId 0; the decider cancels; Describe resets the flag', async () => {
    const runId = await start(swf);
    await decideNext(swf, []);
    await swf.send(new RequestCancelWorkflowExecutionCommand({ domain: D, workflowId: 'w1' }));
    expect(attributesAt(history(), 5)).toStrictEqual({ externalInitiatedEventId: 0 });
    expect((await describeRun('w1', runId)).executionInfo?.cancelRequested).toBe(true);
    await decideNext(swf, [
      {
        decisionType: 'CancelWorkflowExecution',
        cancelWorkflowExecutionDecisionAttributes: { details: 'bye' },
      },
    ]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'WorkflowExecutionCancelRequested',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'DecisionTaskCompleted',
      'WorkflowExecutionCanceled',
    ]);
    const info = (await describeRun('w1', runId)).executionInfo;
    expect([info?.executionStatus, info?.closeStatus, info?.cancelRequested]).toStrictEqual([
      'CLOSED',
      'CANCELED',
      false,
    ]);
  });

  it('cancel: external decision: the target gets the request with the sender named', async () => {
    const senderRunId = await start(swf, 'sender');
    await start(swf, 'target');
    await decideNext(swf, [
      {
        decisionType: 'RequestCancelExternalWorkflowExecution',
        requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: 'target' },
      },
    ]);
    expect(typesFrom(history('sender'), 5)).toStrictEqual([
      'RequestCancelExternalWorkflowExecutionInitiated',
      'ExternalWorkflowExecutionCancelRequested',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history('target'), 3)).toStrictEqual({
      externalWorkflowExecution: { workflowId: 'sender', runId: senderRunId },
      externalInitiatedEventId: 5,
    });
  });

  it('cancel: activity: a never-started task is canceled after the batch; a started one learns it by heartbeat', async () => {
    await start(swf);
    await decideNext(swf, [scheduleAct('started'), scheduleAct('waiting')]);
    const started = await pollActivity(swf);
    expect(started.activityId).toBe('started');
    await swf.send(new SignalWorkflowExecutionCommand({ domain: D, workflowId: 'w1', signalName: 'wake' }));
    const cancel = (activityId: string): Decision => ({
      decisionType: 'RequestCancelActivityTask',
      requestCancelActivityTaskDecisionAttributes: { activityId },
    });
    await decideNext(swf, [cancel('started'), cancel('waiting'), cancel('nope')]);
    expect(typesFrom(history(), 11)).toStrictEqual([
      'DecisionTaskCompleted',
      'ActivityTaskCancelRequested',
      'ActivityTaskCancelRequested',
      'RequestCancelActivityTaskFailed',
      'ActivityTaskCanceled',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), 15)).toStrictEqual({
      scheduledEventId: 6,
      startedEventId: 0,
      latestCancelRequestedEventId: 13,
    });
    const heartbeat = await swf.send(
      new RecordActivityTaskHeartbeatCommand({ taskToken: started.taskToken }),
    );
    expect(heartbeat.cancelRequested).toBe(true);
    await swf.send(
      new RespondActivityTaskCanceledCommand({ taskToken: started.taskToken, details: 'stopped' }),
    );
    expect(attributesAt(history(), 17)).toStrictEqual({
      details: 'stopped',
      scheduledEventId: 5,
      startedEventId: 7,
      latestCancelRequestedEventId: 12,
    });
  });
});

describe('termination and timeouts', () => {
  it('terminate: API: closes at once while a decision task is started; its token dies', async () => {
    await start(swf);
    const task = await pollDecision(swf);
    await swf.send(
      new TerminateWorkflowExecutionCommand({ domain: D, workflowId: 'w1', reason: 'r', details: 'd' }),
    );
    expect(typesFrom(history())).toStrictEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'WorkflowExecutionTerminated',
    ]);
    expect(attributesAt(history(), 4)).toStrictEqual({
      reason: 'r',
      details: 'd',
      childPolicy: 'TERMINATE',
      cause: 'OPERATOR_INITIATED',
    });
    expect((await rejectionOf(decide(swf, task.taskToken, []))).name).toBe('UnknownResourceFault');
  });

  it('timeout: execution START_TO_CLOSE closes the run as TIMED_OUT with only its own event', async () => {
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain: D,
        name: 'short',
        version: '1',
        defaultTaskList: TL,
        defaultChildPolicy: 'ABANDON',
        defaultExecutionStartToCloseTimeout: '5',
        defaultTaskStartToCloseTimeout: 'NONE',
      }),
    );
    await swf.send(
      new StartWorkflowExecutionCommand({
        domain: D,
        workflowId: 'w1',
        workflowType: { name: 'short', version: '1' },
      }),
    );
    sim.advanceBy(5_000);
    expect(typesFrom(history())).toStrictEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'WorkflowExecutionTimedOut',
    ]);
    expect(attributesAt(history(), 3)).toStrictEqual({
      timeoutType: 'START_TO_CLOSE',
      childPolicy: 'ABANDON',
    });
  });

  it('timer: fires after its duration and schedules a decision task; an open id cannot be reused', async () => {
    await start(swf);
    await decideNext(swf, [timer('t', '3600'), timer('t', '1')]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'TimerStarted',
      'StartTimerFailed',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), 6)).toStrictEqual({
      timerId: 't',
      cause: 'TIMER_ID_ALREADY_IN_USE',
      decisionTaskCompletedEventId: 4,
    });
    await decideNext(swf, []);
    sim.advanceBy(3_599_999);
    expect(typesFrom(history()).at(-1)).toBe('DecisionTaskCompleted');
    sim.advanceBy(1);
    expect(typesFrom(history()).slice(-2)).toStrictEqual(['TimerFired', 'DecisionTaskScheduled']);
    expect(attributesAt(history(), history().length - 1)).toStrictEqual({ timerId: 't', startedEventId: 5 });
  });

  it('timer: canceling an unknown timer fails; canceling an open one stops it', async () => {
    await start(swf);
    await decideNext(swf, [
      timer('t', '60'),
      { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 't' } },
      { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 't' } },
    ]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'TimerStarted',
      'TimerCanceled',
      'CancelTimerFailed',
      'DecisionTaskScheduled',
    ]);
    sim.advanceBy(120_000);
    expect(typesFrom(history()).includes('TimerFired')).toBe(false);
  });
});

describe('continue-as-new', () => {
  it('continue-as-new: closes the run and starts a successor with the same workflowId', async () => {
    const runId = await start(swf);
    await decideNext(swf, [
      {
        decisionType: 'ContinueAsNewWorkflowExecution',
        continueAsNewWorkflowExecutionDecisionAttributes: {
          input: 'next',
          executionStartToCloseTimeout: 'NONE',
        },
      },
    ]);
    const old = history('w1', runId);
    const closing = attributesAt(old, 5) as Record<string, unknown>;
    expect(old.at(-1)?.eventType).toBe('WorkflowExecutionContinuedAsNew');
    expect(closing).toMatchObject({
      input: 'next',
      decisionTaskCompletedEventId: 4,
      executionStartToCloseTimeout: 'NONE',
      taskList: TL,
      taskStartToCloseTimeout: '30',
      childPolicy: 'TERMINATE',
      workflowType: WF,
    });
    const successor = history('w1', closing.newExecutionRunId as string);
    expect(typesFrom(successor)).toStrictEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled']);
    expect(attributesAt(successor, 1)).toMatchObject({ continuedExecutionRunId: runId, input: 'next' });
    expect((await describeRun('w1', runId)).executionInfo?.closeStatus).toBe('CONTINUED_AS_NEW');
  });

  it('continue-as-new: an unknown version fails and asks for a new decision', async () => {
    await start(swf);
    await decideNext(swf, [
      {
        decisionType: 'ContinueAsNewWorkflowExecution',
        continueAsNewWorkflowExecutionDecisionAttributes: { workflowTypeVersion: '9' },
      },
    ]);
    expect(typesFrom(history(), 5)).toStrictEqual([
      'ContinueAsNewWorkflowExecutionFailed',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history(), 5)).toStrictEqual({
      cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST',
      decisionTaskCompletedEventId: 4,
    });
  });
});

/** Children run on their own task list, so tests can answer parent and child separately. */
const KIDS = { name: 'kids' };

const startChild = (workflowId: string): Decision => ({
  decisionType: 'StartChildWorkflowExecution',
  startChildWorkflowExecutionDecisionAttributes: {
    workflowType: WF,
    workflowId,
    input: 'child input',
    taskList: KIDS,
  },
});

describe('child workflows', () => {
  it('child: start: the child starts with its parent named, then the parent hears ChildWorkflowExecutionStarted', async () => {
    const parentRunId = await start(swf, 'parent');
    await decideNext(swf, [startChild('kid')]);
    expect(typesFrom(history('parent'), 5)).toStrictEqual([
      'StartChildWorkflowExecutionInitiated',
      'ChildWorkflowExecutionStarted',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history('parent'), 5)).toStrictEqual({
      workflowId: 'kid',
      workflowType: WF,
      input: 'child input',
      executionStartToCloseTimeout: '86400',
      taskList: KIDS,
      decisionTaskCompletedEventId: 4,
      childPolicy: 'TERMINATE',
      taskStartToCloseTimeout: '30',
    });
    const kidRunId = childRunId('parent');
    expect(attributesAt(history('kid'), 1)).toStrictEqual({
      input: 'child input',
      executionStartToCloseTimeout: '86400',
      taskStartToCloseTimeout: '30',
      childPolicy: 'TERMINATE',
      taskList: KIDS,
      workflowType: WF,
      parentWorkflowExecution: { workflowId: 'parent', runId: parentRunId },
      parentInitiatedEventId: 5,
    });
    expect(attributesAt(history('parent'), 6)).toStrictEqual({
      workflowExecution: { workflowId: 'kid', runId: kidRunId },
      workflowType: WF,
      initiatedEventId: 5,
    });
  });

  it('child: outcome: a completed child reports its result to the parent', async () => {
    await start(swf, 'parent');
    await decideNext(swf, [startChild('kid')]);
    await decideNext(swf, [completeWorkflow('42')], KIDS);
    // The parent's task for ChildWorkflowExecutionStarted is still scheduled: the outcome joins it.
    expect(typesFrom(history('parent'), 5)).toStrictEqual([
      'StartChildWorkflowExecutionInitiated',
      'ChildWorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'ChildWorkflowExecutionCompleted',
    ]);
    expect(attributesAt(history('parent'), 8)).toStrictEqual({
      workflowExecution: { workflowId: 'kid', runId: childRunId('parent') },
      workflowType: WF,
      initiatedEventId: 5,
      startedEventId: 6,
      result: '42',
    });
  });

  it.each([
    [
      'FAILED',
      'ChildWorkflowExecutionFailed',
      {
        decisionType: 'FailWorkflowExecution',
        failWorkflowExecutionDecisionAttributes: { reason: 'r', details: 'd' },
      },
      { reason: 'r', details: 'd' },
    ],
    [
      'CANCELED',
      'ChildWorkflowExecutionCanceled',
      {
        decisionType: 'CancelWorkflowExecution',
        cancelWorkflowExecutionDecisionAttributes: { details: 'd' },
      },
      { details: 'd' },
    ],
  ] as const)(
    'child: outcome: a %s child is reported to the parent',
    async (_status, event, decision, extra) => {
      await start(swf, 'parent');
      await decideNext(swf, [startChild('kid')]);
      await decideNext(swf, [decision], KIDS);
      expect(typesFrom(history('parent'), 8)).toStrictEqual([event]);
      expect(attributesAt(history('parent'), 8)).toStrictEqual({
        workflowExecution: { workflowId: 'kid', runId: childRunId('parent') },
        workflowType: WF,
        initiatedEventId: 5,
        startedEventId: 6,
        ...extra,
      });
    },
  );

  it('child: outcome: a terminated child and a timed-out child are reported to the parent', async () => {
    await start(swf, 'parent');
    await decideNext(swf, [
      startChild('kid'),
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowType: WF,
          workflowId: 'brief',
          taskList: KIDS,
          executionStartToCloseTimeout: '10',
        },
      },
    ]);
    await swf.send(new TerminateWorkflowExecutionCommand({ domain: D, workflowId: 'kid' }));
    sim.advanceBy(10_000);
    const parent = history('parent');
    const outcomes = parent.filter((e) => e.eventType?.startsWith('ChildWorkflowExecution') === true);
    expect(outcomes.map((e) => e.eventType)).toStrictEqual([
      'ChildWorkflowExecutionStarted',
      'ChildWorkflowExecutionStarted',
      'ChildWorkflowExecutionTerminated',
      'ChildWorkflowExecutionTimedOut',
    ]);
    expect(attributesAt(parent, outcomes[3]?.eventId as number)).toMatchObject({
      timeoutType: 'START_TO_CLOSE',
      initiatedEventId: 6,
    });
  });

  it("child: start: a child's workflowId and a timerId may hold ':', as recordings show SWF accepting", async () => {
    const parentRunId = await start(swf, 'parent');
    await decideNext(swf, [startChild(`${parentRunId}:1`), timer('timer:1', '60')]);
    expect(typesFrom(history('parent'), 5)).toStrictEqual([
      'StartChildWorkflowExecutionInitiated',
      'TimerStarted',
      'ChildWorkflowExecutionStarted',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history('parent'), 6)).toMatchObject({ timerId: 'timer:1' });
    expect(typesFrom(history(`${parentRunId}:1`))).toStrictEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
    ]);
  });

  it('child: start: a workflowId already open fails with WORKFLOW_ALREADY_RUNNING after the batch', async () => {
    await start(swf, 'parent');
    await start(swf, 'kid');
    await decideNext(swf, [startChild('kid')]);
    expect(typesFrom(history('parent'), 5)).toStrictEqual([
      'StartChildWorkflowExecutionInitiated',
      'StartChildWorkflowExecutionFailed',
      'DecisionTaskScheduled',
    ]);
    expect(attributesAt(history('parent'), 6)).toMatchObject({
      cause: 'WORKFLOW_ALREADY_RUNNING',
      initiatedEventId: 5,
    });
  });

  it.each([
    ['TERMINATE', 'WorkflowExecutionTerminated', { childPolicy: 'TERMINATE', cause: 'CHILD_POLICY_APPLIED' }],
    ['REQUEST_CANCEL', 'WorkflowExecutionCancelRequested', { cause: 'CHILD_POLICY_APPLIED' }],
    ['ABANDON', undefined, undefined],
  ] as const)(
    'child: parent-close policy %s is applied when the parent completes',
    async (policy, event, attrs) => {
      const parentRunId = (
        await swf.send(
          new StartWorkflowExecutionCommand({
            domain: D,
            workflowId: 'parent',
            workflowType: WF,
            childPolicy: policy,
          }),
        )
      ).runId;
      await decideNext(swf, [startChild('kid')]);
      // The parent's next task (for ChildWorkflowExecutionStarted) completes it; the child is still open.
      await decideNext(swf, [completeWorkflow()]);
      const kid = history('kid');
      if (event === undefined) {
        expect(typesFrom(kid)).toStrictEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled']);
        return;
      }
      expect(typesFrom(kid, 3)[0]).toBe(event);
      const expected =
        event === 'WorkflowExecutionCancelRequested'
          ? { ...attrs, externalWorkflowExecution: { workflowId: 'parent', runId: parentRunId } }
          : attrs;
      expect(attributesAt(kid, 3)).toStrictEqual(expected);
    },
  );
});
