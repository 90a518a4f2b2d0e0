/**
 * The invariant checker's cost per event on 2,500- and 25,000-event histories, measured side by
 * side: a single pass keeps the ratio near 1 (a quadratic one would be ~10).
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { checkHistory } from '../src/sim/check/checkHistory.js';
import { longHistory } from './longHistory.js';

function bestTimeMs(events: readonly HistoryEvent[], rounds: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    checkHistory(events);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

export function main(): Promise<void> {
  const small = longHistory(2_500);
  const large = longHistory(25_000);
  bestTimeMs(large, 3); // warm-up
  const smallMs = bestTimeMs(small, 20);
  const largeMs = bestTimeMs(large, 10);
  const perEventSmallUs = (smallMs * 1000) / small.length;
  const perEventLargeUs = (largeMs * 1000) / large.length;
  const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  line('checkHistory, 2,500 events', `${smallMs.toFixed(2)} ms (${perEventSmallUs.toFixed(2)} us/event)`);
  line('checkHistory, 25,000 events', `${largeMs.toFixed(2)} ms (${perEventLargeUs.toFixed(2)} us/event)`);
  line('per-event cost ratio 25k / 2.5k', `${(perEventLargeUs / perEventSmallUs).toFixed(2)}   (flat = 1)`);
  return Promise.resolve();
}
