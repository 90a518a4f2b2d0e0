import type { CancelTimerDecisionAttributes, StartTimerDecisionAttributes } from '@aws-sdk/client-swf';
import { scheduleDecisionTask } from './decisionTasks.js';
import { openWork, type Execution, type TimerRecord } from './model.js';
import type { ServiceState } from './ServiceState.js';

/** The StartTimer decision; returns false when it failed (a decision task is then needed). */
export function startTimer(
  s: ServiceState,
  execution: Execution,
  attributes: StartTimerDecisionAttributes,
  decisionTaskCompletedEventId: number,
): boolean {
  const timerId = attributes.timerId as string;
  const cause = execution.openTimers.has(timerId)
    ? 'TIMER_ID_ALREADY_IN_USE'
    : execution.openTimers.size >= s.options.quotas.openTimersPerExecution
      ? 'OPEN_TIMERS_LIMIT_EXCEEDED'
      : undefined;
  if (cause !== undefined) {
    s.append(execution, 'StartTimerFailed', { timerId, cause, decisionTaskCompletedEventId });
    return false;
  }
  const startToFireTimeout = attributes.startToFireTimeout as string;
  const event = s.append(execution, 'TimerStarted', {
    timerId,
    ...(attributes.control !== undefined && { control: attributes.control }),
    startToFireTimeout,
    decisionTaskCompletedEventId,
  });
  const startedEventId = event.eventId as number;
  const record: TimerRecord = {
    timerId,
    startedEventId,
    handle: s.after(Number(startToFireTimeout) * 1000, `timer ${timerId}`, () =>
      fireTimer(s, execution, record),
    ),
  };
  openWork(execution, 'openTimers').set(timerId, record);
  return true;
}

/** A timer fires, unless it was canceled or its run closed meanwhile. @internal */
export function fireTimer(s: ServiceState, execution: Execution, record: TimerRecord): void {
  if (execution.status !== 'OPEN' || execution.openTimers.get(record.timerId) !== record) return;
  s.willChange(execution);
  execution.openTimers.delete(record.timerId);
  s.append(execution, 'TimerFired', { timerId: record.timerId, startedEventId: record.startedEventId });
  scheduleDecisionTask(s, execution);
}

/** The CancelTimer decision; returns false when no such timer is open. */
export function cancelTimer(
  s: ServiceState,
  execution: Execution,
  attributes: CancelTimerDecisionAttributes,
  decisionTaskCompletedEventId: number,
): boolean {
  const timerId = attributes.timerId as string;
  const timer = execution.openTimers.get(timerId);
  if (timer === undefined) {
    s.append(execution, 'CancelTimerFailed', {
      timerId,
      cause: 'TIMER_ID_UNKNOWN',
      decisionTaskCompletedEventId,
    });
    return false;
  }
  timer.handle.cancel();
  execution.openTimers.delete(timerId);
  s.append(execution, 'TimerCanceled', {
    timerId,
    startedEventId: timer.startedEventId,
    decisionTaskCompletedEventId,
  });
  return true;
}
