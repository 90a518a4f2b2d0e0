import type { HistoryEvent } from '@aws-sdk/client-swf';
import type { TimerHandle } from '../../clock/VirtualClock.js';
import type { DomainRecord, Execution } from '../model.js';
import type { ServiceState } from '../ServiceState.js';
import { retentionLabel } from '../retention.js';
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
   * Also record each run's clocks' places in the arming order (`clockSeqs`), so that an import
   * into a clock continuing this one's order (`VirtualClock.skipArmedTo`) fires timers due at the
   * same instant exactly as this service would have. For a server's own state directory.
   */
  readonly clockOrder?: boolean;
}

/** A run as it stood at a cut; its history's events are the service's own records, which never change. @internal */
export type RunCut = Omit<RunSnapshot, 'events'> & { readonly events: readonly HistoryEvent[] };

/**
 * A consistent cut of a service, taken at once and read later, piece by piece, while the service
 * moves on. Domains and types are copied at the cut; a run is read as it is when its turn comes,
 * unless it changed since the cut: the service then told the cut first ({@link ServiceState.willChange}),
 * and the cut kept the run as it was. Closed runs never change again.
 * @internal
 */
export interface StateCut {
  readonly header: Omit<ServiceSnapshot, 'domains'>;
  readonly domains: readonly {
    readonly header: Omit<DomainSnapshot, 'runs'>;
    readonly runs: readonly Execution[];
  }[];
  /** One run of the cut as it stood then; each run is read once. */
  runAt(run: Execution): RunCut;
  /** Stops keeping runs as they were; called once the cut is read, or abandoned. */
  release(): void;
}

/**
 * Cuts the state: costs O(domains + types) plus a copy of each domain's list of runs, so that a cut
 * of a big state blocks other clients for a few milliseconds only. Release it once read.
 * @internal
 */
export function cutState(state: ServiceState, options: ExportOptions = {}): StateCut {
  /** Runs that changed before their turn, as they were at the cut. */
  const kept = new Map<Execution, RunCut>();
  const watcher = state.watchChanges((cutNumber) => ({
    cutNumber,
    keep: (run) => kept.set(run, cutRun(run, options)),
  }));
  return {
    header: {
      format: SERVICE_SNAPSHOT_FORMAT,
      version: 1,
      clockMs: state.now(),
      region: state.options.region,
      accountId: state.options.accountId,
      tokensIssued: issuedTokenCount(state),
    },
    domains: [...state.domains.values()].map((domain) => ({
      header: domainHeader(domain),
      runs: domain.runs.valuesArray(),
    })),
    runAt: (run) => {
      const at = kept.get(run);
      if (at === undefined) return cutRun(run, options);
      kept.delete(run);
      return at;
    },
    release: () => {
      state.unwatchChanges(watcher);
      kept.clear();
    },
  };
}

/**
 * The whole state of a service as plain JSON-ready data, sharing nothing with the live state.
 * @public
 */
export function exportState(state: ServiceState, options: ExportOptions = {}): ServiceSnapshot {
  const cut = cutState(state, options);
  const snapshot: ServiceSnapshot = {
    ...cut.header,
    domains: cut.domains.map(({ header, runs }) => ({
      ...header,
      runs: runs.map((run) => {
        const at = cut.runAt(run);
        return { ...at, config: structuredClone(at.config), events: at.events.map(exportEvent) };
      }),
    })),
  };
  cut.release();
  return snapshot;
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

/** A run's members now, its history copied. */
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
    events: run.events,
    ...(open && { openTasks: exportHints(run) }),
    ...(options.clockOrder === true && { clockSeqs: open ? clockSeqs(run) : retentionSeqs(run) }),
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

/** A closed run's one clock, its retention. */
function retentionSeqs(run: Execution): Record<string, number> {
  return run.retentionSeq === undefined
    ? {}
    : { [retentionLabel(run.workflowId, run.runId)]: run.retentionSeq };
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
