import type {
  RequestCancelWorkflowExecutionInput,
  SignalWorkflowExecutionInput,
  TerminateWorkflowExecutionInput,
} from '@aws-sdk/client-swf';
import { scheduleDecisionTask } from './decisionTasks.js';
import { closeExecution, requireOpenRun } from './executions.js';
import type { ServiceState } from './ServiceState.js';

/** SignalWorkflowExecution (swf-semantics §11.1): `WorkflowExecutionSignaled` and a decision task. */
export function signalWorkflowExecution(s: ServiceState, input: SignalWorkflowExecutionInput): void {
  const execution = requireOpenRun(s.domain(input.domain as string), input.workflowId as string, input.runId);
  s.append(execution, 'WorkflowExecutionSignaled', {
    signalName: input.signalName,
    ...(input.input !== undefined && { input: input.input }),
    externalInitiatedEventId: 0,
  });
  scheduleDecisionTask(s, execution);
}

/**
 * RequestCancelWorkflowExecution (swf-semantics §12.1): only a request — the decider decides.
 * Every request is recorded, a repeated one too.
 */
export function requestCancelWorkflowExecution(
  s: ServiceState,
  input: RequestCancelWorkflowExecutionInput,
): void {
  const execution = requireOpenRun(s.domain(input.domain as string), input.workflowId as string, input.runId);
  s.willChange(execution);
  execution.cancelRequested = true;
  s.append(execution, 'WorkflowExecutionCancelRequested', { externalInitiatedEventId: 0 });
  scheduleDecisionTask(s, execution);
}

/** TerminateWorkflowExecution (swf-semantics §13): closes at once, whatever the decider is doing. */
export function terminateWorkflowExecution(s: ServiceState, input: TerminateWorkflowExecutionInput): void {
  const execution = requireOpenRun(s.domain(input.domain as string), input.workflowId as string, input.runId);
  const childPolicy = input.childPolicy ?? execution.config.childPolicy;
  closeExecution(
    s,
    execution,
    'TERMINATED',
    'WorkflowExecutionTerminated',
    {
      ...(input.reason !== undefined && { reason: input.reason }),
      ...(input.details !== undefined && { details: input.details }),
      childPolicy,
      cause: 'OPERATOR_INITIATED',
    },
    childPolicy,
  );
}
