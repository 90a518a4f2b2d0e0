import type { HistoryEvent } from '@aws-sdk/client-swf';
import { isEventType } from '../history/eventRoles.js';
import { eventAttributesKey } from '../history/appendEvent.js';
import { UnusableHistoryError } from './ReplayDivergenceError.js';
import { nonSwfValue } from './swfValues.js';

/**
 * Checks what replay and re-enactment rely on: events ascending with consecutive ids (from 1, or
 * from `firstEventIdMax` at most for an excerpt), SDK event types, and each event's attributes
 * member holding values of the kinds SWF writes (`swfValues`). Throws {@link UnusableHistoryError} naming the event and the problem.
 * @internal
 */
export function requireUsableHistory(events: readonly HistoryEvent[], firstEventIdMax = 1): void {
  if (events.length === 0) throw new UnusableHistoryError('the history has no events');
  const first = events[0]?.eventId as number;
  if (first > firstEventIdMax) {
    throw new UnusableHistoryError(
      firstEventIdMax === 1
        ? `the history starts at event ${String(first)}: replay needs it from event 1 (WorkflowExecutionStarted)`
        : `the history starts at event ${String(first)}: it needs to start no later than event ${String(firstEventIdMax)}`,
    );
  }
  events.forEach((event, index) => {
    const id = event.eventId;
    const expected = first + index;
    if (id !== expected) {
      throw new UnusableHistoryError(
        `event ids must run ${String(first)}, ${String(first + 1)}, … in order: position ${String(index + 1)} holds event ${String(id)}, expected ${String(expected)}`,
      );
    }
    if (!isEventType(event.eventType)) {
      throw new UnusableHistoryError(
        `event ${String(id)}: eventType ${JSON.stringify(event.eventType)} is not an SWF event type`,
      );
    }
    const key = eventAttributesKey(event.eventType);
    const attributes = (event as unknown as Record<string, unknown>)[key];
    if (typeof attributes !== 'object' || attributes === null) {
      throw new UnusableHistoryError(`event ${String(id)} (${event.eventType}): ${key} is missing`);
    }
    const problem = nonSwfValue(attributes as Record<string, unknown>);
    if (problem !== undefined) {
      throw new UnusableHistoryError(`event ${String(id)} (${event.eventType}): ${problem}`);
    }
  });
  if (first === 1 && events[0]?.eventType !== 'WorkflowExecutionStarted') {
    throw new UnusableHistoryError(
      `event 1 is ${String(events[0]?.eventType)}, not WorkflowExecutionStarted`,
    );
  }
}
