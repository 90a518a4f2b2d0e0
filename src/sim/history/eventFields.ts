import type { ActivityTaskTimeoutType, HistoryEvent } from '@aws-sdk/client-swf';

/**
 * The event id in an attributes member: a missing one is the 0 that some exporters drop
 * (swf-observed §1.4); NaN when the member holds something that is not an id.
 * @internal
 */
export function eventIdIn(attributes: Record<string, unknown>, member: string): number {
  const value = attributes[member] ?? 0;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : Number.NaN;
}

/** An event's timestamp in epoch ms; undefined when it has none or it is not a valid Date. @internal */
export function eventTimeMs(event: HistoryEvent | undefined): number | undefined {
  const timestamp = event?.eventTimestamp as unknown;
  if (!(timestamp instanceof Date)) return undefined;
  const ms = timestamp.getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The member of ActivityTaskScheduled that configures each activity timeout (swf-semantics §8.4).
 * SCHEDULE_TO_START and SCHEDULE_TO_CLOSE run from the schedule, the others from the start.
 * @internal
 */
export const ACTIVITY_TIMEOUT_MEMBER = {
  SCHEDULE_TO_START: 'scheduleToStartTimeout',
  SCHEDULE_TO_CLOSE: 'scheduleToCloseTimeout',
  START_TO_CLOSE: 'startToCloseTimeout',
  HEARTBEAT: 'heartbeatTimeout',
} as const satisfies Record<ActivityTaskTimeoutType, string>;

/** Whether `value` is one of the SDK's activity timeout types. @internal */
export function isActivityTimeoutType(value: unknown): value is ActivityTaskTimeoutType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACTIVITY_TIMEOUT_MEMBER, value);
}
