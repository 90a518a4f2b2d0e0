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
import type { TaskQueue } from '../tasks/TaskQueue.js';
import type { VersionedMap } from './VersionedMap.js';

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

/** One workflow execution (one run) and its history. @internal */
export interface Execution {
  readonly domain: DomainRecord;
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: { readonly name: string; readonly version: string };
  readonly config: ExecutionConfig;
  readonly events: HistoryEvent[];
  readonly startMs: number;
  status: 'OPEN' | 'CLOSED';
  closeStatus?: CloseStatus;
  closeMs?: number;
  cancelRequested: boolean;
  latestExecutionContext?: string;
  latestActivityTaskMs?: number;
  /** The two decision-task slots of swf-semantics §6.1. */
  scheduledDecision?: DecisionTask | undefined;
  startedDecision?: DecisionTask | undefined;
  /** `DecisionTaskStarted` id of the last decision task the decider completed (previousStartedEventId). */
  lastCompletedStartedEventId: number;
  readonly openActivities: Map<string, ActivityTask>;
  readonly openTimers: Map<string, TimerRecord>;
  /** Children initiated and not yet closed, by the parent's initiated event id. */
  readonly openChildren: Map<number, ChildRecord>;
  readonly openLambdas: Map<string, LambdaTask>;
  /** Every task token issued for this run, dropped from the service's index with the run. */
  readonly tokens: string[];
  readonly parent?: ParentLink;
  /** The task list to return to when a temporary task-list override lapses (swf-semantics §6.7). */
  overriddenTaskList?: TaskList | undefined;
  /** SCHEDULE_TO_START limit of decision tasks on the override list, "NONE" or seconds. */
  overrideScheduleToStartTimeout?: string | undefined;
  executionTimeout?: TimerHandle;
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
 * The one place an {@link Execution} record is built — a started run, a child, a continue-as-new
 * successor, a run restored from a snapshot — with no open work, no tokens and no clocks: callers
 * add those as the run's history says.
 * @internal
 */
export function newExecution(run: NewExecution): Execution {
  return {
    domain: run.domain,
    workflowId: run.workflowId,
    runId: run.runId,
    workflowType: { name: run.workflowType.name, version: run.workflowType.version },
    config: run.config,
    events: run.events,
    startMs: run.startMs,
    status: run.status,
    ...(run.closeStatus !== undefined && { closeStatus: run.closeStatus }),
    ...(run.closeMs !== undefined && { closeMs: run.closeMs }),
    cancelRequested: run.cancelRequested ?? false,
    ...(run.latestExecutionContext !== undefined && { latestExecutionContext: run.latestExecutionContext }),
    ...(run.latestActivityTaskMs !== undefined && { latestActivityTaskMs: run.latestActivityTaskMs }),
    lastCompletedStartedEventId: run.lastCompletedStartedEventId ?? 0,
    ...(run.overriddenTaskList !== undefined && { overriddenTaskList: run.overriddenTaskList }),
    ...(run.overrideScheduleToStartTimeout !== undefined && {
      overrideScheduleToStartTimeout: run.overrideScheduleToStartTimeout,
    }),
    openActivities: new Map(),
    openTimers: new Map(),
    openChildren: new Map(),
    openLambdas: new Map(),
    tokens: [],
    ...(run.parent !== undefined && { parent: run.parent }),
  };
}

/** `workflowId` and `runId` as one map key. @internal */
export function runKey(workflowId: string, runId: string): string {
  return `${workflowId}\u0000${runId}`;
}

/** `name` and `version` as one map key. @internal */
export function typeKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}
