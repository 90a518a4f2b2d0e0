import type { VirtualClock } from '../clock/VirtualClock.js';
import type { Call, Incarnation } from './Incarnation.js';
import type { LogLine } from './RunOutcome.js';
import type { TraceEntry, TraceEntryKind } from './Trace.js';

/** `[chosen index, number of enabled steps]` when a step was chosen among several. @internal */
export type Choice = readonly [number, number];

/** What a call's trace entry says happened: its attempt, the reply's account, faults applied. @internal */
export interface CallOutcome {
  readonly attempt?: number;
  readonly result?: string;
  readonly notes?: readonly string[] | undefined;
}

/**
 * The scheduler's trace as it is written: every entry as plain JSON data, times relative to the
 * scheduler's start, and the lines actors logged.
 * @internal
 */
export class TraceRecorder {
  /** Every trace entry so far. */
  readonly entries: TraceEntry[] = [];
  /** Lines actors logged. */
  readonly logs: LogLine[] = [];

  constructor(
    private readonly clock: VirtualClock,
    /** Epoch milliseconds trace times are relative to. */
    readonly startMs: number,
  ) {}

  /** Virtual ms since the start. */
  relative(): number {
    return this.clock.now() - this.startMs;
  }

  /** The trace fields that name an actor's incarnation, now. */
  actorFields(inc: Incarnation): { atMs: number; actor: string; restarts: number } {
    return { atMs: this.relative(), actor: inc.actor.name, restarts: inc.restarts };
  }

  /**
   * Appends the entry of a call (a sleep has no call number): the fields that name it, the step
   * that took it and what happened, in the order every trace has them, undefined ones left out.
   * Written member by member: an entry per call event is the runner's most frequent allocation.
   */
  recordCall(
    kind: TraceEntryKind,
    call: Call,
    step: number | undefined,
    choice: Choice | undefined,
    outcome: CallOutcome = {},
  ): void {
    const entry: { -readonly [K in keyof TraceEntry]: TraceEntry[K] } = { kind, atMs: this.relative() };
    if (step !== undefined) entry.step = step;
    entry.actor = call.inc.actor.name;
    entry.restarts = call.inc.restarts;
    if (call.no > 0) entry.call = call.no;
    entry.operation = call.operation;
    if (choice !== undefined) entry.choice = choice;
    if (outcome.attempt !== undefined) entry.attempt = outcome.attempt;
    if (outcome.result !== undefined) entry.result = outcome.result;
    if (outcome.notes !== undefined) entry.notes = outcome.notes;
    this.entries.push(entry);
  }

  /** Appends an entry without its undefined members, so entries are plain JSON data. */
  record(entry: TraceEntry): void {
    const clean: Record<string, unknown> = {};
    for (const key in entry) {
      const value = entry[key as keyof TraceEntry];
      if (value !== undefined) clean[key] = value;
    }
    this.entries.push(clean as unknown as TraceEntry);
  }

  /** A line `inc` logged, kept and traced. */
  log(inc: Incarnation, line: string): void {
    const fields = this.actorFields(inc);
    this.logs.push({ atMs: fields.atMs, actor: fields.actor, line });
    this.record({ kind: 'log', ...fields, message: line });
  }
}
