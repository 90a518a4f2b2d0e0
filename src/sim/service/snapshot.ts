import {
  EventType,
  type ActivityTaskTimeoutType,
  type ActivityTypeConfiguration,
  type CloseStatus,
  type HistoryEvent,
  type RegistrationStatus,
  type ResourceTag,
  type TaskList,
  type WorkflowType,
  type WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import type { TimerHandle } from '../clock/VirtualClock.js';
import { eventAttributesKey } from '../history/appendEvent.js';
import { timeOutActivityTask } from './activityTasks.js';
import { timeOutDecisionTask } from './decisionTasks.js';
import { fireTimer } from './timers.js';
import { durationMs, priorityOf } from './durations.js';
import { closeExecution } from './executions.js';
import {
  runKey,
  typeKey,
  type ActivityTask,
  type ActivityTimeouts,
  type ChildRecord,
  type DecisionTask,
  type DomainRecord,
  type Execution,
  type ExecutionConfig,
  type LambdaTask,
  type ParentLink,
  type TimerRecord,
  type TypeRecord,
} from './model.js';
import { retentionMs } from './retention.js';
import type { ServiceState } from './ServiceState.js';

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
 * lives in a closure) or a decision task waiting on a temporary task-list override. Not carried:
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
    parent: 'derived',
    executionTimeout: 'derived',
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

/** Most task tokens an import will skip past (each costs a counter step). */
const MAX_TOKENS_ISSUED = 10_000_000;
/** ScheduleLambdaFunction's default START_TO_CLOSE, as lambdas.ts resolves it. */
const DEFAULT_LAMBDA_TIMEOUT_S = 900;

const EVENT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(EventType));

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Import, phase 1: check and fold. Nothing here touches the state.
// ---------------------------------------------------------------------------------------------

/** What a run's history says is open (for a CLOSED run: what was open when it closed). */
interface RunWork {
  scheduledDecision?: { scheduledEventId: number; scheduledMs: number; taskList: string } | undefined;
  startedDecision?:
    | {
        scheduledEventId: number;
        scheduledMs: number;
        startedEventId: number;
        startedMs: number;
        previousStartedEventId: number;
      }
    | undefined;
  readonly activities: Map<string, OpenActivity>;
  readonly timers: Map<string, { startedEventId: number; startedMs: number; startToFireTimeout: string }>;
  readonly lambdas: Map<string, OpenLambda>;
  /** By the parent's initiated event id. */
  readonly children: Map<number, OpenChild>;
  /** `newExecutionRunId` of a WorkflowExecutionContinuedAsNew close. */
  continuedAsRunId?: string;
  /** From WorkflowExecutionStarted: the parent, when this run is a child. */
  parent?: { workflowId: string; runId: string; initiatedEventId: number };
}

interface OpenActivity {
  readonly activityId: string;
  readonly activityType: WorkflowType;
  readonly input?: string;
  readonly taskList: string;
  readonly taskPriority?: string;
  readonly scheduledEventId: number;
  readonly scheduledMs: number;
  readonly timeouts: ActivityTimeouts;
  startedEventId: number;
  startedMs?: number;
  cancelRequestedEventId?: number;
}

interface OpenLambda {
  readonly id: string;
  readonly name: string;
  readonly input?: string;
  readonly scheduledEventId: number;
  readonly startToCloseTimeoutMs: number;
  startedEventId: number;
}

interface OpenChild {
  readonly workflowId: string;
  readonly workflowType: { name: string; version: string };
  readonly initiatedEventId: number;
  startedEventId: number;
  runId?: string;
}

interface CheckedRun {
  readonly source: RunSnapshot;
  readonly events: HistoryEvent[];
  readonly work: RunWork;
  readonly hints: Map<number, TaskHint>;
}

interface CheckedDomain {
  readonly source: DomainSnapshot;
  readonly runs: CheckedRun[];
}

/**
 * Rebuilds the records of `snapshot` into `state`, which must hold no domain yet (a fresh service).
 * Everything is checked before anything changes: a snapshot that does not fit throws a
 * {@link SnapshotError} and leaves `state` as it was. The clock moves forward to the snapshot's
 * time if it is behind; clocks already due (the state's clock is later) fire on its next advance.
 *
 * Import into a service whose random stream differs from the exporter's (another seed), or new runs
 * may draw runIds the snapshot already holds.
 * @throws SnapshotError
 * @public
 */
export function importState(state: ServiceState, snapshot: ServiceSnapshot): void {
  const domains = checkSnapshot(snapshot);
  if (state.domains.size > 0) {
    throw new SnapshotError('importState: the service already has domains; import into a fresh one');
  }
  commit(state, snapshot, domains);
}

