/**
 * The trace notes of injected faults, written and read here only. A note is named after its fault's
 * kind ({@link FAULT_KINDS}), or `replyLatency` (latency on the reply side) or `crash@reply` (the
 * actor dies as the reply arrives); a fault that delays adds its delay (`latency+250`,
 * `slowWork+60000`); an activity failure names its task (`activityFailure FlakyActivity#2`).
 * Any other note (`backoff+37`, the SDK's own retry backoff) names no fault.
 */
import { FAULT_KINDS, type FaultKind } from './FaultPlan.js';

/** The name a fault's trace note starts with. @internal */
export type FaultNoteName = FaultKind | 'replyLatency' | 'crash@reply';

/** Longer names first, so `crash@reply` is not read as `crash`. */
const NOTE_NAMES: readonly FaultNoteName[] = ['crash@reply', 'replyLatency', ...FAULT_KINDS];
const FAULT_NOTE = new RegExp(`^(${NOTE_NAMES.join('|')})(?:\\+(\\d+))?(?: |$)`);

/** A fault's trace note: its name, and its delay when it delays. @internal */
export function faultNote(name: FaultNoteName, delayMs?: number): string {
  return delayMs === undefined ? name : `${name}+${delayMs}`;
}

/** The trace note of an injected failure of an activity task's attempt. @internal */
export function activityFailureNote(activityType: string, attempt: number): string {
  return `${faultNote('activityFailure')} ${activityType}#${attempt}`;
}

/** What a trace note says of an injected fault: its name and delay; undefined when it names none. @internal */
export interface ReadFaultNote {
  readonly name: FaultNoteName;
  /** The request, reply or work is delayed by this much (ms): the fault lasts a while. */
  readonly delayMs: number | undefined;
}

/** Reads a trace note; undefined when it names no injected fault. @internal */
export function readFaultNote(note: string): ReadFaultNote | undefined {
  const match = FAULT_NOTE.exec(note);
  if (match === null) return undefined;
  return { name: match[1] as FaultNoteName, delayMs: match[2] === undefined ? undefined : Number(match[2]) };
}
