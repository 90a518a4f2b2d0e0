import type { HistoryEvent } from '@aws-sdk/client-swf';
import type { TimerHandle } from '../../clock/VirtualClock.js';
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

/** Options of {@link exportState} and {@link cutState}. @public */
export interface ExportOptions {
  /**
   * Also record each open run's clocks' places in the arming order (`clockSeqs`), so that an import
   * into a clock continuing this one's order (`VirtualClock.skipArmedTo`) fires timers due at the
   * same instant exactly as this service would have. For a server's own state directory.
   */
  readonly clockOrder?: boolean;
}

/** A run as it stood at a cut, with its history events still the live (immutable) records. @internal */
export type RunCut = Omit<RunSnapshot, 'events'> & { readonly events: readonly HistoryEvent[] };

/**
 * A consistent cut of a service, taken at once and read later, piece by piece, while the service
 * moves on: what can still change (domains, types, open runs) is copied at the cut; closed runs
 * never change again and histories only grow, so those are kept by reference.
 * @internal
 */
export interface StateCut {
  readonly header: Omit<ServiceSnapshot, 'domains'>;
  readonly domains: readonly {
    readonly header: Omit<DomainSnapshot, 'runs'>;
    readonly runs: readonly Execution[];
  }[];
  /** One run of the cut as it stood then. */
  runAt(run: Execution): RunCut;
}

/**
 * Cuts the state: costs O(domains + types + open runs) now, plus a copy of each domain's list of
 * runs; the rest is read on {@link StateCut.runAt}.
 * @internal
 */
export function cutState(state: ServiceState, options: ExportOptions = {}): StateCut {
  const openAtCut = new Map<Execution, { readonly run: RunCut; readonly eventCount: number }>();
  const domains = [...state.domains.values()].map((domain) => {
    const runs = [...domain.runs.values()];
    for (const run of runs) {
      if (run.status === 'OPEN')
        openAtCut.set(run, { run: cutRun(run, options), eventCount: run.history.length });
    }
    return { header: domainHeader(domain), runs };
  });
  return {
    header: {
      format: SERVICE_SNAPSHOT_FORMAT,
      version: 1,
      clockMs: state.now(),
      region: state.options.region,
      accountId: state.options.accountId,
      tokensIssued: issuedTokenCount(state),
    },
    domains,
    runAt: (run) => {
      const atCut = openAtCut.get(run);
      // A history only grows: the events up to the cut are a prefix of today's, copied only now.
      return atCut === undefined
        ? cutRun(run, options)
        : { ...atCut.run, events: run.history.slice(0, atCut.eventCount) };
    },
  };
}

/**
 * The whole state of a service as plain JSON-ready data, sharing nothing with the live state.
 * @public
 */
export function exportState(state: ServiceState, options: ExportOptions = {}): ServiceSnapshot {
  const cut = cutState(state, options);
  return {
    ...cut.header,
    domains: cut.domains.map(({ header, runs }) => ({
      ...header,
      runs: runs.map((run) => {
        const at = cut.runAt(run);
        return { ...at, config: structuredClone(at.config), events: at.events.map(exportEvent) };
      }),
    })),
  };
}

/** How many task tokens a service has issued (page aliases included). @internal */
export function issuedTokenCount(state: ServiceState): number {
  return state.tokenIssuer.issued;
}

function domainHeader(domain: DomainRecord): Omit<DomainSnapshot, 'runs'> {
  return {
    name: domain.name,
    status: domain.status,
    ...(domain.description !== undefined && { description: domain.description }),
    retentionPeriodInDays: domain.retentionPeriodInDays,
    arn: domain.arn,
    tags: structuredClone(domain.tags),
    workflowTypes: [...domain.workflowTypes.values()].map((t) => structuredClone(t)),
    activityTypes: [...domain.activityTypes.values()].map((t) => structuredClone(t)),
  };
}

/**
 * A run's members now. An open run's events are left for `runAt` to read (a history only grows,
 * event by event, so its length at the cut says which are in it). Cheap, since a cut of many open
 * runs blocks.
 */
function cutRun(run: Execution, options: ExportOptions): RunCut {
  const open = run.status === 'OPEN';
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    workflowType: { name: run.workflowType.name, version: run.workflowType.version },
    // A task-list override replaces an open run's `config.taskList`; nothing else in it changes.
    config: open ? { ...run.config } : run.config,
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
    events: open ? [] : run.events,
    ...(open && { openTasks: exportHints(run) }),
    ...(open && options.clockOrder === true && { clockSeqs: clockSeqs(run) }),
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

/** The arming order of an open run's clocks, by label (labels are unique within a run). */
function clockSeqs(run: Execution): Record<string, number> {
  const seqs: Record<string, number> = {};
  const note = (handle: TimerHandle | undefined): void => {
    if (handle !== undefined) seqs[handle.label] = handle.seq;
  };
  note(run.executionTimeout);
  note(run.startedDecision?.timeout);
  note(run.scheduledDecision?.scheduleToStartTimeout);
  for (const task of run.openActivities.values())
    for (const handle of Object.values(task.timers)) note(handle);
  for (const timer of run.openTimers.values()) note(timer.handle);
  return seqs;
}
