import type {
  ActivityType,
  ActivityTypeConfiguration,
  ChildPolicy,
  CloseStatus,
  HistoryEvent,
  RegistrationStatus,
  ResourceTag,
  TaskList,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import type { TimerHandle } from '../clock/VirtualClock.js';
import { PackedHistory } from '../history/PackedHistory.js';
import type { TaskQueue } from '../tasks/TaskQueue.js';
import { VersionedMap } from './VersionedMap.js';

/** A registered (or deprecated) workflow or activity type. @internal */
export interface TypeRecord<C> {
  readonly name: string;
  readonly version: string;
  status: RegistrationStatus;
  readonly description?: string;
  readonly creationMs: number;
  deprecationMs?: number;
  readonly configuration: C;
}

export type WorkflowTypeRecord = TypeRecord<WorkflowTypeConfiguration>;
export type ActivityTypeRecord = TypeRecord<ActivityTypeConfiguration>;

/** One domain and everything that lives in it. @internal */
export interface DomainRecord {
  readonly name: string;
  status: RegistrationStatus;
  readonly description?: string;
  readonly retentionPeriodInDays: string;
  readonly arn: string;
  tags: ResourceTag[];
  readonly workflowTypes: Map<string, WorkflowTypeRecord>;
  readonly activityTypes: Map<string, ActivityTypeRecord>;
  /** Every run still retained, keyed by `runKey(workflowId, runId)`, in start order. */
  readonly runs: VersionedMap<string, Execution>;
  /**
   * The open run of each workflowId (at most one), in start order. Every start and close changes
   * it, so its version with that of `runs` stamps what List pages were computed from.
   */
  readonly openRuns: VersionedMap<string, Execution>;
  readonly decisionQueues: Map<string, TaskQueue<DecisionTask>>;
  readonly activityQueues: Map<string, TaskQueue<ActivityTask>>;
}

/** What a domain is registered with; the rest of its record starts empty. @internal */
export type DomainRegistration = Pick<
  DomainRecord,
  'name' | 'status' | 'description' | 'retentionPeriodInDays' | 'arn' | 'tags'
>;

/** A domain record with no types, runs or task queues yet. @internal */
export function newDomain(registration: DomainRegistration): DomainRecord {
  return {
    ...registration,
    workflowTypes: new Map(),
    activityTypes: new Map(),
    runs: new VersionedMap(),
    openRuns: new VersionedMap(),
    decisionQueues: new Map(),
    activityQueues: new Map(),
  };
}

/** The configuration an execution runs with, every default already resolved. @internal */
export interface ExecutionConfig {
  taskList: TaskList;
  readonly taskPriority?: string;
  readonly taskStartToCloseTimeout: string;
  readonly executionStartToCloseTimeout: string;
  readonly childPolicy: ChildPolicy;
  readonly lambdaRole?: string;
  readonly tagList?: string[];
}

/** A decision task from scheduling until it completes, times out or its execution closes. @internal */
export interface DecisionTask {
  readonly kind: 'decision';
  readonly execution: Execution;
  readonly scheduledEventId: number;
  /** The decision task list it was scheduled on. */
  readonly taskList: string;
  readonly priority: number;
  readonly seq: number;
  state: 'SCHEDULED' | 'STARTED' | 'CLOSED';
  /** Whether it sits in its task list's queue (a task scheduled behind a started one waits outside). */
  queued: boolean;
  startedEventId: number;
  /** previousStartedEventId as it was when this task started. */
  previousStartedEventId: number;
  token?: string;
  timeout?: TimerHandle;
  /** SCHEDULE_TO_START clock of a task scheduled on a temporary override list. */
  scheduleToStartTimeout?: TimerHandle;
}

/** The four activity timeouts as resolved at scheduling time ("NONE" or seconds). @internal */
export interface ActivityTimeouts {
  readonly scheduleToStartTimeout: string;
  readonly scheduleToCloseTimeout: string;
  readonly startToCloseTimeout: string;
  readonly heartbeatTimeout: string;
}

/** An activity task from scheduling until it closes. @internal */
export interface ActivityTask {
  readonly kind: 'activity';
  readonly execution: Execution;
  readonly activityId: string;
  readonly activityType: ActivityType;
  readonly input?: string;
  readonly scheduledEventId: number;
  /** The activity task list it was scheduled on. */
  readonly taskList: string;
  readonly priority: number;
  readonly seq: number;
  readonly timeouts: ActivityTimeouts;
  state: 'SCHEDULED' | 'STARTED' | 'CLOSED';
  /** Whether it sits in its task list's queue (tasks of a batch are queued after the whole batch). */
  queued: boolean;
  startedEventId: number;
  token?: string;
  cancelRequestedEventId?: number;
  heartbeatDetails?: string;
  /** Armed clocks: SCHEDULE_TO_START, SCHEDULE_TO_CLOSE, START_TO_CLOSE, HEARTBEAT. */
  readonly timers: Partial<
    Record<'SCHEDULE_TO_START' | 'SCHEDULE_TO_CLOSE' | 'START_TO_CLOSE' | 'HEARTBEAT', TimerHandle>
  >;
}

/** An open timer started by a StartTimer decision. @internal */
export interface TimerRecord {
  readonly timerId: string;
  readonly startedEventId: number;
  readonly handle: TimerHandle;
}

/** A child started by a StartChildWorkflowExecution decision, from the parent's point of view. @internal */
export interface ChildRecord {
  readonly workflowId: string;
  readonly workflowType: { readonly name: string; readonly version: string };
  /** The parent's `StartChildWorkflowExecutionInitiated` event. */
  readonly initiatedEventId: number;
  /** The parent's `ChildWorkflowExecutionStarted` event, once the child runs. */
  startedEventId: number;
  /** The child's current run (a continue-as-new moves it to the successor). */
  run?: Execution;
}

/** An open Lambda task started by a ScheduleLambdaFunction decision. @internal */
export interface LambdaTask {
  readonly id: string;
  readonly name: string;
  readonly input?: string;
  readonly scheduledEventId: number;
  readonly startToCloseTimeoutMs: number;
  startedEventId: number;
  timeout?: TimerHandle;
}

/** The parent of a child execution: where its outcome is reported. @internal */
export interface ParentLink {
  readonly execution: Execution;
  readonly child: ChildRecord;
}

/** What a new run record is made of; everything not given starts empty. @internal */
export interface NewExecution {
  readonly domain: DomainRecord;
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: { readonly name: string; readonly version: string };
  readonly config: ExecutionConfig;
  readonly events: HistoryEvent[];
  readonly startMs: number;
  readonly status: 'OPEN' | 'CLOSED';
  readonly closeStatus?: CloseStatus | undefined;
  readonly closeMs?: number | undefined;
  readonly cancelRequested?: boolean;
  readonly latestExecutionContext?: string | undefined;
  readonly latestActivityTaskMs?: number | undefined;
  readonly lastCompletedStartedEventId?: number;
  readonly overriddenTaskList?: TaskList | undefined;
  readonly overrideScheduleToStartTimeout?: string | undefined;
  readonly parent?: ParentLink | undefined;
}

/**
 * One workflow execution (one run) and its history. Built by {@link newExecution} with no open
 * work, no tokens and no clocks: callers add those as the run's history says. Its history is an
 * array of events while it is open and packed when it closes, since most runs a long-lived service
 * holds are closed ones.
 * @internal
 */
export class Execution {
  readonly domain: DomainRecord;
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: { readonly name: string; readonly version: string };
  readonly config: ExecutionConfig;
  readonly startMs: number;
  status: 'OPEN' | 'CLOSED';
  closeStatus: CloseStatus | undefined;
  closeMs: number | undefined;
  cancelRequested: boolean;
  latestExecutionContext: string | undefined;
  latestActivityTaskMs: number | undefined;
  /** The two decision-task slots of swf-semantics §6.1. */
  scheduledDecision: DecisionTask | undefined;
  startedDecision: DecisionTask | undefined;
  /** `DecisionTaskStarted` id of the last decision task the decider completed (previousStartedEventId). */
  lastCompletedStartedEventId: number;
  /**
   * Activity tasks scheduled and not closed (a closed run keeps those it closed with, for Describe).
   * The four open-work maps start as one shared empty map: add through {@link openWork}.
   */
  openActivities: Map<string, ActivityTask>;
  openTimers: Map<string, TimerRecord>;
  /** Children initiated and not yet closed, by the parent's initiated event id. */
  openChildren: Map<number, ChildRecord>;
  openLambdas: Map<string, LambdaTask>;
  /**
   * Every task token issued for this run, dropped from the service's index with the run. One shared
   * (frozen) empty array until the first: add through `ServiceState.registerToken`.
   */
  tokens: string[];
  /**
   * Once the run is closed: per token of {@link tokens}, at the same index × 2, what a stale token
   * still answers — an activity task's scheduled event id and -1, or a decision task's started
   * event id and its previousStartedEventId. The task records themselves are let go at close.
   */
  spentTokens: number[] | undefined;
  parent: ParentLink | undefined;
  /** The task list to return to when a temporary task-list override lapses (swf-semantics §6.7). */
  overriddenTaskList: TaskList | undefined;
  /** SCHEDULE_TO_START limit of decision tasks on the override list, "NONE" or seconds. */
  overrideScheduleToStartTimeout: string | undefined;
  executionTimeout: TimerHandle | undefined;
  /** A closed run: its retention clock's place in the arming order (a state directory keeps it). */
  retentionSeq: number | undefined;
  /**
   * The history, read through `length` and `slice(from, to)` (O(to − from) either way): the live
   * array while the run is open (only {@link growingEvents} appends to it), packed once it has
   * closed ({@link settleExecution}). A closed run's history never changes again.
   */
  history: readonly HistoryEvent[] | PackedHistory;

  constructor(run: NewExecution) {
    this.domain = run.domain;
    this.workflowId = run.workflowId;
    this.runId = run.runId;
    this.workflowType = { name: run.workflowType.name, version: run.workflowType.version };
    this.config = run.config;
    this.startMs = run.startMs;
    this.status = run.status;
    this.closeStatus = run.closeStatus;
    this.closeMs = run.closeMs;
    this.cancelRequested = run.cancelRequested ?? false;
    this.latestExecutionContext = run.latestExecutionContext;
    this.latestActivityTaskMs = run.latestActivityTaskMs;
    this.scheduledDecision = undefined;
    this.startedDecision = undefined;
    this.lastCompletedStartedEventId = run.lastCompletedStartedEventId ?? 0;
    // Most runs never hold some kinds of work (and an imported open run may hold none): an empty
    // Map costs ~220 bytes, four per run.
    this.openActivities = NONE_YET;
    this.openTimers = NONE_YET;
    this.openChildren = NONE_YET;
    this.openLambdas = NONE_YET;
    this.tokens = NO_TOKENS;
    this.spentTokens = undefined;
    this.parent = run.parent;
    this.overriddenTaskList = run.overriddenTaskList;
    this.overrideScheduleToStartTimeout = run.overrideScheduleToStartTimeout;
    this.executionTimeout = undefined;
    this.retentionSeq = undefined;
    this.history = run.events;
  }

  /** The whole history as a new array (O(n): read pages with `history.slice` instead). */
  get events(): HistoryEvent[] {
    return this.history.slice(0, this.history.length);
  }
}

/** A run's last event (its close event, once closed). @internal */
export function lastEvent(execution: Execution): HistoryEvent | undefined {
  const count = execution.history.length;
  return execution.history.slice(count - 1, count)[0];
}

/**
 * The array an open run's events are appended to. Only an open run's history grows; a closed
 * one never changes again (snapshot cuts keep closed runs by reference on that promise).
 * @internal
 */
export function growingEvents(execution: Execution): HistoryEvent[] {
  if (Array.isArray(execution.history)) return execution.history as HistoryEvent[];
  throw new Error(`internal: the history of closed run ${execution.workflowId} cannot grow`);
}

/**
 * Lets go of what a closed run no longer needs: its history is packed, its spent execution clock
 * dropped, and its empty open-work maps give way to one shared empty map. Call once the run is
 * CLOSED and everything its close sets in motion is done.
 * @internal
 */
export function settleExecution(execution: Execution): void {
  if (Array.isArray(execution.history))
    execution.history = PackedHistory.pack(execution.history, execution.startMs) ?? execution.history;
  execution.executionTimeout = undefined;
  if (execution.openActivities.size === 0) execution.openActivities = noEntries();
  if (execution.openTimers.size === 0) execution.openTimers = noEntries();
  if (execution.openChildren.size === 0) execution.openChildren = noEntries();
  if (execution.openLambdas.size === 0) execution.openLambdas = noEntries();
}

/** A map that stays empty, shared by every run that holds it; `set` throws `refusal`. */
class NoEntries extends Map<never, never> {
  constructor(private readonly refusal: string) {
    super();
  }

  override set(): this {
    throw new Error(`internal: ${this.refusal}`);
  }
}

/** The tokens of a run that has none yet (most closed runs a snapshot brings). */
const NO_TOKENS: string[] = Object.freeze([]) as unknown as string[];

/** What a closed run with nothing left open holds. */
const NO_ENTRIES = new NoEntries('a closed run gets no new open work');

/** What a run holds until its first work of a kind: {@link openWork} replaces it. */
const NONE_YET = new NoEntries('add open work through openWork()');

function noEntries<K, V>(): Map<K, V> {
  return NO_ENTRIES;
}

/** The open-work maps of an {@link Execution}. @internal */
export type OpenWorkMember = 'openActivities' | 'openTimers' | 'openChildren' | 'openLambdas';

/**
 * The run's map of open work `member`, to add to: made on first use, the shared empty one until
 * then. A settled closed run's stays the shared one, which refuses additions.
 * @internal
 */
export function openWork<M extends OpenWorkMember>(execution: Execution, member: M): Execution[M] {
  if (execution[member] === NONE_YET) execution[member] = new Map() as Execution[M];
  return execution[member];
}

/**
 * The one place an {@link Execution} record is built — a started run, a child, a continue-as-new
 * successor, a run restored from a snapshot — with no open work, no tokens and no clocks: callers
 * add those as the run's history says.
 * @internal
 */
export function newExecution(run: NewExecution): Execution {
  return new Execution(run);
}

/** `workflowId` and `runId` as one map key. @internal */
export function runKey(workflowId: string, runId: string): string {
  return `${workflowId}\u0000${runId}`;
}

/** `name` and `version` as one map key. @internal */
export function typeKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}
