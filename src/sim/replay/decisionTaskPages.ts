import type { HistoryEvent } from '@aws-sdk/client-swf';

/** SWF hands decision-task histories out in pages of at most 100 events (swf-semantics §6.3). @public */
export const DECISION_TASK_PAGE_SIZE = 100;

/** How a decider asked for the history of its decision task. @public */
export interface DecisionTaskPageRequest {
  readonly reverseOrder?: boolean | undefined;
  /** An upper bound only: 0 or absent means the service's 100, and more than 100 gets 100. */
  readonly maximumPageSize?: number | undefined;
}

/**
 * Page `pageIndex` (from 0) of the first `eventCount` events of a history, as a decision poll
 * returns them: ascending or newest-first, at most `min(maximumPageSize, 100)` events, and whether
 * another page follows.
 * @public
 */
export function decisionTaskPage(
  events: readonly HistoryEvent[],
  eventCount: number,
  pageIndex: number,
  request: DecisionTaskPageRequest = {},
): { events: HistoryEvent[]; more: boolean } {
  const size = pageSize(request.maximumPageSize);
  const start = pageIndex * size;
  const end = Math.min(start + size, eventCount);
  const page: HistoryEvent[] = [];
  for (let i = start; i < end; i++) {
    page.push(events[request.reverseOrder === true ? eventCount - 1 - i : i] as HistoryEvent);
  }
  return { events: page, more: end < eventCount };
}

/** The page size a decision poll gets for `maximumPageSize`. @public */
export function pageSize(maximumPageSize: number | undefined): number {
  return maximumPageSize === undefined || maximumPageSize <= 0
    ? DECISION_TASK_PAGE_SIZE
    : Math.min(maximumPageSize, DECISION_TASK_PAGE_SIZE);
}
