/**
 * fast-check arbitraries for fault plans and schedules. Every fault is a small record — kind, actor,
 * operation, call number, a delay — so a failing plan shrinks toward fewer faults, earlier calls and
 * shorter delays. Call numbers are bounded (the *fault window*): a fault can only select one of the
 * first few calls of an operation, so every plan runs out and a liveness phase follows it.
 */
import fc from 'fast-check';
import { isWorkReport } from '../../../sim/faults/FaultInjector.js';
import {
  FAULT_KINDS,
  type CallSelector,
  type FaultKind,
  type FaultPlan,
  type ScriptedFault,
} from '../../../sim/faults/FaultPlan.js';
import type { OperationName } from '../../../sim/service/operations.js';

/**
 * What faults may aim at: for each actor, the operations it calls and the highest call number of
 * each that a fault may select (calls 1..n of that operation, SDK retries included). Usually
 * discovered by a fault-free pilot run (`discoverFaultTargets`).
 * @public
 */
export interface FaultTargets {
  readonly actors: Readonly<Record<string, Readonly<Partial<Record<OperationName, number>>>>>;
  /** Activity types `activityFailure` faults may name; none: no activity failures are generated. */
  readonly activityTypes?: readonly string[];
}

/** Options of {@link faultPlanArbitrary}. @public */
export interface FaultPlanArbitraryOptions {
  readonly targets: FaultTargets;
  /** Most faults in one plan. Default 3. */
  readonly maxFaults?: number;
  /** Kinds to generate. Default {@link FAULT_KINDS}. */
  readonly kinds?: readonly FaultKind[];
  /** Largest latency, and largest delay before a client notices a lost request or reply. Default 120 000. */
  readonly delayMsMax?: number;
  /** Largest virtual delay before a crashed actor restarts. Default 10 000. */
  readonly restartDelayMsMax?: number;
  /** `activityFailure` fails attempts among 1..maxAttempt. Default 4. */
  readonly maxAttempt?: number;
}

/** A run's schedule: the runner's seed and whether enabled steps are reordered from it. @public */
export interface Schedule {
  readonly seed: string;
  readonly reorder: boolean;
}

/** Options of {@link scheduleArbitrary}. @public */
export interface ScheduleArbitraryOptions {
  /**
   * `false` (default): FIFO schedules, the seed still drives run ids and retry jitter. `true`: three
   * runs in four reorder enabled steps from the seed; a failure shrinks toward FIFO when FIFO fails too.
   */
  readonly reorder?: boolean;
}

/** One fuzz case: the schedule and the fault plan the scenario runs under. @public */
export interface FuzzCase extends Schedule {
  readonly faults: FaultPlan;
}

const DEFAULT_MAX_FAULTS = 3;
const DEFAULT_DELAY_MS_MAX = 120_000;
const DEFAULT_RESTART_DELAY_MS_MAX = 10_000;
const DEFAULT_MAX_ATTEMPT = 4;
const SEED_MAX = 0x7fffffff;
/** Steps per delay band. */
const DELAY_STEPS = 1_000;

/** One arbitrary per selectable (actor, operation); `workOnly` keeps the operations slow work applies to. */
function selectors(targets: FaultTargets, workOnly: boolean): fc.Arbitrary<CallSelector>[] {
  const out: fc.Arbitrary<CallSelector>[] = [];
  for (const [actor, operations] of Object.entries(targets.actors)) {
    for (const [operation, calls] of Object.entries(operations) as [OperationName, number | undefined][]) {
      if (calls === undefined || calls < 1) continue;
      if (workOnly && !isWorkReport(operation)) continue;
      out.push(
        fc.record({
          actor: fc.constant(actor),
          operation: fc.constant(operation),
          call: fc.integer({ min: 1, max: Math.floor(calls) }),
        }),
      );
    }
  }
  return out;
}

/**
 * Delays in three equally likely bands — up to 1 s, up to 10 s, up to `maxMs` — so that short
 * delays (reordering replies) and long ones (crossing timeouts) are both common. One integer maps
 * monotonically onto the bands, so a failing delay shrinks to the shortest one that still fails
 * (to a thousandth of its band: 1 ms below 1 s, 9 ms below 10 s).
 * @public
 */
export function delayArbitrary(maxMs: number): fc.Arbitrary<number> {
  const bands: [number, number][] = [];
  let lo = 1;
  for (const hi of [1_000, 10_000, maxMs]) {
    const top = Math.min(hi, maxMs);
    if (top >= lo) bands.push([lo, top]);
    lo = top + 1;
  }
  if (bands.length === 0) return fc.constant(Math.max(1, Math.floor(maxMs)));
  // Unbiased: fast-check's bias toward the ends would make most delays a few milliseconds.
  return fc.noBias(fc.integer({ min: 0, max: bands.length * DELAY_STEPS - 1 })).map((i) => {
    const [from, to] = bands[Math.floor(i / DELAY_STEPS)] as [number, number];
    return from + Math.round(((i % DELAY_STEPS) * (to - from)) / (DELAY_STEPS - 1));
  });
}

/**
 * One scripted fault of the given kinds against the targets, or undefined when none can be aimed
 * (no operations, or no activity types for `activityFailure` only).
 * @public
 */
