import type { ChildPolicy, CloseStatus, EventType, HistoryEvent } from '@aws-sdk/client-swf';
import type { TimerHandle, VirtualClock } from '../clock/VirtualClock.js';
import { SwfFault } from '../faults/SwfFault.js';
import { appendEvent, type EventAttributes } from '../history/appendEvent.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import { TokenIssuer } from '../random/ids.js';
import { TaskQueue } from '../tasks/TaskQueue.js';
import {
  Execution,
  growingEvents,
  type ActivityTask,
  type DecisionTask,
  type DomainRecord,
} from './model.js';
import { addSpentToken, spendTokens, spentTask, type TokenTask } from './spentTokens.js';
import { ShardedMap } from './ShardedMap.js';

/** Knobs of the simulated service; every default is real SWF's. @public */
export interface ServiceOptions {
  /** Region in domain ARNs. Default `us-east-1`. */
  readonly region?: string;
  /** Account id in domain ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** How long a poll waits for a task before answering empty. Default 60 000 (SWF's 60 s). */
  readonly longPollMs?: number;
  /**
   * Write `scheduleToStartTimeout: "NONE"` in `DecisionTaskScheduled`, as SWF has since 2023.
   * Set false to reproduce histories recorded before (they have no such attribute). Default true.
   */
  readonly decisionScheduleToStartAttribute?: boolean;
  /**
   * Whether Lambda tasks are available in the simulated region; false makes every
   * ScheduleLambdaFunction decision fail with LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION. Default true.
   */
  readonly lambdaAvailable?: boolean;
  /** The Lambda functions ScheduleLambdaFunction decisions can run, by name. */
  readonly lambdaFunctions?: Readonly<Record<string, LambdaFunction>>;
  /** SWF's quotas (swf-semantics §21.1), each overridable so tests can reach them cheaply. */
  readonly quotas?: Partial<Quotas>;
  /**
   * Decision rate limits per account, as token buckets on virtual time (swf-semantics §21.2). Off by
   * default, like the real quotas almost always are in tests; `true` applies SWF's published buckets.
   */
  readonly decisionRates?: boolean | Partial<Record<RateLimitedDecision, TokenBucketSpec>>;
  /**
   * Simulated IAM: return false to deny a call (`OperationNotPermittedFault`) or a decision (its
   * `…Failed` event with cause OPERATION_NOT_PERMITTED). Default: everything is allowed.
   */
  readonly permits?: (request: PermissionRequest) => boolean;
  /**
   * The secret task tokens are derived from (a keyed hash of it and a counter), so that nobody can
   * guess a token the service handed to someone else. Default: derived from the service's seed,
   * so the same seed gives the same tokens.
   */
  readonly tokenSecret?: string;
}

/** SWF's per-account and per-execution quotas. @public */
export interface Quotas {
  /** Events a run may hold before it is terminated with EVENT_LIMIT_EXCEEDED. 25 000. */
  readonly historyEvents: number;
  readonly openExecutionsPerDomain: number;
  readonly openActivitiesPerExecution: number;
  readonly openTimersPerExecution: number;
  readonly openChildrenPerExecution: number;
  readonly openLambdasPerExecution: number;
  readonly pollersPerTaskList: number;
}

/** The quotas real SWF applies. @public */
export const SWF_QUOTAS: Quotas = {
  historyEvents: 25_000,
  openExecutionsPerDomain: 100_000,
  openActivitiesPerExecution: 1000,
  openTimersPerExecution: 1000,
  openChildrenPerExecution: 1000,
  openLambdasPerExecution: 1000,
  pollersPerTaskList: 1000,
};

/** Decisions that have a creation-rate failure cause. @public */
export type RateLimitedDecision =
  | 'ScheduleActivityTask'
  | 'StartTimer'
  | 'StartChildWorkflowExecution'
  | 'SignalExternalWorkflowExecution'
  | 'RequestCancelExternalWorkflowExecution'
  | 'ContinueAsNewWorkflowExecution'
  | 'ScheduleLambdaFunction';

