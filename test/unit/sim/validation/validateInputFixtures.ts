/** What the tests of `validateInput` share: the fault it throws, the name rule's text, inputs to vary. */
import type { OperationName } from '../../../../src/sim/service/operations.js';
import { validateInput } from '../../../../src/sim/validation/validateInput.js';

/** The `{ name, message }` of what `validateInput` throws; fails the test when it does not throw. */
export function faultOf(operation: OperationName, input: unknown): { name: string; message: string } {
  try {
    validateInput(operation, input);
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
  throw new Error(`expected ${operation} input to be rejected`);
}

/** The constraint text of a name member that may have surrounding whitespace. */
export const NAME_RULE = "Member must not contain ':', '/', '|' or control characters, and must not be 'arn'";

/** A valid StartWorkflowExecution input with only the required members. */
export const start = {
  domain: 'orders',
  workflowId: 'order-1',
  workflowType: { name: 'ProcessOrder', version: '1.0' },
};

/** A RespondDecisionTaskCompleted input carrying `decisions`. */
export function respond(...decisions: unknown[]): Record<string, unknown> {
  return { taskToken: 'token-1', decisions };
}
