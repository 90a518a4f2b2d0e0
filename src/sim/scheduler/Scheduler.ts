import type { VirtualClock } from '../clock/VirtualClock.js';
import { CallPathFaults } from '../faults/CallPathFaults.js';
import type { CallFacts, CallFaults } from '../faults/FaultInjector.js';
import type { FaultPlan } from '../faults/FaultPlan.js';
import type { Chooser } from '../random/Chooser.js';
import { SeededRandom } from '../random/SeededRandom.js';
import { ArmedTimers } from './ArmedTimers.js';
import type { ActorFactory, ActorPort, CallReply, CallRequest, SpawnOptions } from './Actor.js';
import {
  actorContext,
  countCall,
  type ContextSources,
  describeActor,
  never,
  newActorRecord,
  newIncarnation,
  serviceCall,
  SLEEP,
  sleepCall,
  watchAbort,
  type ActorRecord,
  type Call,
  type Incarnation,
} from './Incarnation.js';
import { SDK_RETRY_BACKOFF, SdkRetryEmulation, type RetryBackoff } from './RetryBackoff.js';
import type { SchedulerWorld } from './SchedulerWorld.js';
import { advanceClock, goalReached, runBudget } from './runBudget.js';
import type { LogLine, PendingReport, RunControls, RunOutcome, RunReport } from './RunOutcome.js';
import { describeReply, errorText, type TraceEntry } from './Trace.js';
import { TraceRecorder, type Choice } from './TraceRecorder.js';
import { Turns } from './Turns.js';
import type { ArmedTimer, ProcessClock, UserTimerHandle, UserTimerKind } from './UserTimers.js';

/** Options of a {@link Scheduler}. @public */
export interface SchedulerOptions {
  /** The simulated world, normally an `SwfService`; its clock is the run's clock. */
  readonly service: SchedulerWorld;
  /** Root of every stream the scheduler draws from (`faults/<kind>`, `retry`, `actor/<name>/<n>`). */
  readonly seed: string;
  /** Picks among enabled steps: FIFO, seeded-random (reordering) or scripted (replay). */
  readonly chooser: Chooser;
  readonly faults?: FaultPlan;
  /** Backoff charged to virtual time before each SDK retry; default {@link SDK_RETRY_BACKOFF}. */
  readonly retryBackoff?: RetryBackoff;
  /** The scenario's parameters, handed to every actor as `ctx.parameters`. Default `{}`. */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** The operations the service may leave parked past the step that applied them. */
const LONG_POLLS: ReadonlySet<string> = new Set(['PollForDecisionTask', 'PollForActivityTask']);
const EXTRA_FLUSH_HOPS = 8;

type Step =
  | { readonly kind: 'start'; readonly actor: ActorRecord }
  | { readonly kind: 'apply'; readonly call: Call }
  | { readonly kind: 'deliver'; readonly call: Call }
  | { readonly kind: 'timer'; readonly timer: ArmedTimer<Incarnation>; readonly callback: () => void };

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
 *
 * With a {@link ProcessClock} attached (virtual timers), user code's own timers are steps too: each
 * is attributed to the actor running when it was armed, stops virtual time at its due instant, and
 * its callback runs as a step of that actor. An actor waiting only on such timers is blocked: the
 * process clock proves it idle once its microtasks have drained.
 * @public
 */
export class Scheduler {
  readonly clock: VirtualClock;
  /** Epoch milliseconds the scheduler was created at: trace times are relative to it. */
  readonly startMs: number;
  /** Every trace entry so far. */
  readonly entries: TraceEntry[];
  /** The chooser's answers so far, in order (what a scripted chooser replays). */
  readonly choices: number[] = [];
  /** Lines actors logged. */
  readonly logs: LogLine[];

