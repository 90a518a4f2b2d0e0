import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf, eventAttributesKey } from '../../src/sim/history/appendEvent.js';

/** Ids in these attributes point into another execution's history and are never renumbered. */
const FOREIGN = new Set(['parentInitiatedEventId', 'externalInitiatedEventId']);

function indexOf(events: readonly HistoryEvent[], id: number): number {
  const index = events.findIndex((e) => e.eventId === id);
  if (index < 0) throw new Error(`no event ${String(id)}`);
  return index;
}

/** Rewrites every in-history `…EventId` reference through `map` (ids absent from it are kept). */
function remap(events: HistoryEvent[], map: (id: number) => number): HistoryEvent[] {
  for (const event of events) {
    const attrs = attributesOf(event);
    for (const [key, value] of Object.entries(attrs)) {
      if (key.endsWith('EventId') && !FOREIGN.has(key) && typeof value === 'number' && value > 0) {
        attrs[key] = map(value);
      }
    }
  }
  return events;
}

/** The attributes of event `id` (mutable). */
export function attrs(events: readonly HistoryEvent[], id: number): Record<string, unknown> {
  return attributesOf(events[indexOf(events, id)] as HistoryEvent);
}

/** Event `id` itself (mutable). */
export function eventAt(events: readonly HistoryEvent[], id: number): HistoryEvent {
  return events[indexOf(events, id)] as HistoryEvent;
}

/** A new event of `type` (no id yet), timestamped like event `like` when given. */
export function makeEvent(
  type: EventType,
  attributes: Record<string, unknown>,
  like?: HistoryEvent,
): HistoryEvent {
  return {
    eventId: 0,
    ...(like?.eventTimestamp ? { eventTimestamp: new Date(like.eventTimestamp.getTime()) } : {}),
    eventType: type,
    [eventAttributesKey(type)]: attributes,
  } as HistoryEvent;
}

/** Turns event `id` into an event of `type` with `attributes`, keeping its id and timestamp. */
export function retype(
  events: HistoryEvent[],
  id: number,
  type: EventType,
  attributes: Record<string, unknown>,
): HistoryEvent[] {
  const index = indexOf(events, id);
  const old = events[index] as HistoryEvent;
  events[index] = { ...makeEvent(type, attributes, old), eventId: id };
  return events;
}

/** Inserts `event` so that it becomes event `id`; later events and references to them shift up. */
export function insertAt(events: HistoryEvent[], id: number, event: HistoryEvent): HistoryEvent[] {
  const index = indexOf(events, id);
  remap(events, (ref) => (ref >= id ? ref + 1 : ref));
  for (const e of events) if ((e.eventId as number) >= id) e.eventId = (e.eventId as number) + 1;
  events.splice(index, 0, { ...event, eventId: id });
  return events;
}

/** Appends `event` as the next id. */
export function append(events: HistoryEvent[], event: HistoryEvent): HistoryEvent[] {
  const last = events[events.length - 1]?.eventId ?? 0;
  events.push({ ...event, eventId: last + 1 });
  return events;
}

/** Removes event `id`; later events and references to them shift down (references to it dangle). */
export function removeAt(events: HistoryEvent[], id: number): HistoryEvent[] {
  events.splice(indexOf(events, id), 1);
  remap(events, (ref) => (ref > id ? ref - 1 : ref));
  for (const e of events) if ((e.eventId as number) > id) e.eventId = (e.eventId as number) - 1;
  return events;
}

/** Exchanges the positions of events `a` and `b`, renumbering them (and references) to match. */
export function swapPositions(events: HistoryEvent[], a: number, b: number): HistoryEvent[] {
  const ia = indexOf(events, a);
  const ib = indexOf(events, b);
  const ea = events[ia] as HistoryEvent;
  const eb = events[ib] as HistoryEvent;
  remap(events, (ref) => (ref === a ? b : ref === b ? a : ref));
  ea.eventId = b;
  eb.eventId = a;
  events[ia] = eb;
  events[ib] = ea;
  return events;
}

/** Keeps events 1..`lastId` only. */
export function truncateAfter(events: HistoryEvent[], lastId: number): HistoryEvent[] {
  return events.slice(0, indexOf(events, lastId) + 1);
}

/** Sets event `id`'s timestamp to `seconds` (epoch seconds). */
export function retime(events: HistoryEvent[], id: number, seconds: number): HistoryEvent[] {
  eventAt(events, id).eventTimestamp = new Date(Math.round(seconds * 1000));
  return events;
}
