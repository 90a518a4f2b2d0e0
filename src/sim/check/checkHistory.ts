import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf, eventAttributesKey } from '../history/appendEvent.js';
import { DeadlineQueue } from './DeadlineQueue.js';
import { isInitiatedFailureType } from '../history/decisionEvents.js';
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

type Phase = 'scheduled' | 'started' | 'closed';

/** An activity or Lambda task. `phase` undefined: opened before an excerpt, state unknown. */
interface Task {
  readonly name: string;
  readonly scheduledId: number;
  readonly scheduledMs: number | undefined;
  readonly attrs: Record<string, unknown>;
  phase: Phase | undefined;
  startedId: number;
  startedMs: number | undefined;
  cancelRequests: number;
  overdue: boolean;
}

interface Timer {
  readonly timerId: string;
  readonly startedId: number;
  open: boolean | undefined;
  overdue: boolean;
}

interface Child {
  readonly initiatedId: number;
  phase: 'initiated' | 'started' | 'closed' | undefined;
  startedId: number;
}

interface ExternalRequest {
  readonly initiatedId: number;
  open: boolean | undefined;
}

interface DecisionTask {
  readonly id: number;
  readonly ms: number | undefined;
  /** DecisionTaskScheduled: its startToCloseTimeout; DecisionTaskStarted: the scheduled task's. */
  readonly startToClose: string | undefined;
  readonly scheduledId: number;
  /** The first event the decider of this started task has not seen. */
  firstUnseen?: HistoryEvent;
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

/** The id in `field` (a missing id is the 0 some exporters drop); NaN if it is not an id. */
function idIn(attrs: Record<string, unknown>, field: string): number {
  const value = attrs[field] ?? 0;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : Number.NaN;
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

  /** Events seen so far, by id. */
  private readonly byId = new Map<number, HistoryEvent>();
  private readonly deadlines = new DeadlineQueue();

  // Envelope / order.
  private previous: HistoryEvent | undefined;
  private previousId: number | undefined;
  private readonly seenIds = new Set<number>();
  private maxId = 0;
  private lastTimed: { event: HistoryEvent; ms: number } | undefined;
  private start: { event: HistoryEvent; ms: number | undefined } | undefined;
  private closeEvent: HistoryEvent | undefined;
  private afterClose = 0;

  // Decision tasks.
  private scheduled: DecisionTask | undefined;
  private started: DecisionTask | undefined;
  private decisionStateKnown: boolean;
  private latestOverrideScheduleToStart: unknown;
  private batch: Batch | undefined;
  private needs: { event: HistoryEvent; batch: number | undefined } | undefined;

  // Tasks, timers, children, external requests.
  private readonly activities = new Map<number, Task>();
  private readonly openActivities = new Map<string, Task>();
  private readonly everScheduledActivityIds = new Set<string>();
  private readonly lambdas = new Map<number, Task>();
  private readonly openLambdas = new Map<string, Task>();
  private readonly timers = new Map<number, Timer>();
  private readonly openTimers = new Map<string, Timer>();
  private readonly children = new Map<number, Child>();
  private readonly externals = new Map<number, ExternalRequest>();

  constructor(
    private readonly events: readonly HistoryEvent[],
    private readonly options: CheckHistoryOptions,
  ) {
    this.ignore = new Set(options.ignore ?? []);
    this.lateToleranceMs = options.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;
    const first = events[0]?.eventId;
    this.firstId = typeof first === 'number' && Number.isInteger(first) && first > 1 ? first : 1;
    this.excerpt = options.excerpt ?? this.firstId > 1;
    if (!this.excerpt) this.firstId = 1;
    this.decisionStateKnown = !this.excerpt;
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
    const members = Object.keys(record).filter((k) => k.endsWith('EventAttributes'));
    const own = record[key];
    if (typeof own !== 'object' || own === null) {
      this.report(
        'eventEnvelope',
        typeof id === 'number' ? [id] : [],
        `${name} (${type}) has no ${key} object.`,
      );
    }
    const foreign = members.filter((k) => k !== key && record[k] !== undefined);
    if (foreign.length > 0) {
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
    const last = this.lastTimed;
    if (last !== undefined && ms < last.ms) {
      this.report(
        'timestampsNonDecreasing',
        [event.eventId as number, last.event.eventId as number],
        `${label(event)} is dated ${seconds(last.ms - ms)} before ${label(last.event)}, which precedes it; timestamps never decrease.`,
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
    this.lastTimed = { event, ms };
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
      this.start ??= { event, ms: this.timeOf(event) };
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

  private timeOf(event: HistoryEvent | undefined): number | undefined {
    const ts = event?.eventTimestamp as unknown;
    if (!(ts instanceof Date)) return undefined;
    const ms = ts.getTime();
    return Number.isNaN(ms) ? undefined : ms;
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
    if (this.started !== undefined && batchOf === undefined) this.started.firstUnseen ??= event;
    if (batchOf !== undefined && this.batch?.dtcId === batchOf) this.batch.failure ??= event;
    if (this.scheduled === undefined && this.decisionStateKnown) {
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
  // State.

  private apply(
    event: HistoryEvent,
    type: EventType,
    attrs: Record<string, unknown>,
    ms: number | undefined,
    batchOf: number | undefined,
  ): void {
    const id = event.eventId as number;
    switch (type) {
      case 'WorkflowExecutionStarted':
        this.armExecutionTimeout(event, attrs, ms);
        return;
      case 'DecisionTaskScheduled':
        this.decisionScheduled(event, attrs, ms);
        return;
      case 'DecisionTaskStarted':
        this.decisionStarted(event, attrs, ms);
        return;
      case 'DecisionTaskCompleted':
        this.decisionCompleted(event, attrs);
        return;
      case 'DecisionTaskTimedOut':
        this.decisionTimedOut(event, attrs, ms);
        return;
      case 'WorkflowExecutionCompleted':
      case 'WorkflowExecutionFailed':
      case 'WorkflowExecutionCanceled':
      case 'WorkflowExecutionContinuedAsNew':
        this.checkCloseDecision(event, batchOf);
        return;
      case 'CompleteWorkflowExecutionFailed':
      case 'FailWorkflowExecutionFailed':
      case 'CancelWorkflowExecutionFailed':
      case 'ContinueAsNewWorkflowExecutionFailed':
        this.checkCloseDecisionFailure(event, attrs);
        return;
      case 'WorkflowExecutionTimedOut':
        this.checkExecutionTimeout(event, ms);
        return;
      case 'WorkflowExecutionTerminated':
      case 'WorkflowExecutionSignaled':
      case 'WorkflowExecutionCancelRequested':
      case 'MarkerRecorded':
      case 'RecordMarkerFailed':
        return;

      case 'ActivityTaskScheduled':
        this.taskScheduled('activity', event, attrs, ms);
        return;
      case 'ScheduleActivityTaskFailed':
        this.checkIdInUseCause('activity', event, attrs, 'activityId', 'ACTIVITY_ID_ALREADY_IN_USE');
        return;
      case 'ActivityTaskStarted':
        this.taskStarted('activity', event, attrs, ms);
        return;
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
        this.taskClosedAfterStart('activity', event, attrs);
        return;
      case 'ActivityTaskCanceled':
        this.activityCanceled(event, attrs);
        return;
      case 'ActivityTaskTimedOut':
        this.activityTimedOut(event, attrs, ms);
        return;
      case 'ActivityTaskCancelRequested':
        this.activityCancelRequested(event, attrs);
        return;
      case 'RequestCancelActivityTaskFailed':
        this.checkUnknownIdCause('activity', event, attrs, 'activityId', 'ACTIVITY_ID_UNKNOWN');
        return;

      case 'TimerStarted':
        this.timerStarted(event, attrs, ms);
        return;
      case 'StartTimerFailed':
        this.checkIdInUseCause('timer', event, attrs, 'timerId', 'TIMER_ID_ALREADY_IN_USE');
        return;
      case 'TimerFired':
      case 'TimerCanceled':
        this.timerClosed(event, type, attrs, ms);
        return;
      case 'CancelTimerFailed':
        this.checkUnknownIdCause('timer', event, attrs, 'timerId', 'TIMER_ID_UNKNOWN');
        return;

      case 'StartChildWorkflowExecutionInitiated':
        this.children.set(id, { initiatedId: id, phase: 'initiated', startedId: 0 });
        return;
      case 'StartChildWorkflowExecutionFailed':
        if (idIn(attrs, 'initiatedEventId') !== 0) this.childStartOutcome(event, attrs, false);
        return;
      case 'ChildWorkflowExecutionStarted':
        this.childStartOutcome(event, attrs, true);
        return;
      case 'ChildWorkflowExecutionCompleted':
      case 'ChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionCanceled':
      case 'ChildWorkflowExecutionTerminated':
      case 'ChildWorkflowExecutionTimedOut':
        this.childClosed(event, attrs);
        return;

      case 'SignalExternalWorkflowExecutionInitiated':
      case 'RequestCancelExternalWorkflowExecutionInitiated':
        this.externals.set(id, { initiatedId: id, open: true });
        return;
      case 'ExternalWorkflowExecutionSignaled':
      case 'SignalExternalWorkflowExecutionFailed':
      case 'ExternalWorkflowExecutionCancelRequested':
      case 'RequestCancelExternalWorkflowExecutionFailed':
        this.externalOutcome(event, attrs);
        return;

      case 'LambdaFunctionScheduled':
        this.taskScheduled('lambda', event, attrs, ms);
        return;
      case 'ScheduleLambdaFunctionFailed':
        this.checkIdInUseCause('lambda', event, attrs, 'id', 'ID_ALREADY_IN_USE');
        return;
      case 'LambdaFunctionStarted':
        this.taskStarted('lambda', event, attrs, ms);
        return;
      case 'StartLambdaFunctionFailed':
        this.lambdaStartFailed(event, attrs);
        return;
      case 'LambdaFunctionCompleted':
      case 'LambdaFunctionFailed':
        this.taskClosedAfterStart('lambda', event, attrs);
        return;
      case 'LambdaFunctionTimedOut':
        this.lambdaTimedOut(event, attrs, ms);
        return;
      default: {
        const unreachable: never = type;
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

  private decisionScheduled(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const id = event.eventId as number;
    const previous = this.scheduled;
    if (previous !== undefined) {
      this.report(
        'decisionTaskSlots',
        [id, previous.id],
        `${label(event)} schedules a second decision task while the one scheduled by event ${String(previous.id)} has not started; SWF keeps at most one scheduled.`,
      );
    }
    this.decisionStateKnown = true;
    const startToClose =
      typeof attrs.startToCloseTimeout === 'string' ? attrs.startToCloseTimeout : undefined;
    const task: DecisionTask = { id, ms, startToClose, scheduledId: id };
    this.scheduled = task;
    // Only the task's own scheduleToStartTimeout arms a deadline: a task-list override reverts
    // after a timeout (swf-semantics §6.7), so it is no safe bound for the tasks after it.
    const scheduleToStart = durationMs(attrs.scheduleToStartTimeout);
    if (ms !== undefined && typeof scheduleToStart === 'number') {
      this.deadlines.push({
        dueMs: ms + scheduleToStart,
        what: `the scheduleToStartTimeout of the decision task scheduled by event ${String(id)}`,
        armedBy: id,
        live: () => this.scheduled === task && this.closeEvent === undefined,
        reported: () => undefined,
      });
    }
  }

  private decisionStarted(event: HistoryEvent, attrs: Record<string, unknown>, ms: number | undefined): void {
    const id = event.eventId as number;
    const scheduledId = idIn(attrs, 'scheduledEventId');
    const scheduled = this.scheduled;
    if (this.started !== undefined) {
      this.report(
        'decisionTaskSlots',
        [id, this.started.id],
        `${label(event)} starts a decision task while the one started by event ${String(this.started.id)} is still open; SWF hands out one at a time.`,
      );
    }
    let startToClose: string | undefined;
    if (scheduled !== undefined && scheduled.id === scheduledId) {
      startToClose = scheduled.startToClose;
      this.scheduled = undefined;
    } else if (!(this.excerpt && scheduledId < this.firstId && scheduled === undefined)) {
      this.report(
        'decisionTaskSlots',
        scheduled === undefined ? [id, scheduledId] : [id, scheduledId, scheduled.id],
        scheduled === undefined
          ? `${label(event)} starts the decision task of event ${String(scheduledId)}, but no decision task is waiting to start.`
          : `${label(event)} starts the decision task of event ${String(scheduledId)}, but the task waiting to start is the one of event ${String(scheduled.id)}.`,
      );
      if (scheduled?.id === scheduledId) this.scheduled = undefined;
    }
    this.decisionStateKnown = true;
    const task: DecisionTask = { id, ms, startToClose, scheduledId };
    this.started = task;
    const timeout = durationMs(startToClose);
    if (ms !== undefined && typeof timeout === 'number') {
      this.deadlines.push({
        dueMs: ms + timeout,
        what: `the startToCloseTimeout (${String(startToClose)} s) of the decision task started by event ${String(id)}`,
        armedBy: id,
        live: () => this.started === task && this.closeEvent === undefined,
        reported: () => undefined,
      });
    }
  }

  /** Checks that a DecisionTaskCompleted/TimedOut closes the open started task; returns it. */
  private closeStartedDecision(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
  ): DecisionTask | undefined {
    const id = event.eventId as number;
    const scheduledId = idIn(attrs, 'scheduledEventId');
    const startedId = idIn(attrs, 'startedEventId');
    const started = this.started;
    this.started = undefined;
    if (started !== undefined && started.id === startedId && started.scheduledId === scheduledId)
      return started;
    if (started === undefined && this.excerpt && startedId < this.firstId) return undefined;
    this.report(
      'decisionTaskSlots',
      started === undefined ? [id, startedId] : [id, startedId, started.id],
      started === undefined
        ? `${label(event)} closes the decision task started by event ${String(startedId)}, but no decision task is started.`
        : `${label(event)} names scheduledEventId ${String(scheduledId)} / startedEventId ${String(startedId)}, but the open decision task is the one of events ${String(started.scheduledId)} / ${String(started.id)}.`,
    );
    return undefined;
  }

  private decisionCompleted(event: HistoryEvent, attrs: Record<string, unknown>): void {
    const started = this.closeStartedDecision(event, attrs);
    this.latestOverrideScheduleToStart =
      attrs.taskListScheduleToStartTimeout ?? this.latestOverrideScheduleToStart;
    this.batch = {
      dtcId: event.eventId as number,
      unseen: started?.firstUnseen,
      startKnown: started !== undefined,
    };
  }

  private decisionTimedOut(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const id = event.eventId as number;
    if (attrs.timeoutType === 'SCHEDULE_TO_START') {
      const scheduledId = idIn(attrs, 'scheduledEventId');
      const scheduled = this.scheduled;
      if (scheduled?.id === scheduledId && idIn(attrs, 'startedEventId') === 0) {
        this.scheduled = undefined;
      } else if (!(this.excerpt && scheduled === undefined && scheduledId < this.firstId)) {
        this.report(
          'decisionTaskSlots',
          [id, scheduledId],
          `${label(event)} times out the decision task of event ${String(scheduledId)} before it started, but that task is not waiting to start (or startedEventId is not 0).`,
        );
        return;
      }
      const scheduledEvent = this.byId.get(scheduledId);
      const sts =
        scheduledEvent === undefined ? undefined : attributesOf(scheduledEvent).scheduleToStartTimeout;
      const value =
        durationMs(sts) !== undefined && sts !== 'NONE' ? sts : this.latestOverrideScheduleToStart;
      if (durationMs(value) !== undefined && value !== 'NONE') {
        this.checkNotEarly(
          event,
          ms,
          scheduledEvent,
          this.timeOf(scheduledEvent),
          'scheduleToStartTimeout',
          value,
        );
      }
      return;
    }
    const started = this.closeStartedDecision(event, attrs);
    if (started !== undefined) {
      this.checkNotEarly(
        event,
        ms,
        this.byId.get(started.id),
        started.ms,
        'startToCloseTimeout',
        started.startToClose,
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

  // --- Activity and Lambda tasks ---------------------------------------------------------------

  private kindName(kind: 'activity' | 'lambda'): string {
    return kind === 'activity' ? 'activity' : 'Lambda';
  }

  private taskMaps(kind: 'activity' | 'lambda'): { all: Map<number, Task>; open: Map<string, Task> } {
    return kind === 'activity'
      ? { all: this.activities, open: this.openActivities }
      : { all: this.lambdas, open: this.openLambdas };
  }

  private invariantOf(kind: 'activity' | 'lambda' | 'timer'): InvariantName {
    return kind === 'activity'
      ? 'activityLifecycle'
      : kind === 'lambda'
        ? 'lambdaLifecycle'
        : 'timerLifecycle';
  }

  private taskScheduled(
    kind: 'activity' | 'lambda',
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const id = event.eventId as number;
    const name = String(kind === 'activity' ? attrs.activityId : attrs.id);
    const { all, open } = this.taskMaps(kind);
    const previous = open.get(name);
    if (previous !== undefined) {
      this.report(
        this.invariantOf(kind),
        [id, previous.scheduledId],
        `${label(event)} schedules ${this.kindName(kind)} task ${quote(name)} while the task of event ${String(previous.scheduledId)} with that id is still open; ids are reused only after close (SWF answers ${kind === 'activity' ? 'ScheduleActivityTaskFailed ACTIVITY_ID_ALREADY_IN_USE' : 'ScheduleLambdaFunctionFailed ID_ALREADY_IN_USE'}).`,
      );
    }
    const task: Task = {
      name,
      scheduledId: id,
      scheduledMs: ms,
      attrs,
      phase: 'scheduled',
      startedId: 0,
      startedMs: undefined,
      cancelRequests: 0,
      overdue: false,
    };
    all.set(id, task);
    open.set(name, task);
    if (kind === 'activity') {
      this.everScheduledActivityIds.add(name);
      this.armTaskDeadline(task, 'scheduleToStartTimeout', ms, () => task.phase === 'scheduled');
      this.armTaskDeadline(task, 'scheduleToCloseTimeout', ms, () => task.phase !== 'closed');
    }
  }

  private armTaskDeadline(
    task: Task,
    field: string,
    fromMs: number | undefined,
    pending: () => boolean,
  ): void {
    const timeout = durationMs(task.attrs[field]);
    if (fromMs === undefined || typeof timeout !== 'number') return;
    this.deadlines.push({
      dueMs: fromMs + timeout,
      what: `the ${field} (${String(task.attrs[field])} s) of task ${quote(task.name)} (scheduled by event ${String(task.scheduledId)})`,
      armedBy: task.scheduledId,
      live: () => !task.overdue && pending() && this.closeEvent === undefined,
      reported: () => {
        task.overdue = true;
      },
    });
  }

  /** The task an outcome names, creating an unknown one for tasks opened before an excerpt. */
  private taskOf(kind: 'activity' | 'lambda', attrs: Record<string, unknown>): Task | undefined {
    const scheduledId = idIn(attrs, 'scheduledEventId');
    const { all } = this.taskMaps(kind);
    let task = all.get(scheduledId);
    if (task === undefined && this.excerpt && scheduledId < this.firstId) {
      task = {
        name: `#${String(scheduledId)}`,
        scheduledId,
        scheduledMs: undefined,
        attrs: {},
        phase: undefined,
        startedId: 0,
        startedMs: undefined,
        cancelRequests: 0,
        overdue: false,
      };
      all.set(scheduledId, task);
    }
    return task;
  }

  private taskStarted(
    kind: 'activity' | 'lambda',
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const task = this.taskOf(kind, attrs);
    if (task === undefined) return;
    if (task.phase !== 'scheduled' && task.phase !== undefined) {
      this.report(
        this.invariantOf(kind),
        [event.eventId as number, task.scheduledId],
        `${label(event)} starts ${this.kindName(kind)} task ${quote(task.name)} of event ${String(task.scheduledId)}, which is already ${task.phase === 'started' ? `started (event ${String(task.startedId)})` : 'closed'}.`,
      );
      return;
    }
    task.phase = 'started';
    task.startedId = event.eventId as number;
    task.startedMs = ms;
    this.armTaskDeadline(task, 'startToCloseTimeout', ms, () => task.phase === 'started');
  }

  private closeTask(kind: 'activity' | 'lambda', task: Task): void {
    task.phase = 'closed';
    const { open } = this.taskMaps(kind);
    if (open.get(task.name) === task) open.delete(task.name);
  }

  /** An outcome that needs a started task with the given startedEventId. */
  private requireStarted(
    kind: 'activity' | 'lambda',
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    task: Task,
  ): boolean {
    const startedId = idIn(attrs, 'startedEventId');
    if (task.phase === undefined) return true;
    if (task.phase === 'started' && task.startedId === startedId) return true;
    const id = event.eventId as number;
    this.report(
      this.invariantOf(kind),
      [id, task.scheduledId],
      task.phase === 'closed'
        ? `${label(event)} closes ${this.kindName(kind)} task ${quote(task.name)} of event ${String(task.scheduledId)}, which is already closed; a task has one outcome.`
        : task.phase === 'scheduled'
          ? `${label(event)} closes ${this.kindName(kind)} task ${quote(task.name)} of event ${String(task.scheduledId)}, which never started; only a started task can ${String(
              event.eventType,
            )
              .replace(/^(ActivityTask|LambdaFunction)/, '')
              .toLowerCase()}.`
          : `${label(event)} names startedEventId ${String(startedId)}, but ${this.kindName(kind)} task ${quote(task.name)} was started by event ${String(task.startedId)}.`,
    );
    return false;
  }

  private taskClosedAfterStart(
    kind: 'activity' | 'lambda',
    event: HistoryEvent,
    attrs: Record<string, unknown>,
  ): void {
    const task = this.taskOf(kind, attrs);
    if (task === undefined) return;
    if (this.requireStarted(kind, event, attrs, task)) this.closeTask(kind, task);
  }

  private activityCanceled(event: HistoryEvent, attrs: Record<string, unknown>): void {
    const task = this.taskOf('activity', attrs);
    if (task === undefined) return;
    if (idIn(attrs, 'startedEventId') !== 0) {
      if (this.requireStarted('activity', event, attrs, task)) this.closeTask('activity', task);
      return;
    }
    if (task.phase === 'scheduled' && task.cancelRequests === 0) {
      this.report(
        'activityLifecycle',
        [event.eventId as number, task.scheduledId],
        `${label(event)} cancels activity task ${quote(task.name)} of event ${String(task.scheduledId)} before it started, but no ActivityTaskCancelRequested asked for it.`,
      );
    } else if (task.phase !== 'scheduled' && task.phase !== undefined) {
      this.report(
        'activityLifecycle',
        [event.eventId as number, task.scheduledId],
        task.phase === 'closed'
          ? `${label(event)} cancels activity task ${quote(task.name)} of event ${String(task.scheduledId)}, which is already closed.`
          : `${label(event)} has startedEventId 0, but activity task ${quote(task.name)} was started by event ${String(task.startedId)}.`,
      );
      return;
    }
    this.closeTask('activity', task);
  }

  private activityTimedOut(
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const task = this.taskOf('activity', attrs);
    if (task === undefined) return;
    const type = attrs.timeoutType;
    const startedId = idIn(attrs, 'startedEventId');
    const id = event.eventId as number;
    const field =
      type === 'SCHEDULE_TO_START'
        ? 'scheduleToStartTimeout'
        : type === 'SCHEDULE_TO_CLOSE'
          ? 'scheduleToCloseTimeout'
          : type === 'START_TO_CLOSE'
            ? 'startToCloseTimeout'
            : type === 'HEARTBEAT'
              ? 'heartbeatTimeout'
              : undefined;
    if (field === undefined) {
      this.report(
        'activityLifecycle',
        [id],
        `${label(event)} has timeoutType ${quote(type)}, which is not an activity timeout type.`,
      );
      return;
    }
    const fromSchedule = field === 'scheduleToStartTimeout' || field === 'scheduleToCloseTimeout';
    if (task.phase === 'closed') {
      this.report(
        'activityLifecycle',
        [id, task.scheduledId],
        `${label(event)} times out activity task ${quote(task.name)} of event ${String(task.scheduledId)}, which is already closed.`,
      );
      return;
    }
    if (task.phase !== undefined) {
      const legal =
        field === 'scheduleToStartTimeout'
          ? task.phase === 'scheduled' && startedId === 0
          : field === 'scheduleToCloseTimeout'
            ? task.phase === 'scheduled'
              ? startedId === 0
              : startedId === task.startedId
            : task.phase === 'started' && startedId === task.startedId;
      if (!legal) {
        this.report(
          'activityLifecycle',
          [id, task.scheduledId],
          task.phase === 'scheduled'
            ? startedId !== 0
              ? `${label(event)} names startedEventId ${String(startedId)}, but activity task ${quote(task.name)} of event ${String(task.scheduledId)} never started (SWF writes 0).`
              : `${label(event)} times out activity task ${quote(task.name)} with ${String(type)}, but it never started; only SCHEDULE_TO_START or SCHEDULE_TO_CLOSE can expire before a start.`
            : startedId === task.startedId
              ? `${label(event)} times out activity task ${quote(task.name)} with SCHEDULE_TO_START, but it was already started by event ${String(task.startedId)}.`
              : `${label(event)} names startedEventId ${String(startedId)}, but activity task ${quote(task.name)} was started by event ${String(task.startedId)}.`,
        );
        return;
      }
    }
    const from = fromSchedule ? task.scheduledId : task.startedId;
    const fromMs = fromSchedule ? task.scheduledMs : task.startedMs;
    if (task.phase !== undefined)
      this.checkNotEarly(event, ms, this.byId.get(from), fromMs, field, task.attrs[field]);
    this.closeTask('activity', task);
  }

  private activityCancelRequested(event: HistoryEvent, attrs: Record<string, unknown>): void {
    const name = String(attrs.activityId);
    const task = this.openActivities.get(name);
    if (task === undefined) {
      if (this.excerpt) return;
      this.report(
        'activityLifecycle',
        [event.eventId as number],
        `${label(event)} requests cancellation of activity ${quote(name)}, but no task with that id is open (SWF answers RequestCancelActivityTaskFailed ACTIVITY_ID_UNKNOWN).`,
      );
      return;
    }
    task.cancelRequests++;
  }

  private checkIdInUseCause(
    kind: 'activity' | 'lambda' | 'timer',
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    field: string,
    cause: string,
  ): void {
    if (attrs.cause !== cause || this.excerpt) return;
    const name = String(attrs[field]);
    const open = kind === 'timer' ? this.openTimers : this.taskMaps(kind).open;
    if (open.has(name)) return;
    this.report(
      this.invariantOf(kind),
      [event.eventId as number],
      `${label(event)} fails with ${cause}, but no ${kind === 'lambda' ? 'Lambda task' : kind} with id ${quote(name)} is open.`,
    );
  }

  private checkUnknownIdCause(
    kind: 'activity' | 'timer',
    event: HistoryEvent,
    attrs: Record<string, unknown>,
    field: string,
    cause: string,
  ): void {
    if (attrs.cause !== cause) return;
    const name = String(attrs[field]);
    const open = kind === 'timer' ? this.openTimers.get(name) : this.openActivities.get(name);
    if (open === undefined) return;
    const openId = 'scheduledId' in open ? open.scheduledId : open.startedId;
    this.report(
      this.invariantOf(kind),
      [event.eventId as number, openId],
      `${label(event)} fails with ${cause}, but ${kind} ${quote(name)} of event ${String(openId)} is open.`,
    );
  }

  private lambdaStartFailed(event: HistoryEvent, attrs: Record<string, unknown>): void {
    const task = this.taskOf('lambda', attrs);
    if (task === undefined) return;
    if (task.phase !== 'scheduled' && task.phase !== undefined) {
      this.report(
        'lambdaLifecycle',
        [event.eventId as number, task.scheduledId],
        `${label(event)} fails to start Lambda task ${quote(task.name)} of event ${String(task.scheduledId)}, which is already ${task.phase}.`,
      );
      return;
    }
    this.closeTask('lambda', task);
  }

  private lambdaTimedOut(event: HistoryEvent, attrs: Record<string, unknown>, ms: number | undefined): void {
    const task = this.taskOf('lambda', attrs);
    if (task === undefined) return;
    if (!this.requireStarted('lambda', event, attrs, task)) return;
    if (task.phase !== undefined) {
      const configured = task.attrs.startToCloseTimeout;
      if (configured !== undefined) {
        this.checkNotEarly(
          event,
          ms,
          this.byId.get(task.startedId),
          task.startedMs,
          'startToCloseTimeout',
          configured,
        );
      }
    }
    this.closeTask('lambda', task);
  }

  // --- Timers ----------------------------------------------------------------------------------

  private timerStarted(event: HistoryEvent, attrs: Record<string, unknown>, ms: number | undefined): void {
    const id = event.eventId as number;
    const timerId = String(attrs.timerId);
    const previous = this.openTimers.get(timerId);
    if (previous !== undefined) {
      this.report(
        'timerLifecycle',
        [id, previous.startedId],
        `${label(event)} starts timer ${quote(timerId)} while the one started by event ${String(previous.startedId)} is still open; timer ids are reused only after it fires or is canceled (SWF answers StartTimerFailed TIMER_ID_ALREADY_IN_USE).`,
      );
    }
    const timer: Timer = { timerId, startedId: id, open: true, overdue: false };
    this.timers.set(id, timer);
    this.openTimers.set(timerId, timer);
    const fire = durationMs(attrs.startToFireTimeout);
    if (ms !== undefined && typeof fire === 'number') {
      this.deadlines.push({
        dueMs: ms + fire,
        what: `timer ${quote(timerId)} (started by event ${String(id)}, startToFireTimeout ${String(attrs.startToFireTimeout)} s)`,
        armedBy: id,
        live: () => timer.open === true && !timer.overdue && this.closeEvent === undefined,
        reported: () => {
          timer.overdue = true;
        },
      });
    }
  }

  private timerClosed(
    event: HistoryEvent,
    type: EventType,
    attrs: Record<string, unknown>,
    ms: number | undefined,
  ): void {
    const startedId = idIn(attrs, 'startedEventId');
    let timer = this.timers.get(startedId);
    if (timer === undefined) {
      if (!(this.excerpt && startedId < this.firstId)) return;
      timer = { timerId: String(attrs.timerId), startedId, open: undefined, overdue: false };
      this.timers.set(startedId, timer);
    }
    if (timer.open === false) {
      this.report(
        'timerLifecycle',
        [event.eventId as number, startedId],
        `${label(event)} ${type === 'TimerFired' ? 'fires' : 'cancels'} timer ${quote(timer.timerId)} of event ${String(startedId)}, which already fired or was canceled.`,
      );
      return;
    }
    if (type === 'TimerFired' && timer.open === true) {
      const started = this.byId.get(startedId);
      this.checkNotEarly(
        event,
        ms,
        started,
        this.timeOf(started),
        'startToFireTimeout',
        started === undefined ? undefined : attributesOf(started).startToFireTimeout,
      );
    }
    timer.open = false;
    if (this.openTimers.get(timer.timerId) === timer) this.openTimers.delete(timer.timerId);
  }

  // --- Children and external requests ----------------------------------------------------------

  private childOf(attrs: Record<string, unknown>): Child | undefined {
    const initiatedId = idIn(attrs, 'initiatedEventId');
    let child = this.children.get(initiatedId);
    if (child === undefined && this.excerpt && initiatedId < this.firstId) {
      child = { initiatedId, phase: undefined, startedId: 0 };
      this.children.set(initiatedId, child);
    }
    return child;
  }

  private childStartOutcome(event: HistoryEvent, attrs: Record<string, unknown>, started: boolean): void {
    const child = this.childOf(attrs);
    if (child === undefined) return;
    if (child.phase !== 'initiated' && child.phase !== undefined) {
      this.report(
        'childWorkflowLifecycle',
        [event.eventId as number, child.initiatedId],
        `${label(event)} ${started ? 'starts' : 'fails to start'} the child of event ${String(child.initiatedId)}, which ${child.phase === 'started' ? `already started (event ${String(child.startedId)})` : 'is already closed'}; a child start has one outcome.`,
      );
      return;
    }
    child.phase = started ? 'started' : 'closed';
    child.startedId = started ? (event.eventId as number) : 0;
  }

  private childClosed(event: HistoryEvent, attrs: Record<string, unknown>): void {
    const child = this.childOf(attrs);
    if (child === undefined) return;
    const startedId = idIn(attrs, 'startedEventId');
    if (child.phase === undefined || (child.phase === 'started' && child.startedId === startedId)) {
      child.phase = 'closed';
      return;
    }
    this.report(
      'childWorkflowLifecycle',
      [event.eventId as number, child.initiatedId],
      child.phase === 'closed'
        ? `${label(event)} reports the close of the child of event ${String(child.initiatedId)}, which is already closed; a child closes once.`
        : child.phase === 'initiated'
          ? `${label(event)} reports the close of the child of event ${String(child.initiatedId)}, which never started (no ChildWorkflowExecutionStarted).`
          : `${label(event)} names startedEventId ${String(startedId)}, but the child of event ${String(child.initiatedId)} was started by event ${String(child.startedId)}.`,
    );
  }

  private externalOutcome(event: HistoryEvent, attrs: Record<string, unknown>): void {
    const initiatedId = idIn(attrs, 'initiatedEventId');
    let request = this.externals.get(initiatedId);
    if (request === undefined) {
      if (!(this.excerpt && initiatedId < this.firstId)) return;
      request = { initiatedId, open: undefined };
      this.externals.set(initiatedId, request);
    }
    if (request.open === false) {
      this.report(
        'externalWorkflowLifecycle',
        [event.eventId as number, initiatedId],
        `${label(event)} is a second outcome of the external request of event ${String(initiatedId)}; it already had one.`,
      );
      return;
    }
    request.open = false;
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
    if (!this.excerpt && !this.hasPendingWork()) {
      this.report(
        'noIdleOpenExecution',
        [last.eventId as number],
        `The run is open but nothing is pending after ${label(last)}: no decision task, activity, timer, child workflow, Lambda task or external request is open, so only a signal or the execution timeout can move it.`,
      );
    }
  }

  private hasPendingWork(): boolean {
    if (this.scheduled !== undefined || this.started !== undefined) return true;
    if (this.openActivities.size > 0 || this.openLambdas.size > 0 || this.openTimers.size > 0) return true;
    for (const child of this.children.values()) if (child.phase !== 'closed') return true;
    for (const request of this.externals.values()) if (request.open !== false) return true;
    return false;
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
