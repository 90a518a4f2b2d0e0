import { describe, it, expect } from 'vitest';
import { validateInput } from '../../../../src/sim/validation/validateInput.js';
import { faultOf, start } from './validateInputFixtures.js';

describe('validateInput', () => {
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
});
