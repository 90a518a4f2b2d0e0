/**
 * `referencesValid`: every `…EventId` points back to an earlier event of the right type, and
 * references by name (timerId, activityId, workflowExecution, parent links) agree with the event
 * pointed at (docs/invariants.md).
 */
import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../../history/appendEvent.js';
import { eventIdIn as idIn } from '../../history/eventFields.js';
import { EVENT_ROLES } from '../../history/eventRoles.js';
import type { OpenWorkTask } from '../../history/OpenWork.js';
import type { CheckContext } from '../CheckContext.js';
import { label, quote, withArticle } from '../format.js';
import type { AppliedHooks, CheckedEvent, InvariantFamily, InvariantRule } from '../InvariantRule.js';

/** The event types with a `member` reference to an event of one of `targets`. */
function referringTypes(member: string, targets: readonly EventType[]): ReadonlySet<EventType> {
  const types = new Set<EventType>();
  for (const [type, role] of Object.entries(EVENT_ROLES) as [EventType, (typeof EVENT_ROLES)[EventType]][]) {
    if (role.references.some((r) => r.field === member && r.target.some((t) => targets.includes(t))))
      types.add(type);
  }
  return types;
}

const CHILD_CLOSES = referringTypes('startedEventId', ['ChildWorkflowExecutionStarted']);
const EXTERNAL_OUTCOMES = referringTypes('initiatedEventId', [
  'SignalExternalWorkflowExecutionInitiated',
  'RequestCancelExternalWorkflowExecutionInitiated',
]);

function execution(value: unknown): { workflowId?: unknown; runId?: unknown } {
  return typeof value === 'object' && value !== null ? value : {};
}

class ReferenceRule implements InvariantRule {
  /** Every activityId scheduled so far: a cancel request must name one. */
  private readonly everScheduledActivityIds = new Set<string>();

  constructor(private readonly ctx: CheckContext) {}

  check(e: CheckedEvent): boolean {
    return this.checkReferences(e.event, e.type, e.attrs);
  }

  readonly applied: AppliedHooks = {
    ActivityTaskScheduled: (_e, step) => this.everScheduledActivityIds.add((step.subject as OpenWorkTask).id),
  };

  private checkReferences(event: HistoryEvent, type: EventType, attrs: Record<string, unknown>): boolean {
    let ok = true;
    const id = event.eventId as number;
    for (const reference of EVENT_ROLES[type].references) {
      const raw = attrs[reference.field];
      const target = idIn(attrs, reference.field);
      if (Number.isNaN(target)) {
        ok = false;
        this.ctx.report(
          'referencesValid',
          [id],
          `${label(event)} has ${reference.field} ${quote(raw)}, which is not an event id.`,
        );
      } else if (target === 0) {
        if (reference.zero) continue;
        ok = false;
        this.ctx.report(
          'referencesValid',
          [id],
          `${label(event)} has ${raw === undefined ? `no ${reference.field}` : `${reference.field} 0`}; it must name its ${reference.target.join(' or ')} event.`,
        );
      } else if (target >= id) {
        ok = false;
        this.ctx.report(
          'referencesValid',
          [id, target],
          `${label(event)} has ${reference.field} ${String(target)}, which is not an earlier event; it must point back to its ${reference.target.join(' or ')}.`,
        );
      } else if (this.ctx.beforeExcerpt(target)) {
        continue; // before the excerpt: taken on trust
      } else {
        const found = this.ctx.byId.get(target);
        if (found === undefined) {
          ok = false;
          this.ctx.report(
            'referencesValid',
            [id, target],
            `${label(event)} has ${reference.field} ${String(target)}, but there is no event ${String(target)} before it.`,
          );
        } else if (!reference.target.includes(found.eventType as EventType)) {
          ok = false;
          this.ctx.report(
            'referencesValid',
            [id, target],
            `${label(event)} has ${reference.field} ${String(target)}, which is ${withArticle(String(found.eventType))}, not ${withArticle(reference.target.join(' or '))}.`,
          );
        }
      }
    }
    return ok && this.checkNames(event, type, attrs);
  }

  /** A referenced event's attributes, or undefined when it lies before an excerpt. */
  private referenced(attrs: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
    const target = this.ctx.byId.get(idIn(attrs, field));
    return target === undefined ? undefined : attributesOf(target);
  }

  /** References by name: timerId, activityId, workflowId/runId, parent links. */
  private checkNames(event: HistoryEvent, type: EventType, attrs: Record<string, unknown>): boolean {
    const id = event.eventId as number;
    const mismatch = (what: string, own: unknown, field: string, other: unknown): false => {
      this.ctx.report(
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
      if (!this.ctx.excerpt && (typeof name !== 'string' || !this.everScheduledActivityIds.has(name))) {
        this.ctx.report(
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
        this.ctx.report(
          'referencesValid',
          [id, idIn(attrs, 'startedEventId'), idIn(attrs, 'initiatedEventId')],
          `${label(event)} has startedEventId ${String(attrs.startedEventId)}, which started the child of initiatedEventId ${String(started.initiatedEventId)}, not ${String(attrs.initiatedEventId)}.`,
        );
        return false;
      }
      // Only the workflowId must match: a child that continued as new reports its close from its
      // last run, whose runId the close names (swf-semantics §16.3).
      const own = execution(attrs.workflowExecution).workflowId;
      const known = started !== undefined ? execution(started.workflowExecution).workflowId : undefined;
      if (known !== undefined && own !== known)
        return mismatch('child workflowId', own, 'startedEventId', known);
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
        this.ctx.report(
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
}

/** References by id and by name. @internal */
export const references = {
  invariants: ['referencesValid'],
  create: (ctx: CheckContext) => new ReferenceRule(ctx),
} satisfies InvariantFamily;
