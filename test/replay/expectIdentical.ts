import type { HistoryEvent } from '@aws-sdk/client-swf';
import { expect } from 'vitest';
import { formatReenactResult, reenactHistory } from '../../src/adapters/testing/reenact/reenact.js';

/** Re-enacts `history` and expects it back exactly (timestamps equal: nothing has latency). */
export async function expectIdentical(history: HistoryEvent[]): Promise<void> {
  const result = await reenactHistory(history, { strict: true });
  expect(result.status, formatReenactResult(result)).toBe('identical');
  expect(result.comparison?.maxTimestampDeltaMs).toBe(0);
}
