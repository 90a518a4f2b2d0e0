import { PriorityQueue } from '../tasks/PriorityQueue.js';

/** A timer armed on the virtual clock; `cancel()` it to stop it firing. @public */
export interface TimerHandle {
  readonly dueAtMs: number;
  readonly label: string;
  /** Arming order: among timers due at the same instant, the lower fires first. */
  readonly seq: number;
  cancel(): void;
}

/** How a timer is armed. @public */
export interface TimerOptions {
  /**
   * An idle timer fires without anyone waiting on it to make progress (a parked poll's expiry, the
   * end of a closed run's retention): a world whose only timers are idle ones has nothing left to
   * do. Default false.
   */
  readonly idle?: boolean;
  /**
   * The place among timers due at the same instant of a timer armed earlier on another clock (a
   * restored state), instead of the next in arming order. See {@link VirtualClock.skipArmedTo}.
   */
  readonly seq?: number;
}

/** A live timer as reports show it. @public */
export interface PendingTimer {
  readonly dueAtMs: number;
  readonly label: string;
  readonly idle: boolean;
}

const SPENT = (): void => undefined;

class Timer implements TimerHandle {
  live = true;
  constructor(
    readonly dueAtMs: number,
    readonly seq: number,
    readonly label: string,
    readonly idle: boolean,
    private action: () => void,
    /** The clock's one cancel callback, shared by its timers. */
    private readonly onCancel: (timer: Timer) => void,
  ) {}

  cancel(): void {
    if (!this.live) return;
    this.live = false;
    this.action = SPENT;
    this.onCancel(this);
  }

  /**
   * Runs the action once, letting go of it first: a handle outlives its timer (a closed task
   * keeps it until the run's retention ends), and the action's closure would keep alive all it
   * captured.
   */
  fire(): void {
    const action = this.action;
    this.action = SPENT;
    action();
  }
}

/**
 * Virtual time in epoch milliseconds. Time moves only when someone advances it; timers fire in
 * (dueAtMs, arming order) so equal deadlines always resolve the same way.
 * @public
 */
export class VirtualClock {
  private nowMs: number;
  private seq = 0;
  /** Live timers, and those of them that are not idle. */
  private liveTimers = 0;
  private busyTimers = 0;
  private readonly timers = new PriorityQueue<Timer>(
    (a, b) => a.dueAtMs < b.dueAtMs || (a.dueAtMs === b.dueAtMs && a.seq < b.seq),
    (t) => t.live,
  );

  private readonly onCancel = (timer: Timer): void => {
    this.retire(timer);
    this.timers.noteDead();
  };

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  /** The current virtual instant, epoch milliseconds. */
  now(): number {
    return this.nowMs;
  }

  /** Arms `fire` to run when the clock reaches `dueAtMs` (immediately due if in the past). */
  schedule(dueAtMs: number, label: string, fire: () => void, options: TimerOptions = {}): TimerHandle {
    const idle = options.idle ?? false;
    const seq = options.seq ?? this.seq++;
    const timer = new Timer(Math.max(dueAtMs, this.nowMs), seq, label, idle, fire, this.onCancel);
    this.liveTimers++;
    if (!idle) this.busyTimers++;
    this.timers.push(timer);
    return timer;
  }

  /** Arms `fire` to run `delayMs` from now. */
  after(delayMs: number, label: string, fire: () => void, options?: TimerOptions): TimerHandle {
    return this.schedule(this.nowMs + delayMs, label, fire, options);
  }

  /** How many timers were armed so far: the `seq` the next one gets. */
  get armedCount(): number {
    return this.seq;
  }

  /**
   * Continues the arming order of another clock that had armed `count` timers: restored timers keep
   * their `seq` (see {@link TimerOptions.seq}) and new ones come after them.
   */
  skipArmedTo(count: number): void {
    this.seq = Math.max(this.seq, count);
  }

  /** When the next live timer is due, or undefined when none is armed. */
  nextDueAtMs(): number | undefined {
    return this.timers.peek()?.dueAtMs;
  }

  /** How many timers are armed and have neither fired nor been canceled: O(1), unlike {@link pending}. */
  get pendingCount(): number {
    return this.liveTimers;
  }

  /** The live timers in firing order (for reports of what is pending): O(n log n). */
  pending(): PendingTimer[] {
    return [...this.timers.live()]
      .sort((a, b) => a.dueAtMs - b.dueAtMs || a.seq - b.seq)
      .map((t) => ({ dueAtMs: t.dueAtMs, label: t.label, idle: t.idle }));
  }

  /** Whether any live timer is not idle (see {@link TimerOptions.idle}). */
  hasBusyTimers(): boolean {
    return this.busyTimers > 0;
  }

  /**
   * Moves time forward to `targetMs`, firing every timer due on the way, in order; `fired` is told
   * each one's label first.
   */
  advanceTo(targetMs: number, fired?: (label: string) => void): void {
    for (;;) {
      const next = this.timers.peek();
      if (next === undefined || next.dueAtMs > targetMs) break;
      this.timers.pop();
      next.live = false;
      this.retire(next);
      this.nowMs = next.dueAtMs;
      fired?.(next.label);
      next.fire();
    }
    if (targetMs > this.nowMs) this.nowMs = targetMs;
  }

  /** Moves time forward by `deltaMs`. */
  advanceBy(deltaMs: number): void {
    this.advanceTo(this.nowMs + deltaMs);
  }

  private retire(timer: Timer): void {
    this.liveTimers--;
    if (!timer.idle) this.busyTimers--;
  }

  /** Jumps to the next due timer and fires everything due then; returns false when none is armed. */
  advanceToNextTimer(): boolean {
    const due = this.nextDueAtMs();
    if (due === undefined) return false;
    this.advanceTo(due);
    return true;
  }
}
