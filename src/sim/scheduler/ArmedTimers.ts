import type { VirtualClock } from '../clock/VirtualClock.js';
import type { Incarnation } from './Incarnation.js';
import type { TraceRecorder } from './TraceRecorder.js';
import {
  ArmedTimer,
  type ProcessClock,
  type TimerOwnerPort,
  type UserTimerHandle,
  type UserTimerKind,
} from './UserTimers.js';

/** What {@link ArmedTimers} needs of the scheduler. @internal */
export interface ArmedTimersHost {
  readonly clock: VirtualClock;
  readonly trace: TraceRecorder;
  /** Enables the step that runs a fired timer's callback. */
  enable(timer: ArmedTimer<Incarnation>, callback: () => void): void;
  /** Drops that step if it has not run yet. */
  disable(timer: ArmedTimer<Incarnation>): void;
}

/**
 * User code's own timers on the faked process clock (virtual timers): each belongs to the actor
 * running when it was armed and stops virtual time at its due instant; when the faked clock fires
 * it, its callback becomes a step of that actor.
 * @internal
 */
export class ArmedTimers {
  /** The faked process clock, while one is attached. */
  processClock: ProcessClock | undefined;
  /** Timers armed while a process clock was attached, not cleared yet. */
  private readonly armed = new Set<ArmedTimer<Incarnation>>();
  private readonly port: TimerOwnerPort<Incarnation>;

  constructor(private readonly host: ArmedTimersHost) {
    this.port = {
      mirror: (timer, dueAtMs) =>
        host.clock.schedule(dueAtMs, timer.label, () => this.sync(host.clock.now())),
      enable: (timer, callback) => host.enable(timer, callback),
      forget: (timer) => {
        this.armed.delete(timer);
        timer.owner?.timers.delete(timer);
        host.disable(timer);
      },
    };
  }

  /** Attaches a faked process clock (or detaches it); attaching drops the timers of the last one. */
  attach(clock: ProcessClock | undefined): void {
    if (clock !== undefined) this.dropAll();
    this.processClock = clock;
    clock?.sync(this.host.clock.now());
  }

  /** A timer `owner` (undefined: code outside the actors) armed, due at `dueAtMs`. */
  arm(
    owner: Incarnation | undefined,
    kind: UserTimerKind,
    dueAtMs: number,
    clearFake: () => void,
  ): UserTimerHandle {
    const { clock, trace } = this.host;
    const timer = new ArmedTimer(owner, kind, this.port, clearFake);
    this.armed.add(timer);
    owner?.timers.add(timer);
    const fields = owner === undefined ? { atMs: trace.relative() } : trace.actorFields(owner);
    trace.record({ kind: 'arm', ...fields, operation: kind, notes: [`${dueAtMs - clock.now()}ms`] });
    timer.rearm(dueAtMs);
    return timer;
  }

  /** Brings the faked clock, if any, to the virtual instant `nowMs`. */
  sync(nowMs: number): void {
    this.processClock?.sync(nowMs);
  }

  /** Clears every armed timer on both sides, as a process that exits drops its timers. */
  dropAll(): void {
    for (const timer of [...this.armed]) timer.kill();
  }
}
