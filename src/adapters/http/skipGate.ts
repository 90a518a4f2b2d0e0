import { performance } from 'node:perf_hooks';
import type { SwfService } from '../../sim/service/SwfService.js';
import { queuedTaskCounts, startedTaskOf } from '../../sim/service/workInProgress.js';

/** Something that holds the auto clock's jumps, and when it lets go by itself (real ms), if ever. @internal */
export interface Blocker {
  readonly reason: string;
  readonly lapsesAtMs?: number;
}

/** A request that waits for virtual time: a parked long poll or a virtual sleep. @internal */
export interface Waiter {
  readonly kind: 'poll' | 'sleep';
  /** What it waits for, e.g. `PollForDecisionTask d/main (decider-1)`. */
  readonly what: string;
  /** Answers it at once (shutdown, reset, import). */
  release(): void;
}

/** One HTTP request, from arrival until its connection let go of it. @internal */
export interface RequestTicket {
  /** The request now waits for virtual time. */
  wait(waiter: Waiter): void;
  /** It stopped waiting; `woken` when the clock ended it (a sleep ran out), so its client will act next. */
  unwait(waiter: Waiter, woken?: boolean): void;
  /** Its answer is written (the client's turn now). */
  answered(): void;
  /** Its connection is done with it. */
  closed(): void;
}

/** Options of {@link SkipGate}. @internal */
export interface SkipGateOptions {
  /** Real ms of quiet after an ordinary SWF call arrives or is answered. */
  readonly graceMs: number;
  /** Real ms after which a request still arriving, a task nobody polls for, or a woken sleeper that does not call again stops holding the clock. */
  readonly abandonMs: number;
  /** The services whose task lists count (every region's). */
  readonly services: () => Iterable<SwfService>;
  /** Called whenever something that may unblock a jump happened. */
  readonly onChange: () => void;
}

interface OpenRequest {
  readonly arrivedMs: number;
  readonly quiet: boolean;
  waiters: number;
  answered: boolean;
}

interface HandedOut {
  readonly service: SwfService;
  readonly sinceMs: number;
}

/** Most blockers of one kind named in a report; the rest are counted. */
const NAMED = 3;

/**
 * What the server knows of its clients' work, and so whether the auto clock may jump: requests
 * being received or handled, long polls and sleeps waiting, tasks handed out and unanswered,
 * tasks waiting in task lists, skip locks, and how recently an ordinary call came or went.
 * Real time only (performance.now); the virtual clock is the driver's.
 * @internal
 */
export class SkipGate {
  private readonly requests = new Set<OpenRequest>();
  private readonly waiting = new Set<Waiter>();
  private readonly locks = new Map<string, number>();
  private readonly handedOut = new Map<string, HandedOut>();
  /** Task lists with waiting tasks: how many, and since when (real ms) that many or fewer. */
  private readonly queued = new Map<string, { count: number; sinceMs: number }>();
  /** Handed-out tasks are pruned when they reach this many (so modes that never ask stay small). */
  private pruneAt = 64;
  private lastBusyMs = -Infinity;
  private wokenSleepers = 0;
  private wokenAtMs = -Infinity;

  constructor(private readonly options: SkipGateOptions) {}

  /** A request arrived; `quiet` when it is a long poll, a sleep or a read of the control endpoints. */
  arrived(quiet: boolean): RequestTicket {
    const now = performance.now();
    const request: OpenRequest = { arrivedMs: now, quiet, waiters: 0, answered: false };
    this.requests.add(request);
    if (!quiet) this.lastBusyMs = now;
    if (this.wokenSleepers > 0) this.wokenSleepers--;
    this.options.onChange();
    return {
      wait: (waiter) => {
        request.waiters++;
        this.waiting.add(waiter);
        this.options.onChange();
      },
      unwait: (waiter, woken = false) => {
        if (!this.waiting.delete(waiter)) return;
        request.waiters--;
        if (woken) {
          this.wokenSleepers++;
          this.wokenAtMs = performance.now();
        }
        this.options.onChange();
      },
      answered: () => {
        if (request.answered) return;
        request.answered = true;
        if (!request.quiet) this.lastBusyMs = performance.now();
        this.options.onChange();
      },
      closed: () => {
        if (this.requests.delete(request)) this.options.onChange();
      },
    };
  }

  /** HTTP requests not yet let go of. */
  openRequests(): number {
    return this.requests.size;
  }

  /** What the waiting requests wait for. */
  waiters(): Waiter[] {
    return [...this.waiting];
  }

  /** A poll over HTTP handed out the task `token` names: it is work in progress until answered. */
  handedOutTask(service: SwfService, token: string): void {
    this.handedOut.set(token, { service, sinceMs: performance.now() });
    if (this.handedOut.size >= this.pruneAt) {
      this.tasksInProgress();
      this.pruneAt = 2 * this.handedOut.size + 64;
    }
  }

  /** Takes (or renews) the skip lock `name` for `ttlMs` of real time. */
  lock(name: string, ttlMs: number): void {
    this.locks.set(name, performance.now() + ttlMs);
    this.options.onChange();
  }