/** A token bucket: `bucket` tokens at most, `refillPerSecond` added back each virtual second. @public */
export interface TokenBucketSpec {
  readonly bucket: number;
  readonly refillPerSecond: number;
}

/** SWF's published decision quotas (swf-semantics §21.2); the two unpublished ones are unlimited. @public */
export const SWF_DECISION_RATES: Partial<Record<RateLimitedDecision, TokenBucketSpec>> = {
  ScheduleActivityTask: { bucket: 1000, refillPerSecond: 200 },
  StartTimer: { bucket: 2000, refillPerSecond: 200 },
  StartChildWorkflowExecution: { bucket: 500, refillPerSecond: 12 },
  SignalExternalWorkflowExecution: { bucket: 1200, refillPerSecond: 120 },
  RequestCancelExternalWorkflowExecution: { bucket: 1200, refillPerSecond: 120 },
};

/** What a simulated IAM policy is asked about. @public */
export interface PermissionRequest {
  readonly operation: string;
  readonly domain?: string;
  /** Set when a decision inside RespondDecisionTaskCompleted is checked. */
  readonly decisionType?: string;
}

/**
 * A simulated Lambda function: given the task's input it returns its result (optionally with the
 * virtual time it takes), or throws to fail — the error's `name` becomes the failure's `reason`.
 * @public
 */
export type LambdaFunction = (input: string | undefined) => string | { result: string; durationMs?: number };

/** The members of a close event a parent's `ChildWorkflowExecution…` event repeats. @internal */
export interface CloseAttributes {
  readonly result?: string;
  readonly reason?: string;
  readonly details?: string;
}

/** Options with defaults applied. @internal */
export type ResolvedServiceOptions = Required<
  Omit<ServiceOptions, 'lambdaFunctions' | 'quotas' | 'decisionRates' | 'permits' | 'tokenSecret'>
> & {
  readonly quotas: Quotas;
  readonly decisionRates: Partial<Record<RateLimitedDecision, TokenBucketSpec>>;
  readonly permits: ((request: PermissionRequest) => boolean) | undefined;
};

/**
 * An effect a batch set in motion and the service carries out right after it: a signal's or
 * cancel request's delivery to its target (`deliver`) and the sender's acknowledgement
 * (`acknowledge`), a child's start, a Lambda task's start. `eventId` is the `…Initiated` or
 * `LambdaFunctionScheduled` event of the run `runId` that caused it.
 * @internal
 */
export interface BatchEffect {
  readonly kind: 'deliver' | 'acknowledge' | 'startChild' | 'startLambda';
  readonly runId: string;
  readonly eventId: number;
}

/**
 * A cut of the state being read while the service goes on (see `cutState`): told before a run it
 * holds changes for the first time since the cut, it keeps the run as it was.
 * @internal
 */
export interface RunChangeWatcher {
  /** The cut's number ({@link ServiceState.watchChanges}); it holds the runs made before it. */
  readonly cutNumber: number;
  keep(run: Execution): void;
}

/**
 * The whole mutable world of the simulated service, plus the helpers every area shares.
 * Areas (domains, types, executions, decision and activity tasks) are functions over it.
 * @internal
 */
export class ServiceState {
  readonly options: ResolvedServiceOptions;
  readonly domains = new Map<string, DomainRecord>();
  /**
   * Every task token of the retained runs, so a stale token gets the precise fault: the task while
   * its run is open, the run once closed ({@link taskOf} rebuilds what the token named).
   */
  readonly tokens = new ShardedMap<string, DecisionTask | ActivityTask | Execution>();

  /** Indexes `token` for `task` until its run is dropped at the end of its retention. */
  registerToken(token: string, task: TokenTask): void {
    const execution = task.execution;
    if (execution.tokens.length === 0) execution.tokens = [token];
    else execution.tokens.push(token);
    if (execution.spentTokens === undefined) {
      this.tokens.set(token, task as DecisionTask | ActivityTask);
    } else {
      this.tokens.set(token, execution);
      addSpentToken(execution, task);
    }
  }

  /** A new token for `task`, indexed. */
  issueToken(task: TokenTask): string {
    const token = this.tokenIssuer.next(task.kind);
    this.registerToken(token, task);
    return token;
  }

