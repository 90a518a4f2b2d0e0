import type { VirtualClock } from '../clock/VirtualClock.js';
import type { CallFacts, CallFaults } from '../faults/FaultInjector.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import type { ActorContext, ActorFactory, ActorPort, CallReply, SpawnOptions } from './Actor.js';

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
  /** The call it is blocked on. */
  call?: Call | undefined;
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

/** What an actor is doing, for reports of what is pending, e.g. `worker#1 blocked on PollForActivityTask (call 7)`. @internal */
export function describeActor(actor: ActorRecord): string {
  const inc = actor.current;
  if (inc === undefined) return `${actor.name} not started`;
  const label = `${actor.name}#${inc.restarts}`;
  const c = inc.call;
  if (inc.state !== 'blocked' || c === undefined) return `${label} ${inc.state}`;
  return c.operation === SLEEP ? `${label} sleeping` : `${label} blocked on ${c.operation} (call ${c.no})`;
}

/** The context an incarnation's factory gets: its name, its own random stream, virtual time, a log. @internal */
export function actorContext(
  inc: Incarnation,
  port: ActorPort,
  root: SeededRandom,
  clock: VirtualClock,
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
