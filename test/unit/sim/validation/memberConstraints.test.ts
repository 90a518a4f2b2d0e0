import { describe, it, expect } from 'vitest';
import { validateInput } from '../../../../src/sim/validation/validateInput.js';
import { NAME_RULE, faultOf, respond, start } from './validateInputFixtures.js';

const TRIMMED_NAME_RULE =
  "Member must not contain ':', '/', '|' or control characters, must not begin or end with whitespace, " +
  "and must not be 'arn'";

describe('validateInput', () => {
  describe('required members', () => {
    it('reports an absent required member as null', () => {
      expect(
        faultOf('StartWorkflowExecution', { workflowId: 'w', workflowType: start.workflowType }),
      ).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'domain' failed to satisfy constraint: Member must not be null",
      });
    });

    it('reports an explicit null in a nested structure with its dotted path', () => {
      expect(
        faultOf('StartWorkflowExecution', { ...start, workflowType: { name: null, version: '1' } }),
      ).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'workflowType.name' failed to satisfy constraint: " +
          'Member must not be null',
      });
    });
  });

  describe('string lengths', () => {
    it('rejects a string longer than maxLength and renders the value cut to 100 characters', () => {
      expect(faultOf('DescribeDomain', { name: 'd'.repeat(257) })).toEqual({
        name: 'ValidationException',
        message:
          `1 validation error detected: Value '${'d'.repeat(100)}...' at 'name' failed to satisfy constraint: ` +
          'Member must have length less than or equal to 256',
      });
    });

    it('rejects a string shorter than minLength', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, workflowId: '' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '' at 'workflowId' failed to satisfy constraint: " +
          'Member must have length greater than or equal to 1',
      });
    });

    it('counts code points, not UTF-16 units', () => {
      expect(() => validateInput('DescribeDomain', { name: '😀'.repeat(256) })).not.toThrow();
      expect(faultOf('DescribeDomain', { name: '😀'.repeat(257) })).toEqual({
        name: 'ValidationException',
        message:
          `1 validation error detected: Value '${'😀'.repeat(50)}...' at 'name' failed to satisfy constraint: ` +
          'Member must have length less than or equal to 256',
      });
    });
  });

  describe('enums', () => {
    it('rejects a value outside the enum, listing the set in model order', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, childPolicy: 'terminate' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'terminate' at 'childPolicy' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [TERMINATE, REQUEST_CANCEL, ABANDON]',
      });
    });
  });

  describe('name rule', () => {
    it('rejects a colon in a domain name', () => {
      expect(faultOf('RegisterDomain', { name: 'a:b', workflowExecutionRetentionPeriodInDays: '1' })).toEqual(
        {
          name: 'ValidationException',
          message:
            "1 validation error detected: Value 'a:b' at 'name' failed to satisfy constraint: " +
            TRIMMED_NAME_RULE,
        },
      );
    });

    it('rejects exactly "arn" but accepts names that merely contain it', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, workflowId: 'arn' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'arn' at 'workflowId' failed to satisfy constraint: " +
          NAME_RULE,
      });
      expect(() =>
        validateInput('StartWorkflowExecution', { ...start, workflowId: 'my-arn-1' }),
      ).not.toThrow();
    });

    it('rejects a control character', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, taskList: { name: 'main\u0085' } })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'main\u0085' at 'taskList.name' failed to satisfy constraint: " +
          NAME_RULE,
      });
    });

    it('rejects leading or trailing whitespace only where the model says so', () => {
      expect(faultOf('PollForActivityTask', { domain: 'd', taskList: { name: 'main ' } })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'main ' at 'taskList.name' failed to satisfy constraint: " +
          TRIMMED_NAME_RULE,
      });
      expect(() =>
        validateInput('PollForDecisionTask', { domain: 'd', taskList: { name: 'main ' } }),
      ).not.toThrow();
    });
  });

  describe('durations', () => {
    it('rejects a value that is not a number of seconds or NONE', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, taskStartToCloseTimeout: '5m' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '5m' at 'taskStartToCloseTimeout' failed to satisfy constraint: " +
          'Member must be a whole number of seconds or NONE',
      });
    });

    it('rejects NONE where allowsNONE is false', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, executionStartToCloseTimeout: 'NONE' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'NONE' at 'executionStartToCloseTimeout' failed to satisfy " +
          'constraint: Member must be a whole number of seconds',
      });
    });

    it('rejects more seconds than maxSeconds', () => {
      expect(
        faultOf('RegisterWorkflowType', {
          domain: 'd',
          name: 'n',
          version: 'v',
          defaultExecutionStartToCloseTimeout: '31536001',
        }),
      ).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '31536001' at 'defaultExecutionStartToCloseTimeout' failed to " +
          'satisfy constraint: Member must have value less than or equal to 31536000',
      });
    });

    it('applies minSeconds and maxSeconds of a Lambda timeout', () => {
      const lambda = (startToCloseTimeout: string) =>
        respond({
          decisionType: 'ScheduleLambdaFunction',
          scheduleLambdaFunctionDecisionAttributes: { id: 'l', name: 'fn', startToCloseTimeout },
        });
      expect(faultOf('RespondDecisionTaskCompleted', lambda('0'))).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '0' at " +
          "'decisions.1.member.scheduleLambdaFunctionDecisionAttributes.startToCloseTimeout' failed to satisfy " +
          'constraint: Member must have value greater than or equal to 1',
      });
      expect(faultOf('RespondDecisionTaskCompleted', lambda('901')).message).toContain(
        'Member must have value less than or equal to 900',
      );
    });

    it('caps the retention period at 90 days', () => {
      expect(faultOf('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '91' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '91' at 'workflowExecutionRetentionPeriodInDays' failed to " +
          'satisfy constraint: Member must have value less than or equal to 90',
      });
    });

    it('reports only the length when a value is also too long for its pattern to matter', () => {
      expect(
        faultOf('StartWorkflowExecution', { ...start, executionStartToCloseTimeout: '123456789' }),
      ).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '123456789' at 'executionStartToCloseTimeout' failed to satisfy " +
          'constraint: Member must have length less than or equal to 8',
      });
    });
  });

  describe('int32 strings', () => {
    it('rejects a taskPriority outside the 32-bit range', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, taskPriority: '2147483648' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '2147483648' at 'taskPriority' failed to satisfy constraint: " +
          'Member must have value less than or equal to 2147483647',
      });
      expect(faultOf('StartWorkflowExecution', { ...start, taskPriority: '-2147483649' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '-2147483649' at 'taskPriority' failed to satisfy constraint: " +
          'Member must have value greater than or equal to -2147483648',
      });
      expect(() =>
        validateInput('StartWorkflowExecution', { ...start, taskPriority: '-2147483648' }),
      ).not.toThrow();
    });

    it('rejects a taskPriority that is not an integer', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, taskPriority: 'high' })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'high' at 'taskPriority' failed to satisfy constraint: " +
          'Member must be a whole number',
      });
    });
  });

  describe('lists', () => {
    it('rejects a tagList of 6, counting elements', () => {
      const tagList = ['t1', 't2', 't3', 't4', 't5', 't6'];
      expect(faultOf('StartWorkflowExecution', { ...start, tagList })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '[t1, t2, t3, t4, t5, t6]' at 'tagList' failed to satisfy " +
          'constraint: Member must have length less than or equal to 5',
      });
    });

    it('names a bad element by its 1-based index and the member segment', () => {
      expect(faultOf('StartWorkflowExecution', { ...start, tagList: ['ok', 't'.repeat(257)] })).toEqual({
        name: 'ValidationException',
        message:
          `1 validation error detected: Value '${'t'.repeat(100)}...' at 'tagList.2.member' failed to satisfy ` +
          'constraint: Member must have length less than or equal to 256',
      });
    });

    it('reports a null element as null', () => {
      expect(faultOf('UntagResource', { resourceArn: 'arn:x', tagKeys: ['k', null] })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'tagKeys.2.member' failed to satisfy constraint: " +
          'Member must not be null',
      });
    });
    it('survives a list over its maximum length whose elements are huge, deep or cyclic', () => {
      // The length problem renders the whole list before its first element fails to deserialize:
      // rendering stops at the cut instead of walking (or overflowing the stack on) the rest.
      let deep: unknown = 'x';
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      for (const element of [deep, cyclic, new Array<string>(1_000_000).fill('x')]) {
        const tagList = new Array<unknown>(6).fill(element);
        expect(faultOf('StartWorkflowExecution', { ...start, tagList })).toEqual({
          name: 'SerializationException',
          message: `Cannot deserialize 'tagList.1.member': expected string, found ${Array.isArray(element) ? 'list' : 'structure'}`,
        });
      }
    });
  });

  describe('integers', () => {
    it('rejects a page size above 1000 and below 0', () => {
      const history = { domain: 'd', execution: { workflowId: 'w', runId: 'r' } };
      expect(faultOf('GetWorkflowExecutionHistory', { ...history, maximumPageSize: 1001 })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '1001' at 'maximumPageSize' failed to satisfy constraint: " +
          'Member must have value less than or equal to 1000',
      });
      expect(faultOf('GetWorkflowExecutionHistory', { ...history, maximumPageSize: -1 })).toEqual({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '-1' at 'maximumPageSize' failed to satisfy constraint: " +
          'Member must have value greater than or equal to 0',
      });
    });
  });
});
