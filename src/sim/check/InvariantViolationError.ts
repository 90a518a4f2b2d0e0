import type { Violation } from './invariants.js';

/**
 * Thrown by `assertHistory` when a history breaks SWF invariants. A harness error: it reports a
 * problem with a history (usually the simulator's or a test's), never crosses the wire, and is
 * not an `SwfFault`. The violations are kept as data in `violations`.
 * @public
 */
export class InvariantViolationError extends Error {
  override readonly name = 'InvariantViolationError';

  constructor(
    readonly violations: readonly Violation[],
    subject = 'The history',
  ) {
    super(formatViolations(violations, subject));
  }
}

/**
 * `<subject> breaks N SWF invariant(s):` then one line per violation, `  [invariant] message`.
 * @public
 */
export function formatViolations(violations: readonly Violation[], subject = 'The history'): string {
  const count = violations.length;
  const lines = violations.map((v) => `  [${v.invariant}] ${v.message}`);
  return [`${subject} breaks ${String(count)} SWF invariant${count === 1 ? '' : 's'}:`, ...lines].join('\n');
}
