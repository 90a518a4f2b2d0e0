/**
 * `eventEnvelope`, `eventIdsSequential`, `timestampsNonDecreasing`, `startedFirst`, `closeLast`:
 * what every event looks like and where it stands (docs/invariants.md).
 */
import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { eventAttributesKey } from '../../history/appendEvent.js';
import { EVENT_ROLES } from '../../history/eventRoles.js';
import type { CheckContext } from '../CheckContext.js';
import { label, quote, seconds } from '../format.js';
import { finding, type InvariantFamily, type InvariantRule, type WalkedEvent } from '../InvariantRule.js';

class EnvelopeAndOrderRule implements InvariantRule {
  private previousId: number | undefined;
  private maxId = 0;
  private lastTimedEvent: HistoryEvent | undefined;
  private lastTimedMs = 0;
  private start: HistoryEvent | undefined;
  private afterClose = 0;

  constructor(private readonly ctx: CheckContext) {}

  see(e: WalkedEvent): void {
    this.checkEnvelope(e.event, e.type);
    if (e.id === undefined) return;
    this.checkId(e.event, e.id);
    if (e.ms !== undefined) this.checkTimestamp(e.event, e.ms);
    if (e.type !== undefined) this.checkPosition(e.event, e.id, e.type, e.index);
  }

  finish(): void {
    this.checkMissingIds();
  }

