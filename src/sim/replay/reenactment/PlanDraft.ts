import type { HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../../history/appendEvent.js';
import type { OpenWork } from '../../history/OpenWork.js';
import type { HeartbeatPlan } from './heartbeats.js';
import type { LambdaOutcome, ReenactmentPlan } from './ReenactmentPlan.js';
import type { TypeTimelines } from './typeTimelines.js';

/**
 * What planning gathers while it walks the recorded history, besides one step per event: the
 * notes each event's planner leaves for the plan (types to register, stand-ins, heartbeats, …).
 * @internal
 */
export interface PlanDraft {
  readonly events: readonly HistoryEvent[];
  readonly byId: ReadonlyMap<number, HistoryEvent>;
  /** The whole history folded (`foldOpenWork`): each task's, child's and request's outcome by id. */
  readonly work: OpenWork;
  /** The instant of the first recorded event (epoch ms), or undefined without timestamps. */
  readonly startMs: number | undefined;
  readonly workflowId: string;
  readonly start: ReenactmentPlan['start'];
  readonly parent: ReenactmentPlan['parent'];
  readonly limitations: string[];
  readonly types: TypeTimelines;
  readonly lambdas: LambdaOutcome[];
  readonly standIns: Set<string>;
  readonly childIds: Set<string>;
  readonly recordedRunIds: Map<string, string[]>;
  readonly senders: Map<string, { workflowId: string; runId?: string }>;
  readonly heartbeats: HeartbeatPlan[];
  /** Whether some recorded `DecisionTaskScheduled` carries `scheduleToStartTimeout`. */
  decisionScheduleToStart: boolean | undefined;
  lambdaAvailable: boolean;
  maxHistoryEvents: number | undefined;
}

/** Where `event` was recorded, in ms after the run's start (undefined without timestamps). @internal */
export function atMs(draft: PlanDraft, event: HistoryEvent | undefined): number | undefined {
  const t = event?.eventTimestamp?.getTime();
  return t === undefined || draft.startMs === undefined ? undefined : t - draft.startMs;
}

/** The event that closed a task, timer, child or external request, when the history holds one. @internal */
export function closingEvent(
  draft: PlanDraft,
  item: { readonly closedEventId: number } | undefined,
): HistoryEvent | undefined {
  return item === undefined || item.closedEventId === 0 ? undefined : draft.byId.get(item.closedEventId);
}

/** An event's attributes; none for a missing event. @internal */
export function attrs(event: HistoryEvent | undefined): Record<string, unknown> {
  return event === undefined ? {} : attributesOf(event);
}

/** `{ [key]: value }` when `value` is a string, else nothing: the optional members of a step. @internal */
export function optional<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

/** Notes a recorded runId of another execution, in order of appearance. @internal */
export function noteRunId(draft: PlanDraft, workflowId: string | undefined, runId: unknown): void {
  if (workflowId === undefined || typeof runId !== 'string') return;
  const list = draft.recordedRunIds.get(workflowId) ?? [];
  if (!list.includes(runId)) list.push(runId);
  draft.recordedRunIds.set(workflowId, list);
}

/** Notes an execution whose signal or cancel request reaches the run: a stand-in sends it again. @internal */
export function noteSender(draft: PlanDraft, sender: { workflowId?: string; runId?: string }): void {
  const id = sender.workflowId as string;
  if (
    id === draft.parent?.workflowId ||
    id === draft.workflowId ||
    draft.childIds.has(id) ||
    draft.senders.has(id)
  )
    return;
  draft.senders.set(id, { workflowId: id, ...(sender.runId !== undefined && { runId: sender.runId }) });
}
