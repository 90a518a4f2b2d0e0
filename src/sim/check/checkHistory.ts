import type { HistoryEvent } from '@aws-sdk/client-swf';
import { EVENT_ROLES, isEventType } from '../history/eventRoles.js';
import type { CheckHistoryOptions } from './CheckHistoryOptions.js';
import type { Violation } from './invariants.js';
import { walkHistory } from './walkHistory.js';

export type { CheckHistoryOptions } from './CheckHistoryOptions.js';

/**
 * Checks a history (simulated or recorded, oldest event first — see `toAscending`) against the
 * named SWF invariants of {@link INVARIANTS} and returns what is broken, in history order; an
 * empty array means the history is one SWF could have written. Pure and single-pass: O(n) plus
 * O(log k) per armed timeout.
 * @public
 */
export function checkHistory(
  events: readonly HistoryEvent[],
  options: CheckHistoryOptions = {},
): Violation[] {
  return walkHistory(events, options);
}

/** How a history is shaped, as {@link checkHistory} detects it when the options do not say. @public */
export interface HistoryShape {
  /** It has a close event. */
  readonly closed: boolean;
  /** It stops at a DecisionTaskStarted without a close, as a PollForDecisionTask response does. */
  readonly prefix: boolean;
  /** It begins after event 1 (a page or a documentation excerpt). */
  readonly excerpt: boolean;
}

/** Detects the shape of an oldest-first history, honouring explicit `options`. @public */
export function historyShape(
  events: readonly HistoryEvent[],
  options: CheckHistoryOptions = {},
): HistoryShape {
  const first = events[0]?.eventId;
  const last = events[events.length - 1];
  const closed = events.some((e) => isEventType(e.eventType) && EVENT_ROLES[e.eventType].close);
  return {
    closed,
    prefix: options.prefix ?? (!closed && last?.eventType === 'DecisionTaskStarted'),
    excerpt: options.excerpt ?? (typeof first === 'number' && first > 1),
  };
}
