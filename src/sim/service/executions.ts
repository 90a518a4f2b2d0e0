import type {
  ChildPolicy,
  CloseStatus,
  DescribeWorkflowExecutionInput,
  EventType,
  GetWorkflowExecutionHistoryInput,
  History,
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
import {
  newExecution,
  runKey,
  settleExecution,
  type DomainRecord,
  type Execution,
  type ExecutionConfig,
  type ParentLink,
} from './model.js';
import { historyPage } from './pagination.js';
import { scheduleRetention } from './retention.js';
import type { CloseAttributes, ServiceState } from './ServiceState.js';
import { findType, typeLabel } from './types.js';
import { resolveWorkflowConfig, UNDEFINED_DEFAULT_MEMBERS } from './workflowConfig.js';

const HISTORY_PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

/** Parameters of a new run, whatever created it. */
export interface NewRun {
  readonly workflowId: string;
  readonly workflowType: { name: string; version: string };
  readonly config: ExecutionConfig;
  readonly input?: string | undefined;
  readonly continuedExecutionRunId?: string;
  readonly parent?: ParentLink | undefined;
  /** Chosen in advance when an event must name the run before it exists (continue-as-new). */
  readonly runId?: string;
}

/**
 * Creates an open run with its first two events (`WorkflowExecutionStarted`, then
 * `DecisionTaskScheduled` at the same instant) and arms its START_TO_CLOSE clock (swf-semantics §4b).
 */
export function createExecution(s: ServiceState, domain: DomainRecord, run: NewRun): Execution {
  const { config, workflowId, parent } = run;
  const execution = newExecution({
    domain,
    workflowId,
    runId: run.runId ?? newRunId(s.random),
    workflowType: run.workflowType,
    config,
    events: [],
    startMs: s.now(),
    status: 'OPEN',
    parent,
  });
  s.runMade(execution);
  domain.runs.set(runKey(workflowId, execution.runId), execution);
  domain.openRuns.set(workflowId, execution);

  s.append(execution, 'WorkflowExecutionStarted', {
    ...(run.input !== undefined && { input: run.input }),
    executionStartToCloseTimeout: config.executionStartToCloseTimeout,
    taskStartToCloseTimeout: config.taskStartToCloseTimeout,
    childPolicy: config.childPolicy,
    taskList: config.taskList,
    ...(config.taskPriority !== undefined && { taskPriority: config.taskPriority }),
    workflowType: execution.workflowType,
    ...(config.tagList !== undefined && { tagList: config.tagList }),
    ...(run.continuedExecutionRunId !== undefined && {
      continuedExecutionRunId: run.continuedExecutionRunId,
    }),
    ...(parent !== undefined && {
      parentWorkflowExecution: { workflowId: parent.execution.workflowId, runId: parent.execution.runId },
    }),
    parentInitiatedEventId: parent?.child.initiatedEventId ?? 0,
    ...(config.lambdaRole !== undefined && { lambdaRole: config.lambdaRole }),
  });
  scheduleDecisionTask(s, execution);
  const timeoutMs = durationMs(config.executionStartToCloseTimeout);
  if (timeoutMs !== undefined) {
    execution.executionTimeout = s.after(timeoutMs, `execution START_TO_CLOSE ${workflowId}`, () =>
      closeExecution(s, execution, 'TIMED_OUT', 'WorkflowExecutionTimedOut', {
        timeoutType: 'START_TO_CLOSE',
        childPolicy: config.childPolicy,
      }),
    );
  }
  return execution;
}

export function startWorkflowExecution(s: ServiceState, input: StartWorkflowExecutionInput): Run {
  const domain = s.domain(input.domain as string);
  const { name, version } = input.workflowType as { name: string; version: string };
  const type = findType<WorkflowTypeConfiguration>(domain, 'WorkflowType', name, version);
  const label = typeLabel('WorkflowType', name, version);
  if (type.status === 'DEPRECATED') throw new SwfFault('TypeDeprecatedFault', label);
  const config = resolveWorkflowConfig(input, type.configuration);
  if ('undefinedDefault' in config) {
    const { member, defaultName } = UNDEFINED_DEFAULT_MEMBERS[config.undefinedDefault];
    throw new SwfFault(
      'DefaultUndefinedFault',
      `No ${member} was given and ${label} has no registered ${defaultName}`,
    );
  }
  const workflowId = input.workflowId as string;
  if (domain.openRuns.has(workflowId)) throw new SwfFault('WorkflowExecutionAlreadyStartedFault', '');
  if (domain.openRuns.size >= s.options.quotas.openExecutionsPerDomain) {
    throw new SwfFault(
      'LimitExceededFault',
      `Open workflow executions limit exceeded: at most ${s.options.quotas.openExecutionsPerDomain} per domain`,
    );
  }
  const execution = createExecution(s, domain, {
    workflowId,
    workflowType: { name, version },
    config,
    input: input.input,
  });
  return { runId: execution.runId };
}

/**
 * Closes an execution with its close event. Pending decision tasks vanish silently (no timeout or
 * completion is written: swf-semantics §6.6); activity tasks stop being delivered and their tokens
 * die, but stay counted as open like SWF's Describe shows (§19.1); timers and Lambda tasks never
 * finish. Then the child policy reaches the open children (§16.5) and the parent hears of the close
 * (§16.3) — except for a continue-as-new, whose successor reports instead.
 */
export function closeExecution<T extends EventType>(
  s: ServiceState,
  execution: Execution,
  closeStatus: CloseStatus,
  type: T,
  attributes: EventAttributes<T>,
  childPolicy: ChildPolicy = execution.config.childPolicy,
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
    task.scheduleToStartTimeout?.cancel();
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
  for (const lambda of execution.openLambdas.values()) lambda.timeout?.cancel();
  s.spendTokens(execution);
  scheduleRetention(s, execution);
  s.closeFamily(execution, closeStatus, attributes as CloseAttributes, childPolicy);
  settleExecution(execution);
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

/**
 * The open run a Signal/RequestCancel/Terminate call or an external decision targets: the given
 * run, which must be open, or else the open run of `workflowId` (swf-semantics §2).
 */
export function findOpenRun(
  domain: DomainRecord,
  workflowId: string,
  runId: string | undefined,
): Execution | undefined {
  const run = domain.openRuns.get(workflowId);
  return run !== undefined && (runId === undefined || runId === '' || run.runId === runId) ? run : undefined;
}

/** {@link findOpenRun}, or `UnknownResourceFault` in SWF's wording. */
export function requireOpenRun(
  domain: DomainRecord,
  workflowId: string,
  runId: string | undefined,
): Execution {
  const run = findOpenRun(domain, workflowId, runId);
  if (run !== undefined) return run;
  throw new SwfFault(
    'UnknownResourceFault',
    runId === undefined || runId === ''
      ? `Unknown execution, workflowId = ${workflowId}`
      : `Unknown execution: WorkflowExecution=[workflowId=${workflowId}, runId=${runId}]`,
  );
}

/**
 * The `WorkflowExecutionInfo` of a run, as Describe and the List operations report it. Built
 * member by member (a List page builds a thousand of them), in the order SWF writes them.
 */
export function executionInfo(execution: Execution): WorkflowExecutionInfo {
  // executionStatus follows closeTimestamp in SWF's order; it is set two lines below.
  const info = {
    execution: { workflowId: execution.workflowId, runId: execution.runId },
    workflowType: execution.workflowType,
    startTimestamp: new Date(execution.startMs),
  } as WorkflowExecutionInfo;
  if (execution.closeMs !== undefined) info.closeTimestamp = new Date(execution.closeMs);
  info.executionStatus = execution.status;
  if (execution.closeStatus !== undefined) info.closeStatus = execution.closeStatus;
  const parent = execution.parent?.execution;
  if (parent !== undefined) info.parent = { workflowId: parent.workflowId, runId: parent.runId };
  if (execution.config.tagList !== undefined) info.tagList = execution.config.tagList;
  // SWF reports false after close even when a cancel had been requested (swf-semantics §19.1).
  info.cancelRequested = execution.status === 'OPEN' && execution.cancelRequested;
  return info;
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
      openChildWorkflowExecutions: execution.openChildren.size,
      openLambdaFunctions: execution.openLambdas.size,
    },
    ...(execution.latestActivityTaskMs !== undefined && {
      latestActivityTaskTimestamp: new Date(execution.latestActivityTaskMs),
    }),
    ...(execution.latestExecutionContext !== undefined && {
      latestExecutionContext: execution.latestExecutionContext,
    }),
  };
}

export function getWorkflowExecutionHistory(
  s: ServiceState,
  input: GetWorkflowExecutionHistoryInput,
): History {
  const { workflowId, runId } = input.execution as { workflowId: string; runId: string };
  const execution = findRun(s, input.domain as string, workflowId, runId);
  const query = `History|${execution.domain.name}|${workflowId}|${runId}|${input.reverseOrder === true}`;
  return historyPage(
    s.now(),
    execution.history,
    execution.history.length,
    input,
    query,
    HISTORY_PAGE_TOKEN_LIFETIME_MS,
  );
}
