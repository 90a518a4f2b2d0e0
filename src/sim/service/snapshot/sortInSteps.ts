/** Items sorted at once (natively) before the merging starts, and items merged between two yields. */
const BLOCK = 1024;

/**
 * `items` sorted stably by `compare`, in steps: blocks of a thousand are sorted at once, then
 * merged pairwise, yielding after every block's worth of work, so that sorting a hundred thousand
 * items (the clocks of a large import) never holds a caller's event loop for long.
 * @internal
 */
export function* sortInSteps<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
): Generator<void, T[], void> {
  let from: T[] = [];
  for (let start = 0; start < items.length; start += BLOCK) {
    from.push(...items.slice(start, start + BLOCK).sort(compare));
    yield;
  }
  let to = new Array<T>(from.length);
  let moves = 0;
  for (let width = BLOCK; width < from.length; width *= 2) {
    for (let start = 0; start < from.length; start += 2 * width) {
      const middle = Math.min(start + width, from.length);
      const end = Math.min(start + 2 * width, from.length);
      for (let i = start, j = middle, k = start; k < end; k++) {
        // Ties (and NaN, which Array.prototype.sort reads as one) take the left item first: stable.
        to[k] =
          i < middle && (j >= end || !(compare(from[i] as T, from[j] as T) > 0))
            ? (from[i++] as T)
            : (from[j++] as T);
        if (++moves % BLOCK === 0) yield;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}
