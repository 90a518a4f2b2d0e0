import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { eventAttributesKey } from './appendEvent.js';

/** An event's type and its attributes' member names, in order: what a packed event leaves out. */
interface EventShape {
  readonly eventType: EventType;
  readonly attributesKey: string;
  readonly members: readonly string[];
}

/**
 * Every shape seen, shared by all packed histories: there are few (event types × which optional
 * members are set), and a history stores a shape's number instead of its member names.
 */
const shapes: EventShape[] = [];
const shapeNumbers = new Map<string, number>();
/**
 * Shape numbers stay below this (only odd imported histories could need more; theirs stay
 * unpacked), so that an event's shape and its time since the event before share one small integer.
 */
const MAX_SHAPES = 4096;

/**
 * Short strings, and small objects of short strings (task lists, types), seen in packed histories,
 * so that the runs repeating them share one copy. Shared objects are copied when read.
 */
const internedStrings = new Map<string, string>();
const internedObjects = new Map<string, object>();
const MAX_INTERNED_LENGTH = 64;
const MAX_INTERNED = 16_384;

/** Every 64th event's place in `slots` and time, so reading one event skips at most 63 others. */
const CHECKPOINT_EVERY = 64;
/** The longest wait between two events a packed history records: a shape and a wait fit a safe integer. */
const MAX_SINCE_PREVIOUS_MS = Math.floor(Number.MAX_SAFE_INTEGER / MAX_SHAPES);
const NO_CHECKPOINTS: readonly number[] = [];

function shapeNumber(eventType: EventType, attributesKey: string, members: string[]): number | undefined {
  const key = `${eventType}\u0000${members.join('\u0000')}`;
  let number = shapeNumbers.get(key);
  if (number === undefined) {
    if (shapes.length >= MAX_SHAPES) return undefined;
    number = shapes.length;
    shapes.push({ eventType, attributesKey, members });
    shapeNumbers.set(key, number);
  }
  return number;
}

/** Whether `value` is a plain object of at most two short strings, like a task list or a type. */
function isSmallRecord(value: unknown): value is Record<string, string> {
  if (!isPlainObject(value)) return false;
  let members = 0;
  for (const member in value) {
    const text = value[member];
    if (typeof text !== 'string' || ++members > 2 || text.length > MAX_INTERNED_LENGTH) return false;
  }
  return true;
}

/**
 * The one copy of `value` packed histories share. A bounded table, started afresh when full:
 * values that keep coming back are soon in it again.
 */
function intern(value: unknown): unknown {
  if (typeof value === 'string') return internString(value);
  if (!isSmallRecord(value)) return value;
  const key = JSON.stringify(value);
  const known = internedObjects.get(key);
  if (known !== undefined) return known;
  if (internedObjects.size >= MAX_INTERNED) internedObjects.clear();
  // Kept as a copy of its own, which no reader is ever handed (reads copy it again).
  const kept = { ...value };
  internedObjects.set(key, kept);
  return kept;
}

/**
 * The one copy of a short string that packed histories (and imported runs) share, from the same
 * bounded table.
 * @internal
 */
