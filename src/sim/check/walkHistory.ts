import type { EventType, HistoryEvent } from '@aws-sdk/client-swf';
import { attributesOf } from '../history/appendEvent.js';
import { eventTimeMs } from '../history/eventFields.js';
import { EVENT_ROLES, isEventType } from '../history/eventRoles.js';
import { evolveOpenWork } from '../history/evolveOpenWork.js';
import type { OpenWorkAnomaly } from '../history/OpenWork.js';
import { CheckContext } from './CheckContext.js';
import type { CheckHistoryOptions } from './CheckHistoryOptions.js';
import type { AppliedHooks, InvariantRule, Wording } from './InvariantRule.js';
import type { Violation } from './invariants.js';
import { ANOMALY_WORDS, INVARIANT_FAMILIES } from './rules.js';
import { isNewestFirst } from './toAscending.js';

/**
 * The single pass behind `checkHistory`: reads the events once, oldest first, feeds each one to
 * every rule (`rules.ts`) and folds it into what is open (`evolveOpenWork`), reporting what the
 * fold finds wrong in the words of the family that judges it.
 * @internal
 */
export function walkHistory(events: readonly HistoryEvent[], options: CheckHistoryOptions): Violation[] {
  const ctx = new CheckContext(events, options);
  if (events.length === 0) {
    ctx.report('startedFirst', [], 'The history is empty: SWF writes at least WorkflowExecutionStarted.');
    return ctx.violations;
  }
  if (isNewestFirst(events)) {
    const first = events[0]?.eventId;
    const last = events[events.length - 1]?.eventId;
    ctx.report(
      'eventIdsSequential',
      [],
      `The events are newest-first (ids ${String(first)} down to ${String(last)}); the checker reads oldest-first histories: pass them through toAscending() first.`,
    );
    return ctx.violations;
  }
  const walker = new HistoryWalker(ctx);
  events.forEach((event, index) => walker.visit(event, index));
  walker.finish();
  return ctx.violations;
}

/** The event the walker is at (one object, rewritten for each event). */
interface Cursor {
  event: HistoryEvent;
  index: number;
  id: number | undefined;
  type: EventType | undefined;
  ms: number | undefined;
  attrs: Record<string, unknown>;
}

type Hooks = Required<Omit<InvariantRule, 'applied'>>;
type AppliedHook = NonNullable<AppliedHooks[EventType]>;

/** One hook of every rule that has it, bound, in registration order. */
function hooks<K extends keyof Hooks>(rules: readonly InvariantRule[], name: K): Hooks[K][] {
  return rules.flatMap((rule) => {
    const hook = rule[name] as Hooks[K] | undefined;
    return hook === undefined ? [] : [hook.bind(rule) as Hooks[K]];
  });
}

const NO_HOOKS: readonly AppliedHook[] = [];

class HistoryWalker {
  private readonly seeing: Hooks['see'][];
  private readonly checking: Hooks['check'][];
  /** The rules' applied hooks by event type, in registration order. */
  private readonly applying = new Map<EventType, AppliedHook[]>();
  private readonly settling: Hooks['settle'][];
  private readonly finishing: Hooks['finish'][];
  private readonly at: Cursor;

  constructor(private readonly ctx: CheckContext) {
    const first = ctx.events[0] as HistoryEvent;
    this.at = { event: first, index: 0, id: undefined, type: undefined, ms: undefined, attrs: {} };
    const rules = INVARIANT_FAMILIES.map((family) => family.create(ctx));
    this.seeing = hooks(rules, 'see');
    this.checking = hooks(rules, 'check');
    for (const rule of rules) {
      for (const [type, hook] of Object.entries(rule.applied ?? {}) as [EventType, AppliedHook][]) {
        const list = this.applying.get(type) ?? [];
        list.push(hook);
        this.applying.set(type, list);
      }
    }
    this.settling = hooks(rules, 'settle');
    this.finishing = hooks(rules, 'finish');
  }

  visit(event: HistoryEvent, index: number): void {
    const { ctx, at } = this;
    const id = event.eventId;
    at.event = event;
    at.index = index;
    at.id = typeof id === 'number' && Number.isInteger(id) && id >= 1 ? id : undefined;
    at.type = isEventType(event.eventType) ? event.eventType : undefined;
    at.ms = eventTimeMs(event);
    for (const see of this.seeing) see(at);
    if (at.id !== undefined && at.type !== undefined && ctx.closeEvent === undefined) {
      this.judge(at as Cursor & { id: number; type: EventType });
    }
    if (at.id !== undefined) ctx.byId.set(at.id, event);
    ctx.previous = event;
  }

  /** An event with a usable id and type, before the run's close: judged against the run's state. */
  private judge(at: Cursor & { id: number; type: EventType }): void {
    const { ctx } = this;
    at.attrs = attributesOf(at.event);
    let apply = true;
    for (const check of this.checking) if (!check(at)) apply = false;
    // An event whose references are broken is not applied, so that one corruption is reported once.
    if (apply) {
      const step = evolveOpenWork(ctx.work, at.event);
      for (const anomaly of step.anomalies) {
        const wording = ANOMALY_WORDS[anomaly.kind] as Wording<OpenWorkAnomaly['kind']>;
        const { invariant, eventIds, message } = wording(at.event, anomaly);
        ctx.report(invariant, eventIds, message);
      }
      for (const applied of this.applying.get(at.type) ?? NO_HOOKS) applied(at, step);
    }
    for (const settle of this.settling) settle(at);
    if (EVENT_ROLES[at.type].close) ctx.closeEvent = at.event;
  }

  finish(): void {
    for (const finish of this.finishing) finish();
  }
}
