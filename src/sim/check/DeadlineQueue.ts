/**
 * A timeout that a history armed: when it is due, what it is, and whether it is still pending.
 * @internal
 */
export interface Deadline {
  readonly dueMs: number;
  /** E.g. `the startToFireTimeout (2 s) of timer "t1" (event 5)`. */
  readonly what: string;
  /** The event that armed it. */
  readonly armedBy: number;
  /** Still pending (its task/timer/run is open and it has not been reported yet). */
  live(): boolean;
  /** Called once it has been reported overdue, so the same task is not reported twice. */
  reported(): void;
}

const NONE_DUE: readonly Deadline[] = Object.freeze([]);

/** Fewest entries before dead ones are swept out (below it, sweeping costs more than it saves). */
const MIN_SWEEP_SIZE = 64;

/**
 * A binary min-heap of deadlines by `dueMs`, ties in the order they were armed, with lazy removal:
 * dead entries are skipped when they reach the top, and swept out whenever the heap has doubled
 * since the last sweep, so it holds O(live deadlines) rather than one entry per timeout a long
 * history ever armed (most tasks close long before their timeouts are due). Ties are broken by
 * arming order so that sweeping cannot change the order in which deadlines come due.
 * O(log k) per push/pop for k armed deadlines, amortised.
 * @internal
 */
export class DeadlineQueue {
  private items: Deadline[] = [];
  /** Arming order of `items[i]`, the tie-break. */
  private seqs: number[] = [];
  private armed = 0;
  private sweepAt = MIN_SWEEP_SIZE;

  /** Entries held: the live ones and the dead ones not yet swept out. */
  get size(): number {
    return this.items.length;
  }

  push(deadline: Deadline): void {
    if (this.items.length >= this.sweepAt) this.sweep();
    this.insert(deadline, this.armed++);
  }

  /** Removes and returns every live deadline due strictly before `limitMs`, earliest first. */
  popDueBefore(limitMs: number): readonly Deadline[] {
    let due: Deadline[] | undefined;
    for (;;) {
      const top = this.items[0];
      if (top === undefined || top.dueMs >= limitMs) return due ?? NONE_DUE;
      this.pop();
      if (top.live()) (due ??= []).push(top);
    }
  }

  /** Whether the entry at `i` comes before (dueMs, seq). */
  private precedes(i: number, dueMs: number, seq: number): boolean {
    const other = (this.items[i] as Deadline).dueMs;
    return other < dueMs || (other === dueMs && (this.seqs[i] as number) < seq);
  }

  private place(i: number, deadline: Deadline, seq: number): void {
    this.items[i] = deadline;
    this.seqs[i] = seq;
  }

  private insert(deadline: Deadline, seq: number): void {
    let i = this.items.length;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.precedes(parent, deadline.dueMs, seq)) break;
      this.place(i, this.items[parent] as Deadline, this.seqs[parent] as number);
      i = parent;
    }
    this.place(i, deadline, seq);
  }

  private pop(): void {
    const last = this.items.pop();
    const lastSeq = this.seqs.pop();
    const size = this.items.length;
    if (last === undefined || lastSeq === undefined || size === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const leftItem = this.items[left] as Deadline;
      const child =
        right < size && this.precedes(right, leftItem.dueMs, this.seqs[left] as number) ? right : left;
      if (!this.precedes(child, last.dueMs, lastSeq)) break;
      this.place(i, this.items[child] as Deadline, this.seqs[child] as number);
      i = child;
    }
    this.place(i, last, lastSeq);
  }

  /** Drops the dead entries (a dead deadline never comes back to life) and rebuilds the heap. */
  private sweep(): void {
    const items = this.items;
    const seqs = this.seqs;
    this.items = [];
    this.seqs = [];
    // (dueMs, seq) is a total order, so the order in which the live entries come due does not
    // depend on how the heap holds them.
    items.forEach((deadline, i) => {
      if (deadline.live()) this.insert(deadline, seqs[i] as number);
    });
    this.sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * this.items.length);
  }
}
