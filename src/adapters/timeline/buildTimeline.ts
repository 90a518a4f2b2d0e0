import type { HistoryEvent } from '@aws-sdk/client-swf';
import { checkHistory, type CheckHistoryOptions } from '../../sim/check/checkHistory.js';
import { CLOSE_EVENT_OF_STATUS } from '../../sim/history/eventRoles.js';
import type { Violation } from '../../sim/check/invariants.js';
import { attributesOf } from '../../sim/history/appendEvent.js';
import type { TraceFile } from '../../sim/scheduler/Trace.js';
import { historyLanes, type HistoryLanes } from './historyLanes.js';
import { addExtra } from './LaneSet.js';
import { PointTable } from './PointTable.js';
import {
  ITEM_VIOLATION,
  OUTCOMES,
  type TimelineGroup,
  type TimelineItem,
  type TimelineModel,
  type TimelineViolation,
} from './timelineModel.js';
import { traceLanes, type TraceLanes } from './traceLanes.js';

/** One workflow run to draw. @public */
export interface TimelineExecution {
  /** Its events, oldest first (as `loadHistoryFile` or `sim.history()` give them). */
  readonly history: readonly HistoryEvent[];
  readonly domain?: string;
  readonly workflowId?: string;
  readonly runId?: string;
  /** The heading; default `domain/workflowId (runId)`, or `execution N`. */
  readonly title?: string;
  /** Violations to highlight; default what `checkHistory` finds. */
  readonly violations?: readonly Violation[];
}

/** What {@link renderTimeline} draws. @public */
export interface TimelineInput {
  /** The page's title; default the first execution's heading. */
  readonly title?: string;
  /** Lines shown under the title: a failure, the fault plan, the command that reproduces it. */
  readonly notes?: readonly string[];
  /** The runs, one under another on one time axis (a parent and its children, a continue-as-new chain). */
  readonly executions: readonly TimelineExecution[];
  /** A runner trace of the same run: actor calls, injected faults where they took effect, heartbeats. */
  readonly trace?: Pick<TraceFile, 'startMs' | 'entries'>;
  /** Options of `checkHistory` for executions given without `violations`. */
  readonly check?: CheckHistoryOptions;
}

/** Strings longer than this are cut in the page (tooltips stay readable, the file stays small). */
const MAX_STRING = 400;

interface CollectedHistory {
  readonly execution: TimelineExecution;
  readonly lanes: HistoryLanes;
  /** Their points are renumbered with every other point. */
  readonly violations: (TimelineViolation & { points: number[] })[];
}

/**
 * The lane model of a timeline: points sorted by time, lanes per execution and for the trace.
 * @internal
 */
export function buildTimeline(input: TimelineInput): TimelineModel {
  const points = new PointTable();
  // Without timestamps only the event order can be drawn.
  const untimed = input.executions.some(
    (e) => e.history.length > 0 && !e.history.some((event) => event.eventTimestamp !== undefined),
  );
  const histories = input.executions.map((execution, group) =>
    collectHistory(execution, group, points, untimed ? 0 : (input.trace?.startMs ?? 0), input.check),
  );
  const trace =
    input.trace === undefined ? undefined : traceLanes(input.trace.entries, input.trace.startMs, points);

  const laneSets = [...histories.map((h) => h.lanes.lanes), ...(trace === undefined ? [] : [trace.lanes])];
  const table = points.finish(
    laneSets.flatMap((set) => [...set.items()]),
    [
      ...histories.flatMap((h) => h.violations.map((v) => v.points)),
      trace?.faults ?? [],
      trace?.heartbeatPoints ?? [],
    ],
  );
  if (trace !== undefined) attachHeartbeats(trace, histories);

  const groups: TimelineGroup[] = histories.map(({ execution, lanes, violations }, i) => ({
    title: execution.title ?? executionTitle(execution, i),
    subtitle: subtitle(execution.history, violations.length),
    lanes: lanes.lanes.finish(),
    violations,
  }));
  if (trace !== undefined) {
    groups.push({
      title: 'run (from its trace)',
      subtitle: 'actor calls, injected faults, actor log',
      lanes: trace.lanes.finish(),
      violations: [],
    });
  }
  return {
    title: input.title ?? groups[0]?.title ?? 'timeline',
    notes: input.notes ?? [],
    startMs: untimed ? undefined : table.startMs,
    spanMs: table.times.at(-1) ?? 0,
    times: table.times,
    infos: table.infos,
    groups,
    faults: trace?.faults ?? [],
    outcomes: OUTCOMES,
  };
}

