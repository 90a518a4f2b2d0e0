import type { Incarnation } from './Incarnation.js';
import type { ProcessClock } from './UserTimers.js';

/** What {@link Turns} reads of the scheduler. @internal */
export interface TurnsHost {
  /** Whether a run is in progress. */
  active(): boolean;
  /** The faked process clock, when virtual timers are on. */
  processClock(): ProcessClock | undefined;
}

/**
 * Whose turn it is: one actor runs at a time. Quiescence is counted, never guessed: resuming an
 * actor (its start, a reply, a timer callback) makes it the running one until its next simulation
 * call reaches the scheduler or its loop settles — however many microtasks, `nextTick`s or
 * `setImmediate`s it hops through — and only then is the next step chosen.
 * @internal
 */
export class Turns {
  /** The actor whose turn it is. */
  running: Incarnation | undefined;
  private yielded: (() => void) | undefined;
  /** What the running actor was resumed for, for the watchdog's report. */
  private runningWhat = '';
  /** Bumped each time an actor is resumed; the watchdog looks for one that does not move. */
  private resumeEpoch = 0;
  private watchdogSeen = -1;
  private probing = false;

  constructor(private readonly host: TurnsHost) {}

  /** Makes `inc` the running actor, kicks it, and resolves once it is blocked again or has settled. */
  resume(inc: Incarnation, what: string, kick: () => void): Promise<void> {
    inc.state = 'running';
    this.running = inc;
    this.runningWhat = what;
    this.resumeEpoch++;
    return new Promise<void>((resolve) => {
      this.yielded = resolve;
      kick();
      this.probeIdle();
    });
  }

  /** Ends `inc`'s turn, if it is the running actor: the scheduler chooses the next step. */
  yieldFrom(inc: Incarnation): void {
    if (this.running !== inc) return;
    this.running = undefined;
    const yielded = this.yielded;
    this.yielded = undefined;
    yielded?.();
  }

  /**
   * For the real-time watchdog, every period: the running actor and what it was resumed for when it
   * has been running since the previous tick without a simulation call or a return.
   */
  stalled(): { readonly inc: Incarnation; readonly what: string } | undefined {
    const inc = this.running;
    if (inc === undefined) {
      this.watchdogSeen = -1;
      return undefined;
    }
    if (this.watchdogSeen !== this.resumeEpoch) {
      this.watchdogSeen = this.resumeEpoch;
      return undefined;
    }
    return { inc, what: this.runningWhat };
  }

  /**
   * With virtual timers, an actor may also stop on a timer, which no call of its own announces:
   * once the process clock has seen every microtask drain, the running actor is idle. It is blocked
   * when it waits on a call, a sleep or a timer of its own; otherwise it awaits something outside
   * the simulation and stays running (the watchdog reports it).
   */
  private probeIdle(): void {
    const processClock = this.host.processClock();
    if (processClock === undefined || this.probing) return;
    this.probing = true;
    processClock.afterMicrotasks(() => {
      this.probing = false;
      const inc = this.running;
      if (!this.host.active() || inc === undefined || (inc.waits.size === 0 && inc.timers.size === 0)) return;
      inc.state = inc.finished ? 'done' : 'blocked';
      this.yieldFrom(inc);
    });
  }
}
