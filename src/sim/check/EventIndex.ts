import type { HistoryEvent } from '@aws-sdk/client-swf';

/**
 * The events of one history by id. A history's ids run up by one from its first, so they are kept
 * in an array indexed from there: unlike a hash table, its cost per event does not grow with the
 * history (no rehashing, no cache misses that grow with the table). Ids outside that span (a
 * corrupt history) go to a `Map`.
 * @internal
 */
export class EventIndex {
  private readonly dense: (HistoryEvent | undefined)[] = [];
  private readonly sparse = new Map<number, HistoryEvent>();
  private count = 0;

  /**
   * @param firstId - the id the history starts at
   * @param span - how many ids from `firstId` the array covers
   */
  constructor(
    private readonly firstId: number,
    private readonly span: number,
  ) {}

  /** How many distinct ids are indexed. */
  get size(): number {
    return this.count;
  }

  get(id: number): HistoryEvent | undefined {
    const slot = id - this.firstId;
    return Number.isInteger(slot) && slot >= 0 && slot < this.span ? this.dense[slot] : this.sparse.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Indexes `event` under `id`, replacing an earlier event with the same id. */
  set(id: number, event: HistoryEvent): void {
    const slot = id - this.firstId;
    if (Number.isInteger(slot) && slot >= 0 && slot < this.span) {
      // Filled in id order in a valid history, so the array stays packed.
      while (this.dense.length < slot) this.dense.push(undefined);
      if (this.dense[slot] === undefined) this.count++;
      this.dense[slot] = event;
    } else {
      if (!this.sparse.has(id)) this.count++;
      this.sparse.set(id, event);
    }
  }
}
