import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf, eventAttributesKey } from '../history/appendEvent.js';
import { DeadlineQueue } from './DeadlineQueue.js';
import { isInitiatedFailureType } from '../history/decisionEvents.js';
import { ACTIVITY_TIMEOUT_MEMBER, eventIdIn, eventTimeMs } from '../history/eventFields.js';
import { evolveOpenWork } from '../history/evolveOpenWork.js';
import {
  createOpenWork,
  hasOpenWork,
  type DecisionTaskSlot,
  type OpenWork,
  type OpenWorkAnomaly,
  type OpenWorkItem,
  type OpenWorkTask,
  type OpenWorkTimer,
} from '../history/OpenWork.js';
import { EVENT_ROLES, isEventType } from '../history/eventRoles.js';
import type { InvariantName, Violation } from './invariants.js';
import { isNewestFirst } from './toAscending.js';

/** Options of {@link checkHistory}. @public */
export interface CheckHistoryOptions {
  /**
   * The history may stop anywhere, as the `events` of a `PollForDecisionTask` response do:
   * nothing is required after its last event (no liveness, no pending decision task, no `now`).
   * Default: detected — a history without a close event whose last event is `DecisionTaskStarted`.
   */
  readonly prefix?: boolean;
  /**
   * The history is an excerpt that begins after event 1 (a `GetWorkflowExecutionHistory` page,
   * a documentation snippet): ids must run on consecutively from its first id, references to
   * events before it are taken on trust, and whatever it cannot see (the start, tasks opened
   * before it) is not judged. Default: detected — the first event id is greater than 1.
   * Pass `false` to insist on a complete history.
   */
  readonly excerpt?: boolean;
  /**
   * The time the history was read. For an open run, a timeout due well before `now` that has not
   * fired is reported (`timeoutsNotMissed`), and no event may be dated after `now`.
   */
  readonly now?: Date;
  /**
   * How late a timeout may fire before `timeoutsNotMissed` reports it. Real SWF fired every
   * recorded timeout within 0.14 s (swf-observed §5). Default 1000 ms.
   */
  readonly lateToleranceMs?: number;
  /** Invariants not to judge, e.g. `['noIdleOpenExecution']` for a run that waits for a signal. */
  readonly ignore?: readonly InvariantName[];
}

/**
 * Checks a history (simulated or recorded, oldest event first — see `toAscending`) against the
 * named SWF invariants of {@link INVARIANTS} and returns what is broken, in history order; an
 * empty array means the history is one SWF could have written. Pure and single-pass: O(n) plus
 * O(log k) per armed timeout.
 * @public
 */
export function checkHistory(
  events: readonly HistoryEvent[],
  options: CheckHistoryOptions = {},
): Violation[] {
  return new HistoryChecker(events, options).run();
}

/** How a history is shaped, as {@link checkHistory} detects it when the options do not say. @public */
export interface HistoryShape {
  /** It has a close event. */
  readonly closed: boolean;
  /** It stops at a DecisionTaskStarted without a close, as a PollForDecisionTask response does. */
  readonly prefix: boolean;
  /** It begins after event 1 (a page or a documentation excerpt). */
  readonly excerpt: boolean;
}

/** Detects the shape of an oldest-first history, honouring explicit `options`. @public */
export function historyShape(
  events: readonly HistoryEvent[],
  options: CheckHistoryOptions = {},
): HistoryShape {
  const first = events[0]?.eventId;
  const last = events[events.length - 1];
  const closed = events.some((e) => isEventType(e.eventType) && EVENT_ROLES[e.eventType].close);
  return {
    closed,
    prefix: options.prefix ?? (!closed && last?.eventType === 'DecisionTaskStarted'),
    excerpt: options.excerpt ?? (typeof first === 'number' && first > 1),
  };
}

const DEFAULT_LATE_TOLERANCE_MS = 1000;

/** An event the fold has applied, with what it found. */
interface Folded {
  readonly event: HistoryEvent;
  readonly attrs: Record<string, unknown>;
  readonly ms: number | undefined;
  readonly batchOf: number | undefined;
  readonly subject: OpenWorkItem | undefined;
  /** The fold found nothing wrong with it. */
  readonly accepted: boolean;
}

interface Batch {
  readonly dtcId: number;
  readonly unseen: HistoryEvent | undefined;
  readonly startKnown: boolean;
  failure?: HistoryEvent;
}

const CHILD_CLOSES = new Set<EventType>([
  'ChildWorkflowExecutionCompleted',
  'ChildWorkflowExecutionFailed',
  'ChildWorkflowExecutionCanceled',
  'ChildWorkflowExecutionTerminated',
  'ChildWorkflowExecutionTimedOut',
]);
const EXTERNAL_OUTCOMES = new Set<EventType>([
  'ExternalWorkflowExecutionSignaled',
  'ExternalWorkflowExecutionCancelRequested',
  'SignalExternalWorkflowExecutionFailed',
  'RequestCancelExternalWorkflowExecutionFailed',
]);

