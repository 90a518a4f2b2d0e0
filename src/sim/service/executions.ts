import type {
  CloseStatus,
  DescribeWorkflowExecutionInput,
  EventType,
  GetWorkflowExecutionHistoryInput,
  History,
  HistoryEvent,
  Run,
  StartWorkflowExecutionInput,
  WorkflowExecutionDetail,
  WorkflowExecutionInfo,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import type { EventAttributes } from '../history/appendEvent.js';
import { newRunId } from '../random/ids.js';
import { scheduleDecisionTask } from './decisionTasks.js';
import { durationMs } from './durations.js';
import { runKey, type Execution, type ExecutionConfig } from './model.js';
import { pageRange, type PageOptions } from './pagination.js';
import type { ServiceState } from './ServiceState.js';
import { findType, typeLabel } from './types.js';

const HISTORY_PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

/** Picks the request's value, else the type's default, else `DefaultUndefinedFault` naming both. */
function resolve<T>(
  requested: T | undefined,
  typeDefault: T | undefined,
  member: string,
  defaultName: string,
  label: string,
): T {
  const value = requested ?? typeDefault;
  if (value === undefined) {
    throw new SwfFault(
      'DefaultUndefinedFault',
      `No ${member} was given and ${label} has no registered ${defaultName}`,
    );
  }
  return value;
}

export function startWorkflowExecution(s: ServiceState, input: StartWorkflowExecutionInput): Run {
  const domain = s.domain(input.domain as string);
  const { name, version } = input.workflowType as { name: string; version: string };
  const type = findType<WorkflowTypeConfiguration>(domain, 'WorkflowType', name, version);
  const label = typeLabel('WorkflowType', name, version);
  if (type.status === 'DEPRECATED') throw new SwfFault('TypeDeprecatedFault', label);
  const defaults = type.configuration;
  const taskPriority = input.taskPriority ?? defaults.defaultTaskPriority;
  const lambdaRole = input.lambdaRole ?? defaults.defaultLambdaRole;
  const config: ExecutionConfig = {
    taskList: resolve(input.taskList, defaults.defaultTaskList, 'taskList', 'defaultTaskList', label),
    executionStartToCloseTimeout: resolve(
      input.executionStartToCloseTimeout,
      defaults.defaultExecutionStartToCloseTimeout,
      'executionStartToCloseTimeout',
      'defaultExecutionStartToCloseTimeout',
      label,
    ),
    taskStartToCloseTimeout: resolve(
      input.taskStartToCloseTimeout,
      defaults.defaultTaskStartToCloseTimeout,
      'taskStartToCloseTimeout',
      'defaultTaskStartToCloseTimeout',
      label,
    ),
    childPolicy: resolve(
      input.childPolicy,
      defaults.defaultChildPolicy,
      'childPolicy',
      'defaultChildPolicy',
      label,
    ),
    ...(taskPriority !== undefined && { taskPriority }),
    ...(lambdaRole !== undefined && { lambdaRole }),
    ...(input.tagList !== undefined && { tagList: input.tagList }),
  };
  const workflowId = input.workflowId as string;
  if (domain.openRuns.has(workflowId)) throw new SwfFault('WorkflowExecutionAlreadyStartedFault', '');

  const execution: Execution = {
    domain,
    workflowId,
    runId: newRunId(s.random),
    workflowType: { name, version },
    config,
    events: [],
    startMs: s.now(),
    status: 'OPEN',
    cancelRequested: false,
    lastCompletedStartedEventId: 0,
    openActivities: new Map(),
    openTimers: new Map(),
  };
  domain.runs.set(runKey(workflowId, execution.runId), execution);
  domain.openRuns.set(workflowId, execution);

  s.append(execution, 'WorkflowExecutionStarted', {
    ...(input.input !== undefined && { input: input.input }),
    executionStartToCloseTimeout: config.executionStartToCloseTimeout,
    taskStartToCloseTimeout: config.taskStartToCloseTimeout,
    childPolicy: config.childPolicy,
    taskList: config.taskList,
    ...(input.taskPriority !== undefined && { taskPriority: input.taskPriority }),
    workflowType: execution.workflowType,
    ...(input.tagList !== undefined && { tagList: input.tagList }),
    ...(lambdaRole !== undefined && { lambdaRole }),
    parentInitiatedEventId: 0,
  });
  scheduleDecisionTask(s, execution);
  const timeoutMs = durationMs(config.executionStartToCloseTimeout);
  if (timeoutMs !== undefined) {
    execution.executionTimeout = s.clock.after(timeoutMs, `execution START_TO_CLOSE ${workflowId}`, () =>
      closeExecution(s, execution, 'TIMED_OUT', 'WorkflowExecutionTimedOut', {
        timeoutType: 'START_TO_CLOSE',
        childPolicy: config.childPolicy,
      }),
    );
  }
  return { runId: execution.runId };
}

/**
 * Closes an execution with its close event. Pending decision tasks vanish silently (no timeout or
 * completion is written: swf-semantics §6.6); activity tasks stop being delivered and their tokens
 * die, but stay counted as open like SWF's Describe shows (§19.1); timers never fire.
 */
export function closeExecution<T extends EventType>(
  s: ServiceState,
  execution: Execution,
  closeStatus: CloseStatus,
  type: T,
  attributes: EventAttributes<T>,
): void {
  s.append(execution, type, attributes);
  execution.status = 'CLOSED';
  execution.closeStatus = closeStatus;
  execution.closeMs = s.now();
  execution.domain.openRuns.delete(execution.workflowId);
  execution.executionTimeout?.cancel();
  for (const task of [execution.scheduledDecision, execution.startedDecision]) {
    if (task === undefined) continue;
    if (task.queued && task.state === 'SCHEDULED')
      s.queue(execution.domain, 'decision', task.taskList).forget();
    task.timeout?.cancel();
    task.state = 'CLOSED';
  }
  execution.scheduledDecision = undefined;
  execution.startedDecision = undefined;
  for (const task of execution.openActivities.values()) {
    if (task.queued && task.state === 'SCHEDULED')
      s.queue(execution.domain, 'activity', task.taskList).forget();
    for (const timer of Object.values(task.timers)) timer.cancel();
    task.state = 'CLOSED';
  }
  for (const timer of execution.openTimers.values()) timer.handle.cancel();
}

/** The run named by `execution`, open or closed, or `UnknownResourceFault`. */
export function findRun(s: ServiceState, domainName: string, workflowId: string, runId: string): Execution {
  const run = s.domain(domainName).runs.get(runKey(workflowId, runId));
  if (run === undefined) {
    throw new SwfFault(
      'UnknownResourceFault',
      `Unknown execution: WorkflowExecution=[workflowId=${workflowId}, runId=${runId}]`,
    );
  }
  return run;
}

/** The `WorkflowExecutionInfo` of a run, as Describe and the List operations report it. */
export function executionInfo(execution: Execution): WorkflowExecutionInfo {
  return {
    execution: { workflowId: execution.workflowId, runId: execution.runId },
    workflowType: execution.workflowType,
    startTimestamp: new Date(execution.startMs),
    ...(execution.closeMs !== undefined && { closeTimestamp: new Date(execution.closeMs) }),
    executionStatus: execution.status,
    ...(execution.closeStatus !== undefined && { closeStatus: execution.closeStatus }),
    ...(execution.config.tagList !== undefined && { tagList: execution.config.tagList }),
    // SWF reports false after close even when a cancel had been requested (swf-semantics §19.1).
    cancelRequested: execution.status === 'OPEN' && execution.cancelRequested,
  };
}

export function describeWorkflowExecution(
  s: ServiceState,
  input: DescribeWorkflowExecutionInput,
): WorkflowExecutionDetail {
  const { workflowId, runId } = input.execution as { workflowId: string; runId: string };
  const execution = findRun(s, input.domain as string, workflowId, runId);
  const { config } = execution;
  return {
    executionInfo: executionInfo(execution),
    executionConfiguration: {
      taskStartToCloseTimeout: config.taskStartToCloseTimeout,
      executionStartToCloseTimeout: config.executionStartToCloseTimeout,
      taskList: config.taskList,
      ...(config.taskPriority !== undefined && { taskPriority: config.taskPriority }),
      childPolicy: config.childPolicy,
      ...(config.lambdaRole !== undefined && { lambdaRole: config.lambdaRole }),
    },
    openCounts: {
      openActivityTasks: execution.openActivities.size,
      openDecisionTasks:
        execution.scheduledDecision !== undefined || execution.startedDecision !== undefined ? 1 : 0,
      openTimers: execution.openTimers.size,
      openChildWorkflowExecutions: 0,
      openLambdaFunctions: 0,
    },
    ...(execution.latestActivityTaskMs !== undefined && {
      latestActivityTaskTimestamp: new Date(execution.latestActivityTaskMs),
    }),
    ...(execution.latestExecutionContext !== undefined && {
      latestExecutionContext: execution.latestExecutionContext,
    }),
  };
}

/** A page of the first `total` events of a history, ascending or newest first. */
export function historyPage(
  s: ServiceState,
  events: readonly HistoryEvent[],
  total: number,
  options: PageOptions & { readonly reverseOrder?: boolean | undefined },
  query: string,
  lifetimeMs: number,
  serviceMaxPageSize?: number,
): { events: HistoryEvent[]; nextPageToken?: string } {
  // Page over positions rather than a copied array: a history can hold 25 000 events.
  const { start, end, nextPageToken } = pageRange(
    total,
    options,
    query,
    s.now(),
    lifetimeMs,
    serviceMaxPageSize,
  );
  const page: HistoryEvent[] = new Array<HistoryEvent>(end - start);
  for (let i = start; i < end; i++) {
    page[i - start] = events[options.reverseOrder === true ? total - 1 - i : i] as HistoryEvent;
  }
  return nextPageToken === undefined ? { events: page } : { events: page, nextPageToken };
}

export function getWorkflowExecutionHistory(
  s: ServiceState,
  input: GetWorkflowExecutionHistoryInput,
): History {
  const { workflowId, runId } = input.execution as { workflowId: string; runId: string };
  const execution = findRun(s, input.domain as string, workflowId, runId);
  const query = `History|${execution.domain.name}|${workflowId}|${runId}|${input.reverseOrder === true}`;
  return historyPage(
    s,
    execution.events,
    execution.events.length,
    input,
    query,
    HISTORY_PAGE_TOKEN_LIFETIME_MS,
  );
}
