import type { VirtualClock } from '../clock/VirtualClock.js';
import type { CallFacts, CallFaults } from '../faults/FaultInjector.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import type { ActorContext, ActorFactory, ActorPort, CallReply, CallRequest, SpawnOptions } from './Actor.js';
import type { ArmedTimer } from './UserTimers.js';

const DEFAULT_RESTART_DELAY_MS = 1_000;
/** The operation name a `ctx.sleep` is traced under. */
export const SLEEP = 'sleep';

/** An actor as spawned, with its counters across restarts. @internal */
export interface ActorRecord {
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

/** One life of an actor: from its start to its return, error or crash. @internal */
export interface Incarnation {
  readonly actor: ActorRecord;
  readonly restarts: number;
  state: 'running' | 'blocked' | 'done' | 'crashed' | 'failed' | 'lost';
  /** Its loop has returned (its timers may still run callbacks, with virtual timers). */
  finished: boolean;
  /**
   * The calls and sleeps it waits on. One, normally; with virtual timers a timer's callback may
   * make a call while another is outstanding (a heartbeat on `setInterval`).
   */
  readonly waits: Set<Call>;
  /** The timers it armed on the faked process clock that have not fired or been cleared. */
  readonly timers: Set<ArmedTimer<Incarnation>>;
}

/** A new incarnation of `actor`, running. @internal */
export function newIncarnation(actor: ActorRecord): Incarnation {
  return {
    actor,
    restarts: actor.restarts,
    state: 'running',
    finished: false,
    waits: new Set(),
    timers: new Set(),
  };
}

/**
 * What a blocked incarnation waits for: a simulation call, from leaving the actor until its reply
 * is delivered, or a `ctx.sleep` (operation {@link SLEEP}, number 0, reply ready at once).
 * @internal
 */
export interface Call {
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
  /** Stops watching the caller's abort signal. */
  unwatch?: (() => void) | undefined;
}

/** A new actor, not started yet. @internal */
export function newActorRecord(name: string, factory: ActorFactory, options: SpawnOptions): ActorRecord {
  return {
    name,
    factory,
    exempt: options.exempt ?? false,
    onError: options.onError ?? 'fail',
    restartDelayMs: options.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS,
    restarts: -1,
    calls: 0,
    opCalls: new Map(),
  };
}

/** Counts a call of `actor` and names it as fault scripts select calls. @internal */
export function countCall(actor: ActorRecord, operation: string): CallFacts {
  actor.calls++;
  const opCallNo = (actor.opCalls.get(operation) ?? 0) + 1;
  actor.opCalls.set(operation, opCallNo);
  return { actor: actor.name, callNo: actor.calls, opCallNo, operation, exempt: actor.exempt };
}

/** A simulation call leaving `inc`, its faults decided. @internal */
export function serviceCall(
  inc: Incarnation,
  request: CallRequest,
  facts: CallFacts,
  faults: CallFaults,
  resolve: (reply: CallReply) => void,
): Call {
  return {
    inc,
    no: facts.callNo,
    operation: request.operation,
    input: request.input,
    attempt: request.attempt ?? 1,
    invocationId: request.invocationId,
    facts,
    faults,
    resolve,
  };
}

/** A `ctx.sleep` of `inc`: a call with no number whose reply is ready when its time comes. @internal */
export function sleepCall(inc: Incarnation, resolve: () => void): Call {
  return {
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
}

/** Runs `onAbort` when `signal` aborts (at once if it has); returns what stops watching. @internal */
export function watchAbort(signal: AbortSignal, onAbort: () => void): (() => void) | undefined {
  if (signal.aborted) {
    onAbort();
    return undefined;
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/**
 * What an actor is doing, for reports of what is pending, e.g. `worker#1 blocked on
 * PollForActivityTask (call 7)` or `worker#0 waiting on 2 virtual timer(s)`. @internal
 */
export function describeActor(actor: ActorRecord): string {
  const inc = actor.current;
  if (inc === undefined) return `${actor.name} not started`;
  const label = `${actor.name}#${inc.restarts}`;
  const timers = inc.timers.size > 0 ? `${inc.timers.size} virtual timer(s)` : undefined;
  if ((inc.state !== 'blocked' && inc.state !== 'done') || (inc.waits.size === 0 && timers === undefined)) {
    return `${label} ${inc.state}`;
  }
  const waits = [...inc.waits].map((c) =>
    c.operation === SLEEP ? 'ctx.sleep' : `${c.operation} (call ${c.no})`,
  );
  if (timers !== undefined) waits.push(timers);
  const [first] = waits;
  if (waits.length === 1 && first === 'ctx.sleep') return `${label} sleeping`;
  if (waits.length === 1 && timers === undefined) return `${label} blocked on ${first}`;
  return `${label} ${inc.finished ? 'returned, ' : ''}waiting on ${waits.join(', ')}`;
}

/** What {@link actorContext} needs from the run besides the incarnation. @internal */
export interface ContextSources {
  readonly root: SeededRandom;
  readonly clock: VirtualClock;
  readonly signal: AbortSignal;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * The context an incarnation's factory gets: its name, its own random stream, virtual time, the
 * run's end signal and parameters, a log. @internal
 */
export function actorContext(
  inc: Incarnation,
  port: ActorPort,
  { root, clock, signal, parameters }: ContextSources,
  log: (line: string) => void,
): ActorContext {
  const name = inc.actor.name;
  let random: SeededRandom | undefined;
  return {
    name,
    restarts: inc.restarts,
    get random(): SeededRandom {
      return (random ??= root.fork(`actor/${name}/${inc.restarts}`));
    },
    signal,
    parameters,
    sleep: (ms) => port.sleep(ms),
    now: () => new Date(clock.now()),
    nowMs: () => clock.now(),
    log,
  };
}

/** A promise that never settles: what a frozen actor's calls return. @internal */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
