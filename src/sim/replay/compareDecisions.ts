import type { Decision, DecisionType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../history/appendEvent.js';
import { absentAsZero } from '../history/eventFields.js';
import {
  DECISION_EVENTS,
  decisionAttributes,
  decisionEventRole,
  memberAt,
  type MemberSpec,
} from '../history/decisionEvents.js';

/** One way a decision differs from the event the recording holds for it. @public */
export interface DecisionMismatch {
  /** Position of the decision in the batch, from 0. */
  readonly index: number;
  /**
   * - `type`: the decision is of another type than the one that wrote the recorded event;
   * - `member`: a member differs;
   * - `missing`: the recording has a decision here, the decider made none;
   * - `extra`: the decider made a decision the recording does not have.
   */
  readonly kind: 'type' | 'member' | 'missing' | 'extra';
  /** The recorded event, for `type`, `member` and `missing`. */
  readonly eventId?: number;
  readonly eventType?: string;
  /** The decision type the recording implies, and the one the decider gave. */
  readonly expectedDecisionType?: string;
  readonly actualDecisionType?: string;
  /** For `member`: the decision member, its recorded value and the decider's (undefined = absent). */
  readonly member?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  /** One line a person understands. */
  readonly message: string;
}

/**
 * Compares the decisions a decider made with the events a recorded batch holds for them, pairwise
 * in order (swf-observed §3: one event per decision). A decision matches a success or a failure
 * event of its own type (ScheduleActivityTask ↔ ActivityTaskScheduled or
 * ScheduleActivityTaskFailed, …, all 13 types). Members are compared as the decision determines
 * them: a member the decision gives must equal the recorded one; a member it omits must be absent
 * from the event — unless SWF fills it from the type's registered defaults (task lists,
 * timeouts, child policy, priority, Lambda role), in which case any recorded value matches.
 * Failure events record only the identifying members, so only those are compared.
 * @public
 */
export function compareDecisions(
  recorded: readonly HistoryEvent[],
  actual: readonly Decision[],
): DecisionMismatch[] {
  const mismatches: DecisionMismatch[] = [];
  const count = Math.max(recorded.length, actual.length);
  for (let index = 0; index < count; index++) {
    const event = recorded[index];
    const decision = actual[index];
    if (event === undefined) {
      mismatches.push({
        index,
        kind: 'extra',
        actualDecisionType: String(decision?.decisionType),
        message: `decision ${String(index + 1)}: ${String(decision?.decisionType)} is not in the recording (the recorded batch has ${String(recorded.length)} decision${recorded.length === 1 ? '' : 's'})`,
      });
      continue;
    }
    const role = decisionEventRole(event.eventType);
    const expectedDecisionType = role?.spec.decisionType ?? String(event.eventType);
    const where = `decision ${String(index + 1)} (recorded ${String(event.eventType)}, event ${String(event.eventId)})`;
    if (decision === undefined) {
      mismatches.push({
        index,
        kind: 'missing',
        eventId: event.eventId as number,
        eventType: String(event.eventType),
        expectedDecisionType,
        message: `${where}: the decider made no ${expectedDecisionType} decision`,
      });
      continue;
    }
    if (role === undefined || decision.decisionType !== role.spec.decisionType) {
      mismatches.push({
        index,
        kind: 'type',
        eventId: event.eventId as number,
        eventType: String(event.eventType),
        expectedDecisionType,
        actualDecisionType: String(decision.decisionType),
        message: `${where}: expected a ${expectedDecisionType} decision, the decider made ${String(decision.decisionType)}`,
      });
      continue;
    }
    const members = role.failed ? role.spec.failureMembers : role.spec.successMembers;
    mismatches.push(
      ...compareMembers(members, decisionAttributes(decision), attributesOf(event)).map((m) => ({
        index,
        kind: 'member' as const,
        eventId: event.eventId as number,
        eventType: String(event.eventType),
        expectedDecisionType,
        actualDecisionType: String(decision.decisionType),
        member: m.member,
        expected: m.expected,
        actual: m.actual,
        message: `${where}: ${m.member}: expected ${render(m.expected)}, the decider gave ${render(m.actual)}`,
      })),
    );
  }
  return mismatches;
}

function compareMembers(
  members: readonly MemberSpec[],
  decision: Record<string, unknown>,
  event: Record<string, unknown>,
): { member: string; expected: unknown; actual: unknown }[] {
  const out: { member: string; expected: unknown; actual: unknown }[] = [];
  for (const member of members) {
    const actual = decision[member.decision];
    const expected = memberAt(event, member.event ?? member.decision);
    if (actual === undefined && member.kind === 'defaulted') continue;
    // Absent and zero alike (an exporter may have dropped an empty tagList), on both sides.
    const name = member.event ?? member.decision;
    if (!sameValue(absentAsZero(name, expected), absentAsZero(name, actual))) {
      out.push({ member: member.decision, expected, actual });
    }
  }
  return out;
}

/** Deep equality of JSON-like values where an `undefined` member counts as absent. @internal */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!sameValue(ra[key], rb[key])) return false;
  return true;
}

/** A value as it reads in a report: JSON, or `(absent)`. @internal */
export function render(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Date ? v.toISOString() : v));
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** The attributes key of a decision type (`scheduleActivityTaskDecisionAttributes`). @internal */
export function decisionAttributesKey(type: DecisionType): string {
  return DECISION_EVENTS[type].attributesKey;
}