function collectHistory(
  execution: TimelineExecution,
  group: number,
  points: PointTable,
  fallbackMs: number,
  check: CheckHistoryOptions | undefined,
): CollectedHistory {
  const times = eventTimes(execution.history, fallbackMs);
  const pointOf = execution.history.map((event, i) =>
    points.add(times[i] as number, [
      group,
      event.eventId ?? 0,
      String(event.eventType),
      compact(attributesOf(event)),
    ]),
  );
  const lanes = historyLanes(execution.history, (i) => pointOf[i] as number);
  const pointOfId = new Map<number, number>();
  execution.history.forEach((event, i) => {
    if (!pointOfId.has(event.eventId ?? 0)) pointOfId.set(event.eventId ?? 0, pointOf[i] as number);
  });
  const violations = (execution.violations ?? checkHistory(execution.history, check)).map((v) => {
    for (const id of v.eventIds)
      for (const item of lanes.itemsOfEvent.get(id) ?? []) item[5] |= ITEM_VIOLATION;
    const at = v.eventIds.flatMap((id) => (pointOfId.has(id) ? [pointOfId.get(id) as number] : []));
    return { invariant: v.invariant, message: v.message, eventIds: [...v.eventIds], points: at };
  });
  return { execution, lanes, violations };
}

/**
 * Epoch ms of each event: its timestamp, or the one before it (the one after it for leading
 * events) when an exporter dropped it, or `fallbackMs` when none has one.
 */
function eventTimes(history: readonly HistoryEvent[], fallbackMs: number): number[] {
  const first = history.find((e) => e.eventTimestamp !== undefined)?.eventTimestamp?.getTime();
  let last = first ?? fallbackMs;
  return history.map((event) => (last = event.eventTimestamp?.getTime() ?? last));
}

/** Heartbeats as ticks on the bar of the activity the worker held when it sent them. */
function attachHeartbeats(trace: TraceLanes, histories: readonly CollectedHistory[]): void {
  trace.heartbeatPoints.forEach((point, i) => {
    const activityId = trace.heartbeatActivityIds[i] as string;
    for (const { lanes } of histories) {
      const item = lanes.activities
        .get(activityId)
        ?.find((bar: TimelineItem) => bar[0] <= point && (bar[2] === -1 || bar[2] >= point));
      if (item !== undefined) return addExtra(item, point);
    }
  });
}

function executionTitle(execution: TimelineExecution, index: number): string {
  const { domain, workflowId, runId } = execution;
  if (workflowId === undefined) return `execution ${String(index + 1)}`;
  return `${domain === undefined ? '' : `${domain}/`}${workflowId}${runId === undefined ? '' : ` (${runId})`}`;
}

/** `HelloWorld 1.0 · COMPLETED · 23 events · 1 violation`. */
function subtitle(history: readonly HistoryEvent[], violations: number): string {
  const type = history[0]?.workflowExecutionStartedEventAttributes?.workflowType;
  const lastType = history.at(-1)?.eventType;
  const status = Object.entries(CLOSE_EVENT_OF_STATUS).find(([, type]) => type === lastType)?.[0];
  const parts = [
    ...(type === undefined ? [] : [`${type.name ?? ''} ${type.version ?? ''}`.trim()]),
    status ?? 'OPEN',
    `${String(history.length)} event${history.length === 1 ? '' : 's'}`,
    ...(violations === 0 ? [] : [`${String(violations)} violation${violations === 1 ? '' : 's'}`]),
  ];
  return parts.join(' · ');
}

/** A copy for the page: long strings cut, Dates as ISO text. */
function compact(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length <= MAX_STRING
      ? value
      : `${value.slice(0, MAX_STRING)}… (${String(value.length)} characters)`;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}
