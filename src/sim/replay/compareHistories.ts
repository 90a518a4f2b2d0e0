import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { EVENT_ROLES, isEventType } from '../history/eventRoles.js';
import { attributesOf, eventAttributesKey } from '../history/appendEvent.js';
import { absentAsZero, eventIdIn } from '../history/eventFields.js';
import { render, sameValue } from './compareDecisions.js';

/**
 * How far a re-enacted event's time (relative to the run's start) may be from the recorded one.
 * Real SWF writes what it times itself (timer firings, timeouts, child starts, cross-execution
 * deliveries, Lambda starts) tens of milliseconds after the due instant — up to 0.14 s for
 * timeouts and 0.33 s for a child's start in the recordings (swf-observed §5) — while the
 * simulator writes them at the instant itself. Client calls are re-enacted at their recorded
 * instants. So a re-enacted event may be up to this much *earlier* than recorded, and at most
 * {@link TIMESTAMP_LATE_MS} later.
 * @public
 */
export const REENACT_TOLERANCE_MS = 500;

/** How much later than recorded a re-enacted event may be (millisecond rounding). @public */
export const TIMESTAMP_LATE_MS = 1;

/** A difference the simulator makes on purpose, documented in docs/divergences.md ("Re-enactment"). @public */
export interface KnownDivergence {
  /** Stable id, the anchor of its row in docs/divergences.md. */
  readonly id: 'service-latency-order' | 'unreachable-heartbeat-details';
  /** Why, in a sentence. */
  readonly reason: string;
}

const KNOWN = {
  'service-latency-order': {
    id: 'service-latency-order',
    reason:
      'the simulator fires timers and timeouts at the instant they are due; real SWF writes them tens of milliseconds late, so they come in another order than a client call made in between',
  },
  'unreachable-heartbeat-details': {
    id: 'unreachable-heartbeat-details',
    reason:
      'the recording gives heartbeat details to an activity task that never started (a hand-curated AWS documentation example); no worker can heartbeat a task it was never given',
  },
} as const satisfies Record<KnownDivergence['id'], KnownDivergence>;

/** One way the re-enacted history differs from the recorded one. @public */
export interface HistoryDifference {
  /**
   * - `eventType`: another event at this id;
   * - `attribute`: the same event with a different member (`path`);
   * - `timestamp`: the same event outside the tolerance;
   * - `order`: the same events in another order (`eventIds` recorded, `actualEventIds` re-enacted);
   * - `missing`: a recorded event the re-enactment does not have;
   * - `extra`: a re-enacted event the recording does not have.
   */
  readonly kind: 'eventType' | 'attribute' | 'timestamp' | 'order' | 'missing' | 'extra';
  /** The recorded event (the first of them for `order`); for `extra`, the re-enacted one. */
  readonly eventId: number;
  readonly eventIds?: readonly number[];
  readonly actualEventIds?: readonly number[];
  readonly recordedType?: string;
  readonly actualType?: string;
  /** For `attribute`: the member, e.g. `activityTaskScheduledEventAttributes.input`. */
  readonly path?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  readonly message: string;
  /** Set when the difference is a documented, deliberate divergence of the simulator. */
  readonly known?: KnownDivergence;
}

/** The outcome of {@link compareHistories}. @public */
export interface HistoryComparison {
  /** No difference at all (timestamps within the tolerance). */
  readonly identical: boolean;
  /** Every difference is a known divergence (true when identical). */
  readonly explained: boolean;
  readonly differences: readonly HistoryDifference[];
  /** Recorded runIds and the re-enacted runIds they correspond to. */
  readonly runIds: ReadonlyMap<string, string>;
  /** How many recorded events were compared. */
  readonly compared: number;
  /** Largest |re-enacted − recorded| time offset among matched events, ms (0 without timestamps). */
  readonly maxTimestampDeltaMs: number;
}

/** Options of {@link compareHistories}. @public */
export interface CompareHistoriesOptions {
  /** See {@link REENACT_TOLERANCE_MS}. */
  readonly toleranceMs?: number;
  /**
   * The recording stops where its export stopped (a page with a `nextPageToken`) while the run
   * went on: re-enacted events after its last event are not extra. Default false.
   */
  readonly recordingCutShort?: boolean;
}

/**
 * Events the service writes on its own clock, when a timer or timeout it armed comes due — which
 * real SWF does tens of milliseconds late. (What a batch sets in motion — deliveries, children's
 * and Lambdas' starts — the re-enactment carries out at the recorded instant, so it is in order.)
 */
