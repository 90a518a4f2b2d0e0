import { describe, it, expect } from 'vitest';
import type { OperationName } from '../../../../src/sim/service/operations.js';
import { faultOf, respond, start } from './validateInputFixtures.js';

describe('validateInput', () => {
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
