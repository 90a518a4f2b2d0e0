/**
 * `timeoutsNotEarly` and `timeoutsNotMissed`: every timeout a history arms fires on time, neither
 * before its configured duration nor well after it (docs/invariants.md).
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../../history/appendEvent.js';
import { ACTIVITY_TIMEOUT_MEMBER, eventIdIn, eventTimeMs } from '../../history/eventFields.js';
import type {
  DecisionTaskSlot,
  OpenWorkItem,
  OpenWorkStep,
  OpenWorkTask,
  OpenWorkTimer,
} from '../../history/OpenWork.js';
import type { CheckContext } from '../CheckContext.js';
import { DeadlineQueue } from '../DeadlineQueue.js';
import { capitalize, durationMs, label, quote, seconds } from '../format.js';
import type { AppliedHooks, CheckedEvent, InvariantFamily, InvariantRule } from '../InvariantRule.js';

/** A decision task's startToCloseTimeout, as its DecisionTaskScheduled wrote it. */
function startToCloseOf(slot: DecisionTaskSlot): string | undefined {
  const value = slot.scheduledAttributes.startToCloseTimeout;
  return typeof value === 'string' ? value : undefined;
}

class DeadlineRule implements InvariantRule {
  private readonly deadlines = new DeadlineQueue();
  /** Tasks and timers already reported overdue, so that each is reported once. */
  private readonly overdue = new WeakSet<OpenWorkItem>();
  private start: { event: HistoryEvent; ms: number | undefined } | undefined;
  private latestOverrideScheduleToStart: unknown;

  constructor(private readonly ctx: CheckContext) {}

  check(e: CheckedEvent): boolean {
    if (e.type === 'WorkflowExecutionStarted') this.start ??= { event: e.event, ms: e.ms };
    if (e.ms !== undefined) this.checkOverdue(e.ms, e.event);
    return true;
  }

  finish(): void {
    const now = this.ctx.options.now?.getTime();
    if (this.ctx.endsJudgeable() && now !== undefined && !Number.isNaN(now))
      this.checkOverdue(now, undefined);
  }

  /** The deadlines each event arms, and the timeouts that must not be early. */
  readonly applied: AppliedHooks = {
    WorkflowExecutionStarted: (e) => this.armExecutionTimeout(e),
    WorkflowExecutionTimedOut: (e) => {
      const start = this.start;
      if (start === undefined) return;
      const configured = attributesOf(start.event).executionStartToCloseTimeout;
      this.checkNotEarly(e, start.event, start.ms, 'executionStartToCloseTimeout', configured);
    },
    DecisionTaskScheduled: (e, step) => this.armDecisionScheduleToStart(e, step.subject as DecisionTaskSlot),
    DecisionTaskStarted: (e, step) => this.armDecisionStartToClose(e, step.subject as DecisionTaskSlot),
    DecisionTaskCompleted: (e) => {
      this.latestOverrideScheduleToStart =
        e.attrs.taskListScheduleToStartTimeout ?? this.latestOverrideScheduleToStart;
    },
    DecisionTaskTimedOut: (e, step) => {
      if (e.attrs.timeoutType === 'SCHEDULE_TO_START') {
        if (step.anomalies.length === 0) this.checkDecisionScheduleToStart(e);
        return;
      }
      const started = step.subject as DecisionTaskSlot | undefined;
      if (started === undefined) return;
      const from = this.ctx.byId.get(started.startedEventId);
      this.checkNotEarly(e, from, started.startedMs, 'startToCloseTimeout', startToCloseOf(started));
    },
    ActivityTaskScheduled: (e, step) => {
      const task = step.subject as OpenWorkTask;
      this.armTaskDeadline(task, 'scheduleToStartTimeout', e.ms, () => task.phase === 'scheduled');
      this.armTaskDeadline(task, 'scheduleToCloseTimeout', e.ms, () => task.phase !== 'closed');
    },
    ActivityTaskStarted: (e, step) => this.armTaskStartToClose(e, step),
    LambdaFunctionStarted: (e, step) => this.armTaskStartToClose(e, step),
    ActivityTaskTimedOut: (e, step) => {
      const task = step.subject as OpenWorkTask | undefined;
      if (step.anomalies.length > 0 || task === undefined) return;
      const type = e.attrs.timeoutType as keyof typeof ACTIVITY_TIMEOUT_MEMBER;
      const member = ACTIVITY_TIMEOUT_MEMBER[type];
      const fromSchedule = type === 'SCHEDULE_TO_START' || type === 'SCHEDULE_TO_CLOSE';
      const from = this.ctx.byId.get(fromSchedule ? task.scheduledEventId : task.startedEventId);
      const fromMs = fromSchedule ? task.scheduledMs : task.startedMs;
      this.checkNotEarly(e, from, fromMs, member, task.attributes[member]);
    },
    LambdaFunctionTimedOut: (e, step) => {
      const task = step.subject as OpenWorkTask | undefined;
      if (step.anomalies.length > 0 || task === undefined) return;
      // Not judged without a written startToCloseTimeout: the default is not written (swf-observed §1.5).
      const configured = task.attributes.startToCloseTimeout;
      if (configured === undefined) return;
      const from = this.ctx.byId.get(task.startedEventId);
      this.checkNotEarly(e, from, task.startedMs, 'startToCloseTimeout', configured);
    },
    TimerStarted: (e, step) => this.armTimer(e, step.subject as OpenWorkTimer),
    TimerFired: (e, step) => {
      if (step.anomalies.length > 0 || step.subject === undefined) return;
      const started = this.ctx.byId.get(eventIdIn(e.attrs, 'startedEventId'));
      const configured = started === undefined ? undefined : attributesOf(started).startToFireTimeout;
      this.checkNotEarly(e, started, eventTimeMs(started), 'startToFireTimeout', configured);
    },
  };

