/**
 * `decisionTaskSlots`, `decisionTaskScheduledWhenNeeded`, `decisionBatchContiguous`,
 * `unhandledDecision`: decision tasks are scheduled when needed, one waiting and one started at a
 * time, and each batch is written whole (docs/invariants.md).
 */
import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { DECISION_EVENTS, isInitiatedFailureType } from '../../history/decisionEvents.js';
import { eventIdIn } from '../../history/eventFields.js';
import { EVENT_ROLES } from '../../history/eventRoles.js';
import type { DecisionTaskSlot } from '../../history/OpenWork.js';
import type { CheckContext } from '../CheckContext.js';
import { label } from '../format.js';
import {
  finding,
  type AppliedHooks,
  type CheckedEvent,
  type InvariantFamily,
  type InvariantRule,
} from '../InvariantRule.js';

/** The events a DecisionTaskCompleted produced, as far as they have been read. */
interface Batch {
  readonly dtcId: number;
  /** The first event its decider had not seen when it completed the task. */
  readonly unseen: HistoryEvent | undefined;
  /** The task it completed is known (not before an excerpt, not a slot mismatch). */
  readonly startKnown: boolean;
  /** The batch's first decision failure that needs a decision. */
  failure?: HistoryEvent;
}

/** The DecisionTaskCompleted whose batch this event belongs to, if it is a decision's event. */
function batchOf(type: EventType, attrs: Record<string, unknown>): number | undefined {
  if (!EVENT_ROLES[type].decision) return undefined;
  // Failures of initiated work also carry decisionTaskCompletedEventId but arrive on their own.
  if (isInitiatedFailureType(type) && eventIdIn(attrs, 'initiatedEventId') !== 0) return undefined;
  const dtc = eventIdIn(attrs, 'decisionTaskCompletedEventId');
  return Number.isNaN(dtc) || dtc === 0 ? undefined : dtc;
}

/** Close decisions (CompleteWorkflowExecution, …): the events they write and their failures. */
const CLOSE_SPECS = Object.values(DECISION_EVENTS).filter((spec) => EVENT_ROLES[spec.success].close);
const CLOSE_DECISIONS = CLOSE_SPECS.map((spec) => spec.success);
const CLOSE_DECISION_FAILURES = CLOSE_SPECS.map((spec) => spec.failure);

class DecisionTaskRule implements InvariantRule {
  private batch: Batch | undefined;
  /** An event that needs a decision, with no decision task scheduled for it yet. */
  private needs: { event: HistoryEvent; batch: number | undefined } | undefined;
  /** The first event the decider of the started task `by` has not seen. */
  private unseen: { by: DecisionTaskSlot; event: HistoryEvent } | undefined;
  /** The current event's batch (`check` works it out for the hooks after it). */
  private batchOfEvent: number | undefined;

  constructor(private readonly ctx: CheckContext) {}

  check(e: CheckedEvent): boolean {
    this.batchOfEvent = batchOf(e.type, e.attrs);
    this.checkBatch(e.event, this.batchOfEvent);
    this.checkNeedsFollowedUp(e.event, e.type, this.batchOfEvent);
    return true;
  }

  readonly applied: AppliedHooks = {
    DecisionTaskCompleted: (e, step) => {
      const started = step.subject as DecisionTaskSlot | undefined;
      this.batch = {
        dtcId: e.id,
        unseen: started !== undefined && this.unseen?.by === started ? this.unseen.event : undefined,
        startKnown: started !== undefined,
      };
    },
    ...Object.fromEntries(
      CLOSE_DECISIONS.map((type) => [type, (e: CheckedEvent) => this.checkCloseDecision(e)]),
    ),
    ...Object.fromEntries(
      CLOSE_DECISION_FAILURES.map((type) => [type, (e: CheckedEvent) => this.checkCloseDecisionFailure(e)]),
    ),
  };

  settle(e: CheckedEvent): void {
    this.trackBatch(e.id, e.type, this.batchOfEvent);
    if (EVENT_ROLES[e.type].needsDecision) this.noteNeed(e.event, this.batchOfEvent);
  }

  finish(): void {
    const needs = this.needs;
    if (needs === undefined || !this.ctx.endsJudgeable()) return;
    this.ctx.report(
      'decisionTaskScheduledWhenNeeded',
      [needs.event.eventId as number],
      `${label(needs.event)} needs a decision and no decision task was scheduled, yet the history ends without a DecisionTaskScheduled.`,
    );
  }

  // --- Batches ---------------------------------------------------------------------------------

  private checkBatch(event: HistoryEvent, batchOf: number | undefined): void {
    if (batchOf === undefined) return;
    const { ctx } = this;
    if (ctx.beforeExcerpt(batchOf) && this.batch === undefined && ctx.previous === undefined) return;
    if (this.batch?.dtcId === batchOf) return;
    const previous = ctx.previous;
    ctx.report(
      'decisionBatchContiguous',
      previous === undefined
        ? [event.eventId as number, batchOf]
        : [event.eventId as number, batchOf, previous.eventId as number],
      `${label(event)} was produced by the decisions of event ${String(batchOf)} (DecisionTaskCompleted) but does not follow that batch directly` +
        (previous === undefined ? '.' : `: ${label(previous)} comes between.`),
    );
  }

