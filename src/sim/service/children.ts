import type {
  ChildPolicy,
  CloseStatus,
  StartChildWorkflowExecutionDecisionAttributes,
  StartChildWorkflowExecutionFailedCause,
} from '@aws-sdk/client-swf';
import { scheduleDecisionTask } from './decisionTasks.js';
import { closeExecution, createExecution } from './executions.js';
import { openWork, typeKey, type ChildRecord, type Execution, type ExecutionConfig } from './model.js';
import type { CloseAttributes, ServiceState } from './ServiceState.js';
import { resolveWorkflowConfig } from './workflowConfig.js';

/** A child whose Initiated event is written; it starts after the batch. */
export interface PendingChild {
  readonly record: ChildRecord;
  readonly config: ExecutionConfig;
  readonly input?: string | undefined;
  readonly control?: string | undefined;
  readonly decisionTaskCompletedEventId: number;
}

/**
 * The StartChildWorkflowExecution decision's synchronous part (swf-semantics §7.4.12): the checks
 * that fail at once (`StartChildWorkflowExecutionFailed` with `initiatedEventId: 0`), else
 * `StartChildWorkflowExecutionInitiated` with every default resolved.
 */
export function initiateChild(
  s: ServiceState,
  parent: Execution,
  attributes: StartChildWorkflowExecutionDecisionAttributes,
  decisionTaskCompletedEventId: number,
): PendingChild | undefined {
  const workflowType = attributes.workflowType as { name: string; version: string };
  const workflowId = attributes.workflowId as string;
  const fail = (cause: StartChildWorkflowExecutionFailedCause): undefined => {
    s.append(parent, 'StartChildWorkflowExecutionFailed', {
      workflowType,
      cause,
      workflowId,
      initiatedEventId: 0,
      decisionTaskCompletedEventId,
      ...(attributes.control !== undefined && { control: attributes.control }),
    });
    return undefined;
  };
  const type = parent.domain.workflowTypes.get(typeKey(workflowType.name, workflowType.version));
  if (type === undefined) return fail('WORKFLOW_TYPE_DOES_NOT_EXIST');
  if (type.status === 'DEPRECATED') return fail('WORKFLOW_TYPE_DEPRECATED');
  const config = resolveWorkflowConfig(attributes, type.configuration);
  if ('undefinedDefault' in config) return fail(`DEFAULT_${config.undefinedDefault}_UNDEFINED`);
  if (parent.openChildren.size >= s.options.quotas.openChildrenPerExecution) {
    return fail('OPEN_CHILDREN_LIMIT_EXCEEDED');
  }
  if (parent.domain.openRuns.size >= s.options.quotas.openExecutionsPerDomain) {
    return fail('OPEN_WORKFLOWS_LIMIT_EXCEEDED');
  }

  const event = s.append(parent, 'StartChildWorkflowExecutionInitiated', {
    workflowId,
    workflowType,
    ...(attributes.control !== undefined && { control: attributes.control }),
    ...(attributes.input !== undefined && { input: attributes.input }),
    executionStartToCloseTimeout: config.executionStartToCloseTimeout,
    taskList: config.taskList,
    ...(config.taskPriority !== undefined && { taskPriority: config.taskPriority }),
    decisionTaskCompletedEventId,
    childPolicy: config.childPolicy,
    taskStartToCloseTimeout: config.taskStartToCloseTimeout,
    ...(config.tagList !== undefined && { tagList: config.tagList }),
    ...(config.lambdaRole !== undefined && { lambdaRole: config.lambdaRole }),
  });
  const record: ChildRecord = {
    workflowId,
    workflowType,
    initiatedEventId: event.eventId as number,
    startedEventId: 0,
  };
  openWork(parent, 'openChildren').set(record.initiatedEventId, record);
  return {
    record,
    config,
    input: attributes.input,
    control: attributes.control,
    decisionTaskCompletedEventId,
  };
}

/**
 * The asynchronous part, run after the parent's batch: the child starts — its
 * `WorkflowExecutionStarted` before the parent's `ChildWorkflowExecutionStarted` — or, when its
 * workflowId is taken by an open run, the parent gets WORKFLOW_ALREADY_RUNNING.
 */
