import type { HistoryEvent } from '@aws-sdk/client-swf';
import type { OpenWork, OpenWorkAnomaly, OpenWorkTask, OpenWorkTimer } from './OpenWork.js';

/** One event being folded by `evolveOpenWork`, and the anomalies it raised so far. @internal */
export interface Fold {
  readonly state: OpenWork;
  readonly event: HistoryEvent;
  readonly id: number;
  readonly attrs: Record<string, unknown>;
  readonly ms: number | undefined;
  anomalies: OpenWorkAnomaly[] | undefined;
}

/** Records that the event contradicts the state. @internal */
export function flag(fold: Fold, anomaly: OpenWorkAnomaly): void {
  (fold.anomalies ??= []).push(anomaly);
}

/** Whether an event id lies before an excerpt's first event: not seen, so taken on trust. @internal */
export function beforeExcerpt(state: OpenWork, id: number): boolean {
  return state.excerpt && id < state.firstEventId;
}

/** `…_ALREADY_IN_USE` is only true while that id is open (not judged in an excerpt). @internal */
export function causeSaysInUse(
  fold: Fold,
  work: 'activity' | 'lambda' | 'timer',
  member: string,
  cause: string,
): void {
  if (fold.attrs.cause !== cause || fold.state.excerpt) return;
  const id = String(fold.attrs[member]);
  const open =
    work === 'timer'
      ? fold.state.openTimers
      : work === 'activity'
        ? fold.state.openActivities
        : fold.state.openLambdas;
  if (!open.has(id)) flag(fold, { kind: 'causeNotOpen', work, id, cause });
}

/** `…_UNKNOWN` is only true while no item with that id is open. @internal */
export function causeSaysUnknown(
  fold: Fold,
  open: ReadonlyMap<string, OpenWorkTask | OpenWorkTimer>,
  member: string,
  cause: string,
): OpenWorkTask | OpenWorkTimer | undefined {
  if (fold.attrs.cause !== cause) return undefined;
  const item = open.get(String(fold.attrs[member]));
  if (item !== undefined) flag(fold, { kind: 'causeOpen', open: item, cause });
  return item;
}
