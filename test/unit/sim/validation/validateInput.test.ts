import { describe, it, expect } from 'vitest';
import type { OperationName } from '../../../../src/sim/service/operations.js';
import { validateInput } from '../../../../src/sim/validation/validateInput.js';

/** The `{ name, message }` of what `validateInput` throws; fails the test when it does not throw. */
function faultOf(operation: OperationName, input: unknown): { name: string; message: string } {
  try {
    validateInput(operation, input);
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
  throw new Error(`expected ${operation} input to be rejected`);
}

const NAME_RULE = "Member must not contain ':', '/', '|' or control characters, and must not be 'arn'";
const TRIMMED_NAME_RULE =
  "Member must not contain ':', '/', '|' or control characters, must not begin or end with whitespace, " +
  "and must not be 'arn'";

const DECISION_TYPES_IN_SERVICE_ORDER =
  '[CompleteWorkflowExecution, StartTimer, RequestCancelExternalWorkflowExecution, ' +
  'SignalExternalWorkflowExecution, CancelTimer, RecordMarker, ScheduleActivityTask, ' +
  'ContinueAsNewWorkflowExecution, ScheduleLambdaFunction, FailWorkflowExecution, ' +
  'RequestCancelActivityTask, StartChildWorkflowExecution, CancelWorkflowExecution]';

const start = {
  domain: 'orders',
  workflowId: 'order-1',
  workflowType: { name: 'ProcessOrder', version: '1.0' },
};

function respond(...decisions: unknown[]): Record<string, unknown> {
  return { taskToken: 'token-1', decisions };
}

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

  describe('several problems', () => {
    it('lists every problem in model member order with the right count', () => {
      const input = {
        workflowId: 'w'.repeat(257),
        workflowType: { name: 'n' },
        taskPriority: 'x',
        childPolicy: 'KILL',
      };
      expect(faultOf('StartWorkflowExecution', input)).toEqual({
        name: 'ValidationException',
        message:
          '5 validation errors detected: ' +
          "Value null at 'domain' failed to satisfy constraint: Member must not be null; " +
          `Value '${'w'.repeat(100)}...' at 'workflowId' failed to satisfy constraint: ` +
          'Member must have length less than or equal to 256; ' +
          "Value null at 'workflowType.version' failed to satisfy constraint: Member must not be null; " +
          "Value 'x' at 'taskPriority' failed to satisfy constraint: " +
          'Member must be a whole number; ' +
          "Value 'KILL' at 'childPolicy' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [TERMINATE, REQUEST_CANCEL, ABANDON]',
      });
    });

    it('does not carry problems over to the next call', () => {
      faultOf('StartWorkflowExecution', {});
      expect(() => validateInput('StartWorkflowExecution', start)).not.toThrow();
    });

    it('starts clean after a call cut short by a wrong JSON type', () => {
      // taskPriority is found bad before tagList throws; childPolicy, after tagList, is never reached.
      const cutShort = { ...start, taskPriority: 'x', tagList: 5, childPolicy: 'KILL' };
      expect(faultOf('StartWorkflowExecution', cutShort)).toEqual({
        name: 'SerializationException',
        message: "Cannot deserialize 'tagList': expected list, found number",
      });
      expect(() => validateInput('StartWorkflowExecution', start)).not.toThrow();
    });
  });

  describe('wrong JSON types', () => {
    it('rejects input that is not an object', () => {
      for (const [input, found] of [
        [null, 'null'],
        [[], 'list'],
        ['{}', 'string'],
        [undefined, 'undefined'],
      ] as const) {
        expect(faultOf('ListDomains', input)).toEqual({
          name: 'SerializationException',
          message: `Cannot deserialize input: expected structure, found ${found}`,
        });
      }
    });

    it('names the member path and the expected type', () => {
      const cases: [OperationName, unknown, string][] = [
        [
          'StartWorkflowExecution',
          { ...start, domain: 5 },
          "Cannot deserialize 'domain': expected string, found number",
        ],
        [
          'StartWorkflowExecution',
          { ...start, workflowType: 'ProcessOrder' },
          "Cannot deserialize 'workflowType': expected structure, found string",
        ],
        [
          'StartWorkflowExecution',
          { ...start, tagList: 'a' },
          "Cannot deserialize 'tagList': expected list, found string",
        ],
        [
          'StartWorkflowExecution',
          { ...start, tagList: ['a', 1] },
          "Cannot deserialize 'tagList.2.member': expected string, found number",
        ],
        [
          'ListDomains',
          { registrationStatus: 'REGISTERED', maximumPageSize: '10' },
          "Cannot deserialize 'maximumPageSize': expected integer, found string",
        ],
        [
          'ListDomains',
          { registrationStatus: 'REGISTERED', maximumPageSize: 1.5 },
          "Cannot deserialize 'maximumPageSize': expected integer, found number",
        ],
        [
          'ListDomains',
          { registrationStatus: 'REGISTERED', reverseOrder: 'true' },
          "Cannot deserialize 'reverseOrder': expected boolean, found string",
        ],
        [
          'CountOpenWorkflowExecutions',
          { domain: 'd', startTimeFilter: { oldestDate: '2024-01-01T00:00:00Z' } },
          "Cannot deserialize 'startTimeFilter.oldestDate': expected timestamp, found string",
        ],
        [
          'RespondDecisionTaskCompleted',
          respond({
            decisionType: 'StartTimer',
            startTimerDecisionAttributes: { timerId: 't', startToFireTimeout: 30 },
          }),
          "Cannot deserialize 'decisions.1.member.startTimerDecisionAttributes.startToFireTimeout': " +
            'expected string, found number',
        ],
      ];
      for (const [operation, input, message] of cases) {
        expect(faultOf(operation, input)).toEqual({ name: 'SerializationException', message });
      }
    });

    it('takes precedence over constraint problems found earlier', () => {
      expect(faultOf('ListDomains', { maximumPageSize: 'ten' })).toEqual({
        name: 'SerializationException',
        message: "Cannot deserialize 'maximumPageSize': expected integer, found string",
      });
    });
  });
});
