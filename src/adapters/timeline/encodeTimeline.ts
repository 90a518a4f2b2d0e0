/**
 * The lane model as the page embeds it. Parsing the embedded text is most of a big page's load
 * time, so repeated text is stored once: item labels in a table, and each event's attributes as
 * a list of values under a "shape" (its type and attribute names) shared by every event with the
 * same names. A 25,000-event history then takes about 1 MB instead of 3.
 */
import type { TimelineItem, TimelineModel } from './timelineModel.js';

/** What the page's script reads (see `timelineScript.ts`). @internal */
export interface EncodedTimeline extends Omit<TimelineModel, 'infos' | 'groups'> {
  /** Item labels; an item's label is an index here. */
  readonly labels: string[];
  /** `[type, attribute names]`; a point's details are values in this order. */
  readonly shapes: [string, string[]][];
  /** Per point: `[group, id, shape, values]`. */
  readonly infos: [number, number, number, unknown[]][];
  readonly groups: {
    readonly title: string;
    readonly subtitle: string;
    readonly violations: TimelineModel['groups'][number]['violations'];
    readonly lanes: { readonly label: string; readonly kind: string; readonly items: unknown[][] }[];
  }[];
}

/** Encodes a model for the page. @internal */
export function encodeTimeline(model: TimelineModel): EncodedTimeline {
  const labels = new Interner<string>((label) => label);
  const shapes = new Interner<[string, string[]]>(([type, keys]) => `${type}\u0000${keys.join('\u0000')}`);
  const infos = model.infos.map(([group, id, type, details]): [number, number, number, unknown[]] => {
    const record = (typeof details === 'object' && details !== null ? details : {}) as Record<
      string,
      unknown
    >;
    const keys = Object.keys(record);
    return [group, id, shapes.index([type, keys]), keys.map((k) => record[k])];
  });
  const encodeItem = (item: TimelineItem): unknown[] => {
    const [start, active, end, outcome, label, flags, extra] = item;
    const encoded: unknown[] = [start, active, end, outcome, labels.index(label)];
    if (flags !== 0 || extra !== undefined) encoded.push(flags);
    if (extra !== undefined) encoded.push(extra);
    return encoded;
  };
  return {
    ...model,
    labels: labels.values,
    shapes: shapes.values,
    infos,
    groups: model.groups.map((g) => ({
      ...g,
      lanes: g.lanes.map((lane) => ({ ...lane, items: lane.items.map(encodeItem) })),
    })),
  };
}

/** Numbers values by first appearance, once per distinct key. */
class Interner<T> {
  readonly values: T[] = [];
  private readonly indices = new Map<string, number>();

  constructor(private readonly keyOf: (value: T) => string) {}

  index(value: T): number {
    const key = this.keyOf(value);
    let index = this.indices.get(key);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indices.set(key, index);
    }
    return index;
  }
}
