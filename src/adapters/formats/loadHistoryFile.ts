import { readFile } from 'node:fs/promises';
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { isNewestFirst } from '../../sim/check/toAscending.js';
import { isEventType } from '../../sim/history/eventRoles.js';

/** A history read from a file, oldest event first. @public */
export interface LoadedHistory {
  readonly path: string;
  /** The events in ascending eventId order, timestamps as `Date`s. */
  readonly events: HistoryEvent[];
  /** The file listed them newest-first (`reverseOrder: true`); `events` is reversed. */
  readonly reversed: boolean;
  /** `source` / `license_note` of a recorded-history fixture, when the file has them. */
  readonly source?: string;
  readonly licenseNote?: string;
  /** How many response pages the file held (1 for a single `{"events": [...]}` or a bare array). */
  readonly pages?: number;
  /**
   * The last page carried a `nextPageToken`: the file stops where the export stopped, and the
   * history goes on beyond it.
   */
  readonly truncated?: boolean;
}

/**
 * The file could not be read as a history: not JSON, no `events` array, or an event whose
 * envelope is unusable. The message names the file and, for a bad event, which event and field.
 * @public
 */
export class HistoryFileError extends Error {
  override readonly name = 'HistoryFileError';

  constructor(
    readonly path: string,
    /** What is wrong, without the path. */
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/**
 * Reads a history in any of the shapes users have:
 * - the AWS CLI's `aws swf get-workflow-execution-history` output `{"events": [...]}` (also a
 *   `PollForDecisionTask` response, or a recorded fixture with `source` and `license_note`);
 * - several such pages, either concatenated in one file (`{"events": …}{"events": …}`, as
 *   `--no-paginate` calls appended to a file give) or as a JSON array of page objects;
 * - a bare array of events.
 *
 * `eventTimestamp` may be epoch seconds (a number, as the wire and the CLI write it, or a numeric
 * string) or an ISO-8601 string; newest-first files (`reverseOrder: true`) are reversed.
 * Attributes are kept exactly as written. Semantics (event order, references, known event types)
 * are not judged here: `swf-sim check` does that.
 * @public
 */
export async function loadHistoryFile(path: string): Promise<LoadedHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new HistoryFileError(path, `cannot read the file (${(error as Error).message})`);
  }
  return parseHistoryJson(text, path);
}

/** {@link loadHistoryFile} for text already in memory; `path` only names it in errors. @public */
export function parseHistoryJson(text: string, path = '<input>'): LoadedHistory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const documents = splitJsonDocuments(text);
    if (documents === undefined || documents.length < 2) {
      throw new HistoryFileError(path, `not valid JSON (${(error as Error).message})`);
    }
    data = documents.map((document, index) => {
      try {
        return JSON.parse(document) as unknown;
      } catch (inner) {
        throw new HistoryFileError(
          path,
          `JSON document ${String(index + 1)} of ${String(documents.length)} is not valid JSON (${(inner as Error).message})`,
        );
      }
    });
    if (!(data as unknown[]).every(isPage)) {
      throw new HistoryFileError(
        path,
        'holds several JSON documents, but not all of them are {"events": [...]} pages',
      );
    }
  }
  return parseHistoryData(data, path);
}

/**
 * {@link loadHistoryFile} for a value already decoded: a `GetWorkflowExecutionHistory` or
 * `PollForDecisionTask` output from the SDK (timestamps as `Date`s, `$metadata` ignored), an
 * array of such pages, a bare array of events, or any JSON shape {@link parseHistoryJson} reads.
 * @public
 */
export function parseHistoryData(data: unknown, path = '<input>'): LoadedHistory {
  const pages = toPages(data, path);
  const raw: unknown[] = [];
  // One event at a time: spreading a page of 250,000 events into push() overflows the stack.
  for (const page of pages) for (const event of page.events) raw.push(event);
  const first = pages[0];
  const last = pages.at(-1);
  const events = dropRepeatedEvents(raw.map((event, index) => toHistoryEvent(event, index, path)));
  const reversed = isNewestFirst(events);
  if (reversed) events.reverse();
  const source = first?.source;
  const licenseNote = first?.license_note;
  return {
    path,
    events,
    reversed,
    ...(typeof source === 'string' ? { source } : {}),
    ...(typeof licenseNote === 'string' ? { licenseNote } : {}),
    pages: pages.length,
    ...(typeof last?.nextPageToken === 'string' && last.nextPageToken !== '' ? { truncated: true } : {}),
  };
}

