import type { SeededRandom } from '../random/SeededRandom.js';

/** The network errors a client can see when a request or its reply is lost. @public */
export type NetworkErrorCode = 'ECONNRESET' | 'ETIMEDOUT';

/**
 * How a simulation call ends, as the scheduler hands it to an actor's transport: the service's
 * output, the error the service threw (an `SwfFault`, or anything else for an internal failure),
 * or a network error the transport must raise instead of answering.
 * @public
 */
export type CallReply =
  | { readonly type: 'output'; readonly output: unknown }
  | { readonly type: 'error'; readonly error: unknown }
  | { readonly type: 'network'; readonly code: NetworkErrorCode; readonly message: string };

/** One request an actor sends to the simulated service. @public */
export interface CallRequest {
  /** An SWF operation name, e.g. `PollForActivityTask`. */
  readonly operation: string;
  /** The decoded JSON input (timestamps as `Date`s). */
  readonly input: unknown;
  /** 1 for a first attempt, n for the SDK's (n-1)-th retry (`amz-sdk-request: attempt=n`). */
  readonly attempt?: number | undefined;
  /** The SDK's `amz-sdk-invocation-id`: the same for every attempt of one call. */
  readonly invocationId?: string | undefined;
  /**
   * The caller's abort signal. Aborting a call while the run goes on is reported as a harness error;
   * aborts once the run is over (`ctx.signal` at its end) are quiet.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * An actor's only way into the simulation. Its promises settle only when the scheduler delivers a
 * reply; after a crash or the end of the run they never settle (the actor is frozen).
 * @public
 */
export interface ActorPort {
  call(request: CallRequest): Promise<CallReply>;
  /** Waits `ms` of virtual time (the actor is blocked meanwhile). */
  sleep(ms: number): Promise<void>;
}

/** What an actor knows about itself and the simulated world. @public */
export interface ActorContext {
  /** The name it was spawned under. */
  readonly name: string;
  /** 0 for the first incarnation, n after n restarts. */
  readonly restarts: number;
  /** Its own seeded stream (`actor/<name>/<restarts>`), for any randomness its code needs. */
  readonly random: SeededRandom;
  /**
   * Aborts when the run is over (the runner is closed): pass it as `abortSignal` to long polls, or
   * end loops on it, as a process does on shutdown. Never aborted while the run goes on.
   */
  readonly signal: AbortSignal;
  /** The scenario's parameters (the module's defaults, overridden by the run's options). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /**
   * Waits `ms` of virtual time. Without virtual timers, this is the only way for an actor to wait;
   * with them, `setTimeout` does the same.
   */
  sleep(ms: number): Promise<void>;
  /** The current virtual time as a `Date` (like `runner.now()`). */
  now(): Date;
  /** The current virtual time in epoch milliseconds (what `Date.now()` returns with virtual timers). */
  nowMs(): number;
  /** Appends a line to the run's log and trace (what a real worker would print). */
  log(line: string): void;
}

/**
 * An actor: an ordinary async loop. It must be one sequential thread of control — at most one
 * simulation call outstanding at a time (spawn one actor per concurrent loop) — and must wait only
 * on simulation calls and `ctx.sleep` (and, with virtual timers, on timers).
 * @public
 */
export type ActorFactory = (port: ActorPort, ctx: ActorContext) => Promise<void>;

/** How an actor is treated. @public */
export interface SpawnOptions {
  /** Draw no rate faults for this actor (scripted faults naming it still apply). Default false. */
  readonly exempt?: boolean;
  /**
   * When its loop throws: `fail` the run (default) or `restart` it from its factory after
   * `restartDelayMs`, as a process supervisor would.
   */
  readonly onError?: 'fail' | 'restart';
  /** Virtual delay before restarting after an error. Default 1 000. */
  readonly restartDelayMs?: number;
}
