import type { ActivityTaskTimeoutType, HistoryEvent } from '@aws-sdk/client-swf';

const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * **Absent and zero alike** — the one place this rule lives. Exporters of SWF histories leave out
 * members that hold their zero value: every zero-valued `…EventId` (`parentInitiatedEventId: 0`,
 * `externalInitiatedEventId: 0`, `startedEventId: 0`, …) and, in one common exporter, an empty
 * `tagList` (swf-observed, caveats and §1 item 4). Whatever reads or compares a history — the
 * invariant checker, replay's decision comparison, re-enactment's history comparison — reads such
 * an attributes member's `value` through this function, so an absent one is its zero. Other
 * members' values come back as they are.
 * @internal
 */
export function absentAsZero(member: string, value: unknown): unknown {
  if (value !== undefined && value !== null) return value;
  if (member.endsWith('EventId')) return 0;
  if (member === 'tagList') return NO_TAGS;
  return value;
}

/**
 * The event id in an attributes member, absent read as 0 ({@link absentAsZero}); NaN when the
 * member holds something that is not an id.
 * @internal
 */
export function eventIdIn(attributes: Record<string, unknown>, member: string): number {
  const value = absentAsZero(member, attributes[member]);
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