export function scriptedFaultArbitrary(
  options: FaultPlanArbitraryOptions,
): fc.Arbitrary<ScriptedFault> | undefined {
  const kinds = options.kinds ?? FAULT_KINDS;
  const delayMsMax = options.delayMsMax ?? DEFAULT_DELAY_MS_MAX;
  const restartDelayMsMax = options.restartDelayMsMax ?? DEFAULT_RESTART_DELAY_MS_MAX;
  const maxAttempt = options.maxAttempt ?? DEFAULT_MAX_ATTEMPT;
  const anyCall = selectors(options.targets, false);
  const workCall = selectors(options.targets, true);
  const at = anyCall.length > 0 ? fc.oneof(...anyCall) : undefined;
  const workAt = workCall.length > 0 ? fc.oneof(...workCall) : undefined;
  const delay = delayArbitrary(delayMsMax);
  const activityTypes = options.targets.activityTypes ?? [];

  const byKind: fc.Arbitrary<ScriptedFault>[] = [];
  for (const kind of kinds) {
    switch (kind) {
      case 'crash':
        if (at !== undefined)
          byKind.push(
            fc
              .record(
                { at, reply: fc.boolean(), restartDelayMs: fc.integer({ min: 0, max: restartDelayMsMax }) },
                { requiredKeys: ['at', 'reply'] },
              )
              .map(({ at, reply, restartDelayMs }): ScriptedFault => ({
                kind: 'crash',
                at,
                ...(reply && { point: 'reply' as const }),
                ...(restartDelayMs !== undefined && { restartDelayMs }),
              })),
          );
        break;
      case 'lostRequest':
      case 'lostReply':
        if (at !== undefined)
          byKind.push(
            fc.record({ kind: fc.constant(kind), at, delayMs: delay }, { requiredKeys: ['kind', 'at'] }),
          );
        break;
      case 'throttle':
        if (at !== undefined) byKind.push(fc.record({ kind: fc.constant('throttle' as const), at }));
        break;
      case 'latency':
        if (at !== undefined)
          byKind.push(
            fc
              .record({ at, reply: fc.boolean(), delayMs: delay })
              .map(({ at, reply, delayMs }): ScriptedFault => ({
                kind: 'latency',
                at,
                ...(reply && { point: 'reply' as const }),
                delayMs,
              })),
          );
        break;
      case 'slowWork':
        if (workAt !== undefined)
          byKind.push(fc.record({ kind: fc.constant('slowWork' as const), at: workAt }));
        break;
      case 'activityFailure':
        if (activityTypes.length > 0)
          byKind.push(
            fc.record({
              kind: fc.constant('activityFailure' as const),
              activityType: fc.constantFrom(...activityTypes),
              attempts: fc
                .uniqueArray(fc.integer({ min: 1, max: maxAttempt }), { minLength: 1, maxLength: 3 })
                .map((attempts) => [...attempts].sort((a, b) => a - b)),
            }),
          );
        break;
      default: {
        const unreachable: never = kind;
        throw new Error(`unknown fault kind ${String(unreachable)}`);
      }
    }
  }
  return byKind.length > 0 ? fc.oneof(...byKind) : undefined;
}

/**
 * Fault plans of 0..`maxFaults` scripted faults against the targets (no rates: every fault is a
 * record that shrinks). A failing plan shrinks toward fewer faults, then each fault toward its
 * first selectable call, no optional members and the shortest delay that still fails.
 * @public
 */
export function faultPlanArbitrary(options: FaultPlanArbitraryOptions): fc.Arbitrary<FaultPlan> {
  const fault = scriptedFaultArbitrary(options);
  const maxFaults = options.maxFaults ?? DEFAULT_MAX_FAULTS;
  if (fault === undefined || maxFaults < 1) return fc.constant({ faults: [] });
  // One plan in ten is fault-free (the schedule alone); a failing plan shrinks toward it, too.
  return fc
    .oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant([] as ScriptedFault[]), weight: 1 },
      {
        // Not `minLength: 1`: fast-check could then never shrink [needed, harmless] to [needed].
        arbitrary: fc.array(fault, { maxLength: maxFaults }).filter((faults) => faults.length > 0),
        weight: 9,
      },
    )
    .map((faults): FaultPlan => ({ faults }));
}

/**
 * Schedules: a runner seed (not shrunk: a smaller seed is just another schedule) and the reorder
 * flag, which shrinks toward FIFO.
 * @public
 */
export function scheduleArbitrary(options: ScheduleArbitraryOptions = {}): fc.Arbitrary<Schedule> {
  const seed = fc.noShrink(fc.integer({ min: 0, max: SEED_MAX })).map(String);
  const reorder =
    options.reorder === true
      ? fc.oneof(
          { withCrossShrink: true },
          { arbitrary: fc.constant(false), weight: 1 },
          { arbitrary: fc.constant(true), weight: 3 },
        )
      : fc.constant(false);
  return fc.record({ seed, reorder });
}

/** Options of {@link fuzzCaseArbitrary}. @public */
export interface FuzzCaseArbitraryOptions extends FaultPlanArbitraryOptions, ScheduleArbitraryOptions {}

/** Fuzz cases: a fault plan (shrunk first) and a schedule. @public */
export function fuzzCaseArbitrary(options: FuzzCaseArbitraryOptions): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(faultPlanArbitrary(options), scheduleArbitrary(options))
    .map(([faults, schedule]): FuzzCase => ({ seed: schedule.seed, reorder: schedule.reorder, faults }));
}