export function internString(value: string): string {
  if (value.length > MAX_INTERNED_LENGTH) return value;
  const known = internedStrings.get(value);
  if (known !== undefined) return known;
  if (internedStrings.size >= MAX_INTERNED) internedStrings.clear();
  internedStrings.set(value, value);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * The members of `event` in the order {@link appendEvent} writes them, or undefined for an event
 * written otherwise (a packed event is rebuilt in that order, so it must have been in it).
 */
function envelopeOf(
  event: HistoryEvent,
  eventId: number,
):
  | { eventType: EventType; attributesKey: string; attributes: Record<string, unknown>; ms: number }
  | undefined {
  const eventType = event.eventType as EventType;
  const attributesKey = eventAttributesKey(eventType);
  const expected = ['eventId', 'eventTimestamp', 'eventType', attributesKey];
  let i = 0;
  for (const member in event) if (member !== expected[i++]) return undefined;
  const attributes = (event as unknown as Record<string, unknown>)[attributesKey];
  const timestamp = event.eventTimestamp;
  if (i !== 4 || event.eventId !== eventId || !isPlainObject(attributes) || !(timestamp instanceof Date))
    return undefined;
  return { eventType, attributesKey, attributes, ms: timestamp.getTime() };
}

/**
 * A closed run's history, packed: per event one number for its shape and its time since the event
 * before, then its attribute values, all in one array — a fifth of the memory of `HistoryEvent`
 * objects with their `Date`s. Events are rebuilt, as new objects equal to the ones packed, only when read.
 * Closed runs never change, so neither does a packed history.
 * @internal
 */
export class PackedHistory {
  private constructor(
    /** How many events. */
    readonly length: number,
    private readonly startMs: number,
    /**
     * Per event: its shape number plus MAX_SHAPES × the milliseconds since the event before (since
     * `startMs` for the first), then one value per member of its attributes.
     */
    private readonly slots: readonly unknown[],
    /** For k ≥ 1: where event k × 64 starts in `slots`, and the time of the event before it after `startMs`. */
    private readonly checkpoints: readonly number[],
  ) {}

  /**
   * `events` packed, or undefined when one of them is not as {@link appendEvent} writes it (an
   * imported history may hold such events; it stays as it is).
   */
  static pack(events: readonly HistoryEvent[], startMs: number): PackedHistory | undefined {
    const steps = PackedHistory.packSteps(events, startMs);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  }

  /** {@link PackedHistory.pack} yielding every thousand events (a long history imported in slices). */
  static *packSteps(
    events: readonly HistoryEvent[],
    startMs: number,
  ): Generator<void, PackedHistory | undefined, void> {
    const slots: unknown[] = [];
    let checkpoints: number[] | undefined;
    let previousMs = startMs;
    for (let index = 0; index < events.length; index++) {
      const envelope = envelopeOf(events[index] as HistoryEvent, index + 1);
      const sincePrevious = envelope === undefined ? NaN : envelope.ms - previousMs;
      if (envelope === undefined || !(sincePrevious >= 0 && sincePrevious <= MAX_SINCE_PREVIOUS_MS))
        return undefined;
      const members: string[] = [];
      const values: unknown[] = [];
      for (const member in envelope.attributes) {
        if (member === '__proto__') return undefined;
        members.push(member);
        values.push(intern(envelope.attributes[member]));
      }
      const shape = shapeNumber(envelope.eventType, envelope.attributesKey, members);
      if (shape === undefined) return undefined;
      if (index > 0 && index % CHECKPOINT_EVERY === 0)
        (checkpoints ??= []).push(slots.length, previousMs - startMs);
      slots.push(shape + MAX_SHAPES * sincePrevious, ...values);
      previousMs = envelope.ms;
      if (index % 1000 === 999) yield;
    }
    // Copied to its exact length: a grown array keeps up to half again as much room.
    return new PackedHistory(events.length, startMs, slots.slice(), checkpoints ?? NO_CHECKPOINTS);
  }

  /** Events `from` (0-based) up to `to` (excluded), in order, as new objects. */
  slice(from: number, to: number): HistoryEvent[] {
    const end = Math.min(to, this.length);
    const events: HistoryEvent[] = [];
    if (from >= end) return events;
    const block = Math.floor(from / CHECKPOINT_EVERY);
    let index = block * CHECKPOINT_EVERY;
    let slot = block === 0 ? 0 : (this.checkpoints[2 * block - 2] as number);
    let ms = this.startMs + (block === 0 ? 0 : (this.checkpoints[2 * block - 1] as number));
    for (; index < end; index++) {
      const code = this.slots[slot] as number;
      const shape = shapes[code % MAX_SHAPES] as EventShape;
      ms += Math.floor(code / MAX_SHAPES);
      if (index >= from) events.push(this.rebuild(index, ms, shape, slot + 1));
      slot += 1 + shape.members.length;
    }
    return events;
  }

  /** Event `index`, at `ms`, whose attribute values start at `slots[first]`. */
  private rebuild(index: number, ms: number, shape: EventShape, first: number): HistoryEvent {
    const attributes: Record<string, unknown> = {};
    const { members } = shape;
    for (let m = 0; m < members.length; m++) {
      const value = this.slots[first + m];
      // Interned objects are shared by many runs: each reader gets its own copy.
      attributes[members[m] as string] = isPlainObject(value) ? { ...value } : value;
    }
    return {
      eventId: index + 1,
      eventTimestamp: new Date(ms),
      eventType: shape.eventType,
      [shape.attributesKey]: attributes,
    };
  }
}
