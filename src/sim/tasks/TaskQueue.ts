import type { TimerHandle } from '../clock/VirtualClock.js';
import { PriorityQueue } from './PriorityQueue.js';

/** What a task needs for ordering in a task list. @internal */
export interface QueuedTask {
  readonly priority: number;
  readonly seq: number;
  state: string;
}

/** A parked long poll waiting for a task. @internal */
export interface Poller<T> {
  readonly identity: string | undefined;
  /** Hands the matched task over; the poller is then done. */
  readonly deliver: (task: T) => void;
  live: boolean;
  expiry?: TimerHandle;
}

/**
 * One task list of one domain: ready tasks ordered by (priority desc, scheduling order), and the
 * long polls waiting on it in arrival order. Matching itself (starting the task) is the service's.
 * @internal
 */
export class TaskQueue<T extends QueuedTask> {
  private readonly tasks = new PriorityQueue<T>(
    (a, b) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq),
    (t) => t.state === 'SCHEDULED',
  );
  private pollers: Poller<T>[] = [];
  private pollerHead = 0;
  private pendingCount = 0;
  private waitingCount = 0;

  /** Scheduled tasks not yet handed to a poller. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Adds a ready task. */
  push(task: T): void {
    this.tasks.push(task);
    this.pendingCount++;
  }

  /**
   * Takes the best ready task, if any; with `chosen`, the first ready task it accepts instead
   * when there is one (a scan: only a driver that follows a recording chooses).
   */
  takeTask(chosen?: (task: T) => boolean): T | undefined {
    if (chosen !== undefined) {
      for (const task of this.tasks.live()) {
        if (!chosen(task)) continue;
        // It stays in the heap until the caller starts it; then it is a dead entry, skipped.
        this.pendingCount--;
        this.tasks.noteDead();
        return task;
      }
    }
    const task = this.tasks.pop();
    if (task !== undefined) this.pendingCount--;
    return task;
  }

  /** Records that a queued task left SCHEDULED without being polled (timeout, close). */
  forget(): void {
    this.pendingCount--;
    this.tasks.noteDead();
  }

  /** Parks a poller at the back of the line. */
  park(poller: Poller<T>): void {
    this.pollers.push(poller);
    this.waitingCount++;
  }

  /** A parked poller gave up (its long poll expired or was aborted). */
  withdraw(poller: Poller<T>): void {
    if (!poller.live) return;
    poller.live = false;
    this.waitingCount--;
  }

  /** Takes the longest-waiting live poller, if any. */
  takePoller(): Poller<T> | undefined {
    while (this.pollerHead < this.pollers.length) {
      const poller = this.pollers[this.pollerHead++] as Poller<T>;
      if (poller.live) {
        this.waitingCount--;
        this.trimPollers();
        return poller;
      }
    }
    this.trimPollers();
    return undefined;
  }

  /** Number of parked polls still waiting. */
  waitingPollers(): number {
    return this.waitingCount;
  }

  private trimPollers(): void {
    if (this.pollerHead > 32 && this.pollerHead * 2 > this.pollers.length) {
      this.pollers = this.pollers.slice(this.pollerHead);
      this.pollerHead = 0;
    }
  }
}