function fail(path: string, message: string): never {
  throw new SnapshotError(`${path}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) fail(path, 'expected an object');
  return value;
}

function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  return value;
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'expected a string');
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : expectString(value, path);
}

function expectInteger(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(path, `expected an integer >= ${min}`);
  }
  return value;
}

/** Epoch milliseconds. */
function expectTime(value: unknown, path: string): number {
  return expectInteger(value, path, 0);
}

function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function checkSnapshot(snapshot: unknown): CheckedDomain[] {
  const root = expectObject(snapshot, 'snapshot');
  if (root.format !== SERVICE_SNAPSHOT_FORMAT) {
    fail('snapshot.format', `expected "${SERVICE_SNAPSHOT_FORMAT}"`);
  }
  if (root.version !== 1) fail('snapshot.version', 'expected 1 (the only version this swf-sim reads)');
  expectTime(root.clockMs, 'snapshot.clockMs');
  expectString(root.region, 'snapshot.region');
  expectString(root.accountId, 'snapshot.accountId');
  const tokensIssued = expectInteger(root.tokensIssued, 'snapshot.tokensIssued');
  if (tokensIssued > MAX_TOKENS_ISSUED) fail('snapshot.tokensIssued', `at most ${MAX_TOKENS_ISSUED}`);
  const names = new Set<string>();
  const tokens = new Set<string>();
  return expectArray(root.domains, 'snapshot.domains').map((value, i) => {
    const path = `snapshot.domains[${i}]`;
    const domain = checkDomain(value, path, tokens);
    if (names.has(domain.source.name)) fail(`${path}.name`, `duplicate domain ${domain.source.name}`);
    names.add(domain.source.name);
    return domain;
  });
}

const REGISTRATION_STATUSES = ['REGISTERED', 'DEPRECATED'] as const;
const CLOSE_STATUSES = [
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
] as const satisfies readonly CloseStatus[];

function checkDomain(value: unknown, path: string, tokens: Set<string>): CheckedDomain {
  const domain = expectObject(value, path);
  expectString(domain.name, `${path}.name`);
  expectOneOf(domain.status, REGISTRATION_STATUSES, `${path}.status`);
  optionalString(domain.description, `${path}.description`);
  expectString(domain.retentionPeriodInDays, `${path}.retentionPeriodInDays`);
  expectString(domain.arn, `${path}.arn`);
  expectArray(domain.tags, `${path}.tags`).forEach((tag, i) => {
    const t = expectObject(tag, `${path}.tags[${i}]`);
    expectString(t.key, `${path}.tags[${i}].key`);
    optionalString(t.value, `${path}.tags[${i}].value`);
  });
  for (const kind of ['workflowTypes', 'activityTypes'] as const) {
    const keys = new Set<string>();
    expectArray(domain[kind], `${path}.${kind}`).forEach((type, i) => {
      const p = `${path}.${kind}[${i}]`;
      const t = expectObject(type, p);
      const key = typeKey(expectString(t.name, `${p}.name`), expectString(t.version, `${p}.version`));
      if (keys.has(key)) fail(p, 'duplicate type');
      keys.add(key);
      expectOneOf(t.status, REGISTRATION_STATUSES, `${p}.status`);
      optionalString(t.description, `${p}.description`);
      expectTime(t.creationMs, `${p}.creationMs`);
      if (t.deprecationMs !== undefined) expectTime(t.deprecationMs, `${p}.deprecationMs`);
      expectObject(t.configuration, `${p}.configuration`);
    });
  }
  const runKeys = new Set<string>();
  const openIds = new Set<string>();
  const runs = expectArray(domain.runs, `${path}.runs`).map((run, i) => {
    const p = `${path}.runs[${i}]`;
    const checked = checkRun(run, p, tokens);
    const { workflowId, runId, status } = checked.source;
    const key = runKey(workflowId, runId);
    if (runKeys.has(key)) fail(p, `duplicate run ${workflowId} ${runId}`);
    runKeys.add(key);
    if (status === 'OPEN') {
      if (openIds.has(workflowId)) fail(p, `a second OPEN run of workflowId ${workflowId}`);
      openIds.add(workflowId);
    }
    return checked;
  });
  return { source: value as DomainSnapshot, runs };
}

function checkRun(value: unknown, path: string, tokens: Set<string>): CheckedRun {
  const run = expectObject(value, path);
  expectString(run.workflowId, `${path}.workflowId`);
  expectString(run.runId, `${path}.runId`);
  const workflowType = expectObject(run.workflowType, `${path}.workflowType`);
  expectString(workflowType.name, `${path}.workflowType.name`);
  expectString(workflowType.version, `${path}.workflowType.version`);
  const config = expectObject(run.config, `${path}.config`);
  const taskList = expectObject(config.taskList, `${path}.config.taskList`);
  expectString(taskList.name, `${path}.config.taskList.name`);
  expectString(config.taskStartToCloseTimeout, `${path}.config.taskStartToCloseTimeout`);
  expectString(config.executionStartToCloseTimeout, `${path}.config.executionStartToCloseTimeout`);
  expectString(config.childPolicy, `${path}.config.childPolicy`);
  expectTime(run.startMs, `${path}.startMs`);
  const status = expectOneOf(run.status, ['OPEN', 'CLOSED'] as const, `${path}.status`);
  if (status === 'CLOSED') {
    expectOneOf(run.closeStatus, CLOSE_STATUSES, `${path}.closeStatus`);
    expectTime(run.closeMs, `${path}.closeMs`);
  }
  if (typeof run.cancelRequested !== 'boolean') fail(`${path}.cancelRequested`, 'expected a boolean');
  optionalString(run.latestExecutionContext, `${path}.latestExecutionContext`);
  if (run.latestActivityTaskMs !== undefined) {
    expectTime(run.latestActivityTaskMs, `${path}.latestActivityTaskMs`);
  }
  expectInteger(run.lastCompletedStartedEventId, `${path}.lastCompletedStartedEventId`);
  if (run.overriddenTaskList !== undefined) {
    expectString(
      expectObject(run.overriddenTaskList, `${path}.overriddenTaskList`).name,
      `${path}.overriddenTaskList.name`,
    );
  }
  optionalString(run.overrideScheduleToStartTimeout, `${path}.overrideScheduleToStartTimeout`);
  const events = expectArray(run.events, `${path}.events`).map((event, i) =>
    importEvent(event, i, `${path}.events[${i}]`),
  );
  if (events.length === 0) fail(`${path}.events`, 'a run has at least its WorkflowExecutionStarted');
  const hints = new Map<number, TaskHint>();
  if (run.openTasks !== undefined) {
    expectArray(run.openTasks, `${path}.openTasks`).forEach((hint, i) => {
      const checked = checkHint(hint, `${path}.openTasks[${i}]`);
      if (checked.taskToken !== undefined) {
        if (tokens.has(checked.taskToken)) fail(`${path}.openTasks[${i}].taskToken`, 'duplicate token');
        tokens.add(checked.taskToken);
      }
      hints.set(checked.scheduledEventId, checked);
    });
  }
  const work = foldRunWork(events, status, path);
  if (status === 'OPEN') refuseUnrestorable(work, events, path);
  return { source: value as RunSnapshot, events, hints, work };
}

function checkHint(value: unknown, path: string): TaskHint {
  const hint = expectObject(value, path);
  expectInteger(hint.scheduledEventId, `${path}.scheduledEventId`, 1);
  if (hint.seq !== undefined) expectInteger(hint.seq, `${path}.seq`);
  optionalString(hint.taskToken, `${path}.taskToken`);
  optionalString(hint.heartbeatDetails, `${path}.heartbeatDetails`);
  if (hint.heartbeatTimeoutAtMs !== undefined) {
    expectTime(hint.heartbeatTimeoutAtMs, `${path}.heartbeatTimeoutAtMs`);
  }
  return hint as unknown as TaskHint;
}

/** A snapshot event back to a `HistoryEvent`: same members and order, the timestamp a `Date` again. */
function importEvent(value: unknown, index: number, path: string): HistoryEvent {
  const event = expectObject(value, path);
  if (event.eventId !== index + 1) fail(`${path}.eventId`, `expected ${index + 1} (ids are 1..n)`);
  const type = event.eventType;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) fail(`${path}.eventType`, 'unknown event type');
  const seconds = event.eventTimestamp;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    fail(`${path}.eventTimestamp`, 'expected epoch seconds');
  }
  const key = eventAttributesKey(type as EventType);
  expectObject(event[key], `${path}.${key}`);
  const copy = structuredClone(event);
  // Same rounding as the SDK's epoch-seconds parser, so millisecond timestamps survive exactly.
  copy.eventTimestamp = new Date(Math.round(seconds * 1000));
  return copy as unknown as HistoryEvent;
}

function attributesOf(event: HistoryEvent): Record<string, unknown> {
  return (event as unknown as Record<string, Record<string, unknown>>)[
    eventAttributesKey(event.eventType as EventType)
  ] as Record<string, unknown>;
}

function eventMs(event: HistoryEvent): number {
  return (event.eventTimestamp as Date).getTime();
}

/**
 * Folds a run's history into what is open: the decision task slots, activity tasks, timers, Lambda
 * tasks and children (for a CLOSED run: what was open when it closed). Refuses histories that
 * contradict themselves, so a restored run never starts from an impossible state.
 */
function foldRunWork(events: readonly HistoryEvent[], status: 'OPEN' | 'CLOSED', runPath: string): RunWork {
  const work: RunWork = { activities: new Map(), timers: new Map(), lambdas: new Map(), children: new Map() };
  let lastCompletedStartedEventId = 0;
  const activityByScheduledId = new Map<number, OpenActivity>();
  const lambdaByScheduledId = new Map<number, OpenLambda>();
  let closed = false;
  for (const event of events) {
    const id = event.eventId as number;
    const type = event.eventType as EventType;
    const path = `${runPath}.events[${id - 1}]`;
    if (closed) fail(path, 'an event after the run closed');
    const a = attributesOf(event);
    const num = (member: string, min = 0): number => expectInteger(a[member], `${path}.${member}`, min);
    const str = (member: string): string => expectString(a[member], `${path}.${member}`);
    const obj = (member: string): Record<string, unknown> => expectObject(a[member], `${path}.${member}`);
    const closeChild = (): void => {
      const initiatedEventId = num('initiatedEventId', 1);
      if (!work.children.delete(initiatedEventId)) fail(path, 'closes a child that is not open');
    };
    switch (type) {
      case 'WorkflowExecutionStarted': {
        if (id !== 1) fail(path, 'WorkflowExecutionStarted must be the first event');
        if (a.parentWorkflowExecution !== undefined) {
          const parent = obj('parentWorkflowExecution');
          work.parent = {
            workflowId: expectString(parent.workflowId, `${path}.parentWorkflowExecution.workflowId`),
            runId: expectString(parent.runId, `${path}.parentWorkflowExecution.runId`),
            initiatedEventId: num('parentInitiatedEventId'),
          };
        }
        break;
      }
      case 'DecisionTaskScheduled':
        if (work.scheduledDecision !== undefined) fail(path, 'a second decision task scheduled');
        work.scheduledDecision = {
          scheduledEventId: id,
          scheduledMs: eventMs(event),
          taskList: expectString(obj('taskList').name, `${path}.taskList.name`),
        };
        break;
      case 'DecisionTaskStarted': {
        const scheduled = work.scheduledDecision;
        if (scheduled?.scheduledEventId !== num('scheduledEventId') || work.startedDecision !== undefined) {
          fail(path, 'starts a decision task that is not scheduled, or while another is started');
        }
        work.startedDecision = {
          scheduledEventId: scheduled.scheduledEventId,
          scheduledMs: scheduled.scheduledMs,
          startedEventId: id,
          startedMs: eventMs(event),
          previousStartedEventId: lastCompletedStartedEventId,
        };
        work.scheduledDecision = undefined;
        break;
      }
      case 'DecisionTaskCompleted':
        if (work.startedDecision?.startedEventId !== num('startedEventId')) {
          fail(path, 'completes a decision task that is not started');
        }
        lastCompletedStartedEventId = work.startedDecision.startedEventId;
        work.startedDecision = undefined;
        break;
      case 'DecisionTaskTimedOut': {
        const scheduledEventId = num('scheduledEventId');
        if (work.startedDecision?.scheduledEventId === scheduledEventId) work.startedDecision = undefined;
        else if (work.scheduledDecision?.scheduledEventId === scheduledEventId) {
          work.scheduledDecision = undefined;
        } else fail(path, 'times out a decision task that is not open');
        break;
      }
      case 'ActivityTaskScheduled': {
        const activityId = str('activityId');
        if (work.activities.has(activityId)) fail(path, `activity ${activityId} is already open`);
        const activityType = obj('activityType');
        const input = optionalString(a.input, `${path}.input`);
        const taskPriority = optionalString(a.taskPriority, `${path}.taskPriority`);
        const activity: OpenActivity = {
          activityId,
          activityType: {
            name: expectString(activityType.name, `${path}.activityType.name`),
            version: expectString(activityType.version, `${path}.activityType.version`),
          },
          ...(input !== undefined && { input }),
          taskList: expectString(obj('taskList').name, `${path}.taskList.name`),
          ...(taskPriority !== undefined && { taskPriority }),
          scheduledEventId: id,
          scheduledMs: eventMs(event),
          timeouts: {
            scheduleToStartTimeout: str('scheduleToStartTimeout'),
            scheduleToCloseTimeout: str('scheduleToCloseTimeout'),
            startToCloseTimeout: str('startToCloseTimeout'),
            heartbeatTimeout: str('heartbeatTimeout'),
          },
          startedEventId: 0,
        };
        work.activities.set(activityId, activity);
        activityByScheduledId.set(id, activity);
        break;
      }
      case 'ActivityTaskStarted': {
        const activity = activityByScheduledId.get(num('scheduledEventId'));
        if (activity === undefined || activity.startedEventId !== 0) {
          fail(path, 'starts an activity task that is not scheduled');
        }
        activity.startedEventId = id;
        activity.startedMs = eventMs(event);
        break;
      }
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
      case 'ActivityTaskTimedOut':
      case 'ActivityTaskCanceled': {
        const scheduledEventId = num('scheduledEventId');
        const activity = activityByScheduledId.get(scheduledEventId);
        if (activity === undefined) fail(path, 'closes an activity task that is not open');
        activityByScheduledId.delete(scheduledEventId);
        work.activities.delete(activity.activityId);
        break;
      }
      case 'ActivityTaskCancelRequested': {
        const activity = work.activities.get(str('activityId'));
        if (activity !== undefined) activity.cancelRequestedEventId = id;
        break;
      }
      case 'TimerStarted': {
        const timerId = str('timerId');
        if (work.timers.has(timerId)) fail(path, `timer ${timerId} is already open`);
        const startToFireTimeout = str('startToFireTimeout');
        if (!/^\d+$/.test(startToFireTimeout)) fail(`${path}.startToFireTimeout`, 'expected seconds');
        work.timers.set(timerId, { startedEventId: id, startedMs: eventMs(event), startToFireTimeout });
        break;
      }
      case 'TimerFired':
      case 'TimerCanceled':
        if (!work.timers.delete(str('timerId'))) fail(path, 'ends a timer that is not open');
        break;
      case 'LambdaFunctionScheduled': {
        const lambdaId = str('id');
        if (work.lambdas.has(lambdaId)) fail(path, `Lambda task ${lambdaId} is already open`);
        const input = optionalString(a.input, `${path}.input`);
        const timeout = optionalString(a.startToCloseTimeout, `${path}.startToCloseTimeout`);
        const lambda: OpenLambda = {
          id: lambdaId,
          name: str('name'),
          ...(input !== undefined && { input }),
          scheduledEventId: id,
          startToCloseTimeoutMs: Number(timeout ?? DEFAULT_LAMBDA_TIMEOUT_S) * 1000,
          startedEventId: 0,
        };
        work.lambdas.set(lambdaId, lambda);
        lambdaByScheduledId.set(id, lambda);
        break;
      }
      case 'LambdaFunctionStarted': {
        const lambda = lambdaByScheduledId.get(num('scheduledEventId'));
        if (lambda === undefined) fail(path, 'starts a Lambda task that is not scheduled');
        lambda.startedEventId = id;
        break;
      }
      case 'LambdaFunctionCompleted':
      case 'LambdaFunctionFailed':
      case 'LambdaFunctionTimedOut':
      case 'StartLambdaFunctionFailed': {
        const lambda = lambdaByScheduledId.get(num('scheduledEventId'));
        if (lambda === undefined) fail(path, 'ends a Lambda task that is not open');
        lambdaByScheduledId.delete(lambda.scheduledEventId);
        work.lambdas.delete(lambda.id);
        break;
      }
      case 'StartChildWorkflowExecutionInitiated': {
        const workflowType = obj('workflowType');
        work.children.set(id, {
          workflowId: str('workflowId'),
          workflowType: {
            name: expectString(workflowType.name, `${path}.workflowType.name`),
            version: expectString(workflowType.version, `${path}.workflowType.version`),
          },
          initiatedEventId: id,
          startedEventId: 0,
        });
        break;
      }
      case 'ChildWorkflowExecutionStarted': {
        const child = work.children.get(num('initiatedEventId', 1));
        if (child === undefined) fail(path, 'starts a child that was not initiated');
        child.startedEventId = id;
        child.runId = expectString(obj('workflowExecution').runId, `${path}.workflowExecution.runId`);
        break;
      }
      case 'StartChildWorkflowExecutionFailed':
        // initiatedEventId 0: it failed inside the batch, before anything was initiated.
        if (num('initiatedEventId') !== 0) closeChild();
        break;
      case 'ChildWorkflowExecutionCompleted':
      case 'ChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionCanceled':
      case 'ChildWorkflowExecutionTerminated':
      case 'ChildWorkflowExecutionTimedOut':
        closeChild();
        break;
      case 'WorkflowExecutionCompleted':
      case 'WorkflowExecutionFailed':
      case 'WorkflowExecutionCanceled':
      case 'WorkflowExecutionTerminated':
      case 'WorkflowExecutionTimedOut':
      case 'WorkflowExecutionContinuedAsNew':
        if (status === 'OPEN') fail(path, `${type} in the history of a run marked OPEN`);
        if (type === 'WorkflowExecutionContinuedAsNew') work.continuedAsRunId = str('newExecutionRunId');
        closed = true;
        break;
      case 'WorkflowExecutionSignaled':
      case 'WorkflowExecutionCancelRequested':
      case 'MarkerRecorded':
      case 'RecordMarkerFailed':
      case 'ScheduleActivityTaskFailed':
      case 'RequestCancelActivityTaskFailed':
      case 'StartTimerFailed':
      case 'CancelTimerFailed':
      case 'CompleteWorkflowExecutionFailed':
      case 'FailWorkflowExecutionFailed':
      case 'CancelWorkflowExecutionFailed':
      case 'ContinueAsNewWorkflowExecutionFailed':
      case 'ScheduleLambdaFunctionFailed':
      case 'SignalExternalWorkflowExecutionInitiated':
      case 'SignalExternalWorkflowExecutionFailed':
      case 'ExternalWorkflowExecutionSignaled':
      case 'RequestCancelExternalWorkflowExecutionInitiated':
      case 'RequestCancelExternalWorkflowExecutionFailed':
      case 'ExternalWorkflowExecutionCancelRequested':
        // Nothing stays open (signals and cancel requests to other runs are delivered within the
        // call that initiates them): whatever it asks of the decider is in a DecisionTaskScheduled.
        break;
      default: {
        const unknown: never = type;
        fail(path, `unknown event type ${String(unknown)}`);
      }
    }
  }
  if (status === 'CLOSED' && !closed)
    fail(`${runPath}.events`, 'a CLOSED run whose history has no close event');
  return work;
}

/** Open work of an OPEN run that cannot be brought back faithfully: refused, never dropped. */
function refuseUnrestorable(work: RunWork, events: readonly HistoryEvent[], path: string): void {
  const lambda = work.lambdas.values().next().value;
  if (lambda !== undefined) {
    fail(
      path,
      `Lambda task ${lambda.id} is in flight; its outcome cannot be restored (wait until it finishes)`,
    );
  }
  for (const child of work.children.values()) {
    if (child.startedEventId === 0) fail(path, `child ${child.workflowId} was initiated but never started`);
  }
  const scheduled = work.scheduledDecision;
  if (scheduled !== undefined) {
    const attributes = attributesOf(events[scheduled.scheduledEventId - 1] as HistoryEvent);
    const scheduleToStart = attributes.scheduleToStartTimeout;
    if (scheduleToStart !== undefined && scheduleToStart !== 'NONE') {
      fail(path, 'a decision task waiting on a temporary task-list override cannot be restored yet');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Import, phase 2: commit. Cannot fail: every check happened in phase 1.
// ---------------------------------------------------------------------------------------------

/** A clock to arm, sorted by when it was armed so equal deadlines fire in the original order. */
interface PendingClock {
  readonly armedAtMs: number;
  readonly dueAtMs: number;
  readonly label: string;
  /** See `TimerOptions.idle`. */
  readonly idle?: boolean;
  readonly fire: () => void;
  readonly assign: (handle: TimerHandle) => void;
}

/** A task to give its place in a queue, in scheduling order. */
interface PendingTask {
  readonly scheduledMs: number;
  readonly hintSeq: number | undefined;
  readonly create: (seq: number) => void;
}

interface Built {
  readonly execution: Execution;
  readonly run: CheckedRun;
}

function commit(state: ServiceState, snapshot: ServiceSnapshot, domains: CheckedDomain[]): void {
  if (state.now() < snapshot.clockMs) state.clock.advanceTo(snapshot.clockMs);
  // New tokens must never equal one the exporter issued: a stale one would name a new task.
  state.tokenIssuer.skipTo(snapshot.tokensIssued);
  const clocks: PendingClock[] = [];
  const tasks: PendingTask[] = [];
  for (const checked of domains) {
    const domain = buildDomain(checked.source);
    state.domains.set(domain.name, domain);
    const built: Built[] = checked.runs.map((run) => {
      const execution = buildExecution(domain, run);
      domain.runs.set(runKey(execution.workflowId, execution.runId), execution);
      if (execution.status === 'OPEN') domain.openRuns.set(execution.workflowId, execution);
      return { execution, run };
    });
    for (const { execution, run } of built) {
      if (execution.status === 'OPEN') restoreOpenWork(state, execution, run, clocks, tasks);
      else restoreClosedRun(execution, run, clocks);
      restoreChildren(domain, execution, run.work);
    }
    for (const { execution, run } of built) restoreParentLink(domain, execution, run.work);
  }
  // Queue places in the original scheduling order (a task's seq grows with virtual time).
  tasks
    .map((task, index) => ({ task, index }))
    .sort(
      (x, y) =>
        x.task.scheduledMs - y.task.scheduledMs ||
        (x.task.hintSeq ?? Infinity) - (y.task.hintSeq ?? Infinity) ||
        x.index - y.index,
    )
    .forEach(({ task }) => task.create(state.nextTaskSeq()));
  // Clocks in arming order: ties at one deadline then fire as they would have (up to ties between
  // different runs armed in the same virtual millisecond, whose original order is not recorded).
  clocks
    .map((clock, index) => ({ clock, index }))
    .sort((x, y) => x.clock.armedAtMs - y.clock.armedAtMs || x.index - y.index)
    .forEach(({ clock }) =>
      clock.assign(
        state.clock.schedule(
          clock.dueAtMs,
          clock.label,
          () => {
            clock.fire();
            state.enforceHistoryCap();
          },
          { idle: clock.idle === true },
        ),
      ),
    );
}

function buildDomain(source: DomainSnapshot): DomainRecord {
  const types = <C>(list: TypeSnapshot<C>[]): Map<string, TypeRecord<C>> =>
    new Map(list.map((t) => [typeKey(t.name, t.version), structuredClone(t) as TypeRecord<C>]));
  return {
    name: source.name,
    status: source.status,
    ...(source.description !== undefined && { description: source.description }),
    retentionPeriodInDays: source.retentionPeriodInDays,
    arn: source.arn,
    tags: structuredClone(source.tags),
    workflowTypes: types(source.workflowTypes),
    activityTypes: types(source.activityTypes),
    runs: new Map(),
    openRuns: new Map(),
    decisionQueues: new Map(),
    activityQueues: new Map(),
  };
}

function buildExecution(domain: DomainRecord, run: CheckedRun): Execution {
  const r = run.source;
  return {
    domain,
    workflowId: r.workflowId,
    runId: r.runId,
    workflowType: { name: r.workflowType.name, version: r.workflowType.version },
    config: structuredClone(r.config),
    events: run.events,
    startMs: r.startMs,
    status: r.status,
    ...(r.closeStatus !== undefined && { closeStatus: r.closeStatus }),
    ...(r.closeMs !== undefined && { closeMs: r.closeMs }),
    cancelRequested: r.cancelRequested,
    ...(r.latestExecutionContext !== undefined && { latestExecutionContext: r.latestExecutionContext }),
    ...(r.latestActivityTaskMs !== undefined && { latestActivityTaskMs: r.latestActivityTaskMs }),
    lastCompletedStartedEventId: r.lastCompletedStartedEventId,
    ...(r.overriddenTaskList !== undefined && { overriddenTaskList: structuredClone(r.overriddenTaskList) }),
    ...(r.overrideScheduleToStartTimeout !== undefined && {
      overrideScheduleToStartTimeout: r.overrideScheduleToStartTimeout,
    }),
    openActivities: new Map(),
    openTimers: new Map(),
    openChildren: new Map(),
    openLambdas: new Map(),
    tokens: [],
  };
}

/** A clock that already ran out or was canceled when its run closed: only its record remains. */
function spentHandle(dueAtMs: number, label: string): TimerHandle {
  return { dueAtMs, label, cancel: () => undefined };
}

function activityRecord(
  execution: Execution,
  open: OpenActivity,
  seq: number,
  hint?: TaskHint,
): ActivityTask {
  return {
    kind: 'activity',
    execution,
    activityId: open.activityId,
    activityType: { name: open.activityType.name, version: open.activityType.version },
    ...(open.input !== undefined && { input: open.input }),
    scheduledEventId: open.scheduledEventId,
    taskList: open.taskList,
    priority: priorityOf(open.taskPriority),
    seq,
    timeouts: open.timeouts,
    state: open.startedEventId !== 0 ? 'STARTED' : 'SCHEDULED',
    queued: false,
    startedEventId: open.startedEventId,
    ...(open.cancelRequestedEventId !== undefined && { cancelRequestedEventId: open.cancelRequestedEventId }),
    ...(hint?.heartbeatDetails !== undefined && { heartbeatDetails: hint.heartbeatDetails }),
    timers: {},
  };
}

function lambdaRecord(open: OpenLambda): LambdaTask {
  return {
    id: open.id,
    name: open.name,
    ...(open.input !== undefined && { input: open.input }),
    scheduledEventId: open.scheduledEventId,
    startToCloseTimeoutMs: open.startToCloseTimeoutMs,
    startedEventId: open.startedEventId,
  };
}

/**
 * A closed run keeps what was open when it closed, as the service does (Describe still counts its
 * activity tasks, timers and Lambda tasks), with every clock spent; its retention clock runs on.
 */
function restoreClosedRun(execution: Execution, run: CheckedRun, clocks: PendingClock[]): void {
  const { work } = run;
  for (const open of work.activities.values()) {
    const task = activityRecord(execution, open, -1);
    task.state = 'CLOSED';
    execution.openActivities.set(task.activityId, task);
  }
  for (const [timerId, open] of work.timers) {
    const dueAtMs = open.startedMs + Number(open.startToFireTimeout) * 1000;
    execution.openTimers.set(timerId, {
      timerId,
      startedEventId: open.startedEventId,
      handle: spentHandle(dueAtMs, `timer ${timerId}`),
    });
  }
  for (const open of work.lambdas.values()) execution.openLambdas.set(open.id, lambdaRecord(open));
  const closeMs = execution.closeMs as number;
  const { domain, workflowId, runId } = execution;
  clocks.push({
    armedAtMs: closeMs,
    dueAtMs: closeMs + retentionMs(domain.retentionPeriodInDays),
    label: `retention ${workflowId} ${runId}`,
    idle: true,
    fire: () => {
      const key = runKey(workflowId, runId);
      if (domain.runs.get(key) === execution) domain.runs.delete(key);
    },
    assign: () => undefined,
  });
}

/** Recreates the open tasks and timers of an OPEN run and plans their clocks and queue places. */
function restoreOpenWork(
  s: ServiceState,
  execution: Execution,
  run: CheckedRun,
  clocks: PendingClock[],
  tasks: PendingTask[],
): void {
  const { work, hints } = run;
  const { config, workflowId } = execution;
  const executionTimeoutMs = durationMs(config.executionStartToCloseTimeout);
  if (executionTimeoutMs !== undefined) {
    clocks.push({
      armedAtMs: execution.startMs,
      dueAtMs: execution.startMs + executionTimeoutMs,
      label: `execution START_TO_CLOSE ${workflowId}`,
      fire: () =>
        closeExecution(s, execution, 'TIMED_OUT', 'WorkflowExecutionTimedOut', {
          timeoutType: 'START_TO_CLOSE',
          childPolicy: config.childPolicy,
        }),
      assign: (handle) => {
        execution.executionTimeout = handle;
      },
    });
  }

  const started = work.startedDecision;
  if (started !== undefined) {
    const hint = hints.get(started.scheduledEventId);
    tasks.push({
      scheduledMs: started.scheduledMs,
      hintSeq: hint?.seq,
      create: (seq) => {
        const task: DecisionTask = {
          kind: 'decision',
          execution,
          scheduledEventId: started.scheduledEventId,
          taskList: config.taskList.name as string,
          priority: priorityOf(config.taskPriority),
          seq,
          state: 'STARTED',
          queued: false,
          startedEventId: started.startedEventId,
          previousStartedEventId: started.previousStartedEventId,
        };
        if (hint?.taskToken !== undefined) {
          task.token = hint.taskToken;
          s.registerToken(hint.taskToken, task);
        }
        execution.startedDecision = task;
        const timeoutMs = durationMs(config.taskStartToCloseTimeout);
        if (timeoutMs !== undefined) {
          clocks.push({
            armedAtMs: started.startedMs,
            dueAtMs: started.startedMs + timeoutMs,
            label: `decision START_TO_CLOSE ${workflowId}`,
            fire: () => timeOutDecisionTask(s, task),
            assign: (handle) => {
              task.timeout = handle;
            },
          });
        }
      },
    });
  }
  const scheduled = work.scheduledDecision;
  if (scheduled !== undefined) {
    tasks.push({
      scheduledMs: scheduled.scheduledMs,
      hintSeq: hints.get(scheduled.scheduledEventId)?.seq,
      create: (seq) => {
        const task: DecisionTask = {
          kind: 'decision',
          execution,
          scheduledEventId: scheduled.scheduledEventId,
          taskList: scheduled.taskList,
          priority: priorityOf(config.taskPriority),
          seq,
          state: 'SCHEDULED',
          queued: false,
          startedEventId: 0,
          previousStartedEventId: 0,
        };
        execution.scheduledDecision = task;
        // A task scheduled behind a started one waits outside the queue until that one is done.
        if (started === undefined) {
          task.queued = true;
          s.queue(execution.domain, 'decision', task.taskList).push(task);
        }
      },
    });
  }

  for (const open of work.activities.values()) {
    const hint = hints.get(open.scheduledEventId);
    tasks.push({
      scheduledMs: open.scheduledMs,
      hintSeq: hint?.seq,
      create: (seq) => restoreActivityTask(s, execution, open, hint, seq, clocks),
    });
  }

  for (const [timerId, open] of work.timers) {
    let record: TimerRecord | undefined;
    clocks.push({
      armedAtMs: open.startedMs,
      dueAtMs: open.startedMs + Number(open.startToFireTimeout) * 1000,
      label: `timer ${timerId}`,
      fire: () => {
        if (record !== undefined) fireTimer(s, execution, record);
      },
      assign: (handle) => {
        record = { timerId, startedEventId: open.startedEventId, handle };
        execution.openTimers.set(timerId, record);
      },
    });
  }
}

function restoreActivityTask(
  s: ServiceState,
  execution: Execution,
  open: OpenActivity,
  hint: TaskHint | undefined,
  seq: number,
  clocks: PendingClock[],
): void {
  const task = activityRecord(execution, open, seq, hint);
  const isStarted = task.state === 'STARTED';
  execution.openActivities.set(task.activityId, task);
  if (isStarted && hint?.taskToken !== undefined) {
    task.token = hint.taskToken;
    s.registerToken(hint.taskToken, task);
  }
  if (!isStarted) {
    task.queued = true;
    s.queue(execution.domain, 'activity', task.taskList).push(task);
  }
  const arm = (
    type: ActivityTaskTimeoutType,
    duration: string,
    armedAtMs: number,
    dueAtMs?: number,
  ): void => {
    const ms = durationMs(duration);
    if (ms === undefined) return;
    clocks.push({
      armedAtMs,
      dueAtMs: dueAtMs ?? armedAtMs + ms,
      label: `activity ${type} ${task.activityId}`,
      fire: () => timeOutActivityTask(s, task, type),
      assign: (handle) => {
        task.timers[type] = handle;
      },
    });
  };
  // The service's arming order: SCHEDULE_TO_CLOSE before SCHEDULE_TO_START (swf-semantics §8.4).
  arm('SCHEDULE_TO_CLOSE', open.timeouts.scheduleToCloseTimeout, open.scheduledMs);
  if (!isStarted) {
    arm('SCHEDULE_TO_START', open.timeouts.scheduleToStartTimeout, open.scheduledMs);
    return;
  }
  const startedMs = open.startedMs as number;
  arm('START_TO_CLOSE', open.timeouts.startToCloseTimeout, startedMs);
  const heartbeatMs = durationMs(open.timeouts.heartbeatTimeout);
  const heartbeatDue = hint?.heartbeatTimeoutAtMs;
  if (heartbeatMs !== undefined && heartbeatDue !== undefined) {
    // The live clock was last armed at the last heartbeat.
    const armedAtMs = Math.max(startedMs, heartbeatDue - heartbeatMs);
    arm('HEARTBEAT', open.timeouts.heartbeatTimeout, armedAtMs, heartbeatDue);
  } else {
    arm('HEARTBEAT', open.timeouts.heartbeatTimeout, startedMs);
  }
}

/** The run a child's chain of continue-as-new runs has reached (or undefined if it is gone). */
function currentRunOf(
  domain: DomainRecord,
  workflowId: string,
  runId: string | undefined,
): Execution | undefined {
  let run = runId === undefined ? undefined : domain.runs.get(runKey(workflowId, runId));
  for (let hops = 0; run !== undefined && run.closeStatus === 'CONTINUED_AS_NEW' && hops < 10_000; hops++) {
    const last = run.events[run.events.length - 1] as HistoryEvent;
    const next = last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    const successor = next === undefined ? undefined : domain.runs.get(runKey(workflowId, next));
    if (successor === undefined) break;
    run = successor;
  }
  return run;
}

/**
 * The parent's records of its open children. An open parent has one per started, unfinished child;
 * a closed one keeps those whose child is still running (the service forgets a record when the
 * child's outcome is reported) and those initiated in the batch that closed it.
 */
function restoreChildren(domain: DomainRecord, parent: Execution, work: RunWork): void {
  for (const open of work.children.values()) {
    const run = currentRunOf(domain, open.workflowId, open.runId);
    if (parent.status === 'CLOSED' && open.startedEventId !== 0 && run?.status !== 'OPEN') continue;
    const record: ChildRecord = {
      workflowId: open.workflowId,
      workflowType: open.workflowType,
      initiatedEventId: open.initiatedEventId,
      startedEventId: open.startedEventId,
      ...(run !== undefined && { run }),
    };
    parent.openChildren.set(record.initiatedEventId, record);
  }
}

/**
 * A child run's link to its parent: the parent's record of it while it is open, else a record of
 * its own. A parent no longer retained is stood in for by a closed stub, so Describe still names it.
 */
function restoreParentLink(domain: DomainRecord, child: Execution, work: RunWork): void {
  const link = work.parent;
  if (link === undefined) return;
  const parent =
    domain.runs.get(runKey(link.workflowId, link.runId)) ?? stubParent(domain, link.workflowId, link.runId);
  const record =
    parent.openChildren.get(link.initiatedEventId) ??
    ({
      workflowId: child.workflowId,
      workflowType: child.workflowType,
      initiatedEventId: link.initiatedEventId,
      startedEventId: 0,
      run: child,
    } satisfies ChildRecord);
  (child as { parent?: ParentLink }).parent = { execution: parent, child: record };
}

function stubParent(domain: DomainRecord, workflowId: string, runId: string): Execution {
  return {
    domain,
    workflowId,
    runId,
    // Only the workflowId and runId of a closed parent are ever read.
    workflowType: { name: '', version: '' },
    config: {
      taskList: { name: '' },
      taskStartToCloseTimeout: 'NONE',
      executionStartToCloseTimeout: 'NONE',
      childPolicy: 'ABANDON',
    },
    events: [],
    startMs: 0,
    status: 'CLOSED',
    cancelRequested: false,
    lastCompletedStartedEventId: 0,
    openActivities: new Map(),
    openTimers: new Map(),
    openChildren: new Map(),
    openLambdas: new Map(),
    tokens: [],
  };
}