  // --- Armed deadlines (timeoutsNotMissed) -----------------------------------------------------

  private armExecutionTimeout(e: CheckedEvent): void {
    const timeout = durationMs(e.attrs.executionStartToCloseTimeout);
    if (e.ms === undefined || typeof timeout !== 'number') return;
    this.deadlines.push({
      dueMs: e.ms + timeout,
      what: `the executionStartToCloseTimeout (${String(e.attrs.executionStartToCloseTimeout)} s) of the run (${label(e.event)})`,
      armedBy: e.id,
      live: () => this.ctx.closeEvent === undefined,
      reported: () => undefined,
    });
  }

  private armDecisionScheduleToStart(e: CheckedEvent, slot: DecisionTaskSlot): void {
    // Only the task's own scheduleToStartTimeout arms a deadline: a task-list override reverts
    // after a timeout (swf-semantics §6.7), so it is no safe bound for the tasks after it.
    const scheduleToStart = durationMs(e.attrs.scheduleToStartTimeout);
    if (e.ms === undefined || typeof scheduleToStart !== 'number') return;
    this.deadlines.push({
      dueMs: e.ms + scheduleToStart,
      what: `the scheduleToStartTimeout of the decision task scheduled by event ${String(e.id)}`,
      armedBy: e.id,
      live: () => this.ctx.work.scheduledDecision === slot && this.ctx.closeEvent === undefined,
      reported: () => undefined,
    });
  }

  private armDecisionStartToClose(e: CheckedEvent, slot: DecisionTaskSlot): void {
    const startToClose = startToCloseOf(slot);
    const timeout = durationMs(startToClose);
    if (e.ms === undefined || typeof timeout !== 'number') return;
    this.deadlines.push({
      dueMs: e.ms + timeout,
      what: `the startToCloseTimeout (${String(startToClose)} s) of the decision task started by event ${String(e.id)}`,
      armedBy: e.id,
      live: () => this.ctx.work.startedDecision === slot && this.ctx.closeEvent === undefined,
      reported: () => undefined,
    });
  }

  private armTaskStartToClose(e: CheckedEvent, step: OpenWorkStep): void {
    const task = step.subject as OpenWorkTask | undefined;
    if (step.anomalies.length > 0 || task === undefined) return;
    this.armTaskDeadline(task, 'startToCloseTimeout', e.ms, () => task.phase === 'started');
  }