  /** Which batch the next event may continue: this DecisionTaskCompleted's, or this event's. */
  private trackBatch(id: number, type: EventType, batchOf: number | undefined): void {
    if (type === 'DecisionTaskCompleted') {
      // applied() opened the batch with what the decider had not seen; if it could not, open a bare one.
      if (this.batch?.dtcId !== id) this.batch = { dtcId: id, unseen: undefined, startKnown: false };
      return;
    }
    if (batchOf !== undefined && this.batch?.dtcId === batchOf) return;
    this.batch = undefined;
  }

  private checkCloseDecision({ event }: CheckedEvent): void {
    const batch = this.batch;
    const batchOf = this.batchOfEvent;
    if (batchOf === undefined || batch?.dtcId !== batchOf || batch.unseen === undefined) return;
    this.ctx.report(
      'unhandledDecision',
      [event.eventId as number, batch.unseen.eventId as number],
      `${label(event)} closes the run although ${label(batch.unseen)} arrived while the decider was working and was never seen; SWF fails such a close with UNHANDLED_DECISION.`,
    );
  }

  private checkCloseDecisionFailure({ event, attrs }: CheckedEvent): void {
    const batch = this.batch;
    if (attrs.cause !== 'UNHANDLED_DECISION' || batch === undefined || !batch.startKnown) return;
    if (batch.unseen !== undefined || batch.failure !== undefined) return;
    this.ctx.report(
      'unhandledDecision',
      [event.eventId as number, batch.dtcId],
      `${label(event)} reports UNHANDLED_DECISION, but no event arrived while the decision task completed by event ${String(batch.dtcId)} was being worked on.`,
    );
  }

  // --- Decision tasks are scheduled when needed ------------------------------------------------

  private noteNeed(event: HistoryEvent, batchOf: number | undefined): void {
    const { work } = this.ctx;
    const started = work.startedDecision;
    if (started !== undefined && batchOf === undefined && this.unseen?.by !== started) {
      this.unseen = { by: started, event };
    }
    if (batchOf !== undefined && this.batch?.dtcId === batchOf) this.batch.failure ??= event;
    if (work.scheduledDecision === undefined && work.decisionSlotsKnown)
      this.needs ??= { event, batch: batchOf };
  }

  private checkNeedsFollowedUp(event: HistoryEvent, type: EventType, batchOf: number | undefined): void {
    const needs = this.needs;
    if (needs === undefined) return;
    if (type === 'DecisionTaskScheduled' || EVENT_ROLES[type].close) {
      this.needs = undefined;
      return;
    }
    if (needs.batch !== undefined && batchOf === needs.batch) return;
    this.needs = undefined;
    this.ctx.report(
      'decisionTaskScheduledWhenNeeded',
      [needs.event.eventId as number, event.eventId as number],
      `${label(needs.event)} needs a decision and no decision task was scheduled, yet ${label(event)} follows ` +
        `${needs.batch === undefined ? 'it' : 'its batch'} without a DecisionTaskScheduled.`,
    );
  }
}

/** Decision tasks and their batches. @internal */
export const decisionTasks = {
  invariants: [
    'decisionTaskSlots',
    'decisionTaskScheduledWhenNeeded',
    'decisionBatchContiguous',
    'unhandledDecision',
  ],
  words: {
    secondDecisionTaskScheduled: (event, { open }) =>
      finding(
        'decisionTaskSlots',
        [event.eventId as number, open.scheduledEventId],
        `${label(event)} schedules a second decision task while the one scheduled by event ${String(open.scheduledEventId)} has not started; SWF keeps at most one scheduled.`,
      ),
    secondDecisionTaskStarted: (event, { open }) =>
      finding(
        'decisionTaskSlots',
        [event.eventId as number, open.startedEventId],
        `${label(event)} starts a decision task while the one started by event ${String(open.startedEventId)} is still open; SWF hands out one at a time.`,
      ),
    decisionTaskNotWaiting: (event, { scheduledEventId, waiting }) => {
      const id = event.eventId as number;
      if (event.eventType === 'DecisionTaskTimedOut') {
        return finding(
          'decisionTaskSlots',
          [id, scheduledEventId],
          `${label(event)} times out the decision task of event ${String(scheduledEventId)} before it started, but that task is not waiting to start (or startedEventId is not 0).`,
        );
      }
      return finding(
        'decisionTaskSlots',
        waiting === undefined ? [id, scheduledEventId] : [id, scheduledEventId, waiting.scheduledEventId],
        waiting === undefined
          ? `${label(event)} starts the decision task of event ${String(scheduledEventId)}, but no decision task is waiting to start.`
          : `${label(event)} starts the decision task of event ${String(scheduledEventId)}, but the task waiting to start is the one of event ${String(waiting.scheduledEventId)}.`,
      );
    },
    decisionTaskNotStarted: (event, { scheduledEventId, startedEventId, open }) =>
      finding(
        'decisionTaskSlots',
        open === undefined
          ? [event.eventId as number, startedEventId]
          : [event.eventId as number, startedEventId, open.startedEventId],
        open === undefined
          ? `${label(event)} closes the decision task started by event ${String(startedEventId)}, but no decision task is started.`
          : `${label(event)} names scheduledEventId ${String(scheduledEventId)} / startedEventId ${String(startedEventId)}, but the open decision task is the one of events ${String(open.scheduledEventId)} / ${String(open.startedEventId)}.`,
      ),
  },
  create: (ctx: CheckContext) => new DecisionTaskRule(ctx),
} satisfies InvariantFamily;