  private readonly world: SchedulerWorld;
  private readonly trace: TraceRecorder;
  private readonly chooser: Chooser;
  private readonly faults: CallPathFaults;
  private readonly retries: SdkRetryEmulation;
  private readonly actors = new Map<string, ActorRecord>();
  private readonly enabled: Step[] = [];
  private readonly turns = new Turns({
    active: () => this.active,
    processClock: () => this.timers.processClock,
  });
  private failure: RunOutcome | undefined;
  private active = false;
  private stepCount = 0;
  /** What every actor's context is made of besides its incarnation. */
  private readonly sources: ContextSources;
  /** Aborted by {@link Scheduler.close}: every actor's `ctx.signal`. */
  private readonly end = new AbortController();
  private readonly timers: ArmedTimers;

  constructor(options: SchedulerOptions) {
    const world = options.service;
    this.world = world;
    this.clock = world.clock;
    this.startMs = this.clock.now();
    this.trace = new TraceRecorder(this.clock, this.startMs);
    this.entries = this.trace.entries;
    this.logs = this.trace.logs;
    this.chooser = options.chooser;
    const root = new SeededRandom(options.seed);
    this.faults = new CallPathFaults(options.faults ?? {}, root, (token) =>
      world.earliestTaskTimeoutMs(token),
    );
    this.retries = new SdkRetryEmulation(options.retryBackoff ?? SDK_RETRY_BACKOFF, () => root.fork('retry'));
    const parameters = options.parameters ?? {};
    this.sources = { root, clock: this.clock, signal: this.end.signal, parameters };
    this.timers = new ArmedTimers({
      clock: this.clock,
      trace: this.trace,
      enable: (timer, callback) => this.enabled.push({ kind: 'timer', timer, callback }),
      disable: (timer) => {
        const at = this.enabled.findIndex((s) => s.kind === 'timer' && s.timer === timer);
        if (at >= 0) this.enabled.splice(at, 1);
      },
    });
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
    const actor = newActorRecord(name, factory, options);
    this.actors.set(name, actor);
    this.enabled.push({ kind: 'start', actor });
  }

  /** Whether the named actor's current incarnation has returned. */
  finished(name: string): boolean {
    return this.actors.get(name)?.current?.finished === true;
  }

  /**
   * Ends the runner's life: aborts every actor's `ctx.signal`, quietly (calls it aborts stay
   * frozen). Call it after the last {@link Scheduler.run}.
   */
  close(): void {
    if (this.active) throw new Error('Scheduler.close: a run is in progress');
    this.timers.dropAll();
    this.end.abort(new Error('the run is over'));
  }

  /**
   * Attaches the faked process clock for a run (or detaches it, with undefined). User timers do
   * not outlive the faked clock that armed them: those still armed when it was detached (they stay
   * in reports of what was pending) are dropped when the next one is attached, as a process that
   * exits drops its timers.
   */
  useProcessClock(clock: ProcessClock | undefined): void {
    this.timers.attach(clock);
  }

  /**
   * Registers a timer user code armed on the faked process clock, due at `dueAtMs`; it belongs to
   * the running actor. `clearFake` clears it in the faked clock when its actor crashes.
   */
  armTimer(kind: UserTimerKind, dueAtMs: number, clearFake: () => void): UserTimerHandle {
    return this.timers.arm(this.active ? this.turns.running : undefined, kind, dueAtMs, clearFake);
  }

  /** The running actor's name, while a run is in progress. */
  runningActor(): string | undefined {
    return this.active ? this.turns.running?.actor.name : undefined;
  }

  /**
   * Without virtual timers: the running actor armed a real timer (`what`, e.g. `setTimeout(…, 300)`).
   * Its callback would run on the wall clock while virtual time stands still, so the run fails
   * naming the actor and the remedy, and the actor is frozen.
   */
  realTimerArmed(what: string): void {
    const inc = this.turns.running;
    if (!this.active || inc === undefined) return;
    this.freeze(
      inc,
      'harness',
      `actor "${inc.actor.name}" called ${what} during the run: a real timer fires on the wall clock while virtual time stands still. Pass virtualTimers: true (createRunner, runScenario, or \`export const virtualTimers = true\` in a scenario module) to put setTimeout, setInterval, Date and performance.now on virtual time, or wait with ctx.sleep.`,
    );
  }

