import {
  ITEM_POINT,
  OUTCOMES,
  type LaneKind,
  type Outcome,
  type TimelineItem,
  type TimelineLane,
} from './timelineModel.js';

const OUTCOME_INDEX = new Map<Outcome, number>(OUTCOMES.map((o, i) => [o, i]));

/** The index of an outcome in {@link OUTCOMES}. */
function outcomeIndex(outcome: Outcome): number {
  return OUTCOME_INDEX.get(outcome) ?? 0;
}

/**
 * Lanes under construction, by key, in the order they were first used. `finish` sorts each
 * lane's items and splits a lane whose items overlap into as many lanes as it needs (two decision
 * tasks at once, an activityId reused while its first task is still open in a broken history), so
 * that the page can find what is visible by binary search.
 * @internal
 */
export class LaneSet {
  private readonly lanes = new Map<string, { label: string; kind: LaneKind; items: TimelineItem[] }>();

  /** A new bar on lane `key` (created with `label` and `kind` on first use), open until `close`. */
  bar(key: string, label: string, kind: LaneKind, start: number, itemLabel: string): TimelineItem {
    const item: TimelineItem = [start, -1, -1, outcomeIndex('open'), itemLabel, 0];
    this.lane(key, label, kind).push(item);
    return item;
  }

  /** A mark at one point on lane `key`. */
  mark(
    key: string,
    label: string,
    kind: LaneKind,
    at: number,
    outcome: Outcome,
    itemLabel: string,
  ): TimelineItem {
    const item: TimelineItem = [at, -1, at, outcomeIndex(outcome), itemLabel, ITEM_POINT];
    this.lane(key, label, kind).push(item);
    return item;
  }

  /** Every item, for renumbering points. */
  *items(): Iterable<TimelineItem> {
    for (const lane of this.lanes.values()) yield* lane.items;
  }

  /** The lanes, each sorted by start and split where items overlap (after points are renumbered). */
  finish(): TimelineLane[] {
    const result: TimelineLane[] = [];
    for (const { label, kind, items } of this.lanes.values()) {
      items.sort((a, b) => a[0] - b[0]);
      const packed: { lastEnd: number; items: TimelineItem[] }[] = [];
      for (const item of items) {
        const end = item[2] === -1 ? Number.POSITIVE_INFINITY : item[2];
        let lane = packed.find((p) => p.lastEnd < item[0]);
        if (lane === undefined) packed.push((lane = { lastEnd: end, items: [] }));
        lane.lastEnd = end;
        lane.items.push(item);
      }
      packed.forEach((p, i) =>
        result.push({ label: i === 0 ? label : `${label} (${String(i + 1)})`, kind, items: p.items }),
      );
    }
    return result;
  }

  private lane(key: string, label: string, kind: LaneKind): TimelineItem[] {
    let lane = this.lanes.get(key);
    if (lane === undefined) this.lanes.set(key, (lane = { label, kind, items: [] }));
    return lane.items;
  }
}

/** Closes a bar: its last point and how it ended. */
export function closeItem(item: TimelineItem, end: number, outcome: Outcome, label?: string): void {
  item[2] = end;
  item[3] = outcomeIndex(outcome);
  if (label !== undefined) item[4] = label;
}

/** Adds a point (a heartbeat, a cancel request) to an item without changing its extent. */
export function addExtra(item: TimelineItem, point: number): void {
  (item[6] ??= []).push(point);
}