interface Page {
  readonly events: unknown[];
  readonly source?: unknown;
  readonly license_note?: unknown;
  readonly nextPageToken?: unknown;
}

function isPage(value: unknown): value is Page {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { events?: unknown }).events)
  );
}

function toPages(data: unknown, path: string): Page[] {
  if (Array.isArray(data)) {
    // An array of page objects (each with an `events` array), or a bare array of events.
    if (data.length > 0 && data.every(isPage)) return data;
    return [{ events: data }];
  }
  if (isPage(data)) return [data];
  throw new HistoryFileError(path, 'expected {"events": [...]} or an array of history events');
}

/**
 * Overlapping pages (a page fetched twice, or pages appended by hand) repeat events: an event
 * identical to the one already read under its eventId is dropped. Differing events with one id
 * are kept, for the checker to report.
 */
function dropRepeatedEvents(events: HistoryEvent[]): HistoryEvent[] {
  const seen = new Map<number, HistoryEvent>();
  const kept: HistoryEvent[] = [];
  for (const event of events) {
    const id = event.eventId as number;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, event);
    // Only a repeated id is worth comparing in full.
    else if (JSON.stringify(first) === JSON.stringify(event)) continue;
    kept.push(event);
  }
  return kept;
}

function toHistoryEvent(value: unknown, index: number, path: string): HistoryEvent {
  const where = `event #${String(index + 1)} in the file`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HistoryFileError(path, `${where} is not an object`);
  }
  const event = value as Record<string, unknown>;
  const id = event.eventId;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
    throw new HistoryFileError(path, `${where}: eventId ${JSON.stringify(id)} is not a positive integer`);
  }
  const name = `event ${String(id)}`;
  const type = event.eventType;
  if (typeof type !== 'string') {
    throw new HistoryFileError(path, `${name}: eventType ${JSON.stringify(type)} is not a string`);
  }
  for (const [key, member] of Object.entries(event)) {
    if (!key.endsWith('EventAttributes') || member === undefined) continue;
    if (typeof member !== 'object' || member === null || Array.isArray(member)) {
      throw new HistoryFileError(path, `${name} (${type}): ${key} is not an object`);
    }
    const owner = `${key[0]?.toUpperCase() ?? ''}${key.slice(1, -'EventAttributes'.length)}`;
    if (isEventType(type) && isEventType(owner) && owner !== type) {
      throw new HistoryFileError(path, `${name} (${type}): has ${key}, which belongs to ${owner} events`);
    }
  }
  const timestamp = event.eventTimestamp;
  if (timestamp === undefined) return event as unknown as HistoryEvent;
  return {
    ...event,
    eventTimestamp: toDate(timestamp, () => `${name}: eventTimestamp`, path),
  } as HistoryEvent;
}

/** Epoch seconds (number or numeric string, millisecond precision), an ISO-8601 string or a `Date`. */
function toDate(value: unknown, field: () => string, path: string): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000));
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed))
      return new Date(Math.round(Number(trimmed) * 1000));
    if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
      const ms = Date.parse(trimmed);
      if (!Number.isNaN(ms)) return new Date(ms);
    }
  }
  throw new HistoryFileError(
    path,
    `${field()} ${JSON.stringify(value)} is neither epoch seconds nor an ISO-8601 date-time`,
  );
}

/**
 * Splits text holding several JSON values one after another (whitespace between them) into the
 * text of each; undefined when the text is not such a sequence of objects and arrays.
 */
function splitJsonDocuments(text: string): string[] | undefined {
  const documents: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      if (depth === 0) return undefined;
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) documents.push(text.slice(start, i + 1));
    } else if (depth === 0 && c !== undefined && !/\s/.test(c)) {
      return undefined;
    }
  }
  return depth === 0 ? documents : undefined;
}