  /**
   * Steps until `controls.until` holds, a budget runs out, nothing more can happen, or an actor
   * fails. Can be called again to go on from where the last run stopped.
   */
  async run(controls: RunControls = {}): Promise<RunReport> {
    if (this.active) throw new Error('Scheduler.run is already in progress');
    this.active = true;
    const startMs = this.clock.now();
    const firstStep = this.stepCount;
    const budget = runBudget(controls, startMs);
    let outcome: RunOutcome | undefined;
    try {
      for (;;) {
        outcome = this.failure ?? goalReached(budget.until, this.world);
        if (outcome !== undefined) break;
        if (this.enabled.length === 0) {
          // Every live actor is blocked: time moves to the next due timer, if the run may go on.
          outcome = advanceClock(budget, {
            clock: this.clock,
            timers: this.timers,
            trace: this.trace,
            liveness: (reason, message) => this.liveness(reason, message),
            openExecutions: () => this.openExecutions().length,
          });
          if (outcome !== undefined) break;
          await this.flush();
          continue;
        }
        if (this.stepCount - firstStep >= budget.maxSteps) {
          outcome = this.liveness('maxSteps', `the step budget of ${budget.maxSteps} steps ran out`);
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
    const stalled = this.turns.stalled();
    if (stalled === undefined) return;
    const { inc, what } = stalled;
    this.freeze(
      inc,
      'watchdog',
      `actor "${inc.actor.name}" awaited something outside the simulation: no simulation call and no return within the watchdog period after ${what}. Actors must wait only on their client and ctx.sleep.`,
    );
  }

  /** What is pending now: actors, timers, open executions. */
  pending(): PendingReport {
    const actors = [...this.actors.values()].map(describeActor);
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
    let choice: Choice | undefined;
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
    // Taken out in place: splice would build an array for it, four steps per request.
    const step = this.enabled[index] as Step;
    this.enabled.copyWithin(index, index + 1).length--;
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
      case 'timer':
        await this.fireTimer(step.timer, step.callback, stepNo, choice);
        return;
      default: {
        const unreachable: never = step;
        throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private async start(actor: ActorRecord, step: number, choice: Choice | undefined): Promise<void> {
    actor.restarts++;
    const inc = newIncarnation(actor);
    actor.current = inc;
    this.trace.record({
      kind: 'start',
      atMs: this.trace.relative(),
      step,
      actor: actor.name,
      restarts: inc.restarts,
      choice,
    });
    const port = this.portFor(inc);
    const ctx = actorContext(inc, port, this.sources, (line) => this.trace.log(inc, line));
    await this.turns.resume(inc, `starting`, () => {
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

  private async apply(call: Call, step: number, choice: Choice | undefined): Promise<void> {
    const inc = call.inc;
    const arrival = this.faults.arrive(
      call.faults as CallFaults,
      call.operation,
      call.input,
      inc.actor.exempt,
    );
    if (arrival.kind === 'refused') {
      const result = arrival.lost ? 'lost' : describeReply(call.operation, arrival.reply);
      this.trace.recordCall('apply', call, step, choice, { result });
      this.replyReady(call, arrival.reply, arrival.delayMs);
      return;
    }
    const { operation, input, notes } = arrival;
    this.trace.recordCall('apply', call, step, choice, { notes });
    this.world.dispatch(operation, input).then(
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
    const back = this.faults.reply(call.faults as CallFaults, call.facts as CallFacts, call.operation, reply);
    const result = describeReply(call.operation, reply);
    this.trace.recordCall('reply', call, undefined, undefined, { result, notes: back.notes });
    this.replyReady(call, back.reply, back.delayMs);
  }

  private async deliver(call: Call, step: number, choice: Choice | undefined): Promise<void> {
    const inc = call.inc;
    const reply = call.reply as CallReply;
    if (inc.state === 'crashed' || inc.state === 'lost' || inc.state === 'failed') {
      // A call still in flight when its actor died (a heartbeat sent from a timer, say): the
      // service got the request, the reply reaches no one.
      this.trace.recordCall('deliver', call, step, choice, { result: 'dropped' });
      return;
    }
    const crash = call.faults === undefined ? undefined : this.faults.crashOnDelivery(call.faults);
    if (crash !== undefined) {
      this.trace.recordCall('deliver', call, step, choice, { result: 'crash' });
      this.crash(inc, crash.restartDelayMs);
      return;
    }
    this.trace.recordCall('deliver', call, step, choice, { result: describeReply(call.operation, reply) });
    if (call.invocationId !== undefined) this.retries.noteReply(call.invocationId, reply);
    inc.waits.delete(call);
    call.unwatch?.();
    await this.turns.resume(inc, `receiving the reply to call ${call.no} (${call.operation})`, () =>
      call.resolve(reply),
    );
  }

  /** A user timer's callback runs as a step of the actor that armed it (a one-shot is done then). */
  private async fireTimer(
    timer: ArmedTimer<Incarnation>,
    callback: () => void,
    step: number,
    choice: Choice | undefined,
  ): Promise<void> {
    if (timer.kind !== 'setInterval') timer.clear();
    const owner = timer.owner;
    const fields = owner === undefined ? { atMs: this.trace.relative() } : this.trace.actorFields(owner);
    this.trace.record({ kind: 'timer', ...fields, step, operation: timer.kind, choice });
    if (owner === undefined) {
      try {
        callback();
      } catch (error) {
        this.fail('harness', `a ${timer.kind} callback armed outside the actors threw ${errorText(error)}`);
      }
      await this.flush();
      return;
    }
    await this.turns.resume(owner, `running its ${timer.kind} callback`, () => {
      try {
        callback();
      } catch (error) {
        this.onError(owner, error);
      }
    });
  }

  // ---- actors -------------------------------------------------------------------------------

  private portFor(inc: Incarnation): ActorPort {
    return {
      call: (request) => {
        if (this.turns.running !== inc) return this.stray(inc, request.operation);
        return new Promise<CallReply>((resolve) => this.arrive(inc, request, resolve));
      },
      sleep: (ms) => {
        if (this.turns.running !== inc) return this.stray(inc, SLEEP);
        if (!(ms >= 0) || !Number.isFinite(ms)) {
          return Promise.reject(new RangeError(`ctx.sleep: expected milliseconds >= 0, got ${ms}`));
        }
        return new Promise<void>((resolve) => this.sleep(inc, ms, () => resolve()));
      },
    };
  }

  /** A call from an actor that is not the running one: frozen if it is dead, else a harness error. */
  private stray<T>(inc: Incarnation, operation: string): Promise<T> {
    this.reportStray(inc, `called ${operation}`);
    return never<T>();
  }

  private reportStray(inc: Incarnation, what: string): void {
    if (inc.state === 'crashed' || inc.state === 'lost' || inc.state === 'failed' || !this.active) return;
    this.freeze(
      inc,
      'harness',
      `actor "${inc.actor.name}" ${what} while it was not the running actor: it made two calls at once or awaited something outside the simulation. An actor must be one sequential loop; spawn one actor per concurrent loop.`,
    );
  }

  private arrive(inc: Incarnation, request: CallRequest, resolve: (reply: CallReply) => void): void {
    const facts = countCall(inc.actor, request.operation);
    const departing = this.faults.depart(facts, request.input);
    const { crash, notes } = departing;
    const call = serviceCall(inc, request, facts, departing.faults, resolve);
    const { attempt, operation } = call;
    inc.state = 'blocked';
    inc.waits.add(call);
    let delayMs = departing.delayMs;
    if (crash === undefined && attempt > 1) {
      const backoffMs = this.retries.backoffMs(call.invocationId, attempt);
      delayMs += backoffMs;
      notes.push(`backoff+${backoffMs}`);
    }
    this.trace.recordCall('call', call, undefined, undefined, {
      attempt,
      notes: notes.length > 0 ? notes : undefined,
    });
    if (request.signal !== undefined) call.unwatch = watchAbort(request.signal, () => this.aborted(call));
    if (crash !== undefined) {
      this.crash(inc, crash.restartDelayMs);
      return;
    }
    this.enableAt(delayMs, `request ${inc.actor.name} call ${call.no} ${operation}`, { kind: 'apply', call });
    this.turns.yieldFrom(inc);
  }

  private sleep(inc: Incarnation, ms: number, resolve: () => void): void {
    const call = sleepCall(inc, resolve);
    inc.state = 'blocked';
    inc.waits.add(call);
    this.trace.recordCall('call', call, undefined, undefined, { notes: [`${ms}ms`] });
    this.enableAt(ms, `sleep ${inc.actor.name}#${inc.restarts}`, { kind: 'deliver', call });
    this.turns.yieldFrom(inc);
  }

  /**
   * Reports an abort of a call while the run goes on (the runner cannot take a request back); an
   * abort once the run is over is quiet.
   */
  private aborted(call: Call): void {
    const inc = call.inc;
    if (!this.active || !inc.waits.has(call)) return;
    this.fail(
      'harness',
      `actor "${inc.actor.name}" aborted its call ${call.no} (${call.operation}) while the run went on; the runner cannot take a request back (ctx.signal aborts only once the run is over)`,
      inc.actor.name,
    );
  }

  private crash(inc: Incarnation, restartDelayMs: number): void {
    inc.state = 'crashed';
    for (const call of inc.waits) call.unwatch?.();
    inc.waits.clear();
    for (const timer of [...inc.timers]) timer.kill();
    const actor = inc.actor;
    this.trace.record({ kind: 'crash', ...this.trace.actorFields(inc) });
    this.enableAt(restartDelayMs, `restart ${actor.name}`, { kind: 'start', actor });
    this.turns.yieldFrom(inc);
  }

  private onFinish(inc: Incarnation): void {
    if (inc.state === 'crashed' || inc.state === 'lost') return;
    if (this.turns.running !== inc) {
      this.reportStray(inc, 'returned');
      return;
    }
    inc.state = 'done';
    inc.finished = true;
    this.trace.record({ kind: 'finish', ...this.trace.actorFields(inc) });
    this.turns.yieldFrom(inc);
  }

  private onError(inc: Incarnation, error: unknown): void {
    if (inc.state === 'crashed' || inc.state === 'lost') return;
    if (this.turns.running !== inc) {
      this.reportStray(inc, 'threw');
      return;
    }
    const actor = inc.actor;
    const message = errorText(error);
    this.trace.record({ kind: 'error', ...this.trace.actorFields(inc), message });
    if (actor.onError === 'restart') {
      this.crash(inc, actor.restartDelayMs);
      return;
    }
    inc.state = 'failed';
    this.fail('actorError', `actor "${actor.name}" threw ${message}`, actor.name);
    this.turns.yieldFrom(inc);
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

  /** Fails the run naming `inc` and freezes it: its turn (if any) ends; it never runs again. */
  private freeze(inc: Incarnation, reason: 'watchdog' | 'harness', message: string): void {
    this.fail(reason, message, inc.actor.name);
    inc.state = 'lost';
    this.turns.yieldFrom(inc);
  }

  private liveness(reason: 'stuck' | 'maxSteps' | 'maxVirtualMs', message: string): RunOutcome {
    return { status: 'liveness', reason, message, pending: this.pending() };
  }

  private openExecutions(): string[] {
    return this.world.openExecutions().map((e) => `${e.domain}/${e.workflowId} (${e.runId})`);
  }
}
