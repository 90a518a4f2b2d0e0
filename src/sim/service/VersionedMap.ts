import { ShardedMap } from './ShardedMap.js';

/** Entries per segment: a segment's growth rehashes at most this many (≈ 1 ms). */
const SEGMENT_SIZE = 4096;

/**
 * An insertion-ordered map from strings that counts its changes, so a view derived from it (a
 * sorted listing, say) can tell in O(1) whether it is still current. It holds a domain's runs.
 *
 * The entries live in segments: `Map`s of at most {@link SEGMENT_SIZE} entries, in insertion order,
 * a new key going to the newest. So no growth ever rehashes more than one segment (a single `Map`
 * rehashes every run at once when it fills: ≈ 12-16 ms at 65,536 runs, ≈ 23-90 ms at 131,072),
 * and iterating reads each segment's own table, contiguous in memory: `valuesArray` as fast as a
 * `Map`'s values, `values()` ≈ 3× slower per step (still O(n), well under a millisecond per
 * 100,000). A {@link ShardedMap} says which segment holds a key.
 *
 * Iterating while entries are deleted is safe, as with a `Map`; entries added during an iteration
 * may be missed when the addition drops emptied segments, or after a `clear`.
 * @internal
 */
export class VersionedMap<K extends string, V> implements Iterable<[K, V]> {
  /** Bumped by every `set`, `delete` and `clear`. */
  version = 0;
  private readonly segmentOf = new ShardedMap<K, Map<K, V>>();
  /** Oldest first; an emptied segment is dropped when the next segment starts (never the newest). */
  private segments: Map<K, V>[] = [];
  private emptied = 0;

  get size(): number {
    return this.segmentOf.size;
  }

  get(key: K): V | undefined {
    return this.segmentOf.get(key)?.get(key);
  }

  has(key: K): boolean {
    return this.segmentOf.has(key);
  }

  set(key: K, value: V): this {
    this.version++;
    const found = this.segmentOf.get(key);
    if (found !== undefined) {
      found.set(key, value);
      return this;
    }
    let newest = this.segments.at(-1);
    if (newest === undefined || newest.size >= SEGMENT_SIZE) {
      newest = new Map<K, V>();
      this.startSegment(newest);
    }
    newest.set(key, value);
    this.segmentOf.set(key, newest);
    return this;
  }

  delete(key: K): boolean {
    this.version++;
    const segment = this.segmentOf.get(key);
    if (segment === undefined) return false;
    segment.delete(key);
    this.segmentOf.delete(key);
    if (segment.size === 0) this.emptied++;
    return true;
  }

  clear(): void {
    this.version++;
    for (const segment of this.segments) segment.clear();
    this.segmentOf.clear();
    this.segments = [];
    this.emptied = 0;
  }

  entries(): IterableIterator<[K, V]> {
    return new SegmentIterator(this.segments, (segment) => segment.entries());
  }

  keys(): IterableIterator<K> {
    return new SegmentIterator(this.segments, (segment) => segment.keys());
  }

  values(): IterableIterator<V> {
    return new SegmentIterator(this.segments, (segment) => segment.values());
  }

  /** The values in insertion order, as `[...values()]` gives them, faster. */
  valuesArray(): V[] {
    const values = new Array<V>(this.size);
    let i = 0;
    for (const segment of this.segments) for (const value of segment.values()) values[i++] = value;
    return values;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /**
   * Appends a segment, first dropping the emptied ones once they are a good part of the list (a
   * fresh array, so that an iteration under way keeps the list it started on).
   */
  private startSegment(segment: Map<K, V>): void {
    if (this.emptied > 0 && this.emptied * 4 >= this.segments.length) {
      this.segments = this.segments.filter((kept) => kept.size > 0);
      this.emptied = 0;
    }
    this.segments.push(segment);
  }
}

/** Walks the segments' own iterators one after the other. */
class SegmentIterator<K, V, T> implements IterableIterator<T> {
  private next_ = 0;
  private current: Iterator<T> | undefined;

  constructor(
    private readonly segments: readonly Map<K, V>[],
    private readonly iterate: (segment: Map<K, V>) => Iterator<T>,
  ) {}

  next(): IteratorResult<T, undefined> {
    for (;;) {
      if (this.current !== undefined) {
        const step = this.current.next();
        if (step.done !== true) return step;
      }
      const segment = this.segments[this.next_++];
      if (segment === undefined) return { done: true, value: undefined };
      this.current = this.iterate(segment);
    }
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}