const CLOCK_DRIVEN: ReadonlySet<string> = new Set<EventType>([
  'TimerFired',
  'ActivityTaskTimedOut',
  'DecisionTaskTimedOut',
  'WorkflowExecutionTimedOut',
  'ChildWorkflowExecutionTimedOut',
  'LambdaFunctionCompleted',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
]);

const RUN_ID_KEYS: ReadonlySet<string> = new Set(['runId', 'newExecutionRunId', 'continuedExecutionRunId']);

/** Largest window of events tried as a reordering. */
const ORDER_WINDOW_MAX = 12;

class Matcher {
  /** Recorded event id → re-enacted event id. */
  readonly ids = new Map<number, number>();
  readonly runIds = new Map<string, string>();
  private readonly reverseRunIds = new Map<string, string>();

  clone(): Matcher {
    const copy = new Matcher();
    for (const [k, v] of this.ids) copy.ids.set(k, v);
    for (const [k, v] of this.runIds) copy.runIds.set(k, v);
    for (const [k, v] of this.reverseRunIds) copy.reverseRunIds.set(k, v);
    return copy;
  }

  adopt(other: Matcher): void {
    for (const [k, v] of other.ids) this.ids.set(k, v);
    for (const [k, v] of other.runIds) this.runIds.set(k, v);
    for (const [k, v] of other.reverseRunIds) this.reverseRunIds.set(k, v);
  }

  /** Differences of `actual` from `recorded` (same type assumed), recording runId pairs seen. */
  attributeDifferences(
    recorded: HistoryEvent,
    actual: HistoryEvent,
  ): { path: string; expected: unknown; actual: unknown }[] {
    const type = recorded.eventType as EventType;
    const references = new Set(isEventType(type) ? EVENT_ROLES[type].references.map((r) => r.field) : []);
    const out: { path: string; expected: unknown; actual: unknown }[] = [];
    this.walk(attributesOf(recorded), attributesOf(actual), eventAttributesKey(type), references, true, out);
    return out;
  }

  equal(recorded: HistoryEvent, actual: HistoryEvent): boolean {
    if (recorded.eventType !== actual.eventType) return false;
    const probe = this.clone();
    if (probe.attributeDifferences(recorded, actual).length > 0) return false;
    this.adopt(probe);
    return true;
  }

  private walk(
    expected: unknown,
    actual: unknown,
    path: string,
    references: ReadonlySet<string>,
    top: boolean,
    out: { path: string; expected: unknown; actual: unknown }[],
  ): void {
    if (
      typeof expected === 'object' &&
      expected !== null &&
      typeof actual === 'object' &&
      actual !== null &&
      !Array.isArray(expected) &&
      !Array.isArray(actual)
    ) {
      const e = expected as Record<string, unknown>;
      const a = actual as Record<string, unknown>;
      for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
        // Event attributes: an absent zero id or empty tagList is the zero itself.
        const ev = top ? absentAsZero(key, e[key]) : e[key];
        const av = top ? absentAsZero(key, a[key]) : a[key];
        const memberPath = `${path}.${key}`;
        if (top && references.has(key) && typeof ev === 'number') {
          const mapped = ev === 0 ? 0 : (this.ids.get(ev) ?? ev);
          if (mapped !== av) out.push({ path: memberPath, expected: ev, actual: av });
        } else if (RUN_ID_KEYS.has(key) && typeof ev === 'string' && typeof av === 'string') {
          if (!this.sameRun(ev, av)) out.push({ path: memberPath, expected: ev, actual: av });
        } else {
          this.walk(ev, av, memberPath, references, false, out);
        }
      }
      return;
    }
    if (!sameValue(expected, actual)) out.push({ path, expected, actual });
  }

  private sameRun(recorded: string, actual: string): boolean {
    const known = this.runIds.get(recorded);
    if (known !== undefined) return known === actual;
    const back = this.reverseRunIds.get(actual);
    if (back !== undefined) return back === recorded;
    this.runIds.set(recorded, actual);
    this.reverseRunIds.set(actual, recorded);
    return true;
  }
}

/**
 * Compares a re-enacted history with the recorded one: event types, order, ids, attributes —
 * runIds compared as a consistent renaming (the simulator draws its own), references to other
 * events through the events they point at — and timestamps relative to the first compared event,
 * within the tolerance ({@link REENACT_TOLERANCE_MS}). A run of events that only changed order is
 * reported as one `order` difference. Re-enacted events before the first recorded one (an
 * excerpt's synthesized start) are not compared.
 * @public
 */
