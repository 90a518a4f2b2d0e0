import type {
  ContinueAsNewWorkflowExecutionDecisionAttributes,
  ContinueAsNewWorkflowExecutionFailedCause,
} from '@aws-sdk/client-swf';
import { newRunId } from '../random/ids.js';
import { closeExecution, createExecution } from './executions.js';
import { typeKey, type Execution } from './model.js';
import type { ServiceState } from './ServiceState.js';
import { resolveWorkflowConfig } from './workflowConfig.js';

/**
 * The ContinueAsNewWorkflowExecution decision (swf-semantics §7.4.6): the run closes as
 * CONTINUED_AS_NEW and a new run of the same workflowId starts at once. Values come from the
 * decision, else the (new version's) type defaults — never from the current run. Returns false
 * when it failed (the caller has checked UNHANDLED_DECISION already).
 */
export function continueAsNew(
  s: ServiceState,
  execution: Execution,
  attributes: ContinueAsNewWorkflowExecutionDecisionAttributes,
  decisionTaskCompletedEventId: number,
): boolean {
  const fail = (cause: ContinueAsNewWorkflowExecutionFailedCause): false => {
    s.append(execution, 'ContinueAsNewWorkflowExecutionFailed', { cause, decisionTaskCompletedEventId });
    return false;
  };
  const workflowType = {
    name: execution.workflowType.name,
    version: attributes.workflowTypeVersion ?? execution.workflowType.version,
  };
  const type = execution.domain.workflowTypes.get(typeKey(workflowType.name, workflowType.version));
  if (type === undefined) return fail('WORKFLOW_TYPE_DOES_NOT_EXIST');
  if (type.status === 'DEPRECATED') return fail('WORKFLOW_TYPE_DEPRECATED');
  const config = resolveWorkflowConfig(attributes, type.configuration);
  if ('undefinedDefault' in config) return fail(`DEFAULT_${config.undefinedDefault}_UNDEFINED`);

  // The successor's run id is drawn first so the closing event can name it.
  const newExecutionRunId = newRunId(s.random);
  closeExecution(s, execution, 'CONTINUED_AS_NEW', 'WorkflowExecutionContinuedAsNew', {
    ...(attributes.input !== undefined && { input: attributes.input }),
    decisionTaskCompletedEventId,
    newExecutionRunId,
    executionStartToCloseTimeout: config.executionStartToCloseTimeout,
    taskList: config.taskList,
    ...(config.taskPriority !== undefined && { taskPriority: config.taskPriority }),
    taskStartToCloseTimeout: config.taskStartToCloseTimeout,
    childPolicy: config.childPolicy,
    ...(config.tagList !== undefined && { tagList: config.tagList }),
    workflowType,
    ...(config.lambdaRole !== undefined && { lambdaRole: config.lambdaRole }),
  });
  const successor = createExecution(s, execution.domain, {
    workflowId: execution.workflowId,
    workflowType,
    config,
    input: attributes.input,
    continuedExecutionRunId: execution.runId,
    parent: execution.parent,
    runId: newExecutionRunId,
  });
  // A child's successor stays the parent's child and reports its own outcome (swf-semantics §16.3).
  if (execution.parent !== undefined) execution.parent.child.run = successor;
  return true;
}
