import type { HistoryEvent, TaskList } from '@aws-sdk/client-swf';
import { planHeartbeats } from './heartbeats.js';
import { atMs, attrs, closingEvent, optional, type PlanDraft } from './PlanDraft.js';
import type { ReenactStep } from './ReenactmentPlan.js';

/** The attributes of the `ActivityTaskScheduled` an activity event refers to. */
function scheduledActivity(draft: PlanDraft, event: HistoryEvent): Record<string, unknown> {
  return attrs(draft.byId.get(attrs(event).scheduledEventId as number));
}

/** `ActivityTaskStarted`: a worker polls for the task, then heartbeats as the recording implies. @internal */
export function activityStartedStep(draft: PlanDraft, event: HistoryEvent): ReenactStep {
  const eventId = event.eventId as number;
  const scheduled = scheduledActivity(draft, event);
  const activityId = scheduled.activityId as string;
  const task = draft.work.activities.get(attrs(event).scheduledEventId as number);
  const closed = closingEvent(draft, task);
  const plan = planHeartbeats(event, closed, draft.events.at(-1), scheduled, (e) => atMs(draft, e));
  if (plan === 'tooMany') {
    draft.limitations.push(
      `event ${String(eventId)}: the activity ran too long for its heartbeat timeout to plan heartbeats`,
    );
  } else if (plan !== undefined) {
    draft.heartbeats.push({ afterEventId: eventId, activityId, ...plan });
  }
  return {
    eventId,
    atMs: atMs(draft, event),
    kind: 'pollActivity',
    taskList: (scheduled.taskList as TaskList | undefined)?.name ?? '',
    activityId,
    ...optional('identity', attrs(event).identity),
  };
}

/**
 * `ActivityTaskCompleted`, `…Failed`, `…Canceled`: the worker reports the recorded outcome (a
 * task canceled before it started is the service's doing).
 * @internal
 */
export function activityOutcomeStep(
  draft: PlanDraft,
  event: HistoryEvent,
  type: 'ActivityTaskCompleted' | 'ActivityTaskFailed' | 'ActivityTaskCanceled',
): ReenactStep {
  const a = attrs(event);
  const base = { eventId: event.eventId as number, atMs: atMs(draft, event) };
  const activityId = (): string => scheduledActivity(draft, event).activityId as string;
  switch (type) {
    case 'ActivityTaskCompleted':
      return { ...base, kind: 'completeActivity', activityId: activityId(), ...optional('result', a.result) };
    case 'ActivityTaskFailed':
      return {
        ...base,
        kind: 'failActivity',
        activityId: activityId(),
        ...optional('reason', a.reason),
        ...optional('details', a.details),
      };
    case 'ActivityTaskCanceled':
      if (typeof a.startedEventId === 'number' && a.startedEventId !== 0) {
        return {
          ...base,
          kind: 'cancelActivity',
          activityId: activityId(),
          ...optional('details', a.details),
        };
      }
      return { ...base, kind: 'await' };
    default: {
      const unknown: never = type;
      throw new Error(`not an activity outcome: ${String(unknown)}`);
    }
  }
}