export function compareHistories(
  recorded: readonly HistoryEvent[],
  actualHistory: readonly HistoryEvent[],
  options: CompareHistoriesOptions = {},
): HistoryComparison {
  const toleranceMs = options.toleranceMs ?? REENACT_TOLERANCE_MS;
  const first = recorded[0]?.eventId ?? 1;
  const actual = actualHistory.filter((e) => (e.eventId ?? 0) >= first);
  const matcher = new Matcher();
  const differences: HistoryDifference[] = [];
  const recordedBase = recorded[0]?.eventTimestamp?.getTime();
  const actualBase = actual[0]?.eventTimestamp?.getTime();
  let maxDelta = 0;

  const checkTime = (r: HistoryEvent, a: HistoryEvent): void => {
    const rt = r.eventTimestamp?.getTime();
    const at = a.eventTimestamp?.getTime();
    if (rt === undefined || at === undefined || recordedBase === undefined || actualBase === undefined)
      return;
    const delta = at - actualBase - (rt - recordedBase);
    maxDelta = Math.max(maxDelta, Math.abs(delta));
    if (delta < -toleranceMs || delta > TIMESTAMP_LATE_MS) {
      differences.push({
        kind: 'timestamp',
        eventId: r.eventId as number,
        recordedType: r.eventType as string,
        expected: (rt - recordedBase) / 1000,
        actual: (at - actualBase) / 1000,
        message: `event ${String(r.eventId)} (${String(r.eventType)}): at +${formatSeconds(at - actualBase)} s, recorded at +${formatSeconds(rt - recordedBase)} s (${delta < 0 ? 'earlier' : 'later'} by ${String(Math.abs(delta))} ms; allowed: up to ${String(toleranceMs)} ms earlier, ${String(TIMESTAMP_LATE_MS)} ms later)`,
      });
    }
  };
  const pair = (r: HistoryEvent, a: HistoryEvent): void => {
    matcher.ids.set(r.eventId as number, a.eventId as number);
    checkTime(r, a);
  };

  const recordedById = new Map(recorded.map((e) => [e.eventId as number, e]));
  const actualById = new Map(actual.map((e) => [e.eventId as number, e]));
  let i = 0;
  let j = 0;
  while (i < recorded.length) {
    const r = recorded[i] as HistoryEvent;
    const a = actual[j];
    if (a === undefined) {
      differences.push({
        kind: 'missing',
        eventId: r.eventId as number,
        recordedType: r.eventType as string,
        message: `event ${String(r.eventId)} (${String(r.eventType)}) is missing from the re-enacted history`,
      });
      i++;
      continue;
    }
    if (matcher.equal(r, a)) {
      pair(r, a);
      i++;
      j++;
      continue;
    }
    const window = findReordering(matcher, recorded, actual, i, j);
    if (window !== undefined) {
      const span = timeSpanMs(recorded.slice(i, i + window.length));
      const clockDriven = recorded
        .slice(i, i + window.length)
        .some((e) => CLOCK_DRIVEN.has(e.eventType ?? ''));
      const recordedIds = recorded.slice(i, i + window.length).map((e) => e.eventId as number);
      const actualIds = window.map((p) => p.actual.eventId as number);
      const known = clockDriven && span !== undefined && span <= toleranceMs;
      differences.push({
        kind: 'order',
        eventId: r.eventId as number,
        eventIds: recordedIds,
        actualEventIds: actualIds,
        message: `events ${String(recordedIds[0])}–${String(recordedIds.at(-1))} come in another order: ${describeOrders(recorded.slice(i, i + window.length), recordedById, actual.slice(j, j + window.length), actualById)}`,
        ...(known && { known: KNOWN['service-latency-order'] }),
      });
      for (const p of window) pair(p.recorded, p.actual);
      i += window.length;
      j += window.length;
      continue;
    }
    if (r.eventType === a.eventType) {
      for (const d of matcher.attributeDifferences(r, a)) {
        differences.push({
          kind: 'attribute',
          eventId: r.eventId as number,
          recordedType: r.eventType as string,
          path: d.path,
          expected: d.expected,
          actual: d.actual,
          message: `event ${String(r.eventId)} (${String(r.eventType)}): ${d.path.slice(d.path.indexOf('.') + 1)}: recorded ${render(d.expected)}, re-enacted ${render(d.actual)}`,
          ...knownAttributeDivergence(r, d),
        });
      }
      pair(r, a);
      i++;
      j++;
      continue;
    }
    const nextActual = actual[j + 1];
    if (nextActual !== undefined && matcher.clone().equal(r, nextActual)) {
      differences.push(extra(a));
      j++;
      continue;
    }
    const nextRecorded = recorded[i + 1];
    if (nextRecorded !== undefined && matcher.clone().equal(nextRecorded, a)) {
      differences.push({
        kind: 'missing',
        eventId: r.eventId as number,
        recordedType: r.eventType as string,
        message: `event ${String(r.eventId)} (${String(r.eventType)}) is missing from the re-enacted history`,
      });
      i++;
      continue;
    }
    differences.push({
      kind: 'eventType',
      eventId: r.eventId as number,
      recordedType: r.eventType as string,
      actualType: a.eventType as string,
      message: `event ${String(r.eventId)}: recorded ${String(r.eventType)}, re-enacted ${String(a.eventType)} (event ${String(a.eventId)})`,
    });
    pair(r, a);
    i++;
    j++;
  }
  if (options.recordingCutShort !== true) {
    for (; j < actual.length; j++) differences.push(extra(actual[j] as HistoryEvent));
  }

  return {
    identical: differences.length === 0,
    explained: differences.every((d) => d.known !== undefined),
    differences,
    runIds: matcher.runIds,
    compared: recorded.length,
    maxTimestampDeltaMs: maxDelta,
  };
}

