import { performance } from 'node:perf_hooks';
import type { VirtualClock } from '../../sim/clock/VirtualClock.js';
import { firstFew, type Blocker } from './skipGate.js';

/**
 * How the server's virtual clock moves:
 * - `auto`: it follows the wall clock, and jumps ahead to the next due timer whenever no client
 *   is working (every open request waits in a long poll or a virtual sleep, no task handed out is
 *   unanswered, no skip lock is held), so a workflow with hour-long timeouts runs in seconds and a
 *   client doing real work is never overtaken;
 * - `realtime`: it follows the wall clock, optionally `scale` times faster;
 * - `manual`: it moves only through the control endpoint (`POST /_swf-sim/clock/advance`).
 * @public
 */
export type ClockMode = 'auto' | 'realtime' | 'manual';

/** All clock modes, for option parsing. @public */
export const CLOCK_MODES: readonly ClockMode[] = ['auto', 'realtime', 'manual'];

/** One jump of the auto clock, as `GET /_swf-sim/clock` and `--log-clock` report it. @public */
export interface ClockJump {
  /** Virtual time before and after, ISO 8601. */
  readonly from: string;
  readonly to: string;
  readonly skippedMs: number;
  /** The timers due at `to`, which the jump fired (labels, e.g. `timer t1`, `decision poll d/main`). */
  readonly fired: readonly string[];
  /** What every open request was waiting for: why the jump was allowed. */
  readonly waiting: readonly string[];
}

/** What a driver sees of the server. @internal */
export interface ClockDriverHost {
  /** The current virtual clock (reset and import replace it). */
  clock(): VirtualClock;
  /** What holds jumps now (auto mode): at least one of them, or none when the clock may jump. */
  blockers(): Blocker[];
  /** What the waiting requests wait for. */
  waiting(): string[];
}

/** Moves the virtual clock from real timers; real timers live here, never in `src/sim`. @internal */
export interface ClockDriver {
  readonly mode: ClockMode;
  /**
   * Brings virtual time up to date (before a request reaches the service, before a report); true
   * when that fired a timer, whose effects (polls answered, tasks handed out) reach the server only
   * in the promise reactions that follow.
   */
  beforeDispatch(): boolean;
  /** Something changed that may allow a jump (auto mode). */
  noteActivity(): void;
  /** The clock was replaced, or moved by hand. */
  reanchor(): void;
  /** How many automatic jumps it made, and the last one (auto mode). */
  readonly jumps: number;
  readonly lastJump: ClockJump | undefined;
  stop(): void;
}

/** Longest real sleep between checks of a flowing clock (new timers re-arm it sooner). */
const MAX_FLOW_SLEEP_MS = 1000;
/** Most timer labels a jump record names. */
const MAX_FIRED_LABELS = 20;

class ManualClockDriver implements ClockDriver {
  readonly mode = 'manual';
  readonly jumps = 0;
  readonly lastJump = undefined;
  beforeDispatch(): boolean {
    return false;
  }
  noteActivity(): void {}
  reanchor(): void {}
  stop(): void {}
}

/**
 * Virtual time = the instant it was anchored at + real time elapsed since × scale. The clock
 * catches up before every request (so events carry the right time) and from a real timer armed for
 * the next due virtual timer (so timeouts fire on time with nobody calling).
 */
class FlowingClockDriver implements ClockDriver {
  readonly mode: ClockMode = 'realtime';
  jumps = 0;
  lastJump: ClockJump | undefined;
  private flowTimer: NodeJS.Timeout | undefined;
  /** The virtual instant the flow timer was armed for. */
  private armedForMs: number | undefined;
  private anchorRealMs = 0;
  private anchorVirtualMs = 0;
  protected stopped = false;

  constructor(
    protected readonly host: ClockDriverHost,
    private readonly scale: number,
  ) {
    this.reanchor();
  }

  beforeDispatch(): boolean {
    return this.catchUp();
  }

  noteActivity(): void {
    // Requests arm and cancel timers: the flow timer follows the earliest.
    if (this.host.clock().nextDueAtMs() !== this.armedForMs) this.rearm();
  }

  reanchor(): void {
    this.anchorRealMs = performance.now();
    this.anchorVirtualMs = this.host.clock().now();
    this.rearm();
  }

  stop(): void {
    this.stopped = true;
    if (this.flowTimer !== undefined) clearTimeout(this.flowTimer);
    this.flowTimer = undefined;
  }

  /** Called after the flow timer fired what was due. */
  protected afterFlow(): void {}

  private virtualNow(): number {
    return this.anchorVirtualMs + Math.floor((performance.now() - this.anchorRealMs) * this.scale);
  }

  /** Moves the clock up to the wall clock; true when that fired a timer. */
  protected catchUp(): boolean {
    const clock = this.host.clock();
    const target = this.virtualNow();
    let fired = false;
    if (target > clock.now())
      clock.advanceTo(target, () => {
        fired = true;
      });
    return fired;
  }

