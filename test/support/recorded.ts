import { readFileSync } from 'node:fs';
import type { HistoryEvent } from '@aws-sdk/client-swf';

/** A recorded history from fixtures/histories, events in the SDK's shape (Dates). */
export function loadFixtureHistory(name: string): HistoryEvent[] {
  const url = new URL(`../../fixtures/histories/${name}`, import.meta.url);
  const file = JSON.parse(readFileSync(url, 'utf8')) as {
    events: (HistoryEvent & { eventTimestamp?: number })[];
  };
  return file.events.map((e) => ({
    ...e,
    eventTimestamp: e.eventTimestamp === undefined ? undefined : new Date(e.eventTimestamp * 1000),
  }));
}

/** Events without their timestamps, which only real SWF's latency decides. */
export function withoutTimestamps(events: readonly HistoryEvent[]): unknown[] {
  return events.map(({ eventTimestamp: _ignored, ...rest }) => rest);
}
