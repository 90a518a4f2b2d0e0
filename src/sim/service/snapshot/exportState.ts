import type { HistoryEvent } from '@aws-sdk/client-swf';
import type { DomainRecord, Execution } from '../model.js';
import type { ServiceState } from '../ServiceState.js';
import {
  SERVICE_SNAPSHOT_FORMAT,
  type DomainSnapshot,
  type RunSnapshot,
  type ServiceSnapshot,
  type SnapshotEvent,
  type TaskHint,
} from './ServiceSnapshot.js';

/**
 * The whole state of a service as plain JSON-ready data, sharing nothing with the live state.
 * @public
 */
export function exportState(state: ServiceState): ServiceSnapshot {
  return {
    format: SERVICE_SNAPSHOT_FORMAT,
    version: 1,
    clockMs: state.now(),
    region: state.options.region,
    accountId: state.options.accountId,
    tokensIssued: issuedTokenCount(state),
    domains: [...state.domains.values()].map(exportDomain),
  };
}

/** How many task tokens a service has issued (page aliases included). @internal */
export function issuedTokenCount(state: ServiceState): number {
  return state.tokenIssuer.issued;
}

function exportDomain(domain: DomainRecord): DomainSnapshot {
  return {
    name: domain.name,
    status: domain.status,
    ...(domain.description !== undefined && { description: domain.description }),
    retentionPeriodInDays: domain.retentionPeriodInDays,
    arn: domain.arn,
    tags: structuredClone(domain.tags),
    workflowTypes: [...domain.workflowTypes.values()].map((t) => structuredClone(t)),
    activityTypes: [...domain.activityTypes.values()].map((t) => structuredClone(t)),
    runs: [...domain.runs.values()].map(exportRun),
  };
}

function exportRun(run: Execution): RunSnapshot {
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    workflowType: { name: run.workflowType.name, version: run.workflowType.version },
    config: structuredClone(run.config),
    startMs: run.startMs,
    status: run.status,
    ...(run.closeStatus !== undefined && { closeStatus: run.closeStatus }),
    ...(run.closeMs !== undefined && { closeMs: run.closeMs }),
    cancelRequested: run.cancelRequested,
    ...(run.latestExecutionContext !== undefined && { latestExecutionContext: run.latestExecutionContext }),
    ...(run.latestActivityTaskMs !== undefined && { latestActivityTaskMs: run.latestActivityTaskMs }),
    lastCompletedStartedEventId: run.lastCompletedStartedEventId,
    ...(run.overriddenTaskList !== undefined && {
      overriddenTaskList: structuredClone(run.overriddenTaskList),
    }),
    ...(run.overrideScheduleToStartTimeout !== undefined && {
      overrideScheduleToStartTimeout: run.overrideScheduleToStartTimeout,
    }),
    events: run.events.map(exportEvent),
    ...(run.status === 'OPEN' && { openTasks: exportHints(run) }),
  };
}

function exportEvent(event: HistoryEvent): SnapshotEvent {
  const copy = structuredClone(event) as unknown as SnapshotEvent;
  copy.eventTimestamp = (event.eventTimestamp?.getTime() ?? 0) / 1000;
  return copy;
}

function exportHints(run: Execution): TaskHint[] {
  const hints: TaskHint[] = [];
  for (const task of [run.startedDecision, run.scheduledDecision]) {
    if (task === undefined || task.state === 'CLOSED') continue;
    hints.push({
      scheduledEventId: task.scheduledEventId,
      seq: task.seq,
      ...(task.state === 'STARTED' && task.token !== undefined && { taskToken: task.token }),
    });
  }
  for (const task of run.openActivities.values()) {
    if (task.state === 'CLOSED') continue;
    const heartbeat = task.timers.HEARTBEAT;
    hints.push({
      scheduledEventId: task.scheduledEventId,
      seq: task.seq,
      ...(task.state === 'STARTED' && task.token !== undefined && { taskToken: task.token }),
      ...(task.heartbeatDetails !== undefined && { heartbeatDetails: task.heartbeatDetails }),
      ...(task.state === 'STARTED' && heartbeat !== undefined && { heartbeatTimeoutAtMs: heartbeat.dueAtMs }),
    });
  }
  return hints;
}
