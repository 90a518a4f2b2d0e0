import type { Decision, DecisionType, EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { eventAttributesKey } from '../../src/sim/history/appendEvent.js';
import { compareDecisions } from '../../src/sim/replay/compareDecisions.js';
import { DECISION_EVENTS, decisionFromEvent } from '../../src/sim/history/decisionEvents.js';

function event(eventId: number, type: EventType, attributes: Record<string, unknown>): HistoryEvent {
  return {
    eventId,
    eventType: type,
    [eventAttributesKey(type)]: { ...attributes, decisionTaskCompletedEventId: 4 },
  } as unknown as HistoryEvent;
}

function decision(type: DecisionType, attributes: Record<string, unknown>): Decision {
  return { decisionType: type, [DECISION_EVENTS[type].attributesKey]: attributes };
}

const ACT = { name: 'act', version: '1' };
const WF = { name: 'child', version: '2' };

/** For each decision type: a decision, the success event it writes (with defaults filled), and its failure event. */
const CASES: Record<
  DecisionType,
  {
    decision: Record<string, unknown>;
    success: Record<string, unknown>;
    failure: Record<string, unknown>;
    change: [string, unknown];
  }
> = {
  ScheduleActivityTask: {
    decision: { activityType: ACT, activityId: 'a', input: 'i' },
    success: {
      activityType: ACT,
      activityId: 'a',
      input: 'i',
      taskList: { name: 'tl' },
      scheduleToStartTimeout: '10',
      scheduleToCloseTimeout: '20',
      startToCloseTimeout: '10',
      heartbeatTimeout: 'NONE',
    },
    failure: { activityType: ACT, activityId: 'a', cause: 'ACTIVITY_TYPE_DOES_NOT_EXIST' },
    change: ['activityId', 'b'],
  },
  RequestCancelActivityTask: {
    decision: { activityId: 'a' },
    success: { activityId: 'a' },
    failure: { activityId: 'a', cause: 'ACTIVITY_ID_UNKNOWN' },
    change: ['activityId', 'b'],
  },
  CompleteWorkflowExecution: {
    decision: { result: 'r' },
    success: { result: 'r' },
    failure: { cause: 'UNHANDLED_DECISION' },
    change: ['result', 'other'],
  },
  FailWorkflowExecution: {
    decision: { reason: 'why', details: 'd' },
    success: { reason: 'why', details: 'd' },
    failure: { cause: 'UNHANDLED_DECISION' },
    change: ['reason', 'other'],
  },
  CancelWorkflowExecution: {
    decision: { details: 'd' },
    success: { details: 'd' },
    failure: { cause: 'UNHANDLED_DECISION' },
    change: ['details', 'other'],
  },
  ContinueAsNewWorkflowExecution: {
    decision: { input: 'next' },
    success: {
      input: 'next',
      newExecutionRunId: 'run',
      workflowType: { name: 'wf', version: '1' },
      taskList: { name: 'tl' },
      childPolicy: 'TERMINATE',
      executionStartToCloseTimeout: '60',
      taskStartToCloseTimeout: '10',
    },
    failure: { cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST' },
    change: ['workflowTypeVersion', '9'],
  },
  RecordMarker: {
    decision: { markerName: 'm', details: 'd' },
    success: { markerName: 'm', details: 'd' },
    failure: { markerName: 'm', cause: 'OPERATION_NOT_PERMITTED' },
    change: ['markerName', 'n'],
  },
  StartTimer: {
    decision: { timerId: 't', startToFireTimeout: '5', control: 'c' },
    success: { timerId: 't', startToFireTimeout: '5', control: 'c' },
    failure: { timerId: 't', cause: 'TIMER_ID_ALREADY_IN_USE' },
    change: ['timerId', 'u'],
  },
  CancelTimer: {
    decision: { timerId: 't' },
    success: { timerId: 't', startedEventId: 5 },
    failure: { timerId: 't', cause: 'TIMER_ID_UNKNOWN' },
    change: ['timerId', 'u'],
  },
  SignalExternalWorkflowExecution: {
    decision: { workflowId: 'w', runId: 'r', signalName: 's', input: 'i' },
    success: { workflowId: 'w', runId: 'r', signalName: 's', input: 'i' },
    failure: {
      workflowId: 'w',
      runId: 'r',
      cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
      initiatedEventId: 0,
    },
    change: ['workflowId', 'x'],
  },
  RequestCancelExternalWorkflowExecution: {
    decision: { workflowId: 'w', control: 'c' },
    success: { workflowId: 'w', control: 'c' },
    failure: {
      workflowId: 'w',
      control: 'c',
      cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
      initiatedEventId: 0,
    },
    change: ['workflowId', 'x'],
  },
  StartChildWorkflowExecution: {
    decision: { workflowType: WF, workflowId: 'c', input: 'i' },
    success: {
      workflowType: WF,
      workflowId: 'c',
      input: 'i',
      taskList: { name: 'tl' },
      childPolicy: 'TERMINATE',
      executionStartToCloseTimeout: '60',
      taskStartToCloseTimeout: '10',
    },
    failure: {
      workflowType: WF,
      workflowId: 'c',
      cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST',
      initiatedEventId: 0,
    },
    change: ['workflowId', 'd'],
  },
  ScheduleLambdaFunction: {
    decision: { id: 'l', name: 'fn', input: 'i' },
    success: { id: 'l', name: 'fn', input: 'i' },
    failure: { id: 'l', name: 'fn', cause: 'ID_ALREADY_IN_USE' },
    change: ['name', 'other'],
  },
};

describe('compareDecisions: every decision type against its success and its failure event', () => {
  for (const [type, c] of Object.entries(CASES) as [DecisionType, (typeof CASES)[DecisionType]][]) {
    const spec = DECISION_EVENTS[type];
    it(`${type} ↔ ${spec.success} or ${spec.failure}`, () => {
      const ok = decision(type, c.decision);
      expect(compareDecisions([event(5, spec.success, c.success)], [ok])).toEqual([]);
      expect(compareDecisions([event(5, spec.failure, c.failure)], [ok])).toEqual([]);
      const [member, value] = c.change;
      const changed = decision(type, { ...c.decision, [member]: value });
      const mismatches = compareDecisions([event(5, spec.success, c.success)], [changed]);
      expect(mismatches).toHaveLength(1);
      expect(mismatches[0]).toMatchObject({ kind: 'member', member, actual: value, eventId: 5, index: 0 });
      // The decision rebuilt from the success event is matched by it.
      expect(
        compareDecisions(
          [event(5, spec.success, c.success)],
          [decisionFromEvent(event(5, spec.success, c.success)) as Decision],
        ),
      ).toEqual([]);
    });
  }
});

describe('compareDecisions: what a decision determines', () => {
  const scheduled = event(5, 'ActivityTaskScheduled', CASES.ScheduleActivityTask.success);

  it('lets an omitted task list or timeout match the default the event recorded, but not a different given one', () => {
    expect(
      compareDecisions(
        [scheduled],
        [decision('ScheduleActivityTask', { activityType: ACT, activityId: 'a', input: 'i' })],
      ),
    ).toEqual([]);
    const given = compareDecisions(
      [scheduled],
      [
        decision('ScheduleActivityTask', {
          activityType: ACT,
          activityId: 'a',
          input: 'i',
          taskList: { name: 'elsewhere' },
        }),
      ],
    );
    expect(given[0]?.message).toBe(
      'decision 1 (recorded ActivityTaskScheduled, event 5): taskList: expected {"name":"tl"}, the decider gave {"name":"elsewhere"}',
    );
  });

  it('does not let an omitted input, result or control match a recorded one (they have no default)', () => {
    const mismatches = compareDecisions(
      [scheduled],
      [decision('ScheduleActivityTask', { activityType: ACT, activityId: 'a' })],
    );
    expect(mismatches[0]).toMatchObject({ member: 'input', expected: 'i', actual: undefined });
    expect(mismatches[0]?.message).toContain('input: expected "i", the decider gave (absent)');
    const lambda = event(6, 'LambdaFunctionScheduled', { id: 'l', name: 'fn' });
    expect(
      compareDecisions(
        [lambda],
        [decision('ScheduleLambdaFunction', { id: 'l', name: 'fn', startToCloseTimeout: '900' })],
      )[0],
    ).toMatchObject({ member: 'startToCloseTimeout' });
  });

  it('reads a tagList an exporter dropped as the empty one a decision may give', () => {
    const child = CASES.StartChildWorkflowExecution;
    const recorded = event(5, 'StartChildWorkflowExecutionInitiated', child.success);
    expect(
      compareDecisions(
        [recorded],
        [decision('StartChildWorkflowExecution', { ...child.decision, tagList: [] })],
      ),
    ).toEqual([]);
    expect(
      compareDecisions(
        [recorded],
        [decision('StartChildWorkflowExecution', { ...child.decision, tagList: ['t'] })],
      )[0],
    ).toMatchObject({ member: 'tagList', expected: undefined, actual: ['t'] });
  });

  it('reports another decision type, missing decisions and extra ones', () => {
    const timerStarted = event(6, 'TimerStarted', CASES.StartTimer.success);
    const mismatches = compareDecisions(
      [scheduled, timerStarted],
      [decision('StartTimer', CASES.StartTimer.decision)],
    );
    expect(mismatches.map((m) => m.kind)).toEqual(['type', 'missing']);
    expect(mismatches[0]?.message).toBe(
      'decision 1 (recorded ActivityTaskScheduled, event 5): expected a ScheduleActivityTask decision, the decider made StartTimer',
    );
    expect(mismatches[1]?.message).toBe(
      'decision 2 (recorded TimerStarted, event 6): the decider made no StartTimer decision',
    );
    const extra = compareDecisions([], [decision('RecordMarker', { markerName: 'm' })]);
    expect(extra[0]?.message).toBe(
      'decision 1: RecordMarker is not in the recording (the recorded batch has 0 decisions)',
    );
  });

  it('compares ContinueAsNew workflowTypeVersion with the version the event recorded', () => {
    const continued = event(
      5,
      'WorkflowExecutionContinuedAsNew',
      CASES.ContinueAsNewWorkflowExecution.success,
    );
    expect(
      compareDecisions(
        [continued],
        [decision('ContinueAsNewWorkflowExecution', { input: 'next', workflowTypeVersion: '1' })],
      ),
    ).toEqual([]);
  });
});
