/**
 * A domain's run index (`VersionedMap`) against a plain `Map`, side by side: the longest single
 * `set` while 200,000 runs are added (what the one StartWorkflowExecution, or import step, that
 * crosses a `Map`'s growth point holds other clients up by), with and without the garbage
 * collections that happened to fall inside one, the time to add them all, and the time to look each
 * up once. `BENCH_ROUNDS` overrides the rounds (default 7).
 */
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { VersionedMap } from '../src/sim/service/VersionedMap.js';
import { figure, heapAfterGc, interleave, ratios, valuesOf, type Arm } from './measure.js';

const RUNS = 200_000;
/** Keys shaped as `runKey` makes them: a workflow id, a NUL, a run id. */
const KEYS = Array.from(
  { length: RUNS },
  (_, i) => `order-${i}\u0000${(i * 2654435761) >>> 0}abcdefghijklmnop`,
);

type RunIndex = Map<string, number> | VersionedMap<string, number>;

interface Round {
  longestSetMs: number;
  /** The longest `set` that no garbage collection ran inside: the index's own work. */
  longestOwnSetMs: number;
  addMs: number;
  lookupMs: number;
}

async function measure(index: RunIndex): Promise<Round> {
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const gc of list.getEntries()) gcs.push({ start: gc.startTime, end: gc.startTime + gc.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const slow: { start: number; end: number }[] = [];
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    index.set(KEYS[i] as string, i);
    const end = performance.now();
    if (end - start > 0.5) slow.push({ start, end });
  }
  const addMs = performance.now() - t0;
  // GC entries reach the observer on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const length = ({ start, end }: { start: number; end: number }): number => end - start;
  const own = slow.filter((set) => !gcs.some((gc) => gc.start < set.end && gc.end > set.start));
  const t1 = performance.now();
  let found = 0;
  for (const key of KEYS) if (index.get(key) !== undefined) found++;
  if (found !== RUNS) throw new Error(`found ${found} of ${RUNS}`);
  return {
    longestSetMs: Math.max(0, ...slow.map(length)),
    longestOwnSetMs: Math.max(0, ...own.map(length)),
    addMs,
    lookupMs: performance.now() - t1,
  };
}

export async function main(): Promise<void> {
  const seen = new Map<string, Round[]>();
  const arm = (name: string, make: () => RunIndex): Arm => ({
    name,
    async run() {
      heapAfterGc();
      const round = await measure(make());
      seen.set(name, [...(seen.get(name) ?? []), round]);
      return round.addMs;
    },
  });
  const results = await interleave([
    arm('Map', () => new Map()),
    arm('VersionedMap', () => new VersionedMap()),
  ]);
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  console.log(`${RUNS} runs added to a run index, then each looked up once (real ms):`);
  const shown: [string, keyof Round][] = [
    ['longest single set', 'longestSetMs'],
    ['longest single set, no GC inside', 'longestOwnSetMs'],
    ['adding all', 'addMs'],
    ['looking all up', 'lookupMs'],
  ];
  for (const [name, rounds] of seen) {
    console.log(`  ${name}`);
    for (const [label, key] of shown) {
      figure(
        `    ${label}`,
        rounds.map((r) => r[key]),
        { format: ms, tolerance: Infinity },
      );
    }
  }
  figure(
    '  adding all, VersionedMap / Map',
    ratios(valuesOf(results, 'VersionedMap'), valuesOf(results, 'Map')),
    {
      format: (x) => `×${x.toFixed(2)}`,
    },
  );
}