  /** Releases the skip lock `name`; false when it was not held (never taken, or expired). */
  unlock(name: string): boolean {
    const held = this.dropExpiredLocks(performance.now()).has(name);
    this.locks.delete(name);
    if (held) this.options.onChange();
    return held;
  }

  /** The skip locks held, with the real ms each has left. */
  heldLocks(): { name: string; expiresInMs: number }[] {
    const now = performance.now();
    return [...this.dropExpiredLocks(now)].map(([name, until]) => ({
      name,
      expiresInMs: Math.ceil(until - now),
    }));
  }

  /** Unanswered tasks handed out over HTTP (answered, timed-out and closed ones are dropped here). */
  tasksInProgress(): string[] {
    const now = performance.now();
    const tasks: string[] = [];
    for (const [token, { service, sinceMs }] of this.handedOut) {
      const task = startedTaskOf(service.state, token);
      if (task === undefined) {
        this.handedOut.delete(token);
        continue;
      }
      const what =
        task.kind === 'activity'
          ? `activity task ${task.activityId} of ${task.workflowId}`
          : `decision task of ${task.workflowId}`;
      tasks.push(`${what} (handed out ${Math.round(now - sinceMs)} ms ago)`);
    }
    return tasks;
  }

  /** Forgets the tasks handed out (their world was replaced). */
  forgetTasks(): void {
    this.handedOut.clear();
    this.queued.clear();
  }

  /**
   * What holds jumps right now; empty when the clock may jump. With `all` false it stops at the
   * first thing found, cheapest checks first (what the driver needs); true lists everything.
   */
  blockers(all = true): Blocker[] {
    const now = performance.now();
    const { abandonMs, graceMs } = this.options;
    const blockers: Blocker[] = [];
    const found = (more: Blocker[]): boolean => {
      blockers.push(...more);
      return !all && blockers.length > 0;
    };
    if (this.waiting.size === 0 && found([{ reason: 'no long poll or virtual sleep is waiting' }]))
      return blockers;
    const locks = this.heldLocks().map(({ name, expiresInMs }) => ({
      reason: `skip lock "${name}" (expires in ${expiresInMs} ms)`,
      lapsesAtMs: now + expiresInMs,
    }));
    if (found(locks)) return blockers;
    if (now < this.lastBusyMs + graceMs) {
      const reason = `a call came or was answered ${Math.round(now - this.lastBusyMs)} ms ago (grace ${graceMs} ms)`;
      if (found([{ reason, lapsesAtMs: this.lastBusyMs + graceMs }])) return blockers;
    }
    if (this.wokenSleepers > 0 && now < this.wokenAtMs + abandonMs) {
      const reason = 'a virtual sleep just ended: waiting for its client to call again';
      if (found([{ reason, lapsesAtMs: this.wokenAtMs + abandonMs }])) return blockers;
    }
    if (found(this.busyRequests(now))) return blockers;
    if (found(firstFew(this.tasksInProgress(), NAMED, 'tasks handed out and not answered').map(plain)))
      return blockers;
    found(this.queuedBlockers(now));
    return blockers;
  }

  /** Requests being received or handled; one whose body has not come in `abandonMs` is left out. */
  private busyRequests(now: number): Blocker[] {
    let busy = 0;
    let lapsesAtMs = Infinity;
    for (const request of this.requests) {
      if (request.waiters > 0 || request.answered) continue;
      const stalledAt = request.arrivedMs + this.options.abandonMs;
      if (stalledAt <= now) continue;
      busy++;
      lapsesAtMs = Math.min(lapsesAtMs, stalledAt);
    }
    if (busy === 0) return [];
    return [{ reason: `${busy} request${busy === 1 ? '' : 's'} being received or handled`, lapsesAtMs }];
  }

  /** Tasks waiting in task lists for a poller, each list for `abandonMs` after it last grew. */
  private queuedBlockers(now: number): Blocker[] {
    const counts = new Map<string, number>();
    for (const service of this.options.services()) {
      const region = service.state.options.region;
      for (const [list, count] of queuedTaskCounts(service.state)) counts.set(`${region} ${list}`, count);
    }
    for (const list of this.queued.keys()) if (!counts.has(list)) this.queued.delete(list);
    const blockers: Blocker[] = [];
    for (const [list, count] of counts) {
      const seen = this.queued.get(list);
      const since = seen === undefined || count > seen.count ? now : seen.sinceMs;
      this.queued.set(list, { count, sinceMs: since });
      if (now < since + this.options.abandonMs) {
        blockers.push({
          reason: `${count} task${count === 1 ? '' : 's'} waiting for a poller in ${list}`,
          lapsesAtMs: since + this.options.abandonMs,
        });
      }
    }
    return blockers;
  }

  private dropExpiredLocks(now: number): Map<string, number> {
    for (const [name, until] of this.locks) if (until <= now) this.locks.delete(name);
    return this.locks;
  }
}

function plain(reason: string): Blocker {
  return { reason };
}

/** The first `max` entries, then "and N more <what>" for the rest. @internal */
export function firstFew(entries: string[], max: number, what: string): string[] {
  if (entries.length <= max) return entries;
  return [...entries.slice(0, max), `and ${entries.length - max} more ${what}`];
}
