import type { VirtualClock } from '../clock/VirtualClock.js';
import type { Call, Incarnation } from './Incarnation.js';
import type { LogLine } from './RunOutcome.js';
import type { TraceEntry } from './Trace.js';

/** `[chosen index, number of enabled steps]` when a step was chosen among several. @internal */
export type Choice = readonly [number, number];

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

  /** The trace fields that name a call (a sleep has no call number), and the step that took it. */
  callFields(call: Call, step?: number, choice?: Choice): Omit<TraceEntry, 'kind'> {
    return {
      atMs: this.relative(),
      step,
      actor: call.inc.actor.name,
      restarts: call.inc.restarts,
      call: call.no > 0 ? call.no : undefined,
      operation: call.operation,
      choice,
    };
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
