import type { TimerHandle } from '../clock/VirtualClock.js';

/** The function user code armed a timer with. @public */
export type UserTimerKind = 'setTimeout' | 'setInterval' | 'setImmediate';

/**
 * The process's own clock, faked for a run (createRunner's `virtualTimers`): `Date`,
 * `performance.now` and the timer functions follow the run's virtual clock. The scheduler attaches
 * one with {@link Scheduler.useProcessClock}; the adapter that installs it arms each timer user
 * code sets with {@link Scheduler.armTimer}.
 * @public
 */
export interface ProcessClock {
  /**
   * Brings the faked clock to the virtual instant `nowMs`, reporting every timer due by then
   * through its handle's {@link UserTimerHandle.fired} (never running user code itself).
   */
  sync(nowMs: number): void;
  /**
   * Calls `then` once every microtask and `nextTick` queued so far has run: a real macrotask later.
   * With every timer function faked, user code that is still pending then can only be resumed by
   * the simulation (a reply, a timer) or by something outside it, so the running actor is idle.
   */
  afterMicrotasks(then: () => void): void;
}

/** The scheduler's side of one timer user code armed on a {@link ProcessClock}. @public */
export interface UserTimerHandle {
  /** The faked clock fired it: the scheduler runs `callback` as a step of the actor that armed it. */
  fired(callback: () => void): void;
  /** It is due (again) at `dueAtMs`: an interval after firing, a refreshed timer. */
  rearm(dueAtMs: number): void;
  /** User code cleared it; a pending callback is dropped. */
  clear(): void;
}

/** Who armed a user timer: an actor's incarnation. @internal */
export interface TimerOwner {
  readonly actor: { readonly name: string };
  readonly restarts: number;
}

/** What an {@link ArmedTimer} asks of the scheduler. @internal */
export interface TimerOwnerPort<O extends TimerOwner> {
  /** Arms the virtual-clock timer that stops time at the user timer's due instant. */
  mirror(timer: ArmedTimer<O>, dueAtMs: number): TimerHandle;
  /** Enables the step that runs the callback. */
  enable(timer: ArmedTimer<O>, callback: () => void): void;
  /** Forgets the timer: its owner no longer waits on it, its pending step is dropped. */
  forget(timer: ArmedTimer<O>): void;
}

/**
 * A user timer as the scheduler tracks it: which incarnation armed it (the running one at the time;
 * none when user code outside the actors armed it), and a busy timer on the virtual clock at its due
 * instant, so that time stops there and the faked clock fires it exactly then.
 * @internal
 */
export class ArmedTimer<O extends TimerOwner = TimerOwner> implements UserTimerHandle {
  live = true;
  private mirrored: TimerHandle | undefined;

  constructor(
    readonly owner: O | undefined,
    readonly kind: UserTimerKind,
    private readonly port: TimerOwnerPort<O>,
    /** Clears the timer in the faked clock too (its actor crashed, or the run ended). */
    readonly clearFake: () => void,
  ) {}

  /** `worker#0 setTimeout`, for the clock's pending report. */
  get label(): string {
    const owner =
      this.owner === undefined ? 'outside the actors' : `${this.owner.actor.name}#${this.owner.restarts}`;
    return `${this.kind} of ${owner}`;
  }

  fired(callback: () => void): void {
    if (this.live) this.port.enable(this, callback);
  }

  rearm(dueAtMs: number): void {
    if (!this.live) return;
    this.mirrored?.cancel();
    this.mirrored = this.port.mirror(this, dueAtMs);
  }

  clear(): void {
    if (!this.live) return;
    this.live = false;
    this.mirrored?.cancel();
    this.port.forget(this);
  }

  /** Clears it on both sides: its actor's process is gone. */
  kill(): void {
    this.clear();
    this.clearFake();
  }
}
