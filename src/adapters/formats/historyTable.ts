import type { HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../../sim/history/appendEvent.js';

/** Renders one attribute value compactly: scalars as-is, structures as `{k=v}`. */
function renderValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}=${renderValue(v)}`)
    .join(', ')}}`;
}

/**
 * A readable table of a history: id, time since the first event, type and attributes.
 * @public
 */
export function formatHistoryTable(events: readonly HistoryEvent[]): string {
  const startMs = events[0]?.eventTimestamp?.getTime() ?? 0;
  const typeWidth = events.reduce((width, e) => Math.max(width, e.eventType?.length ?? 0), 9);
  const header = `${'id'.padStart(4)}  ${'+time'.padStart(10)}  ${'eventType'.padEnd(typeWidth)}  attributes`;
  const rows = events.map((event) => {
    const elapsed = (((event.eventTimestamp?.getTime() ?? startMs) - startMs) / 1000).toFixed(3);
    const attributes = Object.entries(attributesOf(event))
      .map(([k, v]) => `${k}=${renderValue(v)}`)
      .join(' ');
    return `${String(event.eventId).padStart(4)}  ${`${elapsed}s`.padStart(10)}  ${(event.eventType ?? '').padEnd(typeWidth)}  ${attributes}`;
  });
  return [header, ...rows].join('\n');
}