  private armTaskDeadline(
    task: OpenWorkTask,
    member: string,
    fromMs: number | undefined,
    pending: () => boolean,
  ): void {
    const timeout = durationMs(task.attributes[member]);
    if (fromMs === undefined || typeof timeout !== 'number') return;
    this.deadlines.push({
      dueMs: fromMs + timeout,
      what: `the ${member} (${String(task.attributes[member])} s) of task ${quote(task.id)} (scheduled by event ${String(task.scheduledEventId)})`,
      armedBy: task.scheduledEventId,
      live: () => !this.overdue.has(task) && pending() && this.ctx.closeEvent === undefined,
      reported: () => {
        this.overdue.add(task);
      },
    });
  }

  private armTimer(e: CheckedEvent, timer: OpenWorkTimer): void {
    const fire = durationMs(e.attrs.startToFireTimeout);
    if (e.ms === undefined || typeof fire !== 'number') return;
    this.deadlines.push({
      dueMs: e.ms + fire,
      what: `timer ${quote(timer.timerId)} (started by event ${String(e.id)}, startToFireTimeout ${String(e.attrs.startToFireTimeout)} s)`,
      armedBy: e.id,
      live: () => timer.phase === 'started' && !this.overdue.has(timer) && this.ctx.closeEvent === undefined,
      reported: () => {
        this.overdue.add(timer);
      },
    });
  }

  /** Reports every pending timeout that was due more than the tolerance before `atMs`. */
  private checkOverdue(atMs: number, at: HistoryEvent | undefined): void {
    for (const deadline of this.deadlines.popDueBefore(atMs - this.ctx.lateToleranceMs)) {
      deadline.reported();
      const late = seconds(atMs - deadline.dueMs);
      this.ctx.report(
        'timeoutsNotMissed',
        at === undefined ? [deadline.armedBy] : [at.eventId as number, deadline.armedBy],
        at === undefined
          ? `${capitalize(deadline.what)} was due ${late} before \`now\`, yet the open run records no timeout; SWF fires timeouts on time.`
          : `${capitalize(deadline.what)} was due ${late} before ${label(at)}, which finds it still pending; SWF fires timeouts on time.`,
      );
    }
  }

  // --- Timeouts that fired (timeoutsNotEarly) --------------------------------------------------

  /** A SCHEDULE_TO_START decision timeout: the task's own timeout, else the latest task-list override. */
  private checkDecisionScheduleToStart(e: CheckedEvent): void {
    const scheduled = this.ctx.byId.get(eventIdIn(e.attrs, 'scheduledEventId'));
    const own = scheduled === undefined ? undefined : attributesOf(scheduled).scheduleToStartTimeout;
    const value = durationMs(own) !== undefined && own !== 'NONE' ? own : this.latestOverrideScheduleToStart;
    if (durationMs(value) === undefined || value === 'NONE') return;
    this.checkNotEarly(e, scheduled, eventTimeMs(scheduled), 'scheduleToStartTimeout', value);
  }

  /** `e` is a timeout that must not come before `from` + the configured duration. */
  private checkNotEarly(
    e: CheckedEvent,
    from: HistoryEvent | undefined,
    fromMs: number | undefined,
    member: string,
    configured: unknown,
  ): void {
    const timeout = durationMs(configured);
    const fromLabel = from === undefined ? 'its start' : label(from);
    const fromIds = from === undefined ? [e.id] : [e.id, from.eventId as number];
    if (timeout === 'NONE') {
      this.ctx.report(
        'timeoutsNotEarly',
        fromIds,
        `${label(e.event)} is a timeout, but the ${member} set by ${fromLabel} is NONE: it never expires.`,
      );
      return;
    }
    if (timeout === undefined || e.ms === undefined || fromMs === undefined) return;
    const elapsed = e.ms - fromMs;
    if (elapsed < timeout) {
      this.ctx.report(
        'timeoutsNotEarly',
        fromIds,
        `${label(e.event)} comes ${seconds(elapsed)} after ${fromLabel}, before its ${member} of ${String(configured)} s has elapsed.`,
      );
    }
  }
}

/** Every timeout fires on time. @internal */
export const deadlines = {
  invariants: ['timeoutsNotEarly', 'timeoutsNotMissed'],
  create: (ctx: CheckContext) => new DeadlineRule(ctx),
} satisfies InvariantFamily;