function extra(event: HistoryEvent): HistoryDifference {
  return {
    kind: 'extra',
    eventId: event.eventId as number,
    actualType: event.eventType as string,
    message: `event ${String(event.eventId)} (${String(event.eventType)}) of the re-enacted history is not in the recording`,
  };
}

function knownAttributeDivergence(
  recorded: HistoryEvent,
  difference: { path: string; actual: unknown },
): { known?: KnownDivergence } {
  const member = difference.path.slice(difference.path.indexOf('.') + 1);
  if (
    recorded.eventType === 'ActivityTaskTimedOut' &&
    difference.actual === undefined &&
    member === 'details' &&
    eventIdIn(attributesOf(recorded), 'startedEventId') === 0
  ) {
    return { known: KNOWN['unreachable-heartbeat-details'] };
  }
  return {};
}

/**
 * The smallest run of events from position (i, j) that holds the same events in both histories in
 * another order, each recorded event paired with an equal re-enacted one.
 */
function findReordering(
  matcher: Matcher,
  recorded: readonly HistoryEvent[],
  actual: readonly HistoryEvent[],
  i: number,
  j: number,
): { recorded: HistoryEvent; actual: HistoryEvent }[] | undefined {
  const limit = Math.min(ORDER_WINDOW_MAX, recorded.length - i, actual.length - j);
  for (let size = 2; size <= limit; size++) {
    const probe = matcher.clone();
    const pool = actual.slice(j, j + size);
    const used = new Set<number>();
    const pairs: { recorded: HistoryEvent; actual: HistoryEvent }[] = [];
    for (let k = 0; k < size; k++) {
      const r = recorded[i + k] as HistoryEvent;
      const index = pool.findIndex((a, n) => !used.has(n) && probe.equal(r, a));
      if (index < 0) break;
      used.add(index);
      const a = pool[index] as HistoryEvent;
      probe.ids.set(r.eventId as number, a.eventId as number);
      pairs.push({ recorded: r, actual: a });
    }
    if (pairs.length === size) {
      matcher.adopt(probe);
      return pairs;
    }
  }
  return undefined;
}

function timeSpanMs(events: readonly HistoryEvent[]): number | undefined {
  const times = events.map((e) => e.eventTimestamp?.getTime());
  if (times.some((t) => t === undefined)) return undefined;
  const ms = times as number[];
  return Math.max(...ms) - Math.min(...ms);
}

/**
 * `recorded 7 A, 8 B; re-enacted 7 B, 8 A`. When both lists read the same (two tasks of one kind
 * swapped), each event also names what it is about, so the line shows what differs.
 */
function describeOrders(
  recorded: readonly HistoryEvent[],
  recordedById: ReadonlyMap<number, HistoryEvent>,
  actual: readonly HistoryEvent[],
  actualById: ReadonlyMap<number, HistoryEvent>,
): string {
  const plain = (events: readonly HistoryEvent[]) =>
    events.map((e) => `${String(e.eventId)} ${String(e.eventType)}`).join(', ');
  const labelled = (events: readonly HistoryEvent[], byId: ReadonlyMap<number, HistoryEvent>) =>
    events.map((e) => `${String(e.eventId)} ${String(e.eventType)}${aboutOf(e, byId)}`).join(', ');
  const [r, a] =
    plain(recorded) === plain(actual)
      ? [labelled(recorded, recordedById), labelled(actual, actualById)]
      : [plain(recorded), plain(actual)];
  return `recorded ${r}; re-enacted ${a}`;
}

