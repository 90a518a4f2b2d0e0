import seedrandom from 'seedrandom';

/** Where a {@link SeededRandom} stream stands (ARC4's state), as plain JSON. @public */
export interface RandomPosition {
  readonly i: number;
  readonly j: number;
  readonly S: readonly number[];
}

/**
 * A seeded random stream. Each subsystem takes its own `fork(label)`, so drawing more numbers in
 * one place never shifts the numbers another place sees.
 * @public
 */
export class SeededRandom {
  private prng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>;

  constructor(readonly seed: string) {
    this.prng = seedrandom(seed, { state: true });
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.prng.quick();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `ratio`. */
  chance(ratio: number): boolean {
    return this.next() < ratio;
  }

  /** An independent stream derived from this seed and `label`. */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.seed}/${label}`);
  }

  /** Where the stream stands, to continue it elsewhere with {@link SeededRandom.moveTo}. */
  position(): RandomPosition {
    return this.prng.state();
  }

  /** Continues from `position` (taken from a stream of the same seed), drawing what it would have drawn. */
  moveTo(position: RandomPosition): void {
    this.prng = seedrandom('', { state: { i: position.i, j: position.j, S: [...position.S] } });
  }
}

/** Whether `value` is a {@link RandomPosition} (ARC4: two indexes and a permutation of 0..255). @internal */
export function isRandomPosition(value: unknown): value is RandomPosition {
  if (typeof value !== 'object' || value === null) return false;
  const { i, j, S } = value as Record<string, unknown>;
  const byte = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0 && (x as number) < 256;
  return (
    byte(i) && byte(j) && Array.isArray(S) && S.length === 256 && new Set(S).size === 256 && S.every(byte)
  );
}
