import { readdirSync } from 'node:fs';
import type { HistoryEvent } from '@aws-sdk/client-swf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributesOf, eventAttributesKey } from '../../../../src/sim/history/appendEvent.js';
import { PackedHistory } from '../../../../src/sim/history/PackedHistory.js';
import { loadFixtureHistory } from '../../../support/recorded.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 50);
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

/** `events` renumbered from 1 in their envelope's usual order, as the service writes them. */
function asWritten(events: readonly HistoryEvent[]): HistoryEvent[] {
  return events.map((event, index) => {
    const type = event.eventType as NonNullable<HistoryEvent['eventType']>;
    return {
      eventId: index + 1,
      eventTimestamp: event.eventTimestamp,
      eventType: type,
      [eventAttributesKey(type)]: attributesOf(event),
    };
  });
}

/** Every recorded history, ascending. */
function recordedHistories(): [string, HistoryEvent[]][] {
  const url = new URL('../../../../fixtures/histories/', import.meta.url);
  return readdirSync(url)
    .filter((name) => name.endsWith('.json'))
    .map((name): [string, HistoryEvent[]] => {
      const events = loadFixtureHistory(name).filter((e) => e.eventTimestamp !== undefined);
      events.sort((a, b) => (a.eventId as number) - (b.eventId as number));
      return [name, asWritten(events)];
    });
}

/** A history of `count` events, `gapsMs[i % gapsMs.length]` apart, some with optional members unset. */
function synthetic(count: number, gapsMs: readonly number[], startMs: number): HistoryEvent[] {
  let ms = startMs;
  const events: HistoryEvent[] = [];
  for (let i = 0; i < count; i++) {
    ms += gapsMs[i % gapsMs.length] as number;
    events.push({
      eventId: i + 1,
      eventTimestamp: new Date(ms),
      eventType: 'ActivityTaskScheduled',
      activityTaskScheduledEventAttributes: {
        activityType: { name: 'a', version: '1' },
        activityId: `a-${i}`,
        ...(i % 3 === 0 && { input: `input ${i}` }),
        taskList: { name: 'list' },
        decisionTaskCompletedEventId: i,
        ...(i % 5 === 0 && { control: undefined }),
      },
    });
  }
  return events;
}

describe('PackedHistory', () => {
  it('gives back every recorded history exactly, whole and in any range', () => {
    const histories = recordedHistories();
    expect(histories.length).toBeGreaterThan(10);
    for (const [name, events] of histories) {
      const startMs = (events[0]?.eventTimestamp as Date).getTime();
      const ascending = events.every(
        (e, i) => i === 0 || (e.eventTimestamp as Date) >= (events[i - 1]?.eventTimestamp as Date),
      );
      const packed = PackedHistory.pack(events, startMs);
      if (!ascending) {
        expect(packed, name).toBeUndefined();
        continue;
      }
      expect(packed, name).toBeDefined();
      expect(packed?.length, name).toBe(events.length);
      expect(packed?.slice(0, events.length), name).toStrictEqual(events);
      for (let from = 0; from < events.length; from += 7) {
        expect(packed?.slice(from, from + 5), name).toStrictEqual(events.slice(from, from + 5));
      }
    }
  });

  it('reads any range of a long history, across its checkpoints, with waits short and long', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_600_000 * 24 * 400 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(),
        fc.nat(),
        (count, gaps, a, b) => {
          const events = synthetic(count, gaps, 1_700_000_000_000);
          const packed = PackedHistory.pack(events, 1_700_000_000_000);
          const from = a % (count + 1);
          const to = from + (b % (count + 2 - from));
          expect(packed?.slice(from, to)).toStrictEqual(events.slice(from, to));
        },
      ),
      { numRuns, ...(seed !== undefined && { seed }) },
    );
  });

  it('hands each reader its own objects', () => {
    const events = synthetic(3, [0], 0);
    const packed = PackedHistory.pack(events, 0) as PackedHistory;
    const [first] = packed.slice(0, 1);
    const attributes = first?.activityTaskScheduledEventAttributes as { taskList: { name: string } };
    attributes.taskList.name = 'changed';
    expect(packed.slice(0, 3)).toStrictEqual(events);
  });

  it('leaves unpacked a history not as the service writes it', () => {
    const events = synthetic(3, [1000], 0);
    const reordered = events.map(({ eventType, eventId, eventTimestamp, ...rest }) => ({
      eventType,
      eventId,
      eventTimestamp,
      ...rest,
    })) as HistoryEvent[];
    expect(PackedHistory.pack(reordered, 0)).toBeUndefined();
    expect(PackedHistory.pack(events, 5000)).toBeUndefined();
    expect(PackedHistory.pack([{ ...events[0], eventId: 2 } as HistoryEvent], 0)).toBeUndefined();
  });
});
