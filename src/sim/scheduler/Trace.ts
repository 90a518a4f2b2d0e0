import type { FaultPlan } from '../faults/FaultPlan.js';
import { checkFaultPlan } from '../faults/FaultPlan.js';
import type { CallReply } from './Actor.js';

/**
 * What a trace entry records:
 * - `start`: an actor (re)started from its factory (a step);
 * - `call`: a call left an actor (not a step: it is how the running actor yields), with the faults
 *   decided for it on the way out;
 * - `apply`: a request reached the service (a step); `result` is the reply when it came at once,
 *   `parked` for a long poll left waiting;
 * - `reply`: the service answered a parked call (during a clock advance or another call);
 * - `deliver`: a reply reached its actor (a step); the actor then runs until its next call (`result`
 *   `dropped`: the actor died while the call was in flight);
 * - `crash`, `finish`, `error`: an actor died, returned, or threw;
 * - `advance`: the clock jumped to the next due timer;
 * - `log`: a line an actor wrote with `ctx.log`;
 * - `arm`: with virtual timers, an actor armed a timer (`operation` `setTimeout`, `setInterval` or
 *   `setImmediate`, the delay in `notes`; not a step);
 * - `timer`: such a timer's callback ran (a step).
 * @public
 */
export type TraceEntryKind =
  | 'start'
  | 'call'
  | 'apply'
  | 'reply'
  | 'deliver'
  | 'crash'
  | 'finish'
  | 'error'
  | 'advance'
  | 'log'
  | 'arm'
  | 'timer';

/**
 * One line of a trace: plain JSON. `step` numbers the scheduling steps (1-based); `choice` is
 * `[chosen index, number of enabled steps]` when there was a choice.
 * @public
 */
export interface TraceEntry {
  readonly kind: TraceEntryKind;
  /** Virtual milliseconds since the run started. */
  readonly atMs: number;
  readonly step?: number | undefined;
  readonly actor?: string | undefined;
  readonly restarts?: number | undefined;
  readonly call?: number | undefined;
  readonly operation?: string | undefined;
  readonly attempt?: number | undefined;
  readonly result?: string | undefined;
  /** Faults and delays applied here, e.g. `lostReply`, `latency+250`, `backoff+37`, `crash`. */
  readonly notes?: readonly string[] | undefined;
  readonly choice?: readonly [number, number] | undefined;
  readonly message?: string | undefined;
}

/** An error as one line of a trace: `Name: message`. @internal */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A short, deterministic account of a reply for the trace. @internal */
export function describeReply(operation: string, reply: CallReply): string {
  switch (reply.type) {
    case 'output': {
      const output = reply.output;
      if (!isRecord(output)) return 'ok';
      if (typeof output.taskToken === 'string') {
        if (output.taskToken === '') return 'empty';
        if (operation === 'PollForActivityTask') return `task ${String(output.activityId)}`;
        return `task startedEventId=${String(output.startedEventId)}`;
      }
      if (typeof output.runId === 'string' && operation === 'StartWorkflowExecution')
        return `runId ${output.runId}`;
      return 'ok';
    }
    case 'error':
      return errorText(reply.error);
    case 'network':
      return `network ${reply.code}`;
    default: {
      const unreachable: never = reply;
      return String(unreachable);
    }
  }
}