export function startPendingChild(s: ServiceState, parent: Execution, pending: PendingChild): void {
  const { record } = pending;
  if (parent.domain.openRuns.has(record.workflowId)) {
    parent.openChildren.delete(record.initiatedEventId);
    s.append(parent, 'StartChildWorkflowExecutionFailed', {
      workflowType: record.workflowType,
      cause: 'WORKFLOW_ALREADY_RUNNING',
      workflowId: record.workflowId,
      initiatedEventId: record.initiatedEventId,
      decisionTaskCompletedEventId: pending.decisionTaskCompletedEventId,
      ...(pending.control !== undefined && { control: pending.control }),
    });
    scheduleDecisionTask(s, parent);
    return;
  }
  const child = createExecution(s, parent.domain, {
    workflowId: record.workflowId,
    workflowType: record.workflowType,
    config: pending.config,
    input: pending.input,
    parent: { execution: parent, child: record },
  });
  record.run = child;
  const started = s.append(parent, 'ChildWorkflowExecutionStarted', {
    workflowExecution: { workflowId: child.workflowId, runId: child.runId },
    workflowType: record.workflowType,
    initiatedEventId: record.initiatedEventId,
  });
  record.startedEventId = started.eventId as number;
  scheduleDecisionTask(s, parent);
}

/**
 * The parent-close policy, applied to every open child whenever the parent closes (swf-semantics
 * §16.5): TERMINATE closes them (each then applies its own policy), REQUEST_CANCEL asks them to
 * cancel, ABANDON leaves them be. Nothing is written in the closed parent.
 */
function applyChildPolicy(s: ServiceState, parent: Execution, policy: ChildPolicy): void {
  if (policy === 'ABANDON' || parent.openChildren.size === 0) return;
  for (const record of [...parent.openChildren.values()]) {
    const child = record.run;
    if (child === undefined || child.status !== 'OPEN') continue;
    if (policy === 'TERMINATE') {
      closeExecution(s, child, 'TERMINATED', 'WorkflowExecutionTerminated', {
        childPolicy: child.config.childPolicy,
        cause: 'CHILD_POLICY_APPLIED',
      });
    } else {
      s.willChange(child);
      child.cancelRequested = true;
      s.append(child, 'WorkflowExecutionCancelRequested', {
        externalWorkflowExecution: { workflowId: parent.workflowId, runId: parent.runId },
        cause: 'CHILD_POLICY_APPLIED',
      });
      scheduleDecisionTask(s, child);
    }
  }
}

/**
 * What a run's close does to its family (installed as `ServiceState.closeFamily`): the child policy
 * reaches its open children, then the parent hears of the close — except for a continue-as-new,
 * whose successor reports instead.
 * @internal
 */
export function closeFamily(
  s: ServiceState,
  execution: Execution,
  closeStatus: CloseStatus,
  attributes: CloseAttributes,
  childPolicy: ChildPolicy,
): void {
  applyChildPolicy(s, execution, childPolicy);
  if (closeStatus !== 'CONTINUED_AS_NEW') notifyParent(s, execution, closeStatus, attributes);
}

/** Tells an open parent how its child closed (swf-semantics §16.3). */
function notifyParent(
  s: ServiceState,
  child: Execution,
  closeStatus: CloseStatus,
  closeAttributes: CloseAttributes,
): void {
  const link = child.parent;
  if (link === undefined) return;
  const { execution: parent, child: record } = link;
  parent.openChildren.delete(record.initiatedEventId);
  if (parent.status !== 'OPEN') return;
  const common = {
    workflowExecution: { workflowId: child.workflowId, runId: child.runId },
    workflowType: record.workflowType,
    initiatedEventId: record.initiatedEventId,
    startedEventId: record.startedEventId,
  };
  const { result, reason, details } = closeAttributes;
  switch (closeStatus) {
    case 'COMPLETED':
      s.append(parent, 'ChildWorkflowExecutionCompleted', {
        ...common,
        ...(result !== undefined && { result }),
      });
      break;
    case 'FAILED':
      s.append(parent, 'ChildWorkflowExecutionFailed', {
        ...common,
        ...(reason !== undefined && { reason }),
        ...(details !== undefined && { details }),
      });
      break;
    case 'CANCELED':
      s.append(parent, 'ChildWorkflowExecutionCanceled', {
        ...common,
        ...(details !== undefined && { details }),
      });
      break;
    case 'TERMINATED':
      s.append(parent, 'ChildWorkflowExecutionTerminated', common);
      break;
    case 'TIMED_OUT':
      s.append(parent, 'ChildWorkflowExecutionTimedOut', { ...common, timeoutType: 'START_TO_CLOSE' });
      break;
    case 'CONTINUED_AS_NEW':
      return;
    default: {
      const unknown: never = closeStatus;
      throw new Error(`unknown close status ${String(unknown)}`);
    }
  }
  scheduleDecisionTask(s, parent);
}
