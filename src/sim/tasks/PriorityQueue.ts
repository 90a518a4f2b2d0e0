/**
 * A binary min-heap ordered by a comparator. Removal is lazy: callers mark entries dead and
 * `peek`/`pop` skip them via `isLive`, so cancelling is O(1) and the heap stays simple.
 * @internal
 */
export class PriorityQueue<T> {
  private readonly items: T[] = [];
  private dead = 0;

  constructor(
    private readonly before: (a: T, b: T) => boolean,
    private readonly isLive: (item: T) => boolean = () => true,
  ) {}

  /** Number of entries, dead ones included until they are purged. */
  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as T;
      if (!this.before(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  /** The first live entry, without removing it. */
  peek(): T | undefined {
    this.dropDeadHead();
    return this.items[0];
  }

  /** Removes and returns the first live entry. */
  pop(): T | undefined {
    this.dropDeadHead();
    return this.removeHead();
  }

  /** Records that one entry died; rebuilds the heap when dead entries outnumber live ones. */
  noteDead(): void {
    this.dead++;
    if (this.dead > 64 && this.dead * 2 > this.items.length) this.compact();
  }

  /** Live entries in no particular order. */
  *live(): IterableIterator<T> {
    for (const item of this.items) if (this.isLive(item)) yield item;
  }

  private dropDeadHead(): void {
    while (this.items.length > 0 && !this.isLive(this.items[0] as T)) {
      this.removeHead();
      if (this.dead > 0) this.dead--;
    }
  }

  private removeHead(): T | undefined {
    const items = this.items;
    const head = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.siftDown(0);
    }
    return head;
  }

  private siftDown(start: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[start] as T;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.before(items[right] as T, items[left] as T)) child = right;
      const c = items[child] as T;
      if (!this.before(c, item)) break;
      items[i] = c;
      i = child;
    }
    items[i] = item;
  }

  private compact(): void {
    const liveItems = this.items.filter((item) => this.isLive(item));
    this.items.length = 0;
    this.dead = 0;
    for (const item of liveItems) this.push(item);
  }
}