const NAMING_MEMBERS = ['activityId', 'timerId', 'signalName', 'markerName', 'workflowId', 'name'];
const REFERENCE_MEMBERS = ['scheduledEventId', 'initiatedEventId', 'startedEventId'];

/** ` (scheduledEventId 6: "b")`: the name an event carries, or the one of the event it refers to. */
function aboutOf(event: HistoryEvent, byId: ReadonlyMap<number, HistoryEvent>): string {
  const nameIn = (e: HistoryEvent): string | undefined => {
    const a = attributesOf(e);
    const execution = a.workflowExecution as { workflowId?: unknown } | undefined;
    const name = [...NAMING_MEMBERS.map((m) => a[m]), execution?.workflowId].find(
      (v) => typeof v === 'string',
    );
    return name === undefined ? undefined : JSON.stringify(name);
  };
  const own = nameIn(event);
  if (own !== undefined) return ` (${own})`;
  const a = attributesOf(event);
  const member = REFERENCE_MEMBERS.find((m) => typeof a[m] === 'number' && a[m] !== 0);
  if (member === undefined) return '';
  const id = a[member] as number;
  const target = byId.get(id);
  const name = target === undefined ? undefined : nameIn(target);
  return ` (${member} ${String(id)}${name === undefined ? '' : `: ${name}`})`;
}

function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * The comparison as text: a headline, then each difference on its own line (known divergences
 * marked with their id), then the two histories side by side around the first difference.
 * @public
 */
export function formatHistoryComparison(
  comparison: HistoryComparison,
  recorded: readonly HistoryEvent[],
  actual: readonly HistoryEvent[],
): string {
  if (comparison.identical) {
    return `identical: ${String(comparison.compared)} events (timestamps within ${String(comparison.maxTimestampDeltaMs)} ms)`;
  }
  const lines = comparison.differences.map(
    (d) =>
      `  ${d.known === undefined ? '✗' : '≈'} ${d.message}${d.known === undefined ? '' : ` [known divergence: ${d.known.id}]`}`,
  );
  const firstId = comparison.differences[0]?.eventId ?? 1;
  lines.push('  recorded | re-enacted, around the first difference:');
  const byId = (events: readonly HistoryEvent[]) => new Map(events.map((e) => [e.eventId as number, e]));
  const r = byId(recorded);
  const a = byId(actual);
  const base = (events: readonly HistoryEvent[]) => events[0]?.eventTimestamp?.getTime();
  const rBase = base(recorded);
  const aBase =
    actual.find((e) => e.eventId === recorded[0]?.eventId)?.eventTimestamp?.getTime() ?? base(actual);
  const cell = (event: HistoryEvent | undefined, start: number | undefined) => {
    if (event === undefined) return '—'.padEnd(52);
    const t = event.eventTimestamp?.getTime();
    const time = t === undefined || start === undefined ? '' : `+${formatSeconds(t - start)}s `;
    return `${time}${String(event.eventType)}`.padEnd(52);
  };
  // Both are ascending: their last ids are their largest (no spread: histories may be long).
  const last = Math.max(recorded.at(-1)?.eventId ?? 0, actual.at(-1)?.eventId ?? 0);
  for (let id = Math.max(recorded[0]?.eventId ?? 1, firstId - 2); id <= Math.min(last, firstId + 6); id++) {
    const mark = comparison.differences.some((d) => d.eventId === id || d.eventIds?.includes(id)) ? '>' : ' ';
    lines.push(
      `  ${mark}${String(id).padStart(4)}  ${cell(r.get(id), rBase)} | ${cell(a.get(id), aBase).trimEnd()}`,
    );
  }
  const unexplained = comparison.differences.filter((d) => d.known === undefined).length;
  const headline = comparison.explained
    ? `${String(comparison.differences.length)} difference(s), all known divergences`
    : `${String(unexplained)} unexplained difference(s)${comparison.differences.length > unexplained ? `, ${String(comparison.differences.length - unexplained)} known divergence(s)` : ''}`;
  return [headline, ...lines].join('\n');
}
