/**
 * Measuring on a shared, noisy machine: every comparison runs its arms interleaved (A B, B A, A B …)
 * over at least five rounds, each figure is reported as min and median with its spread, and a
 * figure whose rounds spread too widely is reported as too noisy instead of as a number.
 */

/** Rounds per comparison: `BENCH_ROUNDS` (default 7), at least 5. */
export const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 7));

/** One side of a comparison: a round returns its measured value (usually wall milliseconds). */
export interface Arm {
  readonly name: string;
  run(round: number): Promise<number> | number;
}

/**
 * A figure's rounds: min, median, max, and `spread`, the interquartile range over the median — a
 * dispersion that one round hit by a burst of load does not blow up, but a machine too busy to
 * measure on does.
 */
export interface Summary {
  readonly rounds: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly spread: number;
}

/**
 * Milliseconds of CPU this process spent on `work` (user + system, garbage collection threads
 * included). In-process work never waits, so on a quiet machine this is its wall time; on a busy
 * one it leaves out the time other processes held the cores, which wall time would charge to it.
 */
export async function timeMs(work: () => unknown): Promise<number> {
  const t0 = process.cpuUsage();
  await work();
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1000;
}

/**
 * {@link timeMs} from a collected heap: what earlier work left for the garbage collector (a dropped
 * service of thousands of runs, say) is not charged to whichever arm happens to run next.
 */
export async function timeSettledMs(work: () => unknown): Promise<number> {
  heapAfterGc();
  return timeMs(work);
}

/**
 * Runs `arms` for `rounds` rounds, interleaved: round r starts with arm r mod n, so drift in machine
 * load hits every arm alike. Returns each arm's values, round by round (index i of every arm is
 * the same round, so per-round ratios between arms pair values measured side by side).
 */
export async function interleave(arms: readonly Arm[], rounds = ROUNDS): Promise<Map<string, number[]>> {
  const values = new Map<string, number[]>(arms.map((arm) => [arm.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < arms.length; k++) {
      const arm = arms[(round + k) % arms.length] as Arm;
      (values.get(arm.name) as number[]).push(await arm.run(round));
    }
  }
  return values;
}

/** The values of `name` from an {@link interleave} result. */
export function valuesOf(results: Map<string, number[]>, name: string): number[] {
  const values = results.get(name);
  if (values === undefined) throw new Error(`no arm named ${name}`);
  return values;
}

/** Per-round ratios `a[i] / b[i]` of two arms measured side by side. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / (b[i] as number));
}

/** The `q` quantile of ascending `sorted`, interpolating between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const below = sorted[Math.floor(at)] as number;
  const above = sorted[Math.ceil(at)] as number;
  return below + (above - below) * (at - Math.floor(at));
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((x, y) => x - y);
  const median = quantile(sorted, 0.5);
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  return {
    rounds: sorted.length,
    min: sorted[0] as number,
    median,
    max: sorted[sorted.length - 1] as number,
    spread: median === 0 ? 0 : iqr / median,
  };
}

/** How a figure is printed. */
export interface FigureOptions {
  /** Formats one value (of the figure's own unit). */
  readonly format: (value: number) => string;
  /** Widest acceptable spread; wider prints "too noisy" instead of the figure. Default 0.25. */
  readonly tolerance?: number;
  /** The target, as text, e.g. "<= 1.10". */
  readonly target?: string;
  /** Whether larger values are better (throughputs): "best" is then the max, not the min. */
  readonly higherIsBetter?: boolean;
}

/** One printed line, label padded to a column. */
export function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(52)} ${value}\n`);
}

/**
 * Prints a figure as `min … median …, spread …` (best first for throughputs), or says the rounds
 * were too noisy to give one. Returns the summary for callers that derive more.
 */
export function figure(label: string, values: readonly number[], options: FigureOptions): Summary {
  const summary = summarize(values);
  const tolerance = options.tolerance ?? 0.25;
  const spread = `spread ${(summary.spread * 100).toFixed(0)} % (IQR/median) over ${summary.rounds} rounds`;
  const target = options.target === undefined ? '' : `   (target ${options.target})`;
  if (summary.spread > tolerance) {
    line(
      label,
      `too noisy: ${spread} (> ${(tolerance * 100).toFixed(0)} %), ` +
        `values ${options.format(summary.min)} … ${options.format(summary.max)}; ` +
        `rerun on a quieter machine or with more BENCH_ROUNDS${target}`,
    );
    return summary;
  }
  const best = options.higherIsBetter === true ? summary.max : summary.min;
  const bestLabel = options.higherIsBetter === true ? 'best' : 'min';
  line(
    label,
    `${bestLabel} ${options.format(best)}, median ${options.format(summary.median)}, ${spread}${target}`,
  );
  return summary;
}

/** Heap bytes in use after a full garbage collection (needs `node --expose-gc`). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory figures need node --expose-gc (npm run bench passes it)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
