import type { HistoryEvent, TaskList } from '@aws-sdk/client-swf';
import { attributesOf } from '../history/appendEvent.js';
import { EVENT_ROLES, isEventType } from '../history/eventRoles.js';
import { decisionEventRole, isFollowUpEvent } from '../history/decisionEvents.js';

/** What the recording says became of a decision task. @public */
export type DecisionPointOutcome =
  | {
      readonly kind: 'completed';
      /** The `DecisionTaskCompleted` event. */
      readonly completed: HistoryEvent;
      /** One event per decision of the batch, in decision order (success or failure events). */
      readonly decisionEvents: readonly HistoryEvent[];
    }
  | { readonly kind: 'timedOut'; readonly timedOut: HistoryEvent }
  | {
      readonly kind: 'notRecorded';
      /** Why the recording has no answer, in a sentence. */
      readonly reason: string;
    };

/**
 * One decision task of a recorded history as `PollForDecisionTask` handed it out: the history up
 * to and including its `DecisionTaskStarted`, with that event's id and the previous one's.
 * @public
 */
export interface DecisionPoint {
  /** 0 for the first decision task of the history, 1 for the next, … */
  readonly index: number;
  readonly scheduledEventId: number;
  /** The `DecisionTaskStarted` event's id: the poll response's `startedEventId`. */
  readonly startedEventId: number;
  /**
   * The `startedEventId` of the last decision task completed before this one started (0 when
   * none): the poll response's `previousStartedEventId` (swf-semantics §6.3).
   */
  readonly previousStartedEventId: number;
  /** How many events of the history the poll response holds (those up to `startedEventId`). */
  readonly eventCount: number;
  /** The decision task list of the `DecisionTaskScheduled` event. */
  readonly taskList?: TaskList;
  /** The poller's identity recorded in `DecisionTaskStarted`. */
  readonly identity?: string;
  readonly outcome: DecisionPointOutcome;
}

/**
 * Every decision point of an ascending history, in order (swf-semantics §6.3): one per
 * `DecisionTaskStarted`, with the events the decider would have been given, and the decisions
 * the recording shows it made — the events of the batch that follows the matching
 * `DecisionTaskCompleted` (swf-observed §3: contiguous, one event per decision, in order).
 * @public
 */
export function decisionPoints(events: readonly HistoryEvent[]): DecisionPoint[] {
  const positionOf = new Map<number, number>();
  events.forEach((event, position) => {
    if (typeof event.eventId === 'number') positionOf.set(event.eventId, position);
  });
  const completedByStarted = new Map<number, number>();
  const timedOutByStarted = new Map<number, number>();
  events.forEach((event, position) => {
    const started = attributesOf(event).startedEventId;
    if (typeof started !== 'number') return;
    if (event.eventType === 'DecisionTaskCompleted') completedByStarted.set(started, position);
    else if (event.eventType === 'DecisionTaskTimedOut') timedOutByStarted.set(started, position);
  });
  const closePosition = events.findIndex((e) => isEventType(e.eventType) && EVENT_ROLES[e.eventType].close);

  const points: DecisionPoint[] = [];
  let previousStartedEventId = 0;
  events.forEach((event, position) => {
    if (event.eventType === 'DecisionTaskCompleted') {
      const started = attributesOf(event).startedEventId;
      if (typeof started === 'number') previousStartedEventId = started;
      return;
    }
    if (event.eventType !== 'DecisionTaskStarted') return;
    const startedEventId = event.eventId as number;
    const attributes = attributesOf(event);
    const scheduledEventId = attributes.scheduledEventId as number;
    const scheduledPosition = positionOf.get(scheduledEventId);
    const scheduled = scheduledPosition === undefined ? undefined : events[scheduledPosition];
    const taskList = scheduled === undefined ? undefined : attributesOf(scheduled).taskList;
    const identity = attributes.identity;
    points.push({
      index: points.length,
      scheduledEventId,
      startedEventId,
      previousStartedEventId,
      eventCount: position + 1,
      ...(taskList !== undefined && { taskList: taskList as TaskList }),
      ...(typeof identity === 'string' && { identity }),
      outcome: outcomeOf(
        events,
        startedEventId,
        position,
        completedByStarted,
        timedOutByStarted,
        closePosition,
      ),
    });
  });
  return points;
}

function outcomeOf(
  events: readonly HistoryEvent[],
  startedEventId: number,
  startedPosition: number,
  completedByStarted: ReadonlyMap<number, number>,
  timedOutByStarted: ReadonlyMap<number, number>,
  closePosition: number,
): DecisionPointOutcome {
  const completedPosition = completedByStarted.get(startedEventId);
  if (completedPosition !== undefined) {
    const completed = events[completedPosition] as HistoryEvent;
    return { kind: 'completed', completed, decisionEvents: batchDecisionEvents(events, completedPosition) };
  }
  const timedOutPosition = timedOutByStarted.get(startedEventId);
  if (timedOutPosition !== undefined) {
    return { kind: 'timedOut', timedOut: events[timedOutPosition] as HistoryEvent };
  }
  if (closePosition > startedPosition) {
    const close = events[closePosition] as HistoryEvent;
    return {
      kind: 'notRecorded',
      reason: `the run closed (${String(close.eventType)}, event ${String(close.eventId)}) before the decision task completed`,
    };
  }
  return { kind: 'notRecorded', reason: 'the history ends before the decision task completed' };
}

/**
 * The decision events of the batch after the `DecisionTaskCompleted` at `completedPosition`:
 * the contiguous events written by its decisions (those naming it in
 * `decisionTaskCompletedEventId`), without the follow-ups of an event of the same batch.
 */
export function batchDecisionEvents(
  events: readonly HistoryEvent[],
  completedPosition: number,
): HistoryEvent[] {
  const completedEventId = events[completedPosition]?.eventId;
  const out: HistoryEvent[] = [];
  for (let position = completedPosition + 1; position < events.length; position++) {
    const event = events[position] as HistoryEvent;
    if (decisionEventRole(event.eventType) === undefined) break;
    const owner = attributesOf(event).decisionTaskCompletedEventId;
    if (owner !== undefined && owner !== completedEventId) break;
    if (!isFollowUpEvent(event)) out.push(event);
  }
  return out;
}
