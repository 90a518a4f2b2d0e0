import type { CloseStatus, HistoryEvent } from '@aws-sdk/client-swf';
import type { MatcherState } from 'vitest';
import { checkHistory, type CheckHistoryOptions } from '../../../sim/check/checkHistory.js';
import { CLOSE_EVENT_OF_STATUS, EVENT_ROLES, isEventType } from '../../../sim/history/eventRoles.js';
import { formatViolations } from '../../../sim/check/InvariantViolationError.js';
import { INVARIANTS } from '../../../sim/check/invariants.js';
import { toAscending } from '../../../sim/check/toAscending.js';
import { attributesOf } from '../../../sim/history/appendEvent.js';

/** The matchers {@link swfMatchers} adds to vitest's `expect`, on a history (an events array). @public */
export interface SwfMatchers<R = unknown> {
  /** The history satisfies every SWF invariant (`checkHistory` finds nothing). */
  toSatisfySwfInvariants(options?: CheckHistoryOptions): R;
  /**
   * The run is closed, its last event is the close event of `status` (e.g. `COMPLETED` →
   * `WorkflowExecutionCompleted`), and the event's attributes include `attributes` (compared with
   * vitest's equality, so asymmetric matchers such as `expect.stringContaining` work).
   */
  toHaveClosedWith(status: CloseStatus, attributes?: Record<string, unknown>): R;
}

declare module 'vitest' {
  // Merges into vitest's own `Matchers<T = any>`; the type parameters must be identical.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    toSatisfySwfInvariants(options?: CheckHistoryOptions): T;
    toHaveClosedWith(status: CloseStatus, attributes?: Record<string, unknown>): T;
  }
}

/** What a matcher returns (vitest's synchronous expectation result). @public */
export interface SwfMatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

function asHistory(received: unknown): readonly HistoryEvent[] | undefined {
  return Array.isArray(received) ? toAscending(received as HistoryEvent[]) : undefined;
}

function notAHistory(state: MatcherState, received: unknown): SwfMatcherResult {
  return {
    pass: false,
    message: () =>
      `expected a history (an array of HistoryEvent), received ${state.utils.printReceived(received)}`,
  };
}

function describeEvent(event: HistoryEvent | undefined): string {
  return event === undefined ? 'no event' : `event ${String(event.eventId)} (${String(event.eventType)})`;
}

/**
 * Vitest matchers for SWF histories: `expect.extend(swfMatchers)`, then
 * `expect(history).toSatisfySwfInvariants()` and `expect(history).toHaveClosedWith('COMPLETED', {result: 'ok'})`.
 * Importing this module adds their types to vitest's `Assertion`.
 * @public
 */
export const swfMatchers = {
  toSatisfySwfInvariants(
    this: MatcherState,
    received: unknown,
    options?: CheckHistoryOptions,
  ): SwfMatcherResult {
    const events = asHistory(received);
    if (events === undefined) return notAHistory(this, received);
    const violations = checkHistory(events, options);
    return {
      pass: violations.length === 0,
      message: () =>
        violations.length === 0
          ? `expected the history of ${String(events.length)} events to break an SWF invariant, but it satisfies all ${String(INVARIANTS.length)}`
          : formatViolations(violations, `The history of ${String(events.length)} events`),
    };
  },

  toHaveClosedWith(
    this: MatcherState,
    received: unknown,
    status: CloseStatus,
    attributes?: Record<string, unknown>,
  ): SwfMatcherResult {
    const events = asHistory(received);
    if (events === undefined) return notAHistory(this, received);
    const wanted = CLOSE_EVENT_OF_STATUS[status] as string | undefined;
    const expectation = `expected the run to have closed with ${String(status)} (${String(wanted)})`;
    if (wanted === undefined) {
      return { pass: false, message: () => `${String(status)} is not a close status` };
    }
    const last = events[events.length - 1];
    const closed = last !== undefined && isEventType(last.eventType) && EVENT_ROLES[last.eventType].close;
    if (!closed) {
      return {
        pass: false,
        message: () => `${expectation}, but it is still open: its last event is ${describeEvent(last)}`,
      };
    }
    if (last.eventType !== wanted) {
      return {
        pass: false,
        message: () =>
          `${expectation}, but it closed with ${describeEvent(last)} ${this.utils.stringify(attributesOf(last))}`,
      };
    }
    const actual = attributesOf(last);
    const expected = attributes ?? {};
    const matches = Object.entries(expected).every(([key, value]) => this.equals(actual[key], value));
    const shown = Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]));
    return {
      pass: matches,
      message: () =>
        matches
          ? `expected the run not to have closed with ${String(status)}${attributes === undefined ? '' : ` and ${this.utils.stringify(attributes)}`}, but ${describeEvent(last)} did`
          : `${expectation} and attributes ${this.utils.stringify(expected)}, but ${describeEvent(last)} has:\n${this.utils.diff(expected, shown) ?? ''}`,
      actual: shown,
      expected,
    };
  },
};
