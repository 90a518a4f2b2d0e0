import { performance } from 'node:perf_hooks';
import type { VirtualClock } from '../../sim/clock/VirtualClock.js';

/**
 * How the server's virtual clock moves:
 * - `auto`: it stands still while clients work and jumps to the next due timer once every open
 *   request is a parked long poll and nothing has happened for a short grace period, so a workflow
 *   with hour-long timeouts runs in seconds against any client;
 * - `realtime`: it follows the wall clock, optionally `scale` times faster;
 * - `manual`: it moves only through the control endpoint (`POST /_swf-sim/clock/advance`).
 * @public
 */
export type ClockMode = 'auto' | 'realtime' | 'manual';

/** All clock modes, for option parsing. @public */
export const CLOCK_MODES: readonly ClockMode[] = ['auto', 'realtime', 'manual'];

/** What a driver sees of the server. @internal */
export interface ClockDriverHost {
  /** The current virtual clock (reset and import replace it). */
  clock(): VirtualClock;
  /** HTTP requests received and not yet answered, and how many of them are dispatched polls. */
  activity(): { openRequests: number; pendingPolls: number };
}

/** Moves the virtual clock from real timers; real timers live here, never in `src/sim`. @internal */
export interface ClockDriver {
  readonly mode: ClockMode;
  /** Called before a request reaches the service: realtime catches up with the wall clock. */
  beforeDispatch(): void;
  /** Called on every change of activity: a request arrived or finished, a poll parked or settled. */
  noteActivity(): void;
  /** The clock was replaced, or moved by hand. */
  reanchor(): void;
  /** How many automatic jumps it made (auto mode). */
  readonly jumps: number;
  stop(): void;
}

/** Longest real sleep between checks of the realtime clock (new timers re-arm it sooner). */
const MAX_REALTIME_SLEEP_MS = 1000;

class ManualClockDriver implements ClockDriver {
  readonly mode = 'manual';
  readonly jumps = 0;
  beforeDispatch(): void {}
  noteActivity(): void {}
  reanchor(): void {}
  stop(): void {}
}

/**
 * Auto mode. "Everybody is waiting" means: at least one long poll is parked, every open request is
 * such a poll (no body still arriving, no answer still being written), and no request arrived or
 * finished for `graceMs` of real time. Then the clock jumps to its next due timer — a poll's 60 s
 * expiry, a timeout, a timer — and the driver looks again after another grace period. With no poll
 * parked nothing moves, so clients that only call (the AWS CLI, a script) see time stand still.
 */
class AutoClockDriver implements ClockDriver {
  readonly mode = 'auto';
  jumps = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastActivityMs = performance.now();
  private stopped = false;

  constructor(
    private readonly host: ClockDriverHost,
    private readonly graceMs: number,
  ) {}

  beforeDispatch(): void {}

  noteActivity(): void {
    this.lastActivityMs = performance.now();
    this.arm(this.graceMs);
  }

  reanchor(): void {
    this.noteActivity();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    if (this.timer !== undefined || this.stopped) return;
    if (this.host.activity().pendingPolls === 0) return;
    this.timer = setTimeout(() => this.check(), Math.max(1, Math.ceil(delayMs)));
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    const { openRequests, pendingPolls } = this.host.activity();
    if (pendingPolls === 0 || this.stopped) return;
    const quietMs = performance.now() - this.lastActivityMs;
    if (quietMs < this.graceMs) {
      this.arm(this.graceMs - quietMs);
      return;
    }
    // A request still being read or answered will note activity when it is done.
    if (openRequests > pendingPolls) return;
    if (this.host.clock().advanceToNextTimer()) this.jumps++;
    this.lastActivityMs = performance.now();
    this.arm(this.graceMs);
  }
}

/**
 * Realtime mode: virtual time = the instant it was anchored at + real time elapsed since × scale.
 * The clock catches up before every request (so events carry the right time) and from a real timer
 * armed for the next due virtual timer (so timeouts fire on time with nobody calling).
 */
class RealtimeClockDriver implements ClockDriver {
  readonly mode = 'realtime';
  readonly jumps = 0;
  private timer: NodeJS.Timeout | undefined;
  private anchorRealMs = 0;
  private anchorVirtualMs = 0;
  private stopped = false;

  constructor(
    private readonly host: ClockDriverHost,
    private readonly scale: number,
  ) {
    this.reanchor();
  }

  beforeDispatch(): void {
    this.catchUp();
  }

  noteActivity(): void {
    this.rearm();
  }

  reanchor(): void {
    this.anchorRealMs = performance.now();
    this.anchorVirtualMs = this.host.clock().now();
    this.rearm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private virtualNow(): number {
    return this.anchorVirtualMs + Math.floor((performance.now() - this.anchorRealMs) * this.scale);
  }

  private catchUp(): void {
    const clock = this.host.clock();
    const target = this.virtualNow();
    if (target > clock.now()) clock.advanceTo(target);
  }

  private rearm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const next = this.host.clock().nextDueAtMs();
    if (next === undefined) return;
    const realMs = Math.max(0, Math.ceil((next - this.virtualNow()) / this.scale));
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.catchUp();
        this.rearm();
      },
      Math.min(realMs, MAX_REALTIME_SLEEP_MS),
    );
    this.timer.unref();
  }
}

/** Options of {@link createClockDriver}. @internal */
export interface ClockDriverOptions {
  readonly mode: ClockMode;
  /** Realtime: virtual milliseconds per real millisecond. */
  readonly scale: number;
  /** Auto: real milliseconds of quiet before a jump. */
  readonly graceMs: number;
}

/** The driver for `mode`. @internal */
export function createClockDriver(host: ClockDriverHost, options: ClockDriverOptions): ClockDriver {
  switch (options.mode) {
    case 'auto':
      return new AutoClockDriver(host, options.graceMs);
    case 'realtime':
      return new RealtimeClockDriver(host, options.scale);
    case 'manual':
      return new ManualClockDriver();
    default: {
      const unknown: never = options.mode;
      throw new Error(`unknown clock mode ${String(unknown)}`);
    }
  }
}
