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

/**
 * A binary min-heap of deadlines by `dueMs`, with lazy removal: dead entries are skipped when
 * they reach the top. O(log k) per push/pop for k armed deadlines.
 * @internal
 */
export class DeadlineQueue {
  private readonly items: Deadline[] = [];

  push(deadline: Deadline): void {
    const items = this.items;
    let i = items.length;
    items.push(deadline);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Deadline;
      if (p.dueMs <= deadline.dueMs) break;
      items[i] = p;
      i = parent;
    }
    items[i] = deadline;
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

  private pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && (items[right] as Deadline).dueMs < (items[left] as Deadline).dueMs
          ? right
          : left;
      if ((items[child] as Deadline).dueMs >= last.dueMs) break;
      items[i] = items[child] as Deadline;
      i = child;
    }
    items[i] = last;
  }
}
