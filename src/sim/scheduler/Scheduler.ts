import type { VirtualClock } from '../clock/VirtualClock.js';
import {
  FaultInjector,
  type ActivityAttempt,
  type CallFacts,
  type CallFaults,
} from '../faults/FaultInjector.js';
import type { FaultPlan } from '../faults/FaultPlan.js';
import { SwfFault } from '../faults/SwfFault.js';
import type { Chooser } from '../random/Chooser.js';
import { SeededRandom } from '../random/SeededRandom.js';
import { durationMs } from '../service/durations.js';
import type { SwfService } from '../service/SwfService.js';
import type { ActorContext, ActorFactory, ActorPort, CallReply, CallRequest, SpawnOptions } from './Actor.js';
import type { TraceEntry } from './Trace.js';

/**
 * The SDK's standard retry backoff (`@smithy/core` StandardRetryStrategy, 2026 defaults): retry i
 * (0-based) waits `floor(u * min(base * 2^i, maxMs))` with `u` uniform in [0, 1), where `base` is
 * `throttlingBaseMs` after a throttling error and `baseMs` after any other transient error.
 * @public
 */
export interface RetryBackoff {
  readonly baseMs: number;
  readonly throttlingBaseMs: number;
  readonly maxMs: number;
}

/** The SDK's own backoff constants. @public */
export const SDK_RETRY_BACKOFF: RetryBackoff = { baseMs: 50, throttlingBaseMs: 1_000, maxMs: 20_000 };

/** Options of a {@link Scheduler}. @public */
export interface SchedulerOptions {
  /** The simulated service; its clock is the run's clock. */
  readonly service: SwfService;
  /** Root of every stream the scheduler draws from (`faults/<kind>`, `retry`, `actor/<name>/<n>`). */
  readonly seed: string;
  /** Picks among enabled steps: FIFO, seeded-random (reordering) or scripted (replay). */
  readonly chooser: Chooser;
  readonly faults?: FaultPlan;
  /** Backoff charged to virtual time before each SDK retry; default {@link SDK_RETRY_BACKOFF}. */
  readonly retryBackoff?: RetryBackoff;
}

/**
 * When a run stops:
 * - `closed` (default): every workflow execution that was started has closed;
 * - `{ workflowId, domain? }`: that workflow has been started and none of its runs is open;
 * - `idle`: nothing is pending but parked long polls (and closed runs awaiting retention);
 * - `{ atMs }`: the virtual clock reached this epoch instant;
 * - a predicate, checked after every step.
 * @public
 */
export type RunUntil =
  | 'closed'
  | 'idle'
  | { readonly workflowId: string; readonly domain?: string }
  | { readonly atMs: number }
  | (() => boolean);

/** Run controls and budgets. @public */
export interface RunControls {
  readonly until?: RunUntil;
  /** Most steps this run may take; default 200 000. */
  readonly maxSteps?: number;
  /** Most virtual time this run may cover; default 30 days. */
  readonly maxVirtualMs?: number;
}

/** What was still pending when a run stopped without reaching its goal. @public */
export interface PendingReport {
  /** Each live actor and what it waits for, e.g. `worker#1 blocked on PollForActivityTask (call 7)`. */
  readonly actors: readonly string[];
  /** Armed timers in firing order, as `+<seconds since start>s <label>`. */
  readonly timers: readonly string[];
  /** Open executions as `domain/workflowId (runId)`. */
  readonly openExecutions: readonly string[];
}

/**
 * How a run ended: `ok` (reached its goal), `liveness` (could not: stuck with an open execution, or
 * out of budget) or `failure` (an actor threw, awaited something outside the simulation, or the
 * harness detected misuse or a replay mismatch).
 * @public
 */
export type RunOutcome =
  | { readonly status: 'ok'; readonly reason: 'closed' | 'idle' | 'time' | 'predicate' }
  | {
      readonly status: 'liveness';
      readonly reason: 'stuck' | 'maxSteps' | 'maxVirtualMs';
      readonly message: string;
      readonly pending: PendingReport;
    }
  | {
      readonly status: 'failure';
      readonly reason: 'actorError' | 'watchdog' | 'harness';
      readonly message: string;
      readonly actor?: string;
    };

/** The result of {@link Scheduler.run}. @public */
export interface RunReport {
  readonly outcome: RunOutcome;
  /** Steps this run took. */
  readonly steps: number;
  /** Virtual epoch milliseconds at the start and end of this run. */
  readonly startMs: number;
  readonly endMs: number;
}

