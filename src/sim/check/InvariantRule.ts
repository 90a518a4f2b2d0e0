import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import type { OpenWorkAnomaly, OpenWorkStep } from '../history/OpenWork.js';
import type { CheckContext } from './CheckContext.js';
import type { InvariantName, Violation } from './invariants.js';

/**
 * The event the walker is at. One object is reused from event to event: a rule reads it during
 * the call and keeps `event` (never the wrapper) if it needs it later.
 * @internal
 */
export interface WalkedEvent {
  readonly event: HistoryEvent;
  /** Its position in the history (0-based). */
  readonly index: number;
  /** Its eventId when that is a positive integer. */
  readonly id: number | undefined;
  /** Its eventType when that is one of SWF's. */
  readonly type: EventType | undefined;
  /** Its timestamp in ms when it has a valid one. */
  readonly ms: number | undefined;
}

/** An event the run's state is judged against: valid id and type, before the run's close. @internal */
export interface CheckedEvent extends WalkedEvent {
  readonly id: number;
  readonly type: EventType;
  readonly attrs: Record<string, unknown>;
}

/**
 * One invariant family's part of the single pass. The walker calls each hook of every rule in
 * the order the rules are registered (`rules.ts`), so a violation list comes out in history order,
 * and within one event in a fixed order. Every hook is optional.
 * @internal
 */
export interface InvariantRule {
  /** Every event, as read (even one without a usable id, or after the close). */
  see?(e: WalkedEvent): void;
  /** A checked event, before the fold applies it; `false` keeps the fold from applying it. */
  check?(e: CheckedEvent): boolean;
  /**
   * What the rule does with a checked event of each type once the fold has applied it (its
   * anomalies are already reported). Only the types a rule watches are listed.
   */
  readonly applied?: AppliedHooks;
  /** A checked event, applied or not, once every rule has judged it. */
  settle?(e: CheckedEvent): void;
  /** After the last event. */
  finish?(): void;
}

/** A rule's handling of applied events, by event type. @internal */
export type AppliedHooks = { readonly [T in EventType]?: (e: CheckedEvent, step: OpenWorkStep) => void };

/** What one anomaly of the fold is, in a checker's words. @internal */
export type Wording<K extends OpenWorkAnomaly['kind']> = (
  event: HistoryEvent,
  anomaly: Extract<OpenWorkAnomaly, { kind: K }>,
) => Violation;

/** How a family words the anomalies it judges. @internal */
export type AnomalyWords = { readonly [K in OpenWorkAnomaly['kind']]?: Wording<K> };

/**
 * An invariant family: the invariants it judges, the fold's anomalies it words, and a fresh rule
 * per history.
 * @internal
 */
export interface InvariantFamily {
  readonly invariants: readonly InvariantName[];
  readonly words?: AnomalyWords;
  create(ctx: CheckContext): InvariantRule;
}

/** A finding in the shape a violation has. @internal */
export function finding(invariant: InvariantName, eventIds: number[], message: string): Violation {
  return { invariant, eventIds, message };
}
