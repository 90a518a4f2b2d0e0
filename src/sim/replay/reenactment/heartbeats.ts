import type { HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../../history/appendEvent.js';

/** Heartbeats planned for one activity at most; beyond, the plan gives up on that activity. */
const MAX_HEARTBEATS = 10_000;

/** The heartbeats a started activity task must send, at their instants. @internal */
export interface HeartbeatPlan {
  /** The task's `ActivityTaskStarted`: its heartbeats come after it. */
  readonly afterEventId: number;
  readonly times: number[];
  readonly activityId: string;
  readonly details?: string;
}

/**
 * When the worker must have heartbeated, given the task's `ActivityTaskStarted` and the event that
 * closed it (undefined while open: the run then ends at `lastEvent`): a task that ran longer than
 * its heartbeat timeout without timing out (every half timeout from its start), one that timed out
 * by HEARTBEAT (last heartbeat one timeout before), and one whose timeout recorded heartbeat
 * details.
 * @internal
 */
export function planHeartbeats(
  started: HistoryEvent,
  closed: HistoryEvent | undefined,
  lastEvent: HistoryEvent | undefined,
  scheduled: Record<string, unknown>,
  at: (event: HistoryEvent | undefined) => number | undefined,
): { times: number[]; details?: string } | 'tooMany' | undefined {
  const startedMs = at(started);
  if (startedMs === undefined) return undefined;
  const outcome =
    closed !== undefined && (closed.eventId as number) > (started.eventId as number) ? closed : undefined;
  const endMs = at(outcome ?? lastEvent);
  if (endMs === undefined) return undefined;
  const o = outcome === undefined ? {} : attributesOf(outcome);
  const details =
    outcome?.eventType === 'ActivityTaskTimedOut' && typeof o.details === 'string' ? o.details : undefined;
  const heartbeatS = scheduled.heartbeatTimeout;
  const heartbeatMs =
    typeof heartbeatS === 'string' && heartbeatS !== 'NONE' ? Number(heartbeatS) * 1000 : undefined;
  const last =
    outcome?.eventType === 'ActivityTaskTimedOut' &&
    o.timeoutType === 'HEARTBEAT' &&
    heartbeatMs !== undefined
      ? endMs - heartbeatMs
      : undefined;
  const times: number[] = [];
  if (heartbeatMs !== undefined && heartbeatMs > 0) {
    const until = last ?? endMs;
    if ((until - startedMs) / (heartbeatMs / 2) > MAX_HEARTBEATS) return 'tooMany';
    for (let t = startedMs + heartbeatMs / 2; t < until; t += heartbeatMs / 2) times.push(t);
  }
  if (last !== undefined && last > startedMs) times.push(last);
  if (details !== undefined && times.length === 0) times.push(startedMs);
  if (times.length === 0) return undefined;
  return { times, ...(details !== undefined && { details }) };
}