/** A line an actor logged. @public */
export interface LogLine {
  readonly atMs: number;
  readonly actor: string;
  readonly line: string;
}

const DEFAULT_MAX_STEPS = 200_000;
const DEFAULT_MAX_VIRTUAL_MS = 30 * 24 * 3600 * 1000;
const DEFAULT_RESTART_DELAY_MS = 1_000;
/** Slow work with no stated delay and no timeout to overrun takes this long. */
const DEFAULT_SLOW_WORK_MS = 3600 * 1000;
/** Slow work overruns the task's timeout by this much. */
const SLOW_WORK_MARGIN_MS = 1_000;
/** Timers that do not make a world busy: long-poll expiries and the retention of closed runs. */
const IDLE_TIMER = /^(activity poll |decision poll |retention )/;
const SLEEP = 'sleep';
/** The operations the service may leave parked past the step that applied them. */
const LONG_POLLS: ReadonlySet<string> = new Set(['PollForDecisionTask', 'PollForActivityTask']);
const EXTRA_FLUSH_HOPS = 8;

type ErrorType = 'THROTTLING' | 'TRANSIENT';

interface ActorRecord {
  readonly name: string;
  readonly factory: ActorFactory;
  readonly exempt: boolean;
  readonly onError: 'fail' | 'restart';
  readonly restartDelayMs: number;
  /** Incarnations started so far, minus one. */
  restarts: number;
  calls: number;
  readonly opCalls: Map<string, number>;
  current?: Incarnation;
}

interface Incarnation {
  readonly actor: ActorRecord;
  readonly restarts: number;
  state: 'running' | 'blocked' | 'done' | 'crashed' | 'failed' | 'lost';
  /** The call it is blocked on. */
  call?: Call | undefined;
}

interface Call {
  readonly inc: Incarnation;
  /** The actor's call number; 0 for a sleep. */
  readonly no: number;
  readonly operation: string;
  readonly input: unknown;
  readonly attempt: number;
  readonly invocationId: string | undefined;
  readonly facts: CallFacts | undefined;
  readonly faults: CallFaults | undefined;
  readonly resolve: (reply: CallReply) => void;
  reply?: CallReply;
}

type Step =
  | { readonly kind: 'start'; readonly actor: ActorRecord }
  | { readonly kind: 'apply'; readonly call: Call }
  | { readonly kind: 'deliver'; readonly call: Call };

function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A short, deterministic account of a reply for the trace. */
function describeReply(operation: string, reply: CallReply): string {
  switch (reply.type) {
    case 'output': {
      const output = reply.output;
      if (!isRecord(output)) return 'ok';
      if (typeof output.taskToken === 'string') {
        if (output.taskToken === '') return 'empty';
        if (operation === 'PollForActivityTask') return `task ${String(output.activityId)}`;
        return `task startedEventId=${String(output.startedEventId)}`;
      }
      if (typeof output.runId === 'string' && operation === 'StartWorkflowExecution')
        return `runId ${output.runId}`;
      return 'ok';
    }
    case 'error':
      return errorText(reply.error);
    case 'network':
      return `network ${reply.code}`;
    default: {
      const unreachable: never = reply;
      return String(unreachable);
    }
  }
}

/**
 * Runs actors deterministically against the simulated service: one actor at a time, virtual time
 * that moves only when every live actor is blocked, every choice through one {@link Chooser}, faults
 * from a {@link FaultPlan}, and a JSON trace of every step.
 *
 * Quiescence is counted, never guessed: delivering a reply (or starting an actor) makes that actor
 * the running one; it stays running until its next simulation call reaches the scheduler (its
 * transport called {@link ActorPort.call} or `sleep`) or its loop settles — however many
 * microtasks, `nextTick`s or `setImmediate`s the SDK hops through in between. Only then is the next
 * step chosen. A real-time watchdog, driven from outside through {@link Scheduler.watchdogTick},
 * reports an actor that awaits something outside the simulation instead of hanging.
 * @public
 */
export class Scheduler {
  readonly clock: VirtualClock;
  /** Epoch milliseconds the scheduler was created at: trace times are relative to it. */
  readonly startMs: number;
  /** Every trace entry so far. */
  readonly entries: TraceEntry[] = [];
  /** The chooser's answers so far, in order (what a scripted chooser replays). */
  readonly choices: number[] = [];
  /** Lines actors logged. */
  readonly logs: LogLine[] = [];