function label(event: HistoryEvent): string {
  return `event ${String(event.eventId)} (${String(event.eventType)})`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Milliseconds of an SWF duration string, 'NONE', or undefined when absent or malformed. */
function durationMs(value: unknown): number | 'NONE' | undefined {
  if (value === 'NONE') return 'NONE';
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value) * 1000;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

const idIn = eventIdIn;

function kindName(kind: OpenWorkTask['kind']): string {
  return kind === 'activity' ? 'activity' : 'Lambda';
}

function lifecycleOf(kind: 'activity' | 'lambda' | 'timer'): InvariantName {
  return kind === 'activity' ? 'activityLifecycle' : kind === 'lambda' ? 'lambdaLifecycle' : 'timerLifecycle';
}

/** A decision task's startToCloseTimeout, as its DecisionTaskScheduled wrote it. */
function startToCloseOf(slot: DecisionTaskSlot): string | undefined {
  const value = slot.scheduledAttributes.startToCloseTimeout;
  return typeof value === 'string' ? value : undefined;
}

function execution(value: unknown): { workflowId?: unknown; runId?: unknown } {
  return typeof value === 'object' && value !== null ? value : {};
}

/** The single pass behind {@link checkHistory}. @internal */
class HistoryChecker {
  private readonly violations: Violation[] = [];
  private readonly ignore: ReadonlySet<InvariantName>;
  private readonly lateToleranceMs: number;
  private readonly firstId: number;
  private readonly excerpt: boolean;
  /** What is open in the run: the one fold over a history, shared with the snapshot import. */
  private readonly work: OpenWork;

  /** Events seen so far, by id. */
  private readonly byId = new Map<number, HistoryEvent>();
  private readonly deadlines = new DeadlineQueue();

  // Envelope / order.
  private previous: HistoryEvent | undefined;
  private previousId: number | undefined;
  private readonly seenIds = new Set<number>();
  private maxId = 0;
  private lastTimedEvent: HistoryEvent | undefined;
  private lastTimedMs = 0;
  private start: { event: HistoryEvent; ms: number | undefined } | undefined;
  private closeEvent: HistoryEvent | undefined;
  private afterClose = 0;

  // Decision tasks.
  private latestOverrideScheduleToStart: unknown;
  private batch: Batch | undefined;
  private needs: { event: HistoryEvent; batch: number | undefined } | undefined;
  /** The first event the decider of the started task `by` has not seen. */
  private unseen: { by: DecisionTaskSlot; event: HistoryEvent } | undefined;

  // What the fold does not keep.
  private readonly everScheduledActivityIds = new Set<string>();
  /** Tasks and timers already reported overdue, so that each is reported once. */
  private readonly overdue = new WeakSet<OpenWorkItem>();

  constructor(
    private readonly events: readonly HistoryEvent[],
    private readonly options: CheckHistoryOptions,
  ) {
    this.ignore = new Set(options.ignore ?? []);
    this.lateToleranceMs = options.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;
    this.work = createOpenWork(events, options.excerpt);
    this.firstId = this.work.firstEventId;
    this.excerpt = this.work.excerpt;
  }

  run(): Violation[] {
    if (this.events.length === 0) {
      this.report('startedFirst', [], 'The history is empty: SWF writes at least WorkflowExecutionStarted.');
      return this.violations;
    }
    if (isNewestFirst(this.events)) {
      const first = this.events[0]?.eventId;
      const last = this.events[this.events.length - 1]?.eventId;
      this.report(
        'eventIdsSequential',
        [],
        `The events are newest-first (ids ${String(first)} down to ${String(last)}); the checker reads oldest-first histories: pass them through toAscending() first.`,
      );
      return this.violations;
    }
    this.events.forEach((event, index) => this.visit(event, index));
    this.finish();
    return this.violations;
  }

  private report(invariant: InvariantName, eventIds: number[], message: string): void {
    if (!this.ignore.has(invariant))
      this.violations.push({ invariant, eventIds, message: capitalize(message) });
  }

  // ---------------------------------------------------------------------------------------------
  // One event.

  private visit(event: HistoryEvent, index: number): void {
    const type = this.checkEnvelope(event);
    const id = event.eventId;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
      this.previous = event;
      return;
    }
    this.checkId(event, id);
    const ms = this.checkTimestamp(event);

    if (type !== undefined) this.checkPosition(event, type, index);
    if (type !== undefined && this.closeEvent === undefined) {
      if (ms !== undefined) this.checkOverdue(ms, event);
      const attrs = attributesOf(event);
      const role = EVENT_ROLES[type];
      const batchOf = this.batchOf(type, attrs);
      this.checkBatch(event, batchOf);
      this.checkNeedsFollowedUp(event, type, batchOf);
      if (this.checkReferences(event, type, attrs)) this.apply(event, type, attrs, ms, batchOf);
      this.trackBatch(event, type, batchOf);
      if (role.needsDecision) this.noteNeed(event, batchOf);
      if (role.close) this.closeEvent = event;
    }
    this.byId.set(id, event);
    this.previous = event;
  }

  private checkEnvelope(event: HistoryEvent): EventType | undefined {
    const id = event.eventId;
    const name =
      typeof id === 'number' ? `Event ${String(id)}` : `The event at position ${this.positionOf(event)}`;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
      this.report('eventEnvelope', [], `${name} has eventId ${quote(id)}, which is not a positive integer.`);
    }
    const ts = event.eventTimestamp as unknown;
    if (ts !== undefined && !(ts instanceof Date && !Number.isNaN(ts.getTime()))) {
      this.report(
        'eventEnvelope',
        typeof id === 'number' ? [id] : [],
        `${name} has eventTimestamp ${quote(ts)}, which is not a valid Date (convert epoch seconds or ISO strings when loading).`,
      );
    }
    const type = event.eventType as unknown;
    if (!isEventType(type)) {
      this.report(
        'eventEnvelope',
        typeof id === 'number' ? [id] : [],
        `${name} has eventType ${quote(type)}, which is not an SWF event type.`,
      );
      return undefined;
    }
    const key = eventAttributesKey(type);
    const record = event as unknown as Record<string, unknown>;
    const own = record[key];
    if (typeof own !== 'object' || own === null) {
      this.report(
        'eventEnvelope',
        typeof id === 'number' ? [id] : [],
        `${name} (${type}) has no ${key} object.`,
      );
    }
    let foreign: string[] | undefined;
    for (const member in record) {
      if (member !== key && member.endsWith('EventAttributes') && record[member] !== undefined) {
        (foreign ??= []).push(member);
      }
    }
    if (foreign !== undefined) {
      this.report(
        'eventEnvelope',
        typeof id === 'number' ? [id] : [],
        `${name} (${type}) also carries ${foreign.join(', ')}; SWF writes exactly one attributes member, ${key}.`,
      );
    }
    return type;
  }

  private positionOf(event: HistoryEvent): string {
    return String(this.events.indexOf(event) + 1);
  }

  private checkId(event: HistoryEvent, id: number): void {
    if (this.seenIds.has(id)) {
      this.report(
        'eventIdsSequential',
        [id],
        `Event id ${String(id)} appears twice (${label(event)} repeats it).`,
      );
    } else if (this.previousId !== undefined && id < this.previousId) {
      this.report(
        'eventIdsSequential',
        [id, this.previousId],
        `${label(event)} comes after event ${String(this.previousId)}: ids must increase by one.`,
      );
    }
    this.seenIds.add(id);
    this.previousId = id;
    if (id > this.maxId) this.maxId = id;
  }

  private checkTimestamp(event: HistoryEvent): number | undefined {
    const ts = event.eventTimestamp as unknown;
    if (!(ts instanceof Date)) return undefined;
    const ms = ts.getTime();
    if (Number.isNaN(ms)) return undefined;
    const last = this.lastTimedEvent;
    if (last !== undefined && ms < this.lastTimedMs) {
      this.report(
        'timestampsNonDecreasing',
        [event.eventId as number, last.eventId as number],
        `${label(event)} is dated ${seconds(this.lastTimedMs - ms)} before ${label(last)}, which precedes it; timestamps never decrease.`,
      );
    }
    const now = this.options.now?.getTime();
    if (now !== undefined && ms > now) {
      this.report(
        'timestampsNonDecreasing',
        [event.eventId as number],
        `${label(event)} is dated ${seconds(ms - now)} after \`now\` (${String(this.options.now?.toISOString())}).`,
      );
    }
    this.lastTimedEvent = event;
    this.lastTimedMs = ms;
    return ms;
  }

  private checkPosition(event: HistoryEvent, type: EventType, index: number): void {
    const id = event.eventId as number;
    if (type === 'WorkflowExecutionStarted') {
      if (this.start !== undefined) {
        this.report(
          'startedFirst',
          [id, this.start.event.eventId as number],
          `${label(event)} is a second WorkflowExecutionStarted (the first is event ${String(this.start.event.eventId)}).`,
        );
      } else if (index > 0 || this.excerpt) {
        this.report('startedFirst', [id], `${label(event)} must be event 1, the first event of the run.`);
      }
      this.start ??= { event, ms: eventTimeMs(event) };
    } else if (index === 0 && !this.excerpt) {
      this.report(
        'startedFirst',
        [id],
        `The history begins with ${label(event)}, not WorkflowExecutionStarted.`,
      );
    }

    const close = this.closeEvent;
    if (close !== undefined) {
      this.afterClose++;
      if (this.afterClose === 1) {
        const later = this.events.length - index - 1;
        const more = later > 0 ? ` (and ${String(later)} more event${later > 1 ? 's' : ''} after it)` : '';
        this.report(
          'closeLast',
          [id, close.eventId as number],
          EVENT_ROLES[type].close
            ? `${label(event)} is a second close event: the run already closed with ${label(close)}${more}.`
            : `${label(event)} is written after the run closed with ${label(close)}${more}; nothing follows a close event.`,
        );
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Decision batches.

  /** The DecisionTaskCompleted whose batch this event belongs to, if it is a decision's event. */
  private batchOf(type: EventType, attrs: Record<string, unknown>): number | undefined {
    if (!EVENT_ROLES[type].decision) return undefined;
    // Failures of initiated work also carry decisionTaskCompletedEventId but arrive on their own.
    if (isInitiatedFailureType(type) && idIn(attrs, 'initiatedEventId') !== 0) return undefined;
    const dtc = idIn(attrs, 'decisionTaskCompletedEventId');
    return Number.isNaN(dtc) || dtc === 0 ? undefined : dtc;
  }

  private checkBatch(event: HistoryEvent, batchOf: number | undefined): void {
    if (batchOf === undefined) return;
    if (this.excerpt && batchOf < this.firstId && this.batch === undefined && this.previous === undefined)
      return;
    if (this.batch?.dtcId === batchOf) return;
    const previous = this.previous;
    this.report(
      'decisionBatchContiguous',
      previous === undefined
        ? [event.eventId as number, batchOf]
        : [event.eventId as number, batchOf, previous.eventId as number],
      `${label(event)} was produced by the decisions of event ${String(batchOf)} (DecisionTaskCompleted) but does not follow that batch directly` +
        (previous === undefined ? '.' : `: ${label(previous)} comes between.`),
    );
  }

  /** Which batch the next event may continue: this DecisionTaskCompleted's, or this event's. */
  private trackBatch(event: HistoryEvent, type: EventType, batchOf: number | undefined): void {
    const id = event.eventId as number;
    if (type === 'DecisionTaskCompleted') {
      // apply() opened the batch with what the decider had not seen; if it could not, open a bare one.
      if (this.batch?.dtcId !== id) this.batch = { dtcId: id, unseen: undefined, startKnown: false };
      return;
    }
    if (batchOf !== undefined && this.batch?.dtcId === batchOf) return;
    this.batch = undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Decision tasks are scheduled when needed.

  private noteNeed(event: HistoryEvent, batchOf: number | undefined): void {
    if (this.closeEvent !== undefined) return;
    const started = this.work.startedDecision;
    if (started !== undefined && batchOf === undefined && this.unseen?.by !== started) {
      this.unseen = { by: started, event };
    }
    if (batchOf !== undefined && this.batch?.dtcId === batchOf) this.batch.failure ??= event;
    if (this.work.scheduledDecision === undefined && this.work.decisionSlotsKnown) {
      this.needs ??= { event, batch: batchOf };
    }
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
    this.report(
      'decisionTaskScheduledWhenNeeded',
      [needs.event.eventId as number, event.eventId as number],
      `${label(needs.event)} needs a decision and no decision task was scheduled, yet ${label(event)} follows ` +
        `${needs.batch === undefined ? 'it' : 'its batch'} without a DecisionTaskScheduled.`,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // References.

  private checkReferences(event: HistoryEvent, type: EventType, attrs: Record<string, unknown>): boolean {
    let ok = true;
    const id = event.eventId as number;
    for (const reference of EVENT_ROLES[type].references) {
      const raw = attrs[reference.field];
      const target = idIn(attrs, reference.field);
      const wanted = reference.target.join(' or ');
      if (Number.isNaN(target)) {
        ok = false;
        this.report(
          'referencesValid',
          [id],
          `${label(event)} has ${reference.field} ${quote(raw)}, which is not an event id.`,
        );
      } else if (target === 0) {
        if (reference.zero) continue;
        ok = false;
        this.report(
          'referencesValid',
          [id],
          `${label(event)} has ${raw === undefined ? `no ${reference.field}` : `${reference.field} 0`}; it must name its ${wanted} event.`,
        );
      } else if (target >= id) {
        ok = false;
        this.report(
          'referencesValid',
          [id, target],
          `${label(event)} has ${reference.field} ${String(target)}, which is not an earlier event; it must point back to its ${wanted}.`,
        );
      } else if (this.excerpt && target < this.firstId) {
        continue; // before the excerpt: taken on trust
      } else {
        const found = this.byId.get(target);
        if (found === undefined) {
          ok = false;
          this.report(
            'referencesValid',
            [id, target],
            `${label(event)} has ${reference.field} ${String(target)}, but there is no event ${String(target)} before it.`,
          );
        } else if (!reference.target.includes(found.eventType as EventType)) {
          ok = false;
          this.report(
            'referencesValid',
            [id, target],
            `${label(event)} has ${reference.field} ${String(target)}, which is ${withArticle(String(found.eventType))}, not ${withArticle(wanted)}.`,
          );
        }
      }
    }
    return ok && this.checkNames(event, type, attrs);
  }

  /** A referenced event's attributes, or undefined when it lies before an excerpt. */
  private referenced(attrs: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
    const target = this.byId.get(idIn(attrs, field));
    return target === undefined ? undefined : attributesOf(target);
  }

  /** References by name: timerId, activityId, workflowId/runId, parent links. */
  private checkNames(event: HistoryEvent, type: EventType, attrs: Record<string, unknown>): boolean {
    const id = event.eventId as number;
    const mismatch = (what: string, own: unknown, field: string, other: unknown): false => {
      this.report(
        'referencesValid',
        [id, idIn(attrs, field)],
        `${label(event)} names ${what} ${quote(own)}, but its ${field} ${String(attrs[field])} is about ${quote(other)}.`,
      );
      return false;
    };
    if (type === 'TimerFired' || type === 'TimerCanceled') {
      const timer = this.referenced(attrs, 'startedEventId');
      if (timer !== undefined && timer.timerId !== attrs.timerId)
        return mismatch('timer', attrs.timerId, 'startedEventId', timer.timerId);
      return true;
    }
    if (type === 'ActivityTaskCancelRequested') {
      const name = attrs.activityId;
      if (!this.excerpt && (typeof name !== 'string' || !this.everScheduledActivityIds.has(name))) {
        this.report(
          'referencesValid',
          [id],
          `${label(event)} names activity ${quote(name)}, which no earlier ActivityTaskScheduled scheduled.`,
        );
        return false;
      }
      return true;
    }
    if (type === 'ActivityTaskCanceled') {
      const request = this.referenced(attrs, 'latestCancelRequestedEventId');
      const scheduled = this.referenced(attrs, 'scheduledEventId');
      if (request !== undefined && scheduled !== undefined && request.activityId !== scheduled.activityId)
        return mismatch('activity', scheduled.activityId, 'latestCancelRequestedEventId', request.activityId);
      return true;
    }
    if (type === 'ChildWorkflowExecutionStarted' || type === 'StartChildWorkflowExecutionFailed') {
      const initiated = this.referenced(attrs, 'initiatedEventId');
      const own =
        type === 'StartChildWorkflowExecutionFailed'
          ? attrs.workflowId
          : execution(attrs.workflowExecution).workflowId;
      if (initiated !== undefined && own !== undefined && own !== initiated.workflowId)
        return mismatch('child workflowId', own, 'initiatedEventId', initiated.workflowId);
      return true;
    }
    if (CHILD_CLOSES.has(type)) {
      const started = this.referenced(attrs, 'startedEventId');
      if (started !== undefined && idIn(started, 'initiatedEventId') !== idIn(attrs, 'initiatedEventId')) {
        this.report(
          'referencesValid',
          [id, idIn(attrs, 'startedEventId'), idIn(attrs, 'initiatedEventId')],
          `${label(event)} has startedEventId ${String(attrs.startedEventId)}, which started the child of initiatedEventId ${String(started.initiatedEventId)}, not ${String(attrs.initiatedEventId)}.`,
        );
        return false;
      }
      const own = execution(attrs.workflowExecution);
      const known = started !== undefined ? execution(started.workflowExecution) : undefined;
      if (known !== undefined && (own.workflowId !== known.workflowId || own.runId !== known.runId))
        return mismatch(
          'child execution',
          `${String(own.workflowId)}/${String(own.runId)}`,
          'startedEventId',
          `${String(known.workflowId)}/${String(known.runId)}`,
        );
      return true;
    }
    if (EXTERNAL_OUTCOMES.has(type)) {
      const initiated = this.referenced(attrs, 'initiatedEventId');
      if (initiated === undefined) return true;
      const own = type.endsWith('Failed')
        ? { workflowId: attrs.workflowId, runId: attrs.runId }
        : execution(attrs.workflowExecution);
      if (own.workflowId !== undefined && own.workflowId !== initiated.workflowId)
        return mismatch('target workflowId', own.workflowId, 'initiatedEventId', initiated.workflowId);
      if (initiated.runId !== undefined && own.runId !== undefined && own.runId !== initiated.runId)
        return mismatch('target runId', own.runId, 'initiatedEventId', initiated.runId);
      return true;
    }
    if (type === 'WorkflowExecutionStarted') {
      const parentId = idIn(attrs, 'parentInitiatedEventId');
      const hasParent = attrs.parentWorkflowExecution !== undefined;
      if (Number.isNaN(parentId) || (hasParent ? parentId === 0 : parentId !== 0)) {
        this.report(
          'referencesValid',
          [id],
          hasParent
            ? `${label(event)} has a parentWorkflowExecution but parentInitiatedEventId ${quote(attrs.parentInitiatedEventId ?? 0)}; a child names the parent's StartChildWorkflowExecutionInitiated.`
            : `${label(event)} has parentInitiatedEventId ${quote(attrs.parentInitiatedEventId)} but no parentWorkflowExecution; a root run has 0.`,
        );
        return false;
      }
      return true;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // State: the fold says what the event contradicts; the checker words it and adds its own
  // concerns (deadlines to arm, timeouts not early, unhandled decisions).

  private apply(
    event: HistoryEvent,
    type: EventType,
    attrs: Record<string, unknown>,
    ms: number | undefined,
    batchOf: number | undefined,
  ): void {
    const step = evolveOpenWork(this.work, event);
    for (const anomaly of step.anomalies) this.reportAnomaly(event, anomaly);
    const accepted = step.anomalies.length === 0;
    this.afterFold[type]?.({ event, attrs, ms, batchOf, subject: step.subject, accepted });
  }

  /** What the checker adds, by event type, once the fold has applied an event. */
  private readonly afterFold: Partial<Record<EventType, (e: Folded) => void>> = {
    WorkflowExecutionStarted: (e) => this.armExecutionTimeout(e.event, e.attrs, e.ms),
    DecisionTaskScheduled: (e) =>
      this.armDecisionScheduleToStart(e.subject as DecisionTaskSlot, e.attrs, e.ms),
    DecisionTaskStarted: (e) => this.armDecisionStartToClose(e.subject as DecisionTaskSlot, e.ms),
    DecisionTaskCompleted: (e) =>
      this.decisionCompleted(e.event, e.attrs, e.subject as DecisionTaskSlot | undefined),
    DecisionTaskTimedOut: (e) => {
      if (e.attrs.timeoutType === 'SCHEDULE_TO_START') {
        if (e.accepted) this.checkDecisionScheduleToStart(e.event, e.attrs, e.ms);
      } else if (e.subject !== undefined) {
        const started = e.subject as DecisionTaskSlot;
        this.checkNotEarly(
          e.event,
          e.ms,
          this.byId.get(started.startedEventId),
          started.startedMs,
          'startToCloseTimeout',
          startToCloseOf(started),
        );
      }
    },
    WorkflowExecutionCompleted: (e) => this.checkCloseDecision(e.event, e.batchOf),
    WorkflowExecutionFailed: (e) => this.checkCloseDecision(e.event, e.batchOf),
    WorkflowExecutionCanceled: (e) => this.checkCloseDecision(e.event, e.batchOf),
    WorkflowExecutionContinuedAsNew: (e) => this.checkCloseDecision(e.event, e.batchOf),
    CompleteWorkflowExecutionFailed: (e) => this.checkCloseDecisionFailure(e.event, e.attrs),
    FailWorkflowExecutionFailed: (e) => this.checkCloseDecisionFailure(e.event, e.attrs),
    CancelWorkflowExecutionFailed: (e) => this.checkCloseDecisionFailure(e.event, e.attrs),
    ContinueAsNewWorkflowExecutionFailed: (e) => this.checkCloseDecisionFailure(e.event, e.attrs),
    WorkflowExecutionTimedOut: (e) => this.checkExecutionTimeout(e.event, e.ms),
    ActivityTaskScheduled: (e) => {
      const task = e.subject as OpenWorkTask;
      this.everScheduledActivityIds.add(task.id);
      this.armTaskDeadline(task, 'scheduleToStartTimeout', e.ms, () => task.phase === 'scheduled');
      this.armTaskDeadline(task, 'scheduleToCloseTimeout', e.ms, () => task.phase !== 'closed');
    },
    ActivityTaskStarted: (e) => this.taskStarted(e),
    LambdaFunctionStarted: (e) => this.taskStarted(e),
    ActivityTaskTimedOut: (e) => {
      if (e.accepted && e.subject !== undefined) {
        this.checkActivityTimeout(e.event, e.attrs, e.ms, e.subject as OpenWorkTask);
      }
    },
    LambdaFunctionTimedOut: (e) => {
      if (!e.accepted || e.subject === undefined) return;
      const task = e.subject as OpenWorkTask;
      const configured = task.attributes.startToCloseTimeout;
      if (configured === undefined) return;
      this.checkNotEarly(
        e.event,
        e.ms,
        this.byId.get(task.startedEventId),
        task.startedMs,
        'startToCloseTimeout',
        configured,
      );
    },
    TimerStarted: (e) => this.armTimer(e.subject as OpenWorkTimer, e.attrs, e.ms),
    TimerFired: (e) => {
      if (!e.accepted || e.subject === undefined) return;
      const started = this.byId.get(idIn(e.attrs, 'startedEventId'));
      this.checkNotEarly(
        e.event,
        e.ms,
        started,
        eventTimeMs(started),
        'startToFireTimeout',
        started === undefined ? undefined : attributesOf(started).startToFireTimeout,
      );
    },
  };

  private taskStarted(e: Folded): void {
    if (!e.accepted || e.subject === undefined) return;
    const task = e.subject as OpenWorkTask;
    this.armTaskDeadline(task, 'startToCloseTimeout', e.ms, () => task.phase === 'started');
  }

  // --- What the fold found wrong, in words -----------------------------------------------------

  private reportAnomaly(event: HistoryEvent, anomaly: OpenWorkAnomaly): void {
    const id = event.eventId as number;
    const at = label(event);
    switch (anomaly.kind) {
      case 'afterClose':
        this.report(
          'closeLast',
          [id, anomaly.closeEventId],
          `${at} is written after the run closed with event ${String(anomaly.closeEventId)}.`,
        );
        return;
      case 'secondDecisionTaskScheduled': {
        const previous = anomaly.open.scheduledEventId;
        this.report(
          'decisionTaskSlots',
          [id, previous],
          `${at} schedules a second decision task while the one scheduled by event ${String(previous)} has not started; SWF keeps at most one scheduled.`,
        );
        return;
      }
      case 'secondDecisionTaskStarted': {
        const previous = anomaly.open.startedEventId;
        this.report(
          'decisionTaskSlots',
          [id, previous],
          `${at} starts a decision task while the one started by event ${String(previous)} is still open; SWF hands out one at a time.`,
        );
        return;
      }
      case 'decisionTaskNotWaiting': {
        const { scheduledEventId, waiting } = anomaly;
        if (event.eventType === 'DecisionTaskTimedOut') {
          this.report(
            'decisionTaskSlots',
            [id, scheduledEventId],
            `${at} times out the decision task of event ${String(scheduledEventId)} before it started, but that task is not waiting to start (or startedEventId is not 0).`,
          );
          return;
        }
        this.report(
          'decisionTaskSlots',
          waiting === undefined ? [id, scheduledEventId] : [id, scheduledEventId, waiting.scheduledEventId],
          waiting === undefined
            ? `${at} starts the decision task of event ${String(scheduledEventId)}, but no decision task is waiting to start.`
            : `${at} starts the decision task of event ${String(scheduledEventId)}, but the task waiting to start is the one of event ${String(waiting.scheduledEventId)}.`,
        );
        return;
      }
      case 'decisionTaskNotStarted': {
        const { scheduledEventId, startedEventId, open } = anomaly;
        this.report(
          'decisionTaskSlots',
          open === undefined ? [id, startedEventId] : [id, startedEventId, open.startedEventId],
          open === undefined
            ? `${at} closes the decision task started by event ${String(startedEventId)}, but no decision task is started.`
            : `${at} names scheduledEventId ${String(scheduledEventId)} / startedEventId ${String(startedEventId)}, but the open decision task is the one of events ${String(open.scheduledEventId)} / ${String(open.startedEventId)}.`,
        );
        return;
      }
      case 'idInUse': {
        const open = anomaly.open;
        if (open.kind === 'timer') {
          this.report(
            'timerLifecycle',
            [id, open.startedEventId],
            `${at} starts timer ${quote(open.timerId)} while the one started by event ${String(open.startedEventId)} is still open; timer ids are reused only after it fires or is canceled (SWF answers StartTimerFailed TIMER_ID_ALREADY_IN_USE).`,
          );
          return;
        }
        this.report(
          lifecycleOf(open.kind),
          [id, open.scheduledEventId],
          `${at} schedules ${kindName(open.kind)} task ${quote(open.id)} while the task of event ${String(open.scheduledEventId)} with that id is still open; ids are reused only after close (SWF answers ${open.kind === 'activity' ? 'ScheduleActivityTaskFailed ACTIVITY_ID_ALREADY_IN_USE' : 'ScheduleLambdaFunctionFailed ID_ALREADY_IN_USE'}).`,
        );
        return;
      }
      case 'causeNotOpen':
        this.report(
          lifecycleOf(anomaly.work),
          [id],
          `${at} fails with ${anomaly.cause}, but no ${anomaly.work === 'lambda' ? 'Lambda task' : anomaly.work} with id ${quote(anomaly.id)} is open.`,
        );
        return;
      case 'causeOpen': {
        const open = anomaly.open;
        const openId = open.kind === 'timer' ? open.startedEventId : open.scheduledEventId;
        const name = open.kind === 'timer' ? open.timerId : open.id;
        this.report(
          lifecycleOf(open.kind),
          [id, openId],
          `${at} fails with ${anomaly.cause}, but ${open.kind} ${quote(name)} of event ${String(openId)} is open.`,
        );
        return;
      }
      case 'taskNotScheduled': {
        const task = anomaly.task;
        this.report(
          lifecycleOf(task.kind),
          [id, task.scheduledEventId],
          event.eventType === 'StartLambdaFunctionFailed'
            ? `${at} fails to start Lambda task ${quote(task.id)} of event ${String(task.scheduledEventId)}, which is already ${task.phase}.`
            : `${at} starts ${kindName(task.kind)} task ${quote(task.id)} of event ${String(task.scheduledEventId)}, which is already ${task.phase === 'started' ? `started (event ${String(task.startedEventId)})` : 'closed'}.`,
        );
        return;
      }
      case 'taskNotStarted': {
        const { task, startedEventId } = anomaly;
        const what = `${kindName(task.kind)} task ${quote(task.id)}`;
        this.report(
          lifecycleOf(task.kind),
          [id, task.scheduledEventId],
          task.phase === 'closed'
            ? `${at} closes ${what} of event ${String(task.scheduledEventId)}, which is already closed; a task has one outcome.`
            : task.phase === 'scheduled'
              ? `${at} closes ${what} of event ${String(task.scheduledEventId)}, which never started; only a started task can ${String(
                  event.eventType,
                )
                  .replace(/^(ActivityTask|LambdaFunction)/, '')
                  .toLowerCase()}.`
              : `${at} names startedEventId ${String(startedEventId)}, but ${what} was started by event ${String(task.startedEventId)}.`,
        );
        return;
      }
      case 'cancelNotRequested':
        this.report(
          'activityLifecycle',
          [id, anomaly.task.scheduledEventId],
          `${at} cancels activity task ${quote(anomaly.task.id)} of event ${String(anomaly.task.scheduledEventId)} before it started, but no ActivityTaskCancelRequested asked for it.`,
        );
        return;
      case 'cancelNotWaiting': {
        const task = anomaly.task;
        this.report(
          'activityLifecycle',
          [id, task.scheduledEventId],
          task.phase === 'closed'
            ? `${at} cancels activity task ${quote(task.id)} of event ${String(task.scheduledEventId)}, which is already closed.`
            : `${at} has startedEventId 0, but activity task ${quote(task.id)} was started by event ${String(task.startedEventId)}.`,
        );
        return;
      }
      case 'cancelRequestUnknown':
        this.report(
          'activityLifecycle',
          [id],
          `${at} requests cancellation of activity ${quote(anomaly.activityId)}, but no task with that id is open (SWF answers RequestCancelActivityTaskFailed ACTIVITY_ID_UNKNOWN).`,
        );
        return;
      case 'timeoutTypeUnknown':
        this.report(
          'activityLifecycle',
          [id],
          `${at} has timeoutType ${quote(anomaly.timeoutType)}, which is not an activity timeout type.`,
        );
        return;
      case 'timeoutNotPending': {
        const { task, startedEventId, timeoutType } = anomaly;
        const name = quote(task.id);
        this.report(
          'activityLifecycle',
          [id, task.scheduledEventId],
          task.phase === 'closed'
            ? `${at} times out activity task ${name} of event ${String(task.scheduledEventId)}, which is already closed.`
            : task.phase === 'scheduled'
              ? startedEventId !== 0
                ? `${at} names startedEventId ${String(startedEventId)}, but activity task ${name} of event ${String(task.scheduledEventId)} never started (SWF writes 0).`
                : `${at} times out activity task ${name} with ${timeoutType}, but it never started; only SCHEDULE_TO_START or SCHEDULE_TO_CLOSE can expire before a start.`
              : startedEventId === task.startedEventId
                ? `${at} times out activity task ${name} with SCHEDULE_TO_START, but it was already started by event ${String(task.startedEventId)}.`
                : `${at} names startedEventId ${String(startedEventId)}, but activity task ${name} was started by event ${String(task.startedEventId)}.`,
        );
        return;
      }
      case 'alreadyClosed': {
        const item = anomaly.item;
        if (item.kind === 'timer') {
          this.report(
            'timerLifecycle',
            [id, item.startedEventId],
            `${at} ${event.eventType === 'TimerFired' ? 'fires' : 'cancels'} timer ${quote(item.timerId)} of event ${String(item.startedEventId)}, which already fired or was canceled.`,
          );
          return;
        }
        this.report(
          'externalWorkflowLifecycle',
          [id, item.initiatedEventId],
          `${at} is a second outcome of the external request of event ${String(item.initiatedEventId)}; it already had one.`,
        );
        return;
      }
      case 'childNotInitiated': {
        const child = anomaly.child;
        this.report(
          'childWorkflowLifecycle',
          [id, child.initiatedEventId],
          `${at} ${event.eventType === 'ChildWorkflowExecutionStarted' ? 'starts' : 'fails to start'} the child of event ${String(child.initiatedEventId)}, which ${child.phase === 'started' ? `already started (event ${String(child.startedEventId)})` : 'is already closed'}; a child start has one outcome.`,
        );
        return;
      }
      case 'childNotStarted': {
        const { child, startedEventId } = anomaly;
        this.report(
          'childWorkflowLifecycle',
          [id, child.initiatedEventId],
          child.phase === 'closed'
            ? `${at} reports the close of the child of event ${String(child.initiatedEventId)}, which is already closed; a child closes once.`
            : child.phase === 'initiated'
              ? `${at} reports the close of the child of event ${String(child.initiatedEventId)}, which never started (no ChildWorkflowExecutionStarted).`
              : `${at} names startedEventId ${String(startedEventId)}, but the child of event ${String(child.initiatedEventId)} was started by event ${String(child.startedEventId)}.`,
        );
        return;
      }
      default: {
        const unreachable: never = anomaly;
        return unreachable;
      }
    }
  }

  // --- Execution -------------------------------------------------------------------------------

  private armExecutionTimeout(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const timeout = durationMs(attrs.executionStartToCloseTimeout);
    if (ms === undefined || typeof timeout !== 'number') return;
    this.deadlines.push({
      dueMs: ms + timeout,
      what: `the executionStartToCloseTimeout (${String(attrs.executionStartToCloseTimeout)} s) of the run (${label(event)})`,
      armedBy: event.eventId as number,
      live: () => this.closeEvent === undefined,
      reported: () => undefined,
    });
  }

  private checkExecutionTimeout(event: HistoryEvent, ms: number | undefined): void {
    const start = this.start;
    if (start === undefined) return;
    this.checkNotEarly(
      event,
      ms,
      start.event,
      start.ms,
      'executionStartToCloseTimeout',
      attributesOf(start.event).executionStartToCloseTimeout,
    );
  }

  // --- Decision tasks --------------------------------------------------------------------------

  private armDecisionScheduleToStart(
    slot: DecisionTaskSlot,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    // Only the task's own scheduleToStartTimeout arms a deadline: a task-list override reverts
    // after a timeout (swf-semantics §6.7), so it is no safe bound for the tasks after it.
    const scheduleToStart = durationMs(attrs.scheduleToStartTimeout);
    if (ms === undefined || typeof scheduleToStart !== 'number') return;
    const id = slot.scheduledEventId;
    this.deadlines.push({
      dueMs: ms + scheduleToStart,
      what: `the scheduleToStartTimeout of the decision task scheduled by event ${String(id)}`,
      armedBy: id,
      live: () => this.work.scheduledDecision === slot && this.closeEvent === undefined,
      reported: () => undefined,
    });
  }

  private armDecisionStartToClose(slot: DecisionTaskSlot, ms: number | undefined): void {
    const startToClose = startToCloseOf(slot);
    const timeout = durationMs(startToClose);
    if (ms === undefined || typeof timeout !== 'number') return;
    const id = slot.startedEventId;
    this.deadlines.push({
      dueMs: ms + timeout,
      what: `the startToCloseTimeout (${String(startToClose)} s) of the decision task started by event ${String(id)}`,
      armedBy: id,
      live: () => this.work.startedDecision === slot && this.closeEvent === undefined,
      reported: () => undefined,
    });
  }

  private decisionCompleted(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    started: DecisionTaskSlot | undefined,
  ): void {
    this.latestOverrideScheduleToStart =
      attrs.taskListScheduleToStartTimeout ?? this.latestOverrideScheduleToStart;
    this.batch = {
      dtcId: event.eventId as number,
      unseen: started !== undefined && this.unseen?.by === started ? this.unseen.event : undefined,
      startKnown: started !== undefined,
    };
  }

  private checkDecisionScheduleToStart(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const scheduledEvent = this.byId.get(idIn(attrs, 'scheduledEventId'));
    const sts =
      scheduledEvent === undefined ? undefined : attributesOf(scheduledEvent).scheduleToStartTimeout;
    const value = durationMs(sts) !== undefined && sts !== 'NONE' ? sts : this.latestOverrideScheduleToStart;
    if (durationMs(value) !== undefined && value !== 'NONE') {
      this.checkNotEarly(
        event,
        ms,
        scheduledEvent,
        eventTimeMs(scheduledEvent),
        'scheduleToStartTimeout',
        value,
      );
    }
  }

  private checkCloseDecision(event: HistoryEvent, batchOf: number | undefined): void {
    const batch = this.batch;
    if (batchOf === undefined || batch?.dtcId !== batchOf || batch.unseen === undefined) return;
    this.report(
      'unhandledDecision',
      [event.eventId as number, batch.unseen.eventId as number],
      `${label(event)} closes the run although ${label(batch.unseen)} arrived while the decider was working and was never seen; SWF fails such a close with UNHANDLED_DECISION.`,
    );
  }

  private checkCloseDecisionFailure(event: HistoryEvent, attrs: Record<string, unknown>): void {
    const batch = this.batch;
    if (attrs.cause !== 'UNHANDLED_DECISION' || batch === undefined || !batch.startKnown) return;
    if (batch.unseen !== undefined || batch.failure !== undefined) return;
    this.report(
      'unhandledDecision',
      [event.eventId as number, batch.dtcId],
      `${label(event)} reports UNHANDLED_DECISION, but no event arrived while the decision task completed by event ${String(batch.dtcId)} was being worked on.`,
    );
  }

  // --- Activity and Lambda tasks, timers -------------------------------------------------------

  private armTaskDeadline(
    task: OpenWorkTask,
    field: string,
    fromMs: number | undefined,
    pending: () => boolean,
  ): void {
    const timeout = durationMs(task.attributes[field]);
    if (fromMs === undefined || typeof timeout !== 'number') return;
    this.deadlines.push({
      dueMs: fromMs + timeout,
      what: `the ${field} (${String(task.attributes[field])} s) of task ${quote(task.id)} (scheduled by event ${String(task.scheduledEventId)})`,
      armedBy: task.scheduledEventId,
      live: () => !this.overdue.has(task) && pending() && this.closeEvent === undefined,
      reported: () => {
        this.overdue.add(task);
      },
    });
  }

  private checkActivityTimeout(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
    task: OpenWorkTask,
  ): void {
    const type = attrs.timeoutType as keyof typeof ACTIVITY_TIMEOUT_MEMBER;
    const field = ACTIVITY_TIMEOUT_MEMBER[type];
    const fromSchedule = type === 'SCHEDULE_TO_START' || type === 'SCHEDULE_TO_CLOSE';
    const from = fromSchedule ? task.scheduledEventId : task.startedEventId;
    const fromMs = fromSchedule ? task.scheduledMs : task.startedMs;
    this.checkNotEarly(event, ms, this.byId.get(from), fromMs, field, task.attributes[field]);
  }

  private armTimer(timer: OpenWorkTimer, attrs: Record<string, unknown>, ms: number | undefined): void {
    const fire = durationMs(attrs.startToFireTimeout);
    if (ms === undefined || typeof fire !== 'number') return;
    const id = timer.startedEventId;
    this.deadlines.push({
      dueMs: ms + fire,
      what: `timer ${quote(timer.timerId)} (started by event ${String(id)}, startToFireTimeout ${String(attrs.startToFireTimeout)} s)`,
      armedBy: id,
      live: () => timer.phase === 'started' && !this.overdue.has(timer) && this.closeEvent === undefined,
      reported: () => {
        this.overdue.add(timer);
      },
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts.

  /** `event` is a timeout that must not come before `from` + the configured duration. */
  private checkNotEarly(
    event: HistoryEvent,
    ms: number | undefined,
    from: HistoryEvent | undefined,
    fromMs: number | undefined,
    field: string,
    configured: unknown,
  ): void {
    const timeout = durationMs(configured);
    const id = event.eventId as number;
    const fromLabel = from === undefined ? 'its start' : label(from);
    const fromIds = from === undefined ? [id] : [id, from.eventId as number];
    if (timeout === 'NONE') {
      this.report(
        'timeoutsNotEarly',
        fromIds,
        `${label(event)} is a timeout, but the ${field} set by ${fromLabel} is NONE: it never expires.`,
      );
      return;
    }
    if (timeout === undefined || ms === undefined || fromMs === undefined) return;
    const elapsed = ms - fromMs;
    if (elapsed < timeout) {
      this.report(
        'timeoutsNotEarly',
        fromIds,
        `${label(event)} comes ${seconds(elapsed)} after ${fromLabel}, before its ${field} of ${String(configured)} s has elapsed.`,
      );
    }
  }

  /** Reports every pending timeout that was due more than the tolerance before `atMs`. */
  private checkOverdue(atMs: number, at: HistoryEvent | undefined): void {
    for (const deadline of this.deadlines.popDueBefore(atMs - this.lateToleranceMs)) {
      deadline.reported();
      const late = seconds(atMs - deadline.dueMs);
      this.report(
        'timeoutsNotMissed',
        at === undefined ? [deadline.armedBy] : [at.eventId as number, deadline.armedBy],
        at === undefined
          ? `${capitalize(deadline.what)} was due ${late} before \`now\`, yet the open run records no timeout; SWF fires timeouts on time.`
          : `${capitalize(deadline.what)} was due ${late} before ${label(at)}, which finds it still pending; SWF fires timeouts on time.`,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // End of history.

  private finish(): void {
    this.checkMissingIds();
    const last = this.events[this.events.length - 1] as HistoryEvent;
    const closed = this.closeEvent !== undefined;
    const prefix = this.options.prefix ?? (!closed && last.eventType === 'DecisionTaskStarted');
    // A close event anywhere (even misplaced) ends what can be asked of the run.
    if (closed || prefix) return;

    const now = this.options.now?.getTime();
    if (now !== undefined && !Number.isNaN(now)) this.checkOverdue(now, undefined);

    const needs = this.needs;
    if (needs !== undefined) {
      this.report(
        'decisionTaskScheduledWhenNeeded',
        [needs.event.eventId as number],
        `${label(needs.event)} needs a decision and no decision task was scheduled, yet the history ends without a DecisionTaskScheduled.`,
      );
    }
    if (!this.excerpt && !hasOpenWork(this.work)) {
      this.report(
        'noIdleOpenExecution',
        [last.eventId as number],
        `The run is open but nothing is pending after ${label(last)}: no decision task, activity, timer, child workflow, Lambda task or external request is open, so only a signal or the execution timeout can move it.`,
      );
    }
  }

  private checkMissingIds(): void {
    const expected = this.maxId - this.firstId + 1;
    const missing = expected - this.seenIds.size;
    if (missing <= 0) return;
    const first: number[] = [];
    if (missing <= this.events.length * 2) {
      for (let id = this.firstId; id <= this.maxId && first.length < 5; id++)
        if (!this.seenIds.has(id)) first.push(id);
    }
    const range = `ids must run from ${String(this.firstId)} to ${String(this.maxId)} without gaps`;
    const message =
      first.length === 0
        ? `${String(missing)} event ids are missing: ${range}, but there are only ${String(this.seenIds.size)} events.`
        : missing === 1
          ? `Event ${String(first[0])} is missing: ${range}.`
          : `${String(missing)} events are missing (${first.join(', ')}${missing > first.length ? ', …' : ''}): ${range}.`;
    this.report('eventIdsSequential', first, message);
  }
}

/** `an ActivityTaskScheduled`, `a DecisionTaskCompleted`. */
function withArticle(word: string): string {
  return `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
