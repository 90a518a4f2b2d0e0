import type { VirtualClock } from '../clock/VirtualClock.js';
import type { RunControls, RunOutcome, RunUntil } from './RunOutcome.js';
import type { SchedulerWorld } from './SchedulerWorld.js';
import type { TraceRecorder } from './TraceRecorder.js';

const DEFAULT_MAX_STEPS = 200_000;
const DEFAULT_MAX_VIRTUAL_MS = 30 * 24 * 3600 * 1000;

/** One run's goal and budgets, resolved. @internal */
export interface RunBudget {
  readonly until: RunUntil;
  readonly atMs: number | undefined;
  readonly maxSteps: number;
  readonly maxVirtualMs: number;
  /** Virtual epoch instant past which no timer may fire in this run. */
  readonly deadlineMs: number;
}

/** The goal and budgets of a run that starts at the virtual instant `startMs`. @internal */
export function runBudget(controls: RunControls, startMs: number): RunBudget {
  const until = controls.until ?? 'closed';
  const maxVirtualMs = controls.maxVirtualMs ?? DEFAULT_MAX_VIRTUAL_MS;
  return {
    until,
    atMs: typeof until === 'object' && 'atMs' in until ? until.atMs : undefined,
    maxSteps: controls.maxSteps ?? DEFAULT_MAX_STEPS,
    maxVirtualMs,
    deadlineMs: startMs + maxVirtualMs,
  };
}

/** The outcome when the run's goal holds after a step (`idle` and `{ atMs }` are judged by the clock). @internal */
export function goalReached(until: RunUntil, world: SchedulerWorld): RunOutcome | undefined {
  let done: boolean;
  if (typeof until === 'function') {
    if (until()) return { status: 'ok', reason: 'predicate' };
    return undefined;
  }
  if (until === 'closed') done = world.allRunsClosed();
  else if (typeof until === 'object' && 'workflowId' in until) done = world.allRunsClosed(until);
  else return undefined;
  return done ? { status: 'ok', reason: 'closed' } : undefined;
}

/** What moving the clock touches, and how a run that cannot go on is reported. @internal */
export interface ClockMove {
  readonly clock: VirtualClock;
  /** The faked process clock follows the virtual one. */
  readonly timers: { sync(nowMs: number): void };
  readonly trace: TraceRecorder;
  liveness(reason: 'stuck' | 'maxVirtualMs', message: string): RunOutcome;
  /** How many executions are open. */
  openExecutions(): number;
}

/**
 * With no step enabled: advances the clock to the next due timer (firing it) and returns
 * undefined, or returns how the run ends instead (idle, time reached, stuck, out of time budget).
 * `idle` means nothing is pending but idle timers (parked polls' expiries, retention of closed runs).
 * @internal
 */
export function advanceClock(budget: RunBudget, move: ClockMove): RunOutcome | undefined {
  const { until, atMs } = budget;
  const { clock } = move;
  if (until === 'idle' && !clock.hasBusyTimers()) return { status: 'ok', reason: 'idle' };
  const dueMs = clock.nextDueAtMs();
  if (atMs !== undefined && (dueMs === undefined || dueMs > atMs)) {
    moveTo(move, atMs);
    return { status: 'ok', reason: 'time' };
  }
  if (dueMs === undefined) {
    if (until === 'idle') return { status: 'ok', reason: 'idle' };
    return move.liveness(
      'stuck',
      `nothing can happen (no step is enabled, no timer is armed) and the run's goal is not reached: ${move.openExecutions()} open execution(s)`,
    );
  }
  if (dueMs > budget.deadlineMs) {
    return move.liveness('maxVirtualMs', `the virtual-time budget of ${budget.maxVirtualMs} ms ran out`);
  }
  moveTo(move, dueMs);
  return undefined;
}

function moveTo({ clock, timers, trace }: ClockMove, nowMs: number): void {
  clock.advanceTo(nowMs);
  timers.sync(nowMs);
  trace.record({ kind: 'advance', atMs: trace.relative() });
}