  private readonly service: SwfService;
  private readonly chooser: Chooser;
  private readonly root: SeededRandom;
  private readonly injector: FaultInjector;
  private readonly backoff: RetryBackoff;
  private retryRandom: SeededRandom | undefined;
  private readonly actors = new Map<string, ActorRecord>();
  private readonly enabled: Step[] = [];
  private running: Incarnation | undefined;
  private yielded: (() => void) | undefined;
  private runningWhat = '';
  /** Bumped each time an actor is resumed; the watchdog looks for one that does not move. */
  private resumeEpoch = 0;
  private watchdogSeen = -1;
  private failure: RunOutcome | undefined;
  private active = false;
  private stepCount = 0;
  private readonly lastError = new Map<string, ErrorType>();
  private readonly activityTasks = new Map<string, ActivityAttempt>();
  private readonly attemptCounts = new Map<string, number>();

  constructor(options: SchedulerOptions) {
    this.service = options.service;
    this.clock = options.service.clock;
    this.startMs = this.clock.now();
    this.chooser = options.chooser;
    this.root = new SeededRandom(options.seed);
    this.injector = new FaultInjector(options.faults ?? {}, this.root);
    this.backoff = options.retryBackoff ?? SDK_RETRY_BACKOFF;
  }

  /** Steps taken so far, over all runs. */
  get steps(): number {
    return this.stepCount;
  }

  /**
   * Adds an actor; it starts (a step of its own) at the current virtual time. Its factory is
   * called again, with a new port and context, each time it restarts.
   */
  spawn(name: string, factory: ActorFactory, options: SpawnOptions = {}): void {
    if (this.actors.has(name)) throw new Error(`An actor named "${name}" already exists`);
    const actor: ActorRecord = {
      name,
      factory,
      exempt: options.exempt ?? false,
      onError: options.onError ?? 'fail',
      restartDelayMs: options.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS,
      restarts: -1,
      calls: 0,
      opCalls: new Map(),
    };
    this.actors.set(name, actor);
    this.enabled.push({ kind: 'start', actor });
  }

  /** Whether the named actor's current incarnation has returned. */
  finished(name: string): boolean {
    return this.actors.get(name)?.current?.state === 'done';
  }

  /**
   * Steps until `controls.until` holds, a budget runs out, nothing more can happen, or an actor
   * fails. Can be called again to go on from where the last run stopped.
   */
  async run(controls: RunControls = {}): Promise<RunReport> {
    if (this.active) throw new Error('Scheduler.run is already in progress');
    this.active = true;
    const until = controls.until ?? 'closed';
    const firstStep = this.stepCount;
    const startMs = this.clock.now();
    const maxSteps = controls.maxSteps ?? DEFAULT_MAX_STEPS;
    const deadlineMs = startMs + (controls.maxVirtualMs ?? DEFAULT_MAX_VIRTUAL_MS);
    const atMs = typeof until === 'object' && 'atMs' in until ? until.atMs : undefined;
    let outcome: RunOutcome;
    try {
      for (;;) {
        if (this.failure !== undefined) {
          outcome = this.failure;
          break;
        }
        const reached = this.reached(until);
        if (reached !== undefined) {
          outcome = { status: 'ok', reason: reached };
          break;
        }
        if (this.enabled.length === 0) {
          if (until === 'idle' && this.idle()) {
            outcome = { status: 'ok', reason: 'idle' };
            break;
          }
          const dueMs = this.clock.nextDueAtMs();
          if (atMs !== undefined && (dueMs === undefined || dueMs > atMs)) {
            this.clock.advanceTo(atMs);
            this.record({ kind: 'advance', atMs: this.relative() });
            outcome = { status: 'ok', reason: 'time' };
            break;
          }
          if (dueMs === undefined) {
            outcome =
              until === 'idle'
                ? { status: 'ok', reason: 'idle' }
                : this.liveness(
                    'stuck',
                    `nothing can happen (no step is enabled, no timer is armed) and the run's goal is not reached: ${this.openExecutions().length} open execution(s)`,
                  );
            break;
          }
          if (dueMs > deadlineMs) {
            outcome = this.liveness(
              'maxVirtualMs',
              `the virtual-time budget of ${controls.maxVirtualMs ?? DEFAULT_MAX_VIRTUAL_MS} ms ran out`,
            );
            break;
          }
          this.clock.advanceTo(dueMs);
          this.record({ kind: 'advance', atMs: this.relative() });
          await this.flush();
          continue;
        }
        if (this.stepCount - firstStep >= maxSteps) {
          outcome = this.liveness('maxSteps', `the step budget of ${maxSteps} steps ran out`);
          break;
        }
        await this.takeStep();
      }
    } finally {
      this.active = false;
    }
    return { outcome, steps: this.stepCount - firstStep, startMs, endMs: this.clock.now() };
  }