  protected rearm(): void {
    if (this.flowTimer !== undefined) clearTimeout(this.flowTimer);
    this.flowTimer = undefined;
    const next = this.host.clock().nextDueAtMs();
    this.armedForMs = next;
    if (this.stopped || next === undefined) return;
    const realMs = Math.max(0, Math.ceil((next - this.virtualNow()) / this.scale));
    this.flowTimer = setTimeout(
      () => {
        this.flowTimer = undefined;
        this.armedForMs = undefined;
        this.catchUp();
        this.rearm();
        this.afterFlow();
      },
      Math.min(realMs, MAX_FLOW_SLEEP_MS),
    );
    this.flowTimer.unref();
  }
}

/**
 * Auto mode: time flows at wall-clock rate, and jumps to the next due timer as soon as the host
 * reports nothing holding it (see SkipGate). After a jump, or a catch-up that fired timers, it looks
 * again once their effects (answers to the polls they woke, tasks handed out) have settled; when
 * something holds the clock it looks again when that lapses or when the host reports a change.
 */
class AutoClockDriver extends FlowingClockDriver {
  override readonly mode = 'auto';
  private checkTimer: NodeJS.Timeout | undefined;
  private checkSoon: NodeJS.Immediate | undefined;

  constructor(
    host: ClockDriverHost,
    private readonly log: ((line: string) => void) | undefined,
  ) {
    super(host, 1);
  }

  override noteActivity(): void {
    super.noteActivity();
    this.scheduleCheck();
  }

  override stop(): void {
    super.stop();
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    if (this.checkSoon !== undefined) clearImmediate(this.checkSoon);
    this.checkTimer = undefined;
    this.checkSoon = undefined;
  }

  protected override afterFlow(): void {
    this.scheduleCheck();
  }

  /** A check after the current callbacks and their promise reactions (polls answered, tasks handed out). */
  private scheduleCheck(): void {
    if (this.checkSoon !== undefined || this.stopped) return;
    this.checkSoon = setImmediate(() => {
      this.checkSoon = undefined;
      this.check();
    });
  }

  private check(): void {
    if (this.stopped) return;
    // Timers the catch-up fired act only in the next promise reactions: a poll it expired still
    // counts as waiting until then, and jumping on that word could skip days past a client that is
    // just getting its answer. Look again once they settled, as after a jump.
    if (this.catchUp()) {
      this.scheduleCheck();
      return;
    }
    const blockers = this.host.blockers();
    if (blockers.length > 0) {
      const lapse = Math.min(...blockers.map((b) => b.lapsesAtMs ?? Infinity));
      if (lapse !== Infinity) this.checkAt(lapse);
      return;
    }
    if (this.jump()) this.scheduleCheck();
  }

  private checkAt(realMs: number): void {
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(
      () => {
        this.checkTimer = undefined;
        this.scheduleCheck();
      },
      Math.max(1, Math.ceil(realMs - performance.now())),
    );
    this.checkTimer.unref();
  }

  /** Jumps to the next due timer, firing everything due then; false when none is armed. */
  private jump(): boolean {
    const clock = this.host.clock();
    const due = clock.nextDueAtMs();
    if (due === undefined) return false;
    const from = clock.now();
    const waiting = this.host.waiting();
    // Named as they fire: listing the pending timers would sort them all on every jump.
    const fired: string[] = [];
    clock.advanceTo(due, (label) => fired.push(label));
    const record: ClockJump = {
      from: new Date(from).toISOString(),
      to: new Date(due).toISOString(),
      skippedMs: due - from,
      fired: firstFew(fired, MAX_FIRED_LABELS, 'timers'),
      waiting,
    };
    this.jumps++;
    this.lastJump = record;
    this.reanchor();
    this.log?.(describeJump(record));
    return true;
  }
}

/** One line per jump: `clock +60.000 s 2025-…Z → 2025-…Z fired [...] while waiting [...]`. */
export function describeJump(jump: ClockJump): string {
  return (
    `clock +${(jump.skippedMs / 1000).toFixed(3)} s ${jump.from} → ${jump.to}` +
    ` fired [${jump.fired.join('; ')}] while waiting [${jump.waiting.join('; ')}]`
  );
}

/** Options of {@link createClockDriver}. @internal */
export interface ClockDriverOptions {
  readonly mode: ClockMode;
  /** Realtime: virtual milliseconds per real millisecond. */
  readonly scale: number;
  /** Auto: where each jump is reported, if anywhere. */
  readonly log?: ((line: string) => void) | undefined;
}

/** The driver for `mode`. @internal */
export function createClockDriver(host: ClockDriverHost, options: ClockDriverOptions): ClockDriver {
  switch (options.mode) {
    case 'auto':
      return new AutoClockDriver(host, options.log);
    case 'realtime':
      return new FlowingClockDriver(host, options.scale);
    case 'manual':
      return new ManualClockDriver();
    default: {
      const unknown: never = options.mode;
      throw new Error(`unknown clock mode ${String(unknown)}`);
    }
  }
}
