import type { HistoryEvent } from '@aws-sdk/client-swf';

/** One event as the AWS CLI prints it: `eventTimestamp` in epoch seconds. @public */
export interface AwsCliHistoryEvent {
  readonly eventId: number;
  readonly eventTimestamp?: number;
  readonly eventType: string;
  readonly [attributesKey: string]: unknown;
}

/** `aws swf get-workflow-execution-history` output. @public */
export interface AwsCliHistory {
  readonly events: AwsCliHistoryEvent[];
}

/** Options of {@link toAwsCliHistory}. @public */
export interface AwsCliHistoryOptions {
  /** List the events newest-first, as `--reverse-order` does. Default false (ascending). */
  readonly reverseOrder?: boolean;
}

/**
 * A history in the shape the AWS CLI prints for `aws swf get-workflow-execution-history`
 * (`{"events": [...]}`, each event `eventId`, `eventTimestamp` in epoch seconds with millisecond
 * precision, `eventType`, then its attributes member), ready for `JSON.stringify`. Members that
 * are `undefined` are left out, as the wire leaves them out. Reading the result back with
 * `parseHistoryData` gives the same events.
 * @public
 */
export function toAwsCliHistory(
  events: readonly HistoryEvent[],
  options: AwsCliHistoryOptions = {},
): AwsCliHistory {
  const out = events.map(toAwsCliEvent);
  if (options.reverseOrder === true) out.reverse();
  return { events: out };
}

/** {@link toAwsCliHistory} as JSON text (two-space indented, a final newline). @public */
export function formatAwsCliHistory(
  events: readonly HistoryEvent[],
  options: AwsCliHistoryOptions = {},
): string {
  return `${JSON.stringify(toAwsCliHistory(events, options), undefined, 2)}\n`;
}

function toAwsCliEvent(event: HistoryEvent): AwsCliHistoryEvent {
  const { eventId, eventTimestamp, eventType, ...attributes } = event as HistoryEvent &
    Record<string, unknown>;
  const out: Record<string, unknown> = { eventId };
  if (eventTimestamp !== undefined) out.eventTimestamp = eventTimestamp.getTime() / 1000;
  out.eventType = eventType;
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) out[key] = withoutUndefined(value);
  }
  return out as unknown as AwsCliHistoryEvent;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = withoutUndefined(member);
  }
  return out;
}
