/**
 * Re-enactment of what real recordings hold and the simulator once did not reproduce (issue 11),
 * each cause with a small constructed history.
 */
import { describe, expect, it } from 'vitest';
import {
  formatReenactResult,
  reenactHistories,
  reenactHistory,
  type ReenactResult,
} from '../../src/adapters/testing/reenact/reenact.js';
import { activityScheduled, decisionTask, recording, started, TL, WF, type Row } from './constructed.js';

describe('re-enactment of real recordings', () => {
  it('reads zero ids and an empty tagList that an exporter dropped as absent-and-zero-alike', async () => {
    const rows = [
      ...decisionTask(2, 0, 100),
      activityScheduled('a1', 4, 100, { scheduleToStart: '10' }),
      ['WorkflowExecutionSignaled', { signalName: 'go' }, 5000],
      ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, 5000],
      ['ActivityTaskTimedOut', { scheduledEventId: 5, timeoutType: 'SCHEDULE_TO_START' }, 10_100],
      ['DecisionTaskStarted', { scheduledEventId: 7, identity: 'decider' }, 10_200],
      ['DecisionTaskCompleted', { scheduledEventId: 7, startedEventId: 9 }, 10_300],
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 10 }, 10_300],
    ] satisfies Row[];
    // With an empty tagList the start sends, and without one.
    for (const events of [recording(started(0, { tagList: [] }), ...rows), recording(started(0), ...rows)]) {
      const result = await reenactHistory(events, { strict: true });
      expect(result.status, formatReenactResult(result)).toBe('identical');
      // The simulator writes the zeros real SWF writes; the comparison reads them as the absent ones.
      expect(result.reenacted[0]?.workflowExecutionStartedEventAttributes?.parentInitiatedEventId).toBe(0);
      expect(result.reenacted[5]?.workflowExecutionSignaledEventAttributes?.externalInitiatedEventId).toBe(0);
      expect(result.reenacted[7]?.activityTaskTimedOutEventAttributes?.startedEventId).toBe(0);
    }
  });
});

describe('re-enactment follows the recorded task order', () => {
  it('starts two activities of one batch in the order the recording shows, not the list order', async () => {
    const events = recording(
      started(0),
      ...decisionTask(2, 0, 100),
      activityScheduled('first', 4, 100),
      activityScheduled('second', 4, 100),
      ['ActivityTaskStarted', { scheduledEventId: 6, identity: 'worker-1' }, 150],
      ['ActivityTaskStarted', { scheduledEventId: 5, identity: 'worker-2' }, 180],
      ['ActivityTaskCompleted', { scheduledEventId: 5, startedEventId: 8, result: 'a' }, 300],
      ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, 300],
      ['ActivityTaskCompleted', { scheduledEventId: 6, startedEventId: 7, result: 'b' }, 320],
      ['DecisionTaskStarted', { scheduledEventId: 10, identity: 'decider' }, 400],
      ['DecisionTaskCompleted', { scheduledEventId: 10, startedEventId: 12 }, 500],
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 13 }, 500],
    );
    const result = await reenactHistory(events, { strict: true });
    expect(result.status, formatReenactResult(result)).toBe('identical');
  });
});

