import type { ChildPolicy, TaskList, WorkflowTypeConfiguration } from '@aws-sdk/client-swf';
import type { ExecutionConfig } from './model.js';

/** What a start, a child start or a continue-as-new may say about the run's configuration. */
export interface WorkflowConfigRequest {
  readonly taskList?: TaskList | undefined;
  readonly taskPriority?: string | undefined;
  readonly executionStartToCloseTimeout?: string | undefined;
  readonly taskStartToCloseTimeout?: string | undefined;
  readonly childPolicy?: ChildPolicy | undefined;
  readonly lambdaRole?: string | undefined;
  readonly tagList?: string[] | undefined;
}

/** The member that resolved to nothing, as SWF's `DEFAULT_<X>_UNDEFINED` causes name it. */
export type UndefinedDefault =
  'TASK_LIST' | 'EXECUTION_START_TO_CLOSE_TIMEOUT' | 'TASK_START_TO_CLOSE_TIMEOUT' | 'CHILD_POLICY';

/**
 * The effective configuration of a new run: each value from the request, else the workflow type's
 * registered default; the first one that resolves to nothing is reported instead. Checked in the
 * order task list, execution timeout, task timeout, child policy (SWF's order is undocumented).
 */
export function resolveWorkflowConfig(
  request: WorkflowConfigRequest,
  defaults: WorkflowTypeConfiguration,
): ExecutionConfig | { undefinedDefault: UndefinedDefault } {
  const taskList = request.taskList ?? defaults.defaultTaskList;
  if (taskList === undefined) return { undefinedDefault: 'TASK_LIST' };
  const executionStartToCloseTimeout =
    request.executionStartToCloseTimeout ?? defaults.defaultExecutionStartToCloseTimeout;
  if (executionStartToCloseTimeout === undefined)
    return { undefinedDefault: 'EXECUTION_START_TO_CLOSE_TIMEOUT' };
  const taskStartToCloseTimeout = request.taskStartToCloseTimeout ?? defaults.defaultTaskStartToCloseTimeout;
  if (taskStartToCloseTimeout === undefined) return { undefinedDefault: 'TASK_START_TO_CLOSE_TIMEOUT' };
  const childPolicy = request.childPolicy ?? defaults.defaultChildPolicy;
  if (childPolicy === undefined) return { undefinedDefault: 'CHILD_POLICY' };
  const taskPriority = request.taskPriority ?? defaults.defaultTaskPriority;
  const lambdaRole = request.lambdaRole ?? defaults.defaultLambdaRole;
  return {
    taskList,
    executionStartToCloseTimeout,
    taskStartToCloseTimeout,
    childPolicy,
    ...(taskPriority !== undefined && { taskPriority }),
    ...(lambdaRole !== undefined && { lambdaRole }),
    ...(request.tagList !== undefined && { tagList: request.tagList }),
  };
}

/** `TASK_LIST` → `taskList` / `defaultTaskList`, for fault messages. */
export const UNDEFINED_DEFAULT_MEMBERS: Record<UndefinedDefault, { member: string; defaultName: string }> = {
  TASK_LIST: { member: 'taskList', defaultName: 'defaultTaskList' },
  EXECUTION_START_TO_CLOSE_TIMEOUT: {
    member: 'executionStartToCloseTimeout',
    defaultName: 'defaultExecutionStartToCloseTimeout',
  },
  TASK_START_TO_CLOSE_TIMEOUT: {
    member: 'taskStartToCloseTimeout',
    defaultName: 'defaultTaskStartToCloseTimeout',
  },
  CHILD_POLICY: { member: 'childPolicy', defaultName: 'defaultChildPolicy' },
};
