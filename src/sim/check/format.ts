import type { HistoryEvent } from '@aws-sdk/client-swf';

/** `event 7 (TimerFired)`: how a violation names an event. @internal */
export function label(event: HistoryEvent): string {
  return `event ${String(event.eventId)} (${String(event.eventType)})`;
}

/** A value as a message quotes it: strings in double quotes, anything else as is. @internal */
export function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Milliseconds as a message gives them: `1.250 s`. @internal */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** `an ActivityTaskScheduled`, `a DecisionTaskCompleted`. @internal */
export function withArticle(word: string): string {
  return `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** @internal */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Milliseconds of an SWF duration string, 'NONE', or undefined when absent or malformed. @internal */
export function durationMs(value: unknown): number | 'NONE' | undefined {
  if (value === 'NONE') return 'NONE';
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value) * 1000;
}