describe('re-enactment carries out what a batch set in motion when the recording shows it', () => {
  it('delivers two signals the run sent itself after a zero timer fired, in the other order', async () => {
    const self = { workflowId: 'wf-1', runId: 'run-1' };
    const signal = (signalName: string): Row => [
      'SignalExternalWorkflowExecutionInitiated',
      { ...self, signalName, decisionTaskCompletedEventId: 4 },
      100,
    ];
    const events = recording(
      started(0),
      ...decisionTask(2, 0, 100),
      signal('s1'),
      signal('s2'),
      ['TimerStarted', { timerId: 't', startToFireTimeout: '0', decisionTaskCompletedEventId: 4 }, 100],
      ['TimerFired', { timerId: 't', startedEventId: 7 }, 120],
      ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, 120],
      [
        'WorkflowExecutionSignaled',
        { signalName: 's2', externalWorkflowExecution: self, externalInitiatedEventId: 6 },
        170,
      ],
      [
        'WorkflowExecutionSignaled',
        { signalName: 's1', externalWorkflowExecution: self, externalInitiatedEventId: 5 },
        180,
      ],
      ['ExternalWorkflowExecutionSignaled', { workflowExecution: self, initiatedEventId: 6 }, 190],
      ['ExternalWorkflowExecutionSignaled', { workflowExecution: self, initiatedEventId: 5 }, 200],
      ['DecisionTaskStarted', { scheduledEventId: 9, identity: 'decider' }, 300],
      ['DecisionTaskCompleted', { scheduledEventId: 9, startedEventId: 14 }, 400],
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 15 }, 400],
    );
    const result = await reenactHistory(events, { strict: true });
    expect(result.status, formatReenactResult(result)).toBe('identical');
    // Deliveries at their recorded instants; only the timer fires when due, 20 ms before SWF did.
    expect(result.comparison?.maxTimestampDeltaMs).toBe(20);
  });

  it('starts two children of one batch in the opposite order to their decisions', async () => {
    const initiated = (workflowId: string): Row => [
      'StartChildWorkflowExecutionInitiated',
      {
        workflowId,
        workflowType: WF,
        taskList: TL,
        executionStartToCloseTimeout: '3600',
        taskStartToCloseTimeout: '60',
        childPolicy: 'TERMINATE',
        decisionTaskCompletedEventId: 4,
      },
      100,
    ];
    const childStarted = (workflowId: string, initiatedEventId: number, ms: number): Row => [
      'ChildWorkflowExecutionStarted',
      { workflowExecution: { workflowId, runId: `${workflowId}-run` }, workflowType: WF, initiatedEventId },
      ms,
    ];
    const events = recording(
      started(0),
      ...decisionTask(2, 0, 100),
      initiated('child-a'),
      initiated('child-b'),
      childStarted('child-b', 6, 250),
      ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, 250],
      childStarted('child-a', 5, 300),
      ['DecisionTaskStarted', { scheduledEventId: 8, identity: 'decider' }, 400],
      ['DecisionTaskCompleted', { scheduledEventId: 8, startedEventId: 10 }, 500],
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 11 }, 500],
    );
    const result = await reenactHistory(events, { strict: true });
    expect(result.status, formatReenactResult(result)).toBe('identical');
  });

  it('starts two Lambda tasks of one batch in the opposite order, each finishing as recorded', async () => {
    const scheduled = (id: string, input: string): Row => [
      'LambdaFunctionScheduled',
      { id, name: 'fn', input, decisionTaskCompletedEventId: 4 },
      100,
    ];
    const events = recording(
      started(0, { lambdaRole: 'arn:aws:iam::123456789012:role/swf-lambda' }),
      ...decisionTask(2, 0, 100),
      scheduled('l1', '1'),
      scheduled('l2', '2'),
      ['LambdaFunctionStarted', { scheduledEventId: 6 }, 150],
      ['LambdaFunctionStarted', { scheduledEventId: 5 }, 160],
      ['LambdaFunctionCompleted', { scheduledEventId: 6, startedEventId: 7, result: 'two' }, 300],
      ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, 300],
      ['LambdaFunctionCompleted', { scheduledEventId: 5, startedEventId: 8, result: 'one' }, 320],
      ['DecisionTaskStarted', { scheduledEventId: 10, identity: 'decider' }, 400],
      ['DecisionTaskCompleted', { scheduledEventId: 10, startedEventId: 12 }, 500],
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 13 }, 500],
    );
    const result = await reenactHistory(events, { strict: true });
    expect(result.status, formatReenactResult(result)).toBe('identical');
    expect(result.comparison?.maxTimestampDeltaMs).toBe(0);
  });
});