  /**
   * Called by the real-time watchdog every period. When the same actor has been running since the
   * previous tick without making a simulation call or returning, it awaited something outside the
   * simulation (a real timer, I/O, a promise no step resolves): the run fails naming it, and the
   * actor is frozen.
   */
  watchdogTick(): void {
    const inc = this.running;
    if (inc === undefined) {
      this.watchdogSeen = -1;
      return;
    }
    if (this.watchdogSeen !== this.resumeEpoch) {
      this.watchdogSeen = this.resumeEpoch;
      return;
    }
    const name = inc.actor.name;
    this.fail(
      'watchdog',
      `actor "${name}" awaited something outside the simulation: no simulation call and no return within the watchdog period after ${this.runningWhat}. Actors must wait only on their client and ctx.sleep.`,
      name,
    );
    inc.state = 'lost';
    this.yieldFrom(inc);
  }

  /** What is pending now: actors, timers, open executions. */
  pending(): PendingReport {
    const actors: string[] = [];
    for (const actor of this.actors.values()) {
      const inc = actor.current;
      if (inc === undefined) {
        actors.push(`${actor.name} not started`);
        continue;
      }
      const label = `${actor.name}#${inc.restarts}`;
      if (inc.state === 'blocked' && inc.call !== undefined) {
        const c = inc.call;
        actors.push(
          c.operation === SLEEP ? `${label} sleeping` : `${label} blocked on ${c.operation} (call ${c.no})`,
        );
      } else {
        actors.push(`${label} ${inc.state}`);
      }
    }
    const timers = this.clock
      .pending()
      .map((t) => `+${((t.dueAtMs - this.startMs) / 1000).toFixed(3)}s ${t.label}`);
    return { actors, timers, openExecutions: this.openExecutions() };
  }

  // ---- stepping -------------------------------------------------------------------------------

