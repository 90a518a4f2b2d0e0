import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';

/** The attributes member of a history event of type `T`, e.g. `timerStartedEventAttributes`. @public */
export type EventAttributesKey<T extends EventType> = `${Uncapitalize<T>}EventAttributes` &
  keyof HistoryEvent;

/** The attributes object of a history event of type `T`, as the SDK declares it. @public */
export type EventAttributes<T extends EventType> = NonNullable<HistoryEvent[EventAttributesKey<T>]>;

const keyCache = new Map<string, string>();

/** `ActivityTaskScheduled` → `activityTaskScheduledEventAttributes`. @public */
export function eventAttributesKey<T extends EventType>(type: T): EventAttributesKey<T> {
  let key = keyCache.get(type);
  if (key === undefined) {
    key = `${type[0]?.toLowerCase() ?? ''}${type.slice(1)}EventAttributes`;
    keyCache.set(type, key);
  }
  return key as EventAttributesKey<T>;
}

/** The attributes of `event`, whatever its type. @public */
export function attributesOf(event: HistoryEvent): Record<string, unknown> {
  const type = event.eventType as EventType;
  return (event as unknown as Record<string, Record<string, unknown>>)[eventAttributesKey(type)] ?? {};
}

/**
 * Appends one event to `events` with the next id: exactly the envelope real SWF writes
 * (`eventId`, `eventTimestamp`, `eventType`, one attributes member).
 * @internal
 */
export function appendEvent<T extends EventType>(
  events: HistoryEvent[],
  nowMs: number,
  type: T,
  attributes: EventAttributes<T>,
): HistoryEvent {
  const event = {
    eventId: events.length + 1,
    eventTimestamp: new Date(nowMs),
    eventType: type,
    [eventAttributesKey(type)]: attributes,
  } as HistoryEvent;
  events.push(event);
  return event;
}
