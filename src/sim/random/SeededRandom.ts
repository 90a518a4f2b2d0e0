import seedrandom from 'seedrandom';

/**
 * A seeded random stream. Each subsystem takes its own `fork(label)`, so drawing more numbers in
 * one place never shifts the numbers another place sees.
 * @public
 */
export class SeededRandom {
  private readonly prng: seedrandom.PRNG;

  constructor(readonly seed: string) {
    this.prng = seedrandom(seed);
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
}