/** How a run was set up: everything needed to run it again. @public */
export interface TraceSettings {
  readonly seed: string;
  readonly reorder: boolean;
  readonly faults: FaultPlan;
  /** Virtual epoch milliseconds the run started at. */
  readonly startMs: number;
  /** SDK attempts per call (the retry strategy's maxAttempts). */
  readonly maxAttempts: number;
  /** Present (true) when the process's timers, `Date` and `performance.now` ran on virtual time. */
  readonly virtualTimers?: true;
  /** The scenario's parameters, when the run had any. */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/**
 * A saved run, written by `swf-sim run --trace` and read by `--replay-trace`: its settings, the
 * chooser's answers (replayed by a scripted chooser) and every entry, to compare with.
 * @public
 */
export interface TraceFile extends TraceSettings {
  readonly format: 'swf-sim-trace';
  readonly version: 1;
  /** The scenario module the run came from, as given (informational). */
  readonly scenario?: string;
  readonly choices: readonly number[];
  readonly entries: readonly TraceEntry[];
  /** One-line outcome of the run (informational; entries are what is compared). */
  readonly outcome: string;
}

/** Where two traces first differ. @public */
export interface TraceDivergence {
  /** Index of the first differing entry (0-based). */
  readonly index: number;
  readonly expected: TraceEntry | undefined;
  readonly actual: TraceEntry | undefined;
  /** A readable account, with the entries as JSON. */
  readonly message: string;
}

/** The first difference between a recorded and a re-run list of entries, or undefined when identical. @public */
export function compareTraces(
  expected: readonly TraceEntry[],
  actual: readonly TraceEntry[],
): TraceDivergence | undefined {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    const ej = e === undefined ? undefined : JSON.stringify(e);
    const aj = a === undefined ? undefined : JSON.stringify(a);
    if (ej === aj) continue;
    const message =
      e === undefined
        ? `the re-run goes on past the recorded end (${expected.length} entries) with ${aj}`
        : a === undefined
          ? `the re-run stops after ${actual.length} entries; the recording goes on with ${ej}`
          : `entry ${i} differs:\n  recorded: ${ej}\n  re-run:   ${aj}`;
    return { index: i, expected: e, actual: a, message };
  }
  return undefined;
}

/** A trace file that cannot be read. @public */
export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

/**
 * The value as a {@link TraceFile}, checking its shape (format, version, settings, choices, entries).
 * @throws TraceFileError naming what is wrong.
 * @public
 */
export function parseTraceFile(value: unknown): TraceFile {
  const fail = (what: string): never => {
    throw new TraceFileError(`Not a swf-sim trace file: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('expected a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format !== 'swf-sim-trace') fail(`"format" is ${JSON.stringify(v.format)}, expected "swf-sim-trace"`);
  if (v.version !== 1) fail(`"version" is ${JSON.stringify(v.version)}, expected 1`);
  if (typeof v.seed !== 'string') fail('"seed" must be a string');
  if (typeof v.reorder !== 'boolean') fail('"reorder" must be a boolean');
  if (typeof v.startMs !== 'number' || !Number.isFinite(v.startMs)) fail('"startMs" must be a number');
  if (typeof v.maxAttempts !== 'number' || !Number.isInteger(v.maxAttempts))
    fail('"maxAttempts" must be an integer');
  if (v.virtualTimers !== undefined && v.virtualTimers !== true)
    fail('"virtualTimers" must be true when present');
  if (v.parameters !== undefined && (!isRecord(v.parameters) || Array.isArray(v.parameters)))
    fail('"parameters" must be an object when present');
  const problems = checkFaultPlan(v.faults);
  if (problems.length > 0) fail(`"faults" is not a valid fault plan: ${problems.join('; ')}`);
  if (!Array.isArray(v.choices) || !v.choices.every((c) => Number.isInteger(c) && (c as number) >= 0)) {
    fail('"choices" must be an array of non-negative integers');
  }
  if (!Array.isArray(v.entries) || !v.entries.every((e) => typeof e === 'object' && e !== null)) {
    fail('"entries" must be an array of objects');
  }
  if (typeof v.outcome !== 'string') fail('"outcome" must be a string');
  return value as TraceFile;
}

/**
 * A trace file as stable, diffable JSON text: settings first, then one choice list line and one
 * line per entry. Same run ⇒ same bytes. `JSON.parse` reads it back.
 * @public
 */
export function formatTraceFile(trace: TraceFile): string {
  const { entries, choices, ...head } = trace;
  const headLines = Object.entries(head).map(
    ([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`,
  );
  const entryLines = entries.map((e, i) => `    ${JSON.stringify(e)}${i < entries.length - 1 ? ',' : ''}`);
  return [
    '{',
    ...headLines,
    `  "choices": ${JSON.stringify(choices)},`,
    '  "entries": [',
    ...entryLines,
    '  ]',
    '}',
    '',
  ].join('\n');
}
