import type { HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../../history/appendEvent.js';
import { atMs, attrs, closingEvent, type PlanDraft } from './PlanDraft.js';
import type { LambdaOutcome, ReenactStep } from './ReenactmentPlan.js';

/** `LambdaFunctionScheduled`: the simulated function is to do again what the recorded one did. @internal */
export function lambdaScheduledStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const outcome = lambdaOutcome(draft, event, attrs(event));
  if (outcome !== undefined) draft.lambdas.push(outcome);
  return { eventId: event.eventId as number, atMs: atMs(draft, event), kind: 'await' };
}

/** `LambdaFunctionFailed`: written by the service; its details must be of the simulator's form. @internal */
export function lambdaFailedStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const a = attrs(event);
  const eventId = event.eventId as number;
  if (!isLambdaErrorDetails(a.details, a.reason)) {
    draft.limitations.push(
      `event ${String(eventId)}: the simulator writes a failed Lambda's details as {"errorMessage", "errorType"} JSON; these recorded details are not of that form`,
    );
  }
  return { eventId, atMs: atMs(draft, event), kind: 'await' };
}

/** What the recorded Lambda task scheduled by `scheduled` did, and how long it took. */
function lambdaOutcome(
  draft: PlanDraft,
  scheduled: HistoryEvent,
  a: Record<string, unknown>,
): LambdaOutcome | undefined {
  const work = draft.work.lambdas.get(scheduled.eventId as number);
  const end = closingEvent(draft, work);
  if (end?.eventType === 'StartLambdaFunctionFailed') return undefined;
  // The function runs from its recorded start (the re-enactment starts it then), else the batch.
  const startMs =
    work?.startedMs ?? draft.byId.get(a.decisionTaskCompletedEventId as number)?.eventTimestamp?.getTime();
  const endMs = end?.eventTimestamp?.getTime();
  const durationMs = startMs !== undefined && endMs !== undefined ? Math.max(0, endMs - startMs) : 0;
  const name = a.name as string;
  const startedEventId = work?.startedEventId ?? 0;
  const o = end === undefined ? {} : attributesOf(end);
  const text = (value: unknown, otherwise: string): string => (typeof value === 'string' ? value : otherwise);
  if (end?.eventType === 'LambdaFunctionCompleted') {
    return { name, startedEventId, durationMs, outcome: { kind: 'completed', result: text(o.result, '') } };
  }
  if (end?.eventType === 'LambdaFunctionFailed') {
    return {
      name,
      startedEventId,
      durationMs,
      outcome: {
        kind: 'failed',
        reason: text(o.reason, 'Error'),
        ...(typeof o.details === 'string' && { details: o.details }),
      },
    };
  }
  if (end?.eventType === 'LambdaFunctionTimedOut')
    return { name, startedEventId, durationMs, outcome: { kind: 'timedOut' } };
  return { name, startedEventId, durationMs: Number.MAX_SAFE_INTEGER, outcome: { kind: 'open' } };
}

/** Whether a failed Lambda's details are what the simulator writes for an error of name `reason`. */
function isLambdaErrorDetails(details: unknown, reason: unknown): boolean {
  if (typeof details !== 'string') return false;
  try {
    const parsed = JSON.parse(details) as { errorMessage?: unknown; errorType?: unknown };
    return (
      JSON.stringify({ errorMessage: parsed.errorMessage, errorType: parsed.errorType }) === details &&
      parsed.errorType === reason
    );
  } catch {
    return false;
  }
}
