import type { HistoryEvent } from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';

/** The service maximum page size when `maximumPageSize` is absent or 0. @internal */
export const MAX_PAGE_SIZE = 1000;

interface PageTokenBody {
  /** What the token pages through, so a token from one query is refused by another. */
  readonly q: string;
  /** Position of the next item. */
  readonly o: number;
  /** Virtual time the token was issued, for expiry. */
  readonly t: number;
}

/** Opaque page tokens: base64 JSON carrying the query, the next offset and the issue time. @internal */
export function encodePageToken(query: string, offset: number, issuedAtMs: number): string {
  const body: PageTokenBody = { q: query, o: offset, t: issuedAtMs };
  return Buffer.from(JSON.stringify(body)).toString('base64');
}

/** The query a page token was issued for, or undefined when it is not one of ours. @internal */
export function pageTokenQuery(token: string): string | undefined {
  const query = readPageToken(token)?.q;
  return typeof query === 'string' ? query : undefined;
}

/** A token's JSON body when it is an object (its fields unchecked), else undefined. */
function readPageToken(token: string): Partial<Record<keyof PageTokenBody, unknown>> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof body === 'object' && body !== null ? body : undefined;
}

/**
 * Reads a page token back; a corrupt token or one issued for another query is `Invalid token`,
 * an old one is `Specified token has exceeded its maximum lifetime` (swf-semantics §18.3).
 * @internal
 */
export function decodePageToken(token: string, query: string, nowMs: number, lifetimeMs: number): number {
  const body = readPageToken(token);
  const offset = body?.o;
  const issuedAtMs = body?.t;
  // Anything but a whole, non-negative offset we could have issued is forged (a `null` body, `0.5`).
  if (
    body?.q !== query ||
    typeof offset !== 'number' ||
    !Number.isSafeInteger(offset) ||
    offset < 0 ||
    typeof issuedAtMs !== 'number' ||
    !Number.isFinite(issuedAtMs)
  ) {
    throw new SwfFault('ValidationException', 'Invalid token');
  }
  if (nowMs - issuedAtMs > lifetimeMs) {
    throw new SwfFault('ValidationException', 'Specified token has exceeded its maximum lifetime');
  }
  return offset;
}

/** Paging options every paginated operation takes. @internal */
export interface PageOptions {
  readonly maximumPageSize?: number | undefined;
  readonly nextPageToken?: string | undefined;
}

/**
 * The window `[start, end)` of a `total`-long result that this call returns, and the token for the
 * rest. `maximumPageSize` absent or 0 means the service maximum; larger requests are capped by it.
 * @internal
 */
export function pageRange(
  total: number,
  options: PageOptions,
  query: string,
  nowMs: number,
  lifetimeMs: number,
  serviceMaxPageSize = MAX_PAGE_SIZE,
): { start: number; end: number; nextPageToken?: string } {
  const start =
    options.nextPageToken === undefined
      ? 0
      : decodePageToken(options.nextPageToken, query, nowMs, lifetimeMs);
  const requested = options.maximumPageSize ?? 0;
  const size = requested === 0 ? serviceMaxPageSize : Math.min(requested, serviceMaxPageSize);
  const end = Math.min(start + size, total);
  return end < total
    ? { start, end, nextPageToken: encodePageToken(query, end, nowMs) }
    : { start: Math.min(start, total), end };
}

/** One page of `items`. @internal */
export function paginate<T>(
  items: readonly T[],
  options: PageOptions,
  query: string,
  nowMs: number,
  lifetimeMs: number,
): { page: T[]; nextPageToken?: string } {
  const { start, end, nextPageToken } = pageRange(items.length, options, query, nowMs, lifetimeMs);
  const page = items.slice(start, end);
  return nextPageToken === undefined ? { page } : { page, nextPageToken };
}

/** The events of a history, open or packed (see `Execution.history`): `slice` costs O(to − from). */
interface StoredHistory {
  slice(from: number, to: number): HistoryEvent[];
}

/** A page of the first `total` events of a history, ascending or newest first. @internal */
export function historyPage(
  nowMs: number,
  history: StoredHistory,
  total: number,
  options: PageOptions & { readonly reverseOrder?: boolean | undefined },
  query: string,
  lifetimeMs: number,
  serviceMaxPageSize?: number,
): { events: HistoryEvent[]; nextPageToken?: string } {
  // Page over positions rather than a copied array: a history can hold 25 000 events.
  const { start, end, nextPageToken } = pageRange(
    total,
    options,
    query,
    nowMs,
    lifetimeMs,
    serviceMaxPageSize,
  );
  const page =
    options.reverseOrder === true
      ? history.slice(total - end, total - start).reverse()
      : history.slice(start, end);
  return nextPageToken === undefined ? { events: page } : { events: page, nextPageToken };
}