  /** The task `token` names, or undefined for a token of no retained run. */
  taskOf(token: string): TokenTask | undefined {
    const entry = this.tokens.get(token);
    return entry instanceof Execution ? spentTask(entry, token) : entry;
  }

  /** Lets go of a just-closed run's task records: its tokens keep only what a stale one answers. */
  spendTokens(execution: Execution): void {
    spendTokens(execution, (token) => this.taskOf(token));
    for (const token of execution.tokens) this.tokens.set(token, execution);
  }
  readonly tokenIssuer: TokenIssuer;
  /**
   * Which ready task a poll takes instead of the best one, when it accepts one: set by a driver
   * that follows a recording (re-enactment), since SWF promises no order within a task list.
   * Undefined (always, outside re-enactment): priority, then scheduling order.
   */
  chosenTask: ((task: DecisionTask | ActivityTask) => boolean) | undefined;
  /**
   * Whether a driver that follows a recording (re-enactment) holds an effect of a batch, to call
   * `carryOut` itself at the recorded instant: real SWF carries them out 10–300 ms after the
   * batch, in no promised order. Undefined (always, outside re-enactment): right after the batch.
   */
  holdEffect: ((effect: BatchEffect, carryOut: () => void) => boolean) | undefined;
  /** Cuts being read while the service goes on; empty nearly always. */
  private readonly changeWatchers = new Set<RunChangeWatcher>();
  private cutsTaken = 0;
  /** A run made or changed while cuts were read: the newest cut's number then (they hold it already, or never did). */
  private readonly cutMarks = new WeakMap<Execution, number>();

  /** Registers the watcher of a new cut, made from the cut's number. */
  watchChanges(watch: (cutNumber: number) => RunChangeWatcher): RunChangeWatcher {
    const watcher = watch(++this.cutsTaken);
    this.changeWatchers.add(watcher);
    return watcher;
  }

  unwatchChanges(watcher: RunChangeWatcher): void {
    this.changeWatchers.delete(watcher);
  }

  /**
   * Called before anything a snapshot records about `run` changes (its members, open work, clocks
   * or history), so that each cut being read keeps the run as it stood at that cut. O(1) when no
   * cut is being read.
   */
  willChange(run: Execution): void {
    if (this.changeWatchers.size === 0) return;
    const mark = this.cutMarks.get(run) ?? 0;
    if (mark === this.cutsTaken) return;
    for (const watcher of this.changeWatchers) if (watcher.cutNumber > mark) watcher.keep(run);
    this.cutMarks.set(run, this.cutsTaken);
  }

  /** Called for each run made: the cuts being read do not hold it. */
  runMade(run: Execution): void {
    if (this.changeWatchers.size !== 0) this.cutMarks.set(run, this.cutsTaken);
  }

  /** Lambda functions by name (ScheduleLambdaFunction's `name`). */
  readonly lambdaFunctions = new Map<string, LambdaFunction>();
  /** Orders tasks scheduled at the same priority. */
  private taskSeq = 0;

  constructor(
    readonly clock: VirtualClock,
    readonly random: SeededRandom,
    options: ServiceOptions = {},
  ) {
    this.options = {
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
      longPollMs: options.longPollMs ?? 60_000,
      decisionScheduleToStartAttribute: options.decisionScheduleToStartAttribute ?? true,
      lambdaAvailable: options.lambdaAvailable ?? true,
      quotas: { ...SWF_QUOTAS, ...options.quotas },
      decisionRates:
        options.decisionRates === true
          ? SWF_DECISION_RATES
          : options.decisionRates === false
            ? {}
            : (options.decisionRates ?? {}),
      permits: options.permits,
    };
    this.tokenIssuer = new TokenIssuer(options.tokenSecret ?? random.seed);
    for (const [name, fn] of Object.entries(options.lambdaFunctions ?? {}))
      this.lambdaFunctions.set(name, fn);
  }

  now(): number {
    return this.clock.now();
  }

  nextTaskSeq(): number {
    return this.taskSeq++;
  }

