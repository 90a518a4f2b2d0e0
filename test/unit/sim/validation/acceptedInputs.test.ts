import { describe, it, expect } from 'vitest';
import type { OperationName } from '../../../../src/sim/service/operations.js';
import { validateInput } from '../../../../src/sim/validation/validateInput.js';
import { respond, start } from './validateInputFixtures.js';

describe('validateInput', () => {
  describe('valid inputs', () => {
    it('accepts a minimal and a complete StartWorkflowExecution', () => {
      expect(() => validateInput('StartWorkflowExecution', start)).not.toThrow();
      const complete = {
        ...start,
        taskList: { name: 'main' },
        taskPriority: '-5',
        input: '{"id":1}',
        executionStartToCloseTimeout: '31536000',
        tagList: ['a', 'b', 'c', 'd', ''],
        taskStartToCloseTimeout: 'NONE',
        childPolicy: 'TERMINATE',
        lambdaRole: 'arn:aws:iam::123456789012:role/lambda',
      };
      expect(() => validateInput('StartWorkflowExecution', complete)).not.toThrow();
    });

    it('accepts a batch with one decision of every kind', () => {
      const input = respond(
        {
          decisionType: 'ScheduleActivityTask',
          scheduleActivityTaskDecisionAttributes: {
            activityType: { name: 'Charge', version: '2' },
            activityId: 'charge-1',
            taskList: { name: 'payments' },
            taskPriority: '10',
            scheduleToCloseTimeout: 'NONE',
            heartbeatTimeout: '60',
          },
        },
        {
          decisionType: 'RequestCancelActivityTask',
          requestCancelActivityTaskDecisionAttributes: { activityId: 'a' },
        },
        { decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: 'm', details: 'd' } },
        {
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: { timerId: 't1', startToFireTimeout: '0' },
        },
        { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 't1' } },
        {
          decisionType: 'SignalExternalWorkflowExecution',
          signalExternalWorkflowExecutionDecisionAttributes: { workflowId: 'w', signalName: 's' },
        },
        {
          decisionType: 'RequestCancelExternalWorkflowExecution',
          requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: 'w', runId: 'r' },
        },
        {
          decisionType: 'StartChildWorkflowExecution',
          startChildWorkflowExecutionDecisionAttributes: {
            workflowType: { name: 'Child', version: '1' },
            workflowId: 'child-1',
            executionStartToCloseTimeout: 'NONE',
            tagList: ['x'],
          },
        },
        {
          decisionType: 'ScheduleLambdaFunction',
          scheduleLambdaFunctionDecisionAttributes: { id: 'l1', name: 'fn', startToCloseTimeout: '900' },
        },
        { decisionType: 'CompleteWorkflowExecution' },
      );
      expect(() => validateInput('RespondDecisionTaskCompleted', input)).not.toThrow();
      expect(() => validateInput('RespondDecisionTaskCompleted', { taskToken: 't' })).not.toThrow();
    });

    it('accepts valid inputs of other operations', () => {
      const cases: [OperationName, unknown][] = [
        [
          'RegisterDomain',
          { name: 'orders', workflowExecutionRetentionPeriodInDays: '90', tags: [{ key: 'k' }] },
        ],
        ['RegisterDomain', { name: 'arnold', workflowExecutionRetentionPeriodInDays: 'NONE' }],
        [
          'RegisterActivityType',
          { domain: 'orders', name: ' padded name ', version: '1', defaultTaskPriority: '2147483647' },
        ],
        [
          'PollForDecisionTask',
          { domain: 'd', taskList: { name: 'main' }, maximumPageSize: 1000, reverseOrder: true },
        ],
        ['ListDomains', { registrationStatus: 'DEPRECATED', maximumPageSize: 0 }],
        [
          'CountClosedWorkflowExecutions',
          {
            domain: 'd',
            startTimeFilter: { oldestDate: new Date(0), latestDate: 1700000000.5 },
            closeStatusFilter: { status: 'TIMED_OUT' },
          },
        ],
        ['TagResource', { resourceArn: 'arn:aws:swf:us-east-1:1:/domain/d', tags: [] }],
        ['RespondActivityTaskCompleted', { taskToken: 't', result: 'x'.repeat(32768) }],
      ];
      for (const [operation, input] of cases) {
        expect(() => validateInput(operation, input), operation).not.toThrow();
      }
    });

    it('ignores unknown members and treats null like an absent optional member', () => {
      const input = { ...start, surprise: { nested: [1, 2] }, taskList: null, tagList: null };
      expect(() => validateInput('StartWorkflowExecution', input)).not.toThrow();
    });
  });

  describe('what the service keeps', () => {
    it('is a copy holding only modelled members, at every depth, without nulls', () => {
      const taskList = { name: 'tl', extra: [[['deep']]] };
      const input = {
        taskToken: 't',
        decisions: [
          {
            decisionType: 'ScheduleActivityTask',
            scheduleActivityTaskDecisionAttributes: {
              activityType: { name: 'a', version: '1', extra: 1 },
              activityId: 'a1',
              taskList,
              control: null,
              extra: {},
            },
            startTimerDecisionAttributes: null,
            extra: true,
          },
        ],
        executionContext: 'c',
        extra: 'x',
      };
      const accepted = validateInput('RespondDecisionTaskCompleted', input);
      expect(accepted).toStrictEqual({
        taskToken: 't',
        decisions: [
          {
            decisionType: 'ScheduleActivityTask',
            scheduleActivityTaskDecisionAttributes: {
              activityType: { name: 'a', version: '1' },
              activityId: 'a1',
              taskList: { name: 'tl' },
            },
          },
        ],
        executionContext: 'c',
      });
      // Nothing is shared with the caller's objects, so later changes to them reach no state.
      const attributes = accepted.decisions?.[0]?.scheduleActivityTaskDecisionAttributes;
      expect(attributes?.taskList).not.toBe(taskList);
      expect(accepted.decisions).not.toBe(input.decisions);
    });

    it('copies timestamps given as Dates', () => {
      const oldestDate = new Date(1000);
      const accepted = validateInput('CountOpenWorkflowExecutions', {
        domain: 'd',
        startTimeFilter: { oldestDate },
      });
      expect(accepted.startTimeFilter?.oldestDate).toEqual(oldestDate);
      expect(accepted.startTimeFilter?.oldestDate).not.toBe(oldestDate);
    });
  });
});
