import { performance } from 'node:perf_hooks';

/** Longest a long piece of work (a snapshot, an import) holds the event loop before letting others in. */
export const SLICE_MS = 4;

/** Lets the event loop serve what waits (I/O included) before going on. @internal */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Spreads long work over turns of the event loop: call {@link Pacer.breathe} between pieces; it
 * yields once the current slice has run `sliceMs`.
 * @internal
 */
export class Pacer {
  private sliceStart = performance.now();
  /** The longest a slice ran, real ms (what the work held other clients up by). */
  longestSliceMs = 0;

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** True when the slice is used up (then await {@link Pacer.yield}). */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  async yield(): Promise<void> {
    this.longestSliceMs = Math.max(this.longestSliceMs, performance.now() - this.sliceStart);
    await nextTurn();
    this.sliceStart = performance.now();
  }

  /** Yields if the slice is used up. */
  async breathe(): Promise<void> {
    if (this.due()) await this.yield();
  }
}

/** Runs steps (a generator yielding between pieces of work) to their end, slice by slice. @internal */
export async function runInSlices<T>(steps: Generator<void, T, void>, pacer = new Pacer()): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (pacer.due()) await pacer.yield();
  }
}