describe('re-enactment of unusual but genuine shapes', () => {
  it('starts a continued run whose recording says executionStartToCloseTimeout "NONE"', async () => {
    // StartWorkflowExecution refuses "NONE"; the continue-as-new decision that made the run does not.
    const events = recording(
      started(0, { executionStartToCloseTimeout: 'NONE', continuedExecutionRunId: 'earlier-run' }),
      ...decisionTask(2, 0, 100),
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 4 }, 100],
    );
    const result = await reenactHistory(events, { strict: true });
    expect(result.status, formatReenactResult(result)).toBe('identical');
  });

  it("takes the run's own decision task, scheduled while its decider worked, before a child's on the same list", async () => {
    const child = { workflowId: 'child-1', runId: 'child-run' };
    const events = recording(
      started(0),
      ...decisionTask(2, 0, 100).slice(0, 2),
      ['WorkflowExecutionSignaled', { signalName: 'go' }, 50],
      ['DecisionTaskScheduled', { taskList: TL, startToCloseTimeout: '60' }, 50],
      ['DecisionTaskCompleted', { scheduledEventId: 2, startedEventId: 3 }, 100],
      [
        'StartChildWorkflowExecutionInitiated',
        {
          workflowId: child.workflowId,
          workflowType: WF,
          taskList: TL,
          executionStartToCloseTimeout: '3600',
          taskStartToCloseTimeout: '60',
          childPolicy: 'TERMINATE',
          decisionTaskCompletedEventId: 6,
        },
        100,
      ],
      [
        'ChildWorkflowExecutionStarted',
        { workflowExecution: child, workflowType: WF, initiatedEventId: 7 },
        100,
      ],
      ['DecisionTaskStarted', { scheduledEventId: 5, identity: 'decider' }, 200],
      ['DecisionTaskCompleted', { scheduledEventId: 5, startedEventId: 9 }, 300],
      [
        'ChildWorkflowExecutionCompleted',
        { workflowExecution: child, workflowType: WF, result: 'ok', initiatedEventId: 7, startedEventId: 8 },
        400,
      ],
      ...decisionTask(12, 400, 500),
      ['WorkflowExecutionCompleted', { decisionTaskCompletedEventId: 14 }, 500],
    );
    const result = await reenactHistory(events, { strict: true });
    expect(result.status, formatReenactResult(result)).toBe('identical');
  });

  it('names the run and its one real decision when a stand-in cannot send what the recording shows', async () => {
    // A hand edit: a signal name longer than SWF accepts, "sent" by another execution.
    const signalName = 's'.repeat(300);
    const sender = { workflowId: 'sender', runId: 'sender-run' };
    const events = recording(started(0), ...decisionTask(2, 0, 100), [
      'WorkflowExecutionSignaled',
      { signalName, externalWorkflowExecution: sender, externalInitiatedEventId: 30 },
      1000,
    ]);
    const result = await reenactHistories([events]);
    const message = result[0]?.stoppedAt?.message ?? '';
    expect(message).toMatch(
      /^"sender" \(a run the re-enactment plays\) could not make its SignalExternalWorkflowExecution decision for its event 30: ValidationException: .* at 'signalExternalWorkflowExecutionDecisionAttributes\.signalName'/,
    );
    expect(message).not.toContain('decisions.');
  });

  it('refuses a value SWF never writes, naming the field', async () => {
    const events = recording(started(0, { taskList: { name: ['tl'] } }), ...decisionTask(2, 0, 100));
    await expect(reenactHistory(events)).rejects.toThrow(
      'history: event 1 (WorkflowExecutionStarted): taskList.name is a list, not a string',
    );
    const [result] = await reenactHistories([events]);
    expect(formatReenactResult(result as ReenactResult)).toBe(
      'ERROR history #1: unusable: event 1 (WorkflowExecutionStarted): taskList.name is a list, not a string',
    );
  });
});
