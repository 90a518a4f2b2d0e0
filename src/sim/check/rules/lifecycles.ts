/**
 * `activityLifecycle`, `lambdaLifecycle`, `timerLifecycle`, `childWorkflowLifecycle`,
 * `externalWorkflowLifecycle`: each task, timer, child and external request moves through its
 * states once (docs/invariants.md). The fold (`evolveOpenWork`) finds what breaks them; this
 * family says it in words.
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';
import type { OpenWorkTask } from '../../history/OpenWork.js';
import { label, quote } from '../format.js';
import { finding, type InvariantFamily } from '../InvariantRule.js';
import type { InvariantName } from '../invariants.js';

function kindName(kind: OpenWorkTask['kind']): string {
  return kind === 'activity' ? 'activity' : 'Lambda';
}

function lifecycleOf(kind: 'activity' | 'lambda' | 'timer'): InvariantName {
  return kind === 'activity' ? 'activityLifecycle' : kind === 'lambda' ? 'lambdaLifecycle' : 'timerLifecycle';
}

/** `Completed` → `complete`, as in "only a started task can complete". */
function outcomeVerb(event: HistoryEvent): string {
  return String(event.eventType)
    .replace(/^(ActivityTask|LambdaFunction)/, '')
    .toLowerCase();
}

/** Tasks, timers, children and external requests. @internal */
export const lifecycles = {
  invariants: [
    'activityLifecycle',
    'timerLifecycle',
    'childWorkflowLifecycle',
    'lambdaLifecycle',
    'externalWorkflowLifecycle',
  ],
  words: {
    idInUse: (event, { open }) =>
      open.kind === 'timer'
        ? finding(
            'timerLifecycle',
            [event.eventId as number, open.startedEventId],
            `${label(event)} starts timer ${quote(open.timerId)} while the one started by event ${String(open.startedEventId)} is still open; timer ids are reused only after it fires or is canceled (SWF answers StartTimerFailed TIMER_ID_ALREADY_IN_USE).`,
          )
        : finding(
            lifecycleOf(open.kind),
            [event.eventId as number, open.scheduledEventId],
            `${label(event)} schedules ${kindName(open.kind)} task ${quote(open.id)} while the task of event ${String(open.scheduledEventId)} with that id is still open; ids are reused only after close (SWF answers ${open.kind === 'activity' ? 'ScheduleActivityTaskFailed ACTIVITY_ID_ALREADY_IN_USE' : 'ScheduleLambdaFunctionFailed ID_ALREADY_IN_USE'}).`,
          ),
    causeNotOpen: (event, { work, id, cause }) =>
      finding(
        lifecycleOf(work),
        [event.eventId as number],
        `${label(event)} fails with ${cause}, but no ${work === 'lambda' ? 'Lambda task' : work} with id ${quote(id)} is open.`,
      ),
    causeOpen: (event, { open, cause }) => {
      const openId = open.kind === 'timer' ? open.startedEventId : open.scheduledEventId;
      const name = open.kind === 'timer' ? open.timerId : open.id;
      return finding(
        lifecycleOf(open.kind),
        [event.eventId as number, openId],
        `${label(event)} fails with ${cause}, but ${open.kind} ${quote(name)} of event ${String(openId)} is open.`,
      );
    },
    taskNotScheduled: (event, { task }) =>
      finding(
        lifecycleOf(task.kind),
        [event.eventId as number, task.scheduledEventId],
        event.eventType === 'StartLambdaFunctionFailed'
          ? `${label(event)} fails to start Lambda task ${quote(task.id)} of event ${String(task.scheduledEventId)}, which is already ${task.phase}.`
          : `${label(event)} starts ${kindName(task.kind)} task ${quote(task.id)} of event ${String(task.scheduledEventId)}, which is already ${task.phase === 'started' ? `started (event ${String(task.startedEventId)})` : 'closed'}.`,
      ),
    taskNotStarted: (event, { task, startedEventId }) => {
      const what = `${kindName(task.kind)} task ${quote(task.id)}`;
      return finding(
        lifecycleOf(task.kind),
        [event.eventId as number, task.scheduledEventId],
        task.phase === 'closed'
          ? `${label(event)} closes ${what} of event ${String(task.scheduledEventId)}, which is already closed; a task has one outcome.`
          : task.phase === 'scheduled'
            ? `${label(event)} closes ${what} of event ${String(task.scheduledEventId)}, which never started; only a started task can ${outcomeVerb(event)}.`
            : `${label(event)} names startedEventId ${String(startedEventId)}, but ${what} was started by event ${String(task.startedEventId)}.`,
      );
    },
    cancelNotRequested: (event, { task }) =>
      finding(
        'activityLifecycle',
        [event.eventId as number, task.scheduledEventId],
        `${label(event)} cancels activity task ${quote(task.id)} of event ${String(task.scheduledEventId)} before it started, but no ActivityTaskCancelRequested asked for it.`,
      ),
    cancelNotWaiting: (event, { task }) =>
      finding(
        'activityLifecycle',
        [event.eventId as number, task.scheduledEventId],
        task.phase === 'closed'
          ? `${label(event)} cancels activity task ${quote(task.id)} of event ${String(task.scheduledEventId)}, which is already closed.`
          : `${label(event)} has startedEventId 0, but activity task ${quote(task.id)} was started by event ${String(task.startedEventId)}.`,
      ),
    cancelRequestUnknown: (event, { activityId }) =>
      finding(
        'activityLifecycle',
        [event.eventId as number],
        `${label(event)} requests cancellation of activity ${quote(activityId)}, but no task with that id is open (SWF answers RequestCancelActivityTaskFailed ACTIVITY_ID_UNKNOWN).`,
      ),
    timeoutTypeUnknown: (event, { timeoutType }) =>
      finding(
        'activityLifecycle',
        [event.eventId as number],
        `${label(event)} has timeoutType ${quote(timeoutType)}, which is not an activity timeout type.`,
      ),
    timeoutNotPending: (event, { task, startedEventId, timeoutType }) => {
      const at = label(event);
      const name = quote(task.id);
      const scheduled = String(task.scheduledEventId);
      const started = String(task.startedEventId);
      return finding(
        'activityLifecycle',
        [event.eventId as number, task.scheduledEventId],
        task.phase === 'closed'
          ? `${at} times out activity task ${name} of event ${scheduled}, which is already closed.`
          : task.phase === 'scheduled'
            ? startedEventId !== 0
              ? `${at} names startedEventId ${String(startedEventId)}, but activity task ${name} of event ${scheduled} never started (SWF writes 0).`
              : `${at} times out activity task ${name} with ${timeoutType}, but it never started; only SCHEDULE_TO_START or SCHEDULE_TO_CLOSE can expire before a start.`
            : startedEventId === task.startedEventId
              ? `${at} times out activity task ${name} with SCHEDULE_TO_START, but it was already started by event ${started}.`
              : `${at} names startedEventId ${String(startedEventId)}, but activity task ${name} was started by event ${started}.`,
      );
    },
    alreadyClosed: (event, { item }) =>
      item.kind === 'timer'
        ? finding(
            'timerLifecycle',
            [event.eventId as number, item.startedEventId],
            `${label(event)} ${event.eventType === 'TimerFired' ? 'fires' : 'cancels'} timer ${quote(item.timerId)} of event ${String(item.startedEventId)}, which already fired or was canceled.`,
          )
        : finding(
            'externalWorkflowLifecycle',
            [event.eventId as number, item.initiatedEventId],
            `${label(event)} is a second outcome of the external request of event ${String(item.initiatedEventId)}; it already had one.`,
          ),
    childNotInitiated: (event, { child }) =>
      finding(
        'childWorkflowLifecycle',
        [event.eventId as number, child.initiatedEventId],
        `${label(event)} ${event.eventType === 'ChildWorkflowExecutionStarted' ? 'starts' : 'fails to start'} the child of event ${String(child.initiatedEventId)}, which ${child.phase === 'started' ? `already started (event ${String(child.startedEventId)})` : 'is already closed'}; a child start has one outcome.`,
      ),
    childNotStarted: (event, { child, startedEventId }) =>
      finding(
        'childWorkflowLifecycle',
        [event.eventId as number, child.initiatedEventId],
        child.phase === 'closed'
          ? `${label(event)} reports the close of the child of event ${String(child.initiatedEventId)}, which is already closed; a child closes once.`
          : child.phase === 'initiated'
            ? `${label(event)} reports the close of the child of event ${String(child.initiatedEventId)}, which never started (no ChildWorkflowExecutionStarted).`
            : `${label(event)} names startedEventId ${String(startedEventId)}, but the child of event ${String(child.initiatedEventId)} was started by event ${String(child.startedEventId)}.`,
      ),
  },
  // All of it is the fold's finding: nothing to keep per history.
  create: () => ({}),
} satisfies InvariantFamily;
