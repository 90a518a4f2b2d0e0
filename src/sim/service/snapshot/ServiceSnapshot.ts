import type {
  ActivityTypeConfiguration,
  CloseStatus,
  HistoryEvent,
  RegistrationStatus,
  ResourceTag,
  TaskList,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import type {
  ActivityTask,
  ChildRecord,
  DecisionTask,
  DomainRecord,
  Execution,
  ExecutionConfig,
  LambdaTask,
  TimerRecord,
  TypeRecord,
} from '../model.js';

/*
 * Snapshots: the whole state of one simulated service as plain JSON, and back.
 *
 * What travels: every domain (status, tags, ARN), its workflow and activity types, and every
 * retained run with its configuration, status and full history; the virtual time.
 *
 * What is rebuilt from the histories on import: for OPEN runs the open decision task(s), activity
 * tasks, timers and children, and every clock (execution, decision, activity and timer timeouts),
 * each re-armed at the virtual instant it was due, so an imported run times out exactly when the
 * original would have; for CLOSED runs what was left open at close (Describe still counts it) and
 * the end of their retention. The history is the source of truth; the few live details it does not
 * hold travel as optional hints (TaskHint): task tokens, queue order, heartbeat state.
 *
 * Started tasks: a task a worker had started stays STARTED. With its token in the snapshot (the
 * default) the same worker can still answer after a restore, as with a real SWF that simply stayed
 * up. Without a token (a hand-made snapshot) nobody can answer it, which is exactly SWF's situation
 * after a lost worker: its START_TO_CLOSE (or HEARTBEAT) clock runs out, `…TimedOut` is written
 * and the decider gets a new decision task. Nothing is invented in the history.
 *
 * Refused (SnapshotError) rather than dropped: open runs with a Lambda task in flight (its outcome
 * lives in a closure). A decision task waiting on a temporary task-list override comes back with its
 * SCHEDULE_TO_START clock. Not carried:
 * parked long polls (a poll belongs to a connection, not to the state) and the tokens of tasks that
 * are already closed (a stale token still gets UnknownResourceFault, with a shorter message).
 *
 * No I/O here: callers serialize with `JSON.stringify` and parse with `JSON.parse`.
 */

/** The `format` tag of a {@link ServiceSnapshot}. @public */
export const SERVICE_SNAPSHOT_FORMAT = 'swf-sim/service-snapshot';

/** A history event as plain JSON: exactly the wire form GetWorkflowExecutionHistory returns. @public */
export type SnapshotEvent = Omit<HistoryEvent, 'eventTimestamp'> & {
  /** Epoch seconds with a millisecond fraction, as on the wire. */
  eventTimestamp: number;
};

/** A registered or deprecated type, as the service keeps it. @public */
export interface TypeSnapshot<C> {
  readonly name: string;
  readonly version: string;
  readonly status: RegistrationStatus;
  readonly description?: string;
  readonly creationMs: number;
  readonly deprecationMs?: number;
  readonly configuration: C;
}

/**
 * Live details of one open task that its run's history does not record. Every member but
 * `scheduledEventId` is optional: without them an import still yields a consistent service.
 * @public
 */
export interface TaskHint {
  /** `scheduledEventId` of the open decision or activity task this hint is about. */
  readonly scheduledEventId: number;
  /** Scheduling order across the whole service (decides queue order between equal priorities). */
  readonly seq?: number;
  /** Token of a started task, so the worker that holds it can still answer after an import. */
  readonly taskToken?: string;
  /** Activity tasks: details of the last heartbeat, reported if the task times out. */
  readonly heartbeatDetails?: string;
  /** Activity tasks: when the HEARTBEAT clock runs out (each heartbeat restarts it), epoch ms. */
  readonly heartbeatTimeoutAtMs?: number;
}

/** One run (one workflow execution) with its history. @public */
export interface RunSnapshot {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: { readonly name: string; readonly version: string };
  readonly config: ExecutionConfig;
  readonly startMs: number;
  readonly status: 'OPEN' | 'CLOSED';
  readonly closeStatus?: CloseStatus;
  readonly closeMs?: number;
  readonly cancelRequested: boolean;
  readonly latestExecutionContext?: string;
  readonly latestActivityTaskMs?: number;
  readonly lastCompletedStartedEventId: number;
  readonly overriddenTaskList?: TaskList;
  readonly overrideScheduleToStartTimeout?: string;
  readonly events: SnapshotEvent[];
  /** OPEN runs: what the history does not say about their open tasks. */
  readonly openTasks?: TaskHint[];
  /**
   * In a server's own state directory only: each armed clock's place in the arming order, by its
   * label (`timer t1`, `activity START_TO_CLOSE a1`, …; a CLOSED run's `retention <workflowId>
   * <runId>`), so that clocks due at the same instant fire in their original order after a restore.
   */
  readonly clockSeqs?: Readonly<Record<string, number>>;
}

/** One domain and everything in it. @public */
export interface DomainSnapshot {
  readonly name: string;
  readonly status: RegistrationStatus;
  readonly description?: string;
  readonly retentionPeriodInDays: string;
  readonly arn: string;
  readonly tags: ResourceTag[];
  readonly workflowTypes: TypeSnapshot<WorkflowTypeConfiguration>[];
  readonly activityTypes: TypeSnapshot<ActivityTypeConfiguration>[];
  /** Every retained run, in the order they started. */
  readonly runs: RunSnapshot[];
}

/** The whole state of one simulated service, as plain JSON. @public */
export interface ServiceSnapshot {
  readonly format: typeof SERVICE_SNAPSHOT_FORMAT;
  readonly version: 1;
  /** Virtual time the snapshot was taken at, epoch ms. */
  readonly clockMs: number;
  /** Region and account of the service that took it (domain ARNs keep their own). */
  readonly region: string;
  readonly accountId: string;
  /** Task tokens the service had issued; an import issues only later ones, so a stale token never names a new task. */
  readonly tokensIssued: number;
  readonly domains: DomainSnapshot[];
}

/** A snapshot that cannot be imported; the message names the offending member. @public */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

type FieldUse = 'stored' | 'derived' | 'hint' | 'context';

/**
 * How each field of the live records crosses a snapshot: `stored` as is, `derived` from the history
 * (or rebuilt) on import, `hint` in a {@link TaskHint}, `context` (the record that holds it, or a
 * constant). Each table must name every field of its record — the compiler checks it — so a field
 * added to the model fails to compile here until someone decides how snapshots carry it: a snapshot
 * must never silently drop state.
 * @internal
 */
export const SNAPSHOT_FIELD_COVERAGE = {
  DomainRecord: {
    name: 'stored',
    status: 'stored',
    description: 'stored',
    retentionPeriodInDays: 'stored',
    arn: 'stored',
    tags: 'stored',
    workflowTypes: 'stored',
    activityTypes: 'stored',
    runs: 'stored',
    openRuns: 'derived',
    decisionQueues: 'derived',
    activityQueues: 'derived',
  } satisfies Record<keyof DomainRecord, FieldUse>,
  TypeRecord: {
    name: 'stored',
    version: 'stored',
    status: 'stored',
    description: 'stored',
    creationMs: 'stored',
    deprecationMs: 'stored',
    configuration: 'stored',
  } satisfies Record<keyof TypeRecord<unknown>, FieldUse>,
  Execution: {
    domain: 'context',
    workflowId: 'stored',
    runId: 'stored',
    workflowType: 'stored',
    config: 'stored',
    events: 'stored',
    // What `events` reads, rebuilt from it on import.
    history: 'derived',
    startMs: 'stored',
    status: 'stored',
    closeStatus: 'stored',
    closeMs: 'stored',
    cancelRequested: 'stored',
    latestExecutionContext: 'stored',
    latestActivityTaskMs: 'stored',
    lastCompletedStartedEventId: 'stored',
    overriddenTaskList: 'stored',
    overrideScheduleToStartTimeout: 'stored',
    scheduledDecision: 'derived',
    startedDecision: 'derived',
    openActivities: 'derived',
    openTimers: 'derived',
    openChildren: 'derived',
    openLambdas: 'derived',
    tokens: 'derived',
    spentTokens: 'derived',
    parent: 'derived',
    executionTimeout: 'derived',
    // Re-armed from `closeMs` and the domain's retention; its place in the order from `clockSeqs`.
    retentionSeq: 'derived',
  } satisfies Record<keyof Execution, FieldUse>,
  DecisionTask: {
    kind: 'context',
    execution: 'context',
    scheduledEventId: 'derived',
    taskList: 'derived',
    priority: 'derived',
    seq: 'hint',
    state: 'derived',
    queued: 'derived',
    startedEventId: 'derived',
    previousStartedEventId: 'derived',
    token: 'hint',
    timeout: 'derived',
    scheduleToStartTimeout: 'derived',
  } satisfies Record<keyof DecisionTask, FieldUse>,
  ActivityTask: {
    kind: 'context',
    execution: 'context',
    activityId: 'derived',
    activityType: 'derived',
    input: 'derived',
    scheduledEventId: 'derived',
    taskList: 'derived',
    priority: 'derived',
    seq: 'hint',
    timeouts: 'derived',
    state: 'derived',
    queued: 'derived',
    startedEventId: 'derived',
    token: 'hint',
    cancelRequestedEventId: 'derived',
    heartbeatDetails: 'hint',
    timers: 'derived',
  } satisfies Record<keyof ActivityTask, FieldUse>,
  TimerRecord: {
    timerId: 'derived',
    startedEventId: 'derived',
    handle: 'derived',
  } satisfies Record<keyof TimerRecord, FieldUse>,
  ChildRecord: {
    workflowId: 'derived',
    workflowType: 'derived',
    initiatedEventId: 'derived',
    startedEventId: 'derived',
    run: 'derived',
  } satisfies Record<keyof ChildRecord, FieldUse>,
  LambdaTask: {
    id: 'derived',
    name: 'derived',
    input: 'derived',
    scheduledEventId: 'derived',
    startToCloseTimeoutMs: 'derived',
    startedEventId: 'derived',
    timeout: 'derived',
  } satisfies Record<keyof LambdaTask, FieldUse>,
} as const;
