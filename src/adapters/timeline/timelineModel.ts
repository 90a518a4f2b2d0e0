/**
 * The timeline's lane model: what `renderTimeline` embeds in the page as JSON and the page's
 * script draws. Compact by design (point indices and small arrays), so that a 25,000-event
 * history stays a few MB and parses quickly in the browser.
 */

/** How a bar or mark is coloured. @internal */
export const OUTCOMES = [
  'completed',
  'failed',
  'timedOut',
  'canceled',
  'terminated',
  'continued',
  'open',
  'signal',
  'marker',
  'request',
  'call',
  'empty',
  'sleep',
  'fault',
  'info',
] as const;

/** One of {@link OUTCOMES}. @internal */
export type Outcome = (typeof OUTCOMES)[number];

/** What a lane shows; the page styles and labels lanes by it. @internal */
export type LaneKind =
  | 'workflow'
  | 'decision'
  | 'activity'
  | 'timer'
  | 'child'
  | 'lambda'
  | 'signal'
  | 'cancel'
  | 'marker'
  | 'other'
  | 'actor'
  | 'fault'
  | 'log';

/**
 * What a tooltip shows about a point (an instant: a history event or a trace entry):
 * `[group, eventId, eventType, attributes]` for a history event, `[-1, entry index, kind, entry]`
 * for a trace entry. Points are sorted by (time, collection order); an item refers to points by
 * their index in that order, which is also the "event order" axis.
 * @internal
 */
export type PointInfo = readonly [group: number, id: number, type: string, details: unknown];

/**
 * One bar or mark on a lane, as arrays to keep the page small:
 * `[start, active, end, outcome, label, flags, extra?]` where `start`/`active`/`end` are point
 * indices (`active`: when the work started, -1 if it never did; `end`: -1 while still open),
 * `outcome` an index into {@link OUTCOMES}, `flags` a bit set ({@link ITEM_POINT},
 * {@link ITEM_VIOLATION}) and `extra` more point indices (heartbeats, cancel requests).
 * @internal
 */
export type TimelineItem = [
  start: number,
  active: number,
  end: number,
  outcome: number,
  label: string,
  flags: number,
  extra?: number[],
];

/** Item flag: drawn as a mark (a diamond) rather than a bar. @internal */
export const ITEM_POINT = 1;
/** Item flag: an event of the item is named by an invariant violation. @internal */
export const ITEM_VIOLATION = 2;

/** One lane: its label, its kind, its items in start order, never overlapping. @internal */
export interface TimelineLane {
  readonly label: string;
  readonly kind: LaneKind;
  readonly items: TimelineItem[];
}

/** An invariant violation, with the points of the events it names. @internal */
export interface TimelineViolation {
  readonly invariant: string;
  readonly message: string;
  readonly eventIds: readonly number[];
  readonly points: readonly number[];
}

/** One execution (or the trace's actors): a heading and its lanes. @internal */
export interface TimelineGroup {
  readonly title: string;
  readonly subtitle: string;
  readonly lanes: TimelineLane[];
  readonly violations: readonly TimelineViolation[];
}

/** Everything the page draws. @internal */
export interface TimelineModel {
  readonly title: string;
  readonly notes: readonly string[];
  /** Epoch milliseconds of the axis' zero (undefined when no event carries a timestamp). */
  readonly startMs: number | undefined;
  /** Milliseconds from the first to the last point. */
  readonly spanMs: number;
  /** Point times (ms since `startMs`), in point order. */
  readonly times: number[];
  /** Per point: what a tooltip shows. */
  readonly infos: PointInfo[];
  readonly groups: TimelineGroup[];
  /** Points of injected faults: the page draws a line across every lane there. */
  readonly faults: number[];
  readonly outcomes: readonly Outcome[];
}
