import { readdirSync, readFileSync } from 'node:fs';
import type { HistoryEvent } from '@aws-sdk/client-swf';

const DIRECTORY = new URL('../../fixtures/histories/', import.meta.url);

/** A recorded history fixture: `{source, license_note, events}`, timestamps in epoch seconds. */
export interface RecordedHistory {
  readonly name: string;
  readonly source: string;
  readonly licenseNote: string;
  /** The events as recorded (some files are newest-first), timestamps as Dates. */
  readonly events: HistoryEvent[];
}

/** The names of every recorded history in fixtures/histories. */
export function recordedHistoryNames(): string[] {
  return readdirSync(DIRECTORY)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Reads one fixture, converting epoch seconds to Dates (rounded to the millisecond). */
export function loadRecorded(name: string): RecordedHistory {
  const file = JSON.parse(readFileSync(new URL(name, DIRECTORY), 'utf8')) as {
    source: string;
    license_note: string;
    events: (Omit<HistoryEvent, 'eventTimestamp'> & { eventTimestamp?: number })[];
  };
  return {
    name,
    source: file.source,
    licenseNote: file.license_note,
    events: file.events.map(({ eventTimestamp, ...rest }) =>
      eventTimestamp === undefined
        ? (rest as HistoryEvent)
        : { ...rest, eventTimestamp: new Date(Math.round(eventTimestamp * 1000)) },
    ),
  };
}

/** The history oldest-first, deep-copied so that a test may corrupt it freely. */
export function ascending(name: string): HistoryEvent[] {
  const events = structuredClone(loadRecorded(name).events);
  const first = events[0]?.eventId ?? 0;
  const last = events[events.length - 1]?.eventId ?? 0;
  return first > last ? events.reverse() : events;
}

/**
 * The history as the exporter behind most held-out recordings wrote it: no `eventTimestamp`,
 * and every zero-valued `…EventId` attribute dropped (swf-observed, caveats).
 */
export function asUntimedExport(events: readonly HistoryEvent[]): HistoryEvent[] {
  return events.map(({ eventTimestamp: _dropped, ...event }) => {
    const copy: Record<string, unknown> = { ...event };
    for (const [key, value] of Object.entries(copy)) {
      if (!key.endsWith('EventAttributes') || typeof value !== 'object' || value === null) continue;
      copy[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(
          ([k, v]) => !(k.endsWith('EventId') && v === 0),
        ),
      );
    }
    return copy as unknown as HistoryEvent;
  });
}
