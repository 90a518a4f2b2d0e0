import type { PointInfo, TimelineItem } from './timelineModel.js';

/**
 * The timeline's instants, collected in any order and then sorted by (time, collection order).
 * Builders refer to a point by the number `add` returned; `finish` gives the sorted table and
 * rewrites items to refer to sorted positions, which are also the "event order" axis.
 * @internal
 */
export class PointTable {
  private readonly times: number[] = [];
  private readonly infos: PointInfo[] = [];

  /** A point at `timeMs` (epoch milliseconds); returns its provisional number. */
  add(timeMs: number, info: PointInfo): number {
    this.times.push(timeMs);
    this.infos.push(info);
    return this.times.length - 1;
  }

  /** Sorts the points and renumbers every item and point list given. */
  finish(
    items: Iterable<TimelineItem>,
    pointLists: number[][],
  ): { startMs: number; times: number[]; infos: PointInfo[] } {
    const order = this.times.map((_, i) => i);
    order.sort((a, b) => (this.times[a] as number) - (this.times[b] as number) || a - b);
    const rank = new Array<number>(order.length);
    order.forEach((provisional, position) => (rank[provisional] = position));
    const at = (p: number): number => (p < 0 ? p : (rank[p] as number));
    for (const item of items) {
      item[0] = at(item[0]);
      item[1] = at(item[1]);
      item[2] = at(item[2]);
      if (item[6] !== undefined) item[6] = item[6].map(at);
    }
    for (const list of pointLists) list.forEach((p, i) => (list[i] = at(p)));
    const startMs = order.length === 0 ? 0 : (this.times[order[0] as number] as number);
    return {
      startMs,
      times: order.map((p) => (this.times[p] as number) - startMs),
      infos: order.map((p) => this.infos[p] as PointInfo),
    };
  }
}
