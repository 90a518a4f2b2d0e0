import type { ReenactStep, TypeRegistration } from './ReenactmentPlan.js';
import { REENACT_PREFIX } from './ReenactmentPlan.js';

type TypeKind = 'workflow' | 'activity';
type TypeState = 'registered' | 'deprecated' | 'absent';

interface Timeline {
  kind: TypeKind;
  type: { name: string; version: string };
  /** The state each recorded use needs the type in, in event order. */
  states: { eventId: number; state: TypeState }[];
  defaults: Record<string, unknown>;
}

/** The defaults a `DEFAULT_<NAME>_UNDEFINED` cause checks, in the order SWF checks them. */
const ACTIVITY_DEFAULT_ORDER = [
  ['TASK_LIST', 'defaultTaskList'],
  ['SCHEDULE_TO_START_TIMEOUT', 'defaultTaskScheduleToStartTimeout'],
  ['SCHEDULE_TO_CLOSE_TIMEOUT', 'defaultTaskScheduleToCloseTimeout'],
  ['START_TO_CLOSE_TIMEOUT', 'defaultTaskStartToCloseTimeout'],
  ['HEARTBEAT_TIMEOUT', 'defaultTaskHeartbeatTimeout'],
] as const;

const WORKFLOW_DEFAULT_ORDER = [
  ['TASK_LIST', 'defaultTaskList'],
  ['EXECUTION_START_TO_CLOSE_TIMEOUT', 'defaultExecutionStartToCloseTimeout'],
  ['TASK_START_TO_CLOSE_TIMEOUT', 'defaultTaskStartToCloseTimeout'],
  ['CHILD_POLICY', 'defaultChildPolicy'],
] as const;

/** Values for the defaults checked before the missing one, so SWF gets as far as the missing one. */
const PLACEHOLDER_DEFAULTS: Record<string, unknown> = {
  defaultTaskList: { name: `${REENACT_PREFIX}-default` },
  defaultTaskScheduleToStartTimeout: 'NONE',
  defaultTaskScheduleToCloseTimeout: 'NONE',
  defaultTaskStartToCloseTimeout: 'NONE',
  defaultTaskHeartbeatTimeout: 'NONE',
  defaultExecutionStartToCloseTimeout: '3600',
  defaultChildPolicy: 'TERMINATE',
};

const keyOf = (kind: TypeKind, name: unknown, version: unknown): string =>
  `${kind}\u0000${String(name)}\u0000${String(version)}`;

/**
 * The workflow and activity types a recording uses, and the state each use needs them in
 * (registered, deprecated, absent), from which the plan derives the registrations before the
 * run and the type changes during it.
 * @internal
 */
export class TypeTimelines {
  private readonly timelines = new Map<string, Timeline>();

  /** The recorded use at `eventId` needs `type` in `state`. */
  need(kind: TypeKind, type: unknown, eventId: number, state: TypeState): void {
    const t = type as { name?: string; version?: string } | undefined;
    if (t?.name === undefined || t.version === undefined) return;
    const key = keyOf(kind, t.name, t.version);
    let timeline = this.timelines.get(key);
    if (timeline === undefined) {
      timeline = { kind, type: { name: t.name, version: t.version }, states: [], defaults: {} };
      this.timelines.set(key, timeline);
    }
    timeline.states.push({ eventId, state });
  }

  /**
   * A recorded `DEFAULT_…_UNDEFINED` failure: the type gets placeholders for every default SWF
   * checks before the missing one. Returns a limitation when another failure already needs the
   * missing one defined.
   */
  needDefaults(kind: TypeKind, type: unknown, cause: string, eventId: number): string | undefined {
    const t = type as { name?: string; version?: string } | undefined;
    const order = kind === 'activity' ? ACTIVITY_DEFAULT_ORDER : WORKFLOW_DEFAULT_ORDER;
    const position = order.findIndex(([name]) => cause === `DEFAULT_${name}_UNDEFINED`);
    const timeline = this.timelines.get(keyOf(kind, t?.name, t?.version));
    if (position < 0 || timeline === undefined) return undefined;
    for (let i = 0; i < position; i++) {
      const member = (order[i] as readonly [string, string])[1];
      timeline.defaults[member] = PLACEHOLDER_DEFAULTS[member];
    }
    const missing = (order[position] as readonly [string, string])[1];
    if (timeline.defaults[missing] === undefined) return undefined;
    return `event ${String(eventId)}: ${cause} for a type another failure needs ${missing} defined for; only the first is reproduced`;
  }

  /**
   * The registrations before the run (each type in the state its first use needs) and the type
   * changes between uses, as steps at the event that needs them (`atMs` set when merged).
   */
  plan(): { registrations: TypeRegistration[]; typeSteps: ReenactStep[] } {
    const registrations: TypeRegistration[] = [];
    const typeSteps: ReenactStep[] = [];
    for (const timeline of this.timelines.values()) {
      const initial = timeline.states[0]?.state ?? 'registered';
      if (initial !== 'absent') {
        registrations.push({
          kind: timeline.kind,
          type: timeline.type,
          defaults: timeline.defaults,
          deprecated: initial === 'deprecated',
        });
      }
      let state = initial;
      for (const { eventId, state: wanted } of timeline.states) {
        if (wanted === state) continue;
        const change = (c: 'register' | 'deprecate' | 'undeprecate' | 'delete'): void => {
          typeSteps.push({
            eventId,
            atMs: undefined,
            kind: 'typeChange',
            typeKind: timeline.kind,
            type: timeline.type,
            change: c,
          });
        };
        if (state === 'absent') change('register');
        if (state === 'registered' && wanted !== 'registered') change('deprecate');
        if (state === 'deprecated' && wanted === 'registered') change('undeprecate');
        if (wanted === 'absent') change('delete');
        if (state === 'absent' && wanted === 'deprecated') change('deprecate');
        state = wanted;
      }
    }
    return { registrations, typeSteps };
  }
}
