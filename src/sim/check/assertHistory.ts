import type { HistoryEvent } from '@aws-sdk/client-swf';
import { checkHistory, type CheckHistoryOptions } from './checkHistory.js';
import { InvariantViolationError } from './InvariantViolationError.js';

/**
 * Like `checkHistory`, but throws an {@link InvariantViolationError} listing every violation
 * when the history breaks any invariant. `subject` names the history in the message
 * (e.g. `'History of order-1 (runId …)'`).
 * @public
 */
export function assertHistory(
  events: readonly HistoryEvent[],
  options: CheckHistoryOptions & { readonly subject?: string } = {},
): void {
  const violations = checkHistory(events, options);
  if (violations.length > 0) throw new InvariantViolationError(violations, options.subject);
}
