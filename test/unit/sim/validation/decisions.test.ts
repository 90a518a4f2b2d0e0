import { describe, it, expect } from 'vitest';
import { validateInput } from '../../../../src/sim/validation/validateInput.js';
import { NAME_RULE, faultOf, respond, start } from './validateInputFixtures.js';

const DECISION_TYPES_IN_SERVICE_ORDER =
  '[CompleteWorkflowExecution, StartTimer, RequestCancelExternalWorkflowExecution, ' +
  'SignalExternalWorkflowExecution, CancelTimer, RecordMarker, ScheduleActivityTask, ' +
  'ContinueAsNewWorkflowExecution, ScheduleLambdaFunction, FailWorkflowExecution, ' +
  'RequestCancelActivityTask, StartChildWorkflowExecution, CancelWorkflowExecution]';

describe('validateInput', () => {
  describe('decisions', () => {
    it('names nested members with the decision index', () => {
      const input = respond(
        { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 't' } },
        {
          decisionType: 'ScheduleActivityTask',
          scheduleActivityTaskDecisionAttributes: { activityType: { name: 'A' }, activityId: 'a/b' },
        },
      );
      expect(faultOf('RespondDecisionTaskCompleted', input)).toEqual({
        name: 'ValidationException',
        message:
          '2 validation errors detected: ' +
          "Value null at 'decisions.2.member.scheduleActivityTaskDecisionAttributes.activityType.version' " +
          'failed to satisfy constraint: Member must not be null; ' +
          "Value 'a/b' at 'decisions.2.member.scheduleActivityTaskDecisionAttributes.activityId' " +
          `failed to satisfy constraint: ${NAME_RULE}`,
      });
    });

    it("accepts ':' in a child's workflowId and in a timerId, as recordings show, and nowhere else", () => {
      const input = respond(
        {
          decisionType: 'StartChildWorkflowExecution',
          startChildWorkflowExecutionDecisionAttributes: {
            workflowType: { name: 'Child', version: '1' },
            workflowId: 'parent-run:1',
          },
        },
        {
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: { timerId: 'timer:1', startToFireTimeout: '5' },
        },
      );
      expect(() => validateInput('RespondDecisionTaskCompleted', input)).not.toThrow();
      const slash = respond({
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: 'timer/1', startToFireTimeout: '5' },
      });
      expect(faultOf('RespondDecisionTaskCompleted', slash).message).toBe(
        "1 validation error detected: Value 'timer/1' at 'decisions.1.member.startTimerDecisionAttributes.timerId' " +
          "failed to satisfy constraint: Member must not contain '/', '|' or control characters, and must not be 'arn'",
      );
      expect(faultOf('StartWorkflowExecution', { ...start, workflowId: 'a:b' }).message).toBe(
        `1 validation error detected: Value 'a:b' at 'workflowId' failed to satisfy constraint: ${NAME_RULE}`,
      );
    });

    it('reports the required members of absent matching attributes as null', () => {
      expect(faultOf('RespondDecisionTaskCompleted', respond({ decisionType: 'StartTimer' }))).toEqual({
        name: 'ValidationException',
        message:
          '2 validation errors detected: ' +
          "Value null at 'decisions.1.member.startTimerDecisionAttributes.timerId' failed to satisfy " +
          'constraint: Member must not be null; ' +
          "Value null at 'decisions.1.member.startTimerDecisionAttributes.startToFireTimeout' failed to " +
          'satisfy constraint: Member must not be null',
      });
    });

    it('validates mismatched attributes that are present', () => {
      const input = respond({
        decisionType: 'CancelTimer',
        cancelTimerDecisionAttributes: { timerId: 't' },
        startTimerDecisionAttributes: { timerId: 't2' },
      });
      expect(faultOf('RespondDecisionTaskCompleted', input)).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'decisions.1.member.startTimerDecisionAttributes." +
          "startToFireTimeout' failed to satisfy constraint: Member must not be null",
      });
    });

    it('rejects an unknown decisionType listing the service order', () => {
      expect(faultOf('RespondDecisionTaskCompleted', respond({ decisionType: 'Sleep' }))).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'Sleep' at 'decisions.1.member.decisionType' failed to satisfy " +
          `constraint: Member must satisfy enum value set: ${DECISION_TYPES_IN_SERVICE_ORDER}`,
      });
    });

    it('reports a missing decisionType as null', () => {
      expect(faultOf('RespondDecisionTaskCompleted', respond({}))).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'decisions.1.member.decisionType' failed to satisfy " +
          'constraint: Member must not be null',
      });
    });
  });
});