  private async takeStep(): Promise<void> {
    const count = this.enabled.length;
    const stepNo = this.stepCount + 1;
    let index = 0;
    let choice: readonly [number, number] | undefined;
    if (count > 1) {
      try {
        index = this.chooser.choose(count, `step ${stepNo}`);
      } catch (error) {
        this.fail('harness', errorText(error));
        return;
      }
      this.choices.push(index);
      choice = [index, count];
    }
    const [step] = this.enabled.splice(index, 1) as [Step];
    this.stepCount = stepNo;
    switch (step.kind) {
      case 'start':
        await this.start(step.actor, stepNo, choice);
        return;
      case 'apply':
        await this.apply(step.call, stepNo, choice);
        return;
      case 'deliver':
        await this.deliver(step.call, stepNo, choice);
        return;
      default: {
        const unreachable: never = step;
        throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private async start(
    actor: ActorRecord,
    step: number,
    choice: readonly [number, number] | undefined,
  ): Promise<void> {
    actor.restarts++;
    const inc: Incarnation = { actor, restarts: actor.restarts, state: 'running' };
    actor.current = inc;
    this.record({
      kind: 'start',
      atMs: this.relative(),
      step,
      actor: actor.name,
      restarts: inc.restarts,
      choice,
    });
    const port = this.portFor(inc);
    const ctx = this.contextFor(inc, port);
    await this.resume(inc, `starting`, () => {
      let loop: Promise<void>;
      try {
        loop = Promise.resolve(actor.factory(port, ctx));
      } catch (error) {
        loop = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      loop.then(
        () => this.onFinish(inc),
        (error: unknown) => this.onError(inc, error),
      );
    });
  }

  private async apply(
    call: Call,
    step: number,
    choice: readonly [number, number] | undefined,
  ): Promise<void> {
    const inc = call.inc;
    const faults = call.faults as CallFaults;
    const base = {
      atMs: this.relative(),
      step,
      actor: inc.actor.name,
      restarts: inc.restarts,
      call: call.no,
      operation: call.operation,
      choice,
    };
    if (faults.lostRequest !== undefined) {
      this.record({ kind: 'apply', ...base, result: 'lost' });
      this.replyReady(
        call,
        { type: 'network', code: 'ETIMEDOUT', message: 'Connection timed out: the request was lost' },
        faults.lostRequest.delayMs + faults.replyLatencyMs,
      );
      return;
    }
    if (faults.throttle === true) {
      const reply: CallReply = { type: 'error', error: new SwfFault('ThrottlingException', 'Rate exceeded') };
      this.record({ kind: 'apply', ...base, result: describeReply(call.operation, reply) });
      this.replyReady(call, reply, faults.replyLatencyMs);
      return;
    }
    let operation = call.operation;
    let input = call.input;
    let notes: string[] | undefined;
    if (operation === 'RespondActivityTaskCompleted' && isRecord(input)) {
      const task = this.activityTasks.get(String(input.taskToken));
      const failure = task === undefined ? undefined : this.injector.activityFailure(task, inc.actor.exempt);
      if (failure !== undefined && task !== undefined) {
        operation = 'RespondActivityTaskFailed';
        input = { taskToken: input.taskToken, ...failure };
        notes = [`activityFailure ${task.activityType}#${task.attempt}`];
      }
    }
    this.record({ kind: 'apply', ...base, notes });
    this.service.dispatch(operation, input).then(
      (output) => this.onServiceReply(call, { type: 'output', output }),
      (error: unknown) => this.onServiceReply(call, { type: 'error', error }),
    );
    await this.flush();
    if (call.reply === undefined && !LONG_POLLS.has(operation)) {
      // Only a long poll may stay unanswered past its step; anything else means the service took
      // an unexpected asynchronous hop. Tolerate a few, deterministically, then report it.
      for (let i = 0; i < EXTRA_FLUSH_HOPS && call.reply === undefined; i++) await this.flush();
      if (call.reply === undefined) {
        this.fail(
          'harness',
          `the service did not answer ${operation} (call ${call.no} of "${inc.actor.name}") within its step`,
        );
      }
    }
  }

  private onServiceReply(call: Call, reply: CallReply): void {
    const faults = call.faults as CallFaults;
    const facts = call.facts as CallFacts;
    const output = reply.type === 'output' && isRecord(reply.output) ? reply.output : undefined;
    const carriesTask = typeof output?.taskToken === 'string' && output.taskToken !== '';
    if (carriesTask && call.operation === 'PollForActivityTask' && output !== undefined) {
      this.noteActivityTask(output);
    }
    const before = faults.notes.length;
    this.injector.onReply(faults, facts, carriesTask);
    const notes = faults.notes.length > before ? faults.notes.slice(before) : undefined;
    this.record({
      kind: 'reply',
      atMs: this.relative(),
      actor: call.inc.actor.name,
      restarts: call.inc.restarts,
      call: call.no,
      operation: call.operation,
      result: describeReply(call.operation, reply),
      notes,
    });
    let delayMs = faults.replyLatencyMs;
    let delivered = reply;
    if (faults.lostReply !== undefined && faults.crash?.point !== 'reply') {
      delivered = { type: 'network', code: 'ECONNRESET', message: 'socket hang up: the reply was lost' };
      delayMs += faults.lostReply.delayMs;
    }
    this.replyReady(call, delivered, delayMs);
  }

  private async deliver(
    call: Call,
    step: number,
    choice: readonly [number, number] | undefined,
  ): Promise<void> {
    const inc = call.inc;
    const reply = call.reply as CallReply;
    const base = {
      atMs: this.relative(),
      step,
      actor: inc.actor.name,
      restarts: inc.restarts,
      call: call.no > 0 ? call.no : undefined,
      operation: call.operation,
      choice,
    };
    if (call.faults?.crash?.point === 'reply') {
      this.record({ kind: 'deliver', ...base, result: 'crash' });
      this.crash(inc, call.faults.crash.restartDelayMs);
      return;
    }
    this.record({ kind: 'deliver', ...base, result: describeReply(call.operation, reply) });
    if (call.invocationId !== undefined) this.noteRetryable(call.invocationId, reply);
    inc.call = undefined;
    await this.resume(inc, `receiving the reply to call ${call.no} (${call.operation})`, () =>
      call.resolve(reply),
    );
  }

  // ---- actors -------------------------------------------------------------------------------

  /** Makes `inc` the running actor, kicks it, and resolves once it is blocked again or has settled. */
  private resume(inc: Incarnation, what: string, kick: () => void): Promise<void> {
    inc.state = 'running';
    this.running = inc;
    this.runningWhat = what;
    this.resumeEpoch++;
    return new Promise<void>((resolve) => {
      this.yielded = resolve;
      kick();
    });
  }

  private yieldFrom(inc: Incarnation): void {
    if (this.running !== inc) return;
    this.running = undefined;
    const yielded = this.yielded;
    this.yielded = undefined;
    yielded?.();
  }

  private portFor(inc: Incarnation): ActorPort {
    return {
      call: (request) => {
        if (this.running !== inc) return this.stray(inc, request.operation);
        return new Promise<CallReply>((resolve) => this.arrive(inc, request, resolve));
      },
      sleep: (ms) => {
        if (this.running !== inc) return this.stray(inc, SLEEP);
        if (!(ms >= 0) || !Number.isFinite(ms)) {
          return Promise.reject(new RangeError(`ctx.sleep: expected milliseconds >= 0, got ${ms}`));
        }
        return new Promise<void>((resolve) => this.sleep(inc, ms, () => resolve()));
      },
    };
  }

  private contextFor(inc: Incarnation, port: ActorPort): ActorContext {
    const name = inc.actor.name;
    const root = this.root;
    const clock = this.clock;
    let random: SeededRandom | undefined;
    const log = (line: string): void => {
      const atMs = this.relative();
      this.logs.push({ atMs, actor: name, line });
      this.record({ kind: 'log', atMs, actor: name, restarts: inc.restarts, message: line });
    };
    return {
      name,
      restarts: inc.restarts,
      get random(): SeededRandom {
        return (random ??= root.fork(`actor/${name}/${inc.restarts}`));
      },
      sleep: (ms) => port.sleep(ms),
      now: () => new Date(clock.now()),
      nowMs: () => clock.now(),
      log,
    };
  }

  /** A call from an actor that is not the running one: frozen if it is dead, else a harness error. */
  private stray<T>(inc: Incarnation, operation: string): Promise<T> {
    this.reportStray(inc, `called ${operation}`);
    return never<T>();
  }

  private reportStray(inc: Incarnation, what: string): void {
    if (inc.state === 'crashed' || inc.state === 'lost' || inc.state === 'failed' || !this.active) return;
    const name = inc.actor.name;
    this.fail(
      'harness',
      `actor "${name}" ${what} while it was not the running actor: it made two calls at once or awaited something outside the simulation. An actor must be one sequential loop; spawn one actor per concurrent loop.`,
      name,
    );
    inc.state = 'lost';
  }

  private arrive(inc: Incarnation, request: CallRequest, resolve: (reply: CallReply) => void): void {
    const actor = inc.actor;
    const operation = request.operation;
    actor.calls++;
    const opCallNo = (actor.opCalls.get(operation) ?? 0) + 1;
    actor.opCalls.set(operation, opCallNo);
    const facts: CallFacts = {
      actor: actor.name,
      callNo: actor.calls,
      opCallNo,
      operation,
      exempt: actor.exempt,
    };
    const faults = this.injector.onRequest(facts);
    const attempt = request.attempt ?? 1;
    const call: Call = {
      inc,
      no: actor.calls,
      operation,
      input: request.input,
      attempt,
      invocationId: request.invocationId,
      facts,
      faults,
      resolve,
    };
    inc.state = 'blocked';
    inc.call = call;
    let delayMs = 0;
    const notes = faults.notes.slice();
    if (faults.crash?.point !== 'request') {
      if (attempt > 1) {
        const backoffMs = this.retryBackoffMs(call);
        delayMs += backoffMs;
        notes.push(`backoff+${backoffMs}`);
      }
      delayMs += faults.requestLatencyMs;
      if (faults.slowWork !== undefined) {
        const slowMs = faults.slowWork.delayMs ?? this.pastTimeoutMs(call.input);
        delayMs += slowMs;
        if (faults.slowWork.delayMs === undefined) notes[notes.indexOf('slowWork')] = `slowWork+${slowMs}`;
      }
    }
    this.record({
      kind: 'call',
      atMs: this.relative(),
      actor: actor.name,
      restarts: inc.restarts,
      call: call.no,
      operation,
      attempt,
      notes: notes.length > 0 ? notes : undefined,
    });
    if (request.signal !== undefined) this.watchAbort(inc, call, request.signal);
    if (faults.crash?.point === 'request') {
      this.crash(inc, faults.crash.restartDelayMs);
      return;
    }
    this.enableAt(delayMs, `request ${actor.name} call ${call.no} ${operation}`, { kind: 'apply', call });
    this.yieldFrom(inc);
  }

  private sleep(inc: Incarnation, ms: number, resolve: () => void): void {
    const call: Call = {
      inc,
      no: 0,
      operation: SLEEP,
      input: undefined,
      attempt: 1,
      invocationId: undefined,
      facts: undefined,
      faults: undefined,
      resolve,
      reply: { type: 'output', output: undefined },
    };
    inc.state = 'blocked';
    inc.call = call;
    this.record({
      kind: 'call',
      atMs: this.relative(),
      actor: inc.actor.name,
      restarts: inc.restarts,
      operation: SLEEP,
      notes: [`${ms}ms`],
    });
    this.enableAt(ms, `sleep ${inc.actor.name}#${inc.restarts}`, { kind: 'deliver', call });
    this.yieldFrom(inc);
  }

  private watchAbort(inc: Incarnation, call: Call, signal: AbortSignal): void {
    const onAbort = (): void => {
      if (!this.active || inc.call !== call) return;
      this.fail(
        'harness',
        `actor "${inc.actor.name}" aborted its call ${call.no} (${call.operation}); the runner does not support aborting simulation calls`,
        inc.actor.name,
      );
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }

  private crash(inc: Incarnation, restartDelayMs: number): void {
    inc.state = 'crashed';
    inc.call = undefined;
    const actor = inc.actor;
    this.record({ kind: 'crash', atMs: this.relative(), actor: actor.name, restarts: inc.restarts });
    this.enableAt(restartDelayMs, `restart ${actor.name}`, { kind: 'start', actor });
    this.yieldFrom(inc);
  }

  private onFinish(inc: Incarnation): void {
    if (inc.state === 'crashed' || inc.state === 'lost') return;
    if (this.running !== inc) {
      this.reportStray(inc, 'returned');
      return;
    }
    inc.state = 'done';
    this.record({ kind: 'finish', atMs: this.relative(), actor: inc.actor.name, restarts: inc.restarts });
    this.yieldFrom(inc);
  }

  private onError(inc: Incarnation, error: unknown): void {
    if (inc.state === 'crashed' || inc.state === 'lost') return;
    if (this.running !== inc) {
      this.reportStray(inc, 'threw');
      return;
    }
    const actor = inc.actor;
    const message = errorText(error);
    this.record({ kind: 'error', atMs: this.relative(), actor: actor.name, restarts: inc.restarts, message });
    if (actor.onError === 'restart') {
      this.crash(inc, actor.restartDelayMs);
      return;
    }
    inc.state = 'failed';
    this.fail('actorError', `actor "${actor.name}" threw ${message}`, actor.name);
    this.yieldFrom(inc);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private enableAt(delayMs: number, label: string, step: Step): void {
    if (delayMs <= 0) this.enabled.push(step);
    else this.clock.after(delayMs, label, () => this.enabled.push(step));
  }

  private replyReady(call: Call, reply: CallReply, delayMs: number): void {
    call.reply = reply;
    this.enableAt(delayMs, `reply ${call.inc.actor.name} call ${call.no} ${call.operation}`, {
      kind: 'deliver',
      call,
    });
  }

  /**
   * Lets the service's promise reactions run. The service settles its promises synchronously inside
   * the call or timer that decides them, so their reactions are already queued; one hop drains them.
   */
  private async flush(): Promise<void> {
    await Promise.resolve();
  }

  private fail(reason: 'actorError' | 'watchdog' | 'harness', message: string, actor?: string): void {
    this.failure ??= { status: 'failure', reason, message, ...(actor !== undefined && { actor }) };
  }

  private liveness(reason: 'stuck' | 'maxSteps' | 'maxVirtualMs', message: string): RunOutcome {
    return { status: 'liveness', reason, message, pending: this.pending() };
  }

  private reached(until: RunUntil): 'closed' | 'predicate' | undefined {
    if (typeof until === 'function') return until() ? 'predicate' : undefined;
    if (until === 'closed') {
      let any = false;
      for (const domain of this.service.state.domains.values()) {
        if (domain.openRuns.size > 0) return undefined;
        if (domain.runs.size > 0) any = true;
      }
      return any ? 'closed' : undefined;
    }
    if (typeof until === 'object' && 'workflowId' in until) {
      let any = false;
      for (const domain of this.service.state.domains.values()) {
        if (until.domain !== undefined && domain.name !== until.domain) continue;
        if (domain.openRuns.has(until.workflowId)) return undefined;
        for (const run of domain.runs.values()) if (run.workflowId === until.workflowId) any = true;
      }
      return any ? 'closed' : undefined;
    }
    return undefined;
  }

  private idle(): boolean {
    return this.clock.pending().every((t) => IDLE_TIMER.test(t.label));
  }

  private openExecutions(): string[] {
    const open: string[] = [];
    for (const domain of this.service.state.domains.values()) {
      for (const run of domain.openRuns.values())
        open.push(`${domain.name}/${run.workflowId} (${run.runId})`);
    }
    return open;
  }

  private relative(): number {
    return this.clock.now() - this.startMs;
  }

  /** Appends an entry without its undefined members, so entries are plain JSON data. */
  private record(entry: TraceEntry): void {
    const clean: Record<string, unknown> = {};
    for (const key in entry) {
      const value = entry[key as keyof TraceEntry];
      if (value !== undefined) clean[key] = value;
    }
    this.entries.push(clean as unknown as TraceEntry);
  }

  private retryBackoffMs(call: Call): number {
    const type = (call.invocationId !== undefined && this.lastError.get(call.invocationId)) || 'TRANSIENT';
    const base = type === 'THROTTLING' ? this.backoff.throttlingBaseMs : this.backoff.baseMs;
    const ceiling = Math.min(base * 2 ** (call.attempt - 2), this.backoff.maxMs);
    this.retryRandom ??= this.root.fork('retry');
    return Math.floor(this.retryRandom.next() * ceiling);
  }

  /** Remembers whether a delivered reply is one the SDK retries, and after which backoff base. */
  private noteRetryable(invocationId: string, reply: CallReply): void {
    let type: ErrorType | undefined;
    if (reply.type === 'network') type = 'TRANSIENT';
    else if (reply.type === 'error') {
      const error = reply.error;
      if (error instanceof SwfFault) {
        if (error.name === 'ThrottlingException') type = 'THROTTLING';
        else if (error.httpStatus >= 500) type = 'TRANSIENT';
      } else {
        type = 'TRANSIENT';
      }
    }
    if (type === undefined) this.lastError.delete(invocationId);
    else this.lastError.set(invocationId, type);
  }

  /** Just past the earliest timeout of the task a token names (slow work with no stated delay). */
  private pastTimeoutMs(input: unknown): number {
    const token = isRecord(input) && typeof input.taskToken === 'string' ? input.taskToken : undefined;
    const task = token === undefined ? undefined : this.service.state.tokens.get(token);
    let limitMs: number | undefined;
    if (task?.kind === 'decision') {
      limitMs = durationMs(task.execution.config.taskStartToCloseTimeout);
    } else if (task?.kind === 'activity') {
      for (const value of [task.timeouts.startToCloseTimeout, task.timeouts.heartbeatTimeout]) {
        const ms = durationMs(value);
        if (ms !== undefined && (limitMs === undefined || ms < limitMs)) limitMs = ms;
      }
    }
    return limitMs === undefined ? DEFAULT_SLOW_WORK_MS : limitMs + SLOW_WORK_MARGIN_MS;
  }

  private noteActivityTask(output: Record<string, unknown>): void {
    const type = isRecord(output.activityType) ? String(output.activityType.name) : '';
    const execution = isRecord(output.workflowExecution) ? output.workflowExecution : {};
    const key = `${String(execution.workflowId)}\u0000${String(execution.runId)}\u0000${type}`;
    const attempt = (this.attemptCounts.get(key) ?? 0) + 1;
    this.attemptCounts.set(key, attempt);
    this.activityTasks.set(String(output.taskToken), {
      activityType: type,
      activityId: String(output.activityId),
      attempt,
    });
  }
}