  /** Tasks numbered so far: the next task's seq, which a state directory's snapshot keeps. */
  get tasksNumbered(): number {
    return this.taskSeq;
  }

  /** Numbers the next tasks from `next` on (a restore that kept the snapshot's seqs below it). */
  numberTasksFrom(next: number): void {
    this.taskSeq = next;
  }

  /** The named domain, or `UnknownResourceFault: Unknown domain: X`. */
  domain(name: string): DomainRecord {
    const domain = this.domains.get(name);
    if (domain === undefined) throw new SwfFault('UnknownResourceFault', `Unknown domain: ${name}`);
    return domain;
  }

  /** Appends an event to an execution's history at the current virtual time. */
  append<T extends EventType>(execution: Execution, type: T, attributes: EventAttributes<T>): HistoryEvent {
    this.willChange(execution);
    const event = appendEvent(growingEvents(execution), this.clock.now(), type, attributes);
    if (execution.history.length >= this.options.quotas.historyEvents - 1 && execution.status === 'OPEN') {
      this.fullHistories.add(execution);
    }
    return event;
  }

  /** Open runs whose history reached the cap; terminated at the next safe point. */
  readonly fullHistories = new Set<Execution>();

  /** Terminates a run whose history is full; installed by the service (it owns closing). */
  terminateFullHistory: (execution: Execution) => void = () => undefined;

  /**
   * What a run's close does to its family: the child policy reaches its open children and the
   * parent hears of the close (swf-semantics §16.3, §16.5). Installed by the service, as children
   * start and close runs themselves: closing cannot import them without an import cycle.
   */
  closeFamily: (
    execution: Execution,
    closeStatus: CloseStatus,
    attributes: CloseAttributes,
    childPolicy: ChildPolicy,
  ) => void = () => undefined;

  /**
   * Terminates the runs whose history filled up (swf-semantics §18.4). Called at safe points —
   * between the decisions of a batch, after each call and after each timer — never in the middle
   * of writing a group of related events, so the termination lands as event 25 000 or just after.
   */
  enforceHistoryCap(): void {
    if (this.fullHistories.size === 0) return;
    for (const execution of this.fullHistories) {
      this.fullHistories.delete(execution);
      if (execution.status === 'OPEN') this.terminateFullHistory(execution);
    }
  }

  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  /** Takes one token from the named bucket, refilled on virtual time; false when it is empty. */
  takeToken(name: string, spec: TokenBucketSpec): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(name) ?? { tokens: spec.bucket, atMs: now };
    bucket.tokens = Math.min(
      spec.bucket,
      bucket.tokens + ((now - bucket.atMs) / 1000) * spec.refillPerSecond,
    );
    bucket.atMs = now;
    this.buckets.set(name, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Carries out an effect of a batch now, unless a driver holds it ({@link holdEffect}). */
  afterBatch(effect: BatchEffect, carryOut: () => void): void {
    const later = (): void => {
      carryOut();
      this.enforceHistoryCap();
    };
    if (this.holdEffect?.(effect, later) !== true) carryOut();
  }

  /** Arms a service timer on the virtual clock; the history cap is enforced after it fires. */
  after(delayMs: number, label: string, fire: () => void): TimerHandle {
    return this.clock.after(delayMs, label, () => {
      fire();
      this.enforceHistoryCap();
    });
  }

  /** The id the next appended event will get. */
  nextEventId(execution: Execution): number {
    return execution.history.length + 1;
  }

  /** The task list queue of `kind` named `name` in `domain`, created on first use. */
  queue<K extends 'decision' | 'activity'>(
    domain: DomainRecord,
    kind: K,
    name: string,
  ): TaskQueue<K extends 'decision' ? DecisionTask : ActivityTask> {
    const queues = (kind === 'decision' ? domain.decisionQueues : domain.activityQueues) as unknown as Map<
      string,
      TaskQueue<K extends 'decision' ? DecisionTask : ActivityTask>
    >;
    let queue = queues.get(name);
    if (queue === undefined) {
      queue = new TaskQueue();
      queues.set(name, queue);
    }
    return queue;
  }
}
