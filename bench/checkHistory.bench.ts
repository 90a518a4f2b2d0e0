/**
 * The invariant checker's cost per event on 2,500- and 25,000-event histories, interleaved: a
 * single pass with flat per-event cost keeps the ratio near 1 (a quadratic one would be ~10).
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { checkHistory } from '../src/sim/check/checkHistory.js';
import { longHistory } from './longHistory.js';
import { figure, interleave, ratios, timeMs, valuesOf } from './measure.js';

/** Microseconds per event of `repeats` checks of `events`. */
async function perEventUs(events: readonly HistoryEvent[], repeats: number): Promise<number> {
  const ms = await timeMs(() => {
    for (let i = 0; i < repeats; i++) checkHistory(events);
  });
  return (ms * 1000) / (events.length * repeats);
}

export async function main(): Promise<void> {
  const small = longHistory(2_500);
  const large = longHistory(25_000);
  // Warm-up, then the same number of events per round on both sides.
  await perEventUs(large, 3);
  await perEventUs(small, 30);
  const results = await interleave([
    { name: 'small', run: () => perEventUs(small, 20) },
    { name: 'large', run: () => perEventUs(large, 2) },
  ]);
  const smallUs = valuesOf(results, 'small');
  const largeUs = valuesOf(results, 'large');
  const us = (v: number) => `${v.toFixed(2)} us/event`;
  figure('checkHistory, 2,500 events', smallUs, { format: us });
  figure('checkHistory, 25,000 events', largeUs, { format: us });
  figure('per-event cost ratio 25k / 2.5k', ratios(largeUs, smallUs), {
    format: (v) => v.toFixed(2),
    target: '<= 1.3',
  });
}