  private checkEnvelope(event: HistoryEvent, type: EventType | undefined): void {
    const id = event.eventId;
    const ids = (): number[] => (typeof id === 'number' ? [id] : []);
    const name =
      typeof id === 'number' ? `Event ${String(id)}` : `The event at position ${this.positionOf(event)}`;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
      this.ctx.report(
        'eventEnvelope',
        [],
        `${name} has eventId ${quote(id)}, which is not a positive integer.`,
      );
    }
    const ts = event.eventTimestamp as unknown;
    if (ts !== undefined && !(ts instanceof Date && !Number.isNaN(ts.getTime()))) {
      this.ctx.report(
        'eventEnvelope',
        ids(),
        `${name} has eventTimestamp ${quote(ts)}, which is not a valid Date (convert epoch seconds or ISO strings when loading).`,
      );
    }
    if (type === undefined) {
      this.ctx.report(
        'eventEnvelope',
        ids(),
        `${name} has eventType ${quote(event.eventType)}, which is not an SWF event type.`,
      );
      return;
    }
    const key = eventAttributesKey(type);
    const record = event as unknown as Record<string, unknown>;
    const own = record[key];
    if (typeof own !== 'object' || own === null) {
      this.ctx.report('eventEnvelope', ids(), `${name} (${type}) has no ${key} object.`);
    }
    let foreign: string[] | undefined;
    for (const member in record) {
      if (member !== key && member.endsWith('EventAttributes') && record[member] !== undefined) {
        (foreign ??= []).push(member);
      }
    }
    if (foreign !== undefined) {
      this.ctx.report(
        'eventEnvelope',
        ids(),
        `${name} (${type}) also carries ${foreign.join(', ')}; SWF writes exactly one attributes member, ${key}.`,
      );
    }
  }

  private positionOf(event: HistoryEvent): string {
    return String(this.ctx.events.indexOf(event) + 1);
  }

  private checkId(event: HistoryEvent, id: number): void {
    // The walker indexes an event by id once every rule saw it: indexed means seen before.
    if (this.ctx.byId.has(id)) {
      this.ctx.report(
        'eventIdsSequential',
        [id],
        `Event id ${String(id)} appears twice (${label(event)} repeats it).`,
      );
    } else if (this.previousId !== undefined && id < this.previousId) {
      this.ctx.report(
        'eventIdsSequential',
        [id, this.previousId],
        `${label(event)} comes after event ${String(this.previousId)}: ids must increase by one.`,
      );
    }
    this.previousId = id;
    if (id > this.maxId) this.maxId = id;
  }

  private checkTimestamp(event: HistoryEvent, ms: number): void {
    const last = this.lastTimedEvent;
    if (last !== undefined && ms < this.lastTimedMs) {
      this.ctx.report(
        'timestampsNonDecreasing',
        [event.eventId as number, last.eventId as number],
        `${label(event)} is dated ${seconds(this.lastTimedMs - ms)} before ${label(last)}, which precedes it; timestamps never decrease.`,
      );
    }
    const now = this.ctx.options.now;
    if (now !== undefined && ms > now.getTime()) {
      this.ctx.report(
        'timestampsNonDecreasing',
        [event.eventId as number],
        `${label(event)} is dated ${seconds(ms - now.getTime())} after \`now\` (${now.toISOString()}).`,
      );
    }
    this.lastTimedEvent = event;
    this.lastTimedMs = ms;
  }

  private checkPosition(event: HistoryEvent, id: number, type: EventType, index: number): void {
    const { ctx } = this;
    if (type === 'WorkflowExecutionStarted') {
      if (this.start !== undefined) {
        ctx.report(
          'startedFirst',
          [id, this.start.eventId as number],
          `${label(event)} is a second WorkflowExecutionStarted (the first is event ${String(this.start.eventId)}).`,
        );
      } else if (index > 0 || ctx.excerpt) {
        ctx.report('startedFirst', [id], `${label(event)} must be event 1, the first event of the run.`);
      }
      this.start ??= event;
    } else if (index === 0 && !ctx.excerpt) {
      ctx.report(
        'startedFirst',
        [id],
        `The history begins with ${label(event)}, not WorkflowExecutionStarted.`,
      );
    }

    const close = ctx.closeEvent;
    if (close === undefined) return;
    this.afterClose++;
    if (this.afterClose > 1) return;
    const later = ctx.events.length - index - 1;
    const more = later > 0 ? ` (and ${String(later)} more event${later > 1 ? 's' : ''} after it)` : '';
    ctx.report(
      'closeLast',
      [id, close.eventId as number],
      EVENT_ROLES[type].close
        ? `${label(event)} is a second close event: the run already closed with ${label(close)}${more}.`
        : `${label(event)} is written after the run closed with ${label(close)}${more}; nothing follows a close event.`,
    );
  }

  private checkMissingIds(): void {
    const { firstId } = this.ctx;
    const expected = this.maxId - firstId + 1;
    const seen = this.ctx.byId;
    const missing = expected - seen.size;
    if (missing <= 0) return;
    const first: number[] = [];
    if (missing <= this.ctx.events.length * 2) {
      for (let id = firstId; id <= this.maxId && first.length < 5; id++) if (!seen.has(id)) first.push(id);
    }
    const range = `ids must run from ${String(firstId)} to ${String(this.maxId)} without gaps`;
    const message =
      first.length === 0
        ? `${String(missing)} event ids are missing: ${range}, but there are only ${String(seen.size)} events.`
        : missing === 1
          ? `Event ${String(first[0])} is missing: ${range}.`
          : `${String(missing)} events are missing (${first.join(', ')}${missing > first.length ? ', …' : ''}): ${range}.`;
    this.ctx.report('eventIdsSequential', first, message);
  }
}

/** What every event looks like and where it stands. @internal */
export const envelopeAndOrder = {
  invariants: ['eventEnvelope', 'eventIdsSequential', 'timestampsNonDecreasing', 'startedFirst', 'closeLast'],
  words: {
    // Not met while checking: the walker stops applying events at the close.
    afterClose: (event, anomaly) =>
      finding(
        'closeLast',
        [event.eventId as number, anomaly.closeEventId],
        `${label(event)} is written after the run closed with event ${String(anomaly.closeEventId)}.`,
      ),
  },
  create: (ctx) => new EnvelopeAndOrderRule(ctx),
} satisfies InvariantFamily;
