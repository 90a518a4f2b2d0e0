import type { HistoryEvent } from '@aws-sdk/client-swf';

/**
 * The events oldest-first. `checkHistory` reads histories in ascending eventId order, the default
 * of `GetWorkflowExecutionHistory`; with `reverseOrder: true` (and in some exported files, such as
 * AWS's own documentation examples) they come newest-first. A strictly descending list is
 * returned reversed (a new array); anything else is returned as it is, so that `checkHistory`
 * reports its disorder rather than this helper hiding it.
 * @public
 */
export function toAscending(events: readonly HistoryEvent[]): readonly HistoryEvent[] {
  return isNewestFirst(events) ? [...events].reverse() : events;
}

/** Whether the event ids strictly decrease (and there are at least two events). @public */
export function isNewestFirst(events: readonly HistoryEvent[]): boolean {
  if (events.length < 2) return false;
  for (let i = 1; i < events.length; i++) {
    const newer = events[i - 1]?.eventId;
    const older = events[i]?.eventId;
    if (typeof newer !== 'number' || typeof older !== 'number' || older >= newer) return false;
  }
  return true;
}
