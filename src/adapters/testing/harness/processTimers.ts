/**
 * The process's own timers during a run. With `virtualTimers: true`, `setTimeout`, `setInterval`,
 * `setImmediate` (and their `clear*`), `Date` and `performance.now` follow the run's virtual clock,
 * faked by `@sinonjs/fake-timers` and restored afterwards; without it, an actor that arms a real
 * timer is reported. Both touch globals the whole process shares, so a run with virtual timers
 * excludes every other run in the process. `process.nextTick` and `queueMicrotask` stay real: they
 * are how the SDK and promises hop, and never wait.
 */
import { install, type Clock } from '@sinonjs/fake-timers';
import type { VirtualClock } from '../../../sim/clock/VirtualClock.js';
import type { Scheduler } from '../../../sim/scheduler/Scheduler.js';
import type { UserTimerHandle, UserTimerKind } from '../../../sim/scheduler/UserTimers.js';

/**
 * The real timer functions, captured when this module loads: what the harness itself uses in real
 * time (the watchdog, the idle probe), whatever a run installs.
 * @internal
 */
export const realTimers = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
};

/** Where the faked timers report: the runner's scheduler, or a simulation's clock. */
interface TimerSink {
  armTimer(kind: UserTimerKind, dueAtMs: number, clearFake: () => void): UserTimerHandle;
}

const FAKED = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'Date',
  'performance',
] as const;
/** Node's (and fake-timers') longest delay; longer ones mean 1 ms. */
const MAX_DELAY_MS = 0x7fffffff;

/** Who holds the timer globals: one run with virtual timers, or any number of guarded runs. */
let virtualHolder: string | undefined;
const guarded = new Set<Scheduler>();
let unguard: (() => void) | undefined;

function refuse(): never {
  throw new Error(
    `virtualTimers: ${virtualHolder ?? 'another run'} is using the process's timers. setTimeout, Date and performance are shared by the whole process, so a run with virtualTimers: true cannot overlap any other run (or simulation with virtualTimers) in it: await one before starting the next.`,
  );
}

/** A timer's first delay as fake-timers computes it (so that virtual time stops exactly there). */
function firstDelayMs(delay: unknown, duringTick: boolean): number {
  let ms = typeof delay === 'number' ? delay : parseInt(String(delay), 10);
  if (!Number.isFinite(ms)) ms = 0;
  ms = Math.max(0, ms > MAX_DELAY_MS ? 1 : ms);
  return parseInt(String(ms), 10) || (duringTick ? 1 : 0);
}

/** An interval's period as fake-timers computes it. */
function intervalMs(delay: unknown): number {
  return typeof delay === 'number' && Number.isFinite(delay) && delay <= MAX_DELAY_MS ? delay : 1;
}

type Callback = (...args: unknown[]) => void;

/**
 * Installs fake-timers with its clock at `nowMs` and routes every timer it arms through `sink`:
 * the sink learns when each is due, and the fake timer only tells it when it fired. Returns the
 * faked clock's driver and what restores the globals (the sink's handles stay the sink's to drop).
 */
function installFake(
  nowMs: number,
  sink: TimerSink,
): { sync(nowMs: number): void; uninstall(): void; clearAll(): void; pending(): number } {
  const clock: Clock = install({ now: nowMs, toFake: [...FAKED], shouldClearNativeTimers: true });
  const fake = {
    setTimeout: clock.setTimeout.bind(clock),
    setInterval: clock.setInterval.bind(clock),
    setImmediate: clock.setImmediate.bind(clock),
    clearTimeout: clock.clearTimeout.bind(clock),
    clearInterval: clock.clearInterval.bind(clock),
    clearImmediate: clock.clearImmediate.bind(clock),
  };
  const handles = new Map<number, UserTimerHandle>();
  let ticking = false;

  /** Arms one fake timer whose callback reports to its handle instead of running user code. */
  const arm = <T>(
    kind: UserTimerKind,
    func: unknown,
    delay: unknown,
    args: unknown[],
    set: (callback: Callback) => T,
    clear: (timer: T) => void,
  ): T => {
    if (typeof func !== 'function') return set(func as Callback); // fake-timers throws Node's error
    const run = (): void => (func as Callback)(...args);
    const timer = set(() => {
      const handle = handles.get(key);
      if (handle === undefined) return;
      if (kind === 'setInterval') {
        handle.rearm(clock.now + intervalMs(delay));
        handle.fired(run);
      } else {
        handle.fired(() => {
          handles.delete(key);
          run();
        });
      }
    });
    const key = Number(timer);
    const dueAtMs = (): number =>
      clock.now + (kind === 'setImmediate' ? (ticking ? 1 : 0) : firstDelayMs(delay, ticking));
    const handle = sink.armTimer(kind, dueAtMs(), () => {
      handles.delete(key);
      clear(timer);
    });
    handles.set(key, handle);
    const refreshable = timer as { refresh?: () => unknown };
    if (typeof refreshable.refresh === 'function') {
      const refresh = refreshable.refresh.bind(timer);
      refreshable.refresh = () => {
        refresh();
        handle.rearm(dueAtMs());
        return timer;
      };
    }
    return timer;
  };
  const cleared =
    <T>(clear: (timer: T) => void) =>
    (timer: T): void => {
      const key = Number(timer);
      handles.get(key)?.clear();
      handles.delete(key);
      clear(timer);
    };

  const patched = clock as unknown as Record<string, unknown>;
  // fake-timers' uninstall reads its own methods' flags: they go back before it runs.
  const originals = Object.fromEntries(Object.keys(fake).map((name) => [name, patched[name]]));
  patched.setTimeout = (func: unknown, delay?: unknown, ...args: unknown[]) =>
    arm('setTimeout', func, delay, args, (cb) => fake.setTimeout(cb, delay as number), fake.clearTimeout);
  patched.setInterval = (func: unknown, delay?: unknown, ...args: unknown[]) =>
    arm('setInterval', func, delay, args, (cb) => fake.setInterval(cb, delay as number), fake.clearInterval);
  patched.setImmediate = (func: unknown, ...args: unknown[]) =>
    arm('setImmediate', func, undefined, args, (cb) => fake.setImmediate(cb), fake.clearImmediate);
  patched.clearTimeout = cleared(fake.clearTimeout);
  patched.clearInterval = cleared(fake.clearInterval);
  patched.clearImmediate = cleared(fake.clearImmediate);

  return {
    sync(targetMs) {
      ticking = true;
      try {
        clock.tick(Math.max(0, targetMs - clock.now));
      } finally {
        ticking = false;
      }
    },
    uninstall() {
      Object.assign(patched, originals);
      clock.uninstall();
    },
    clearAll() {
      for (const handle of [...handles.values()]) handle.clear();
      handles.clear();
    },
    pending: () => handles.size,
  };
}

/**
 * Puts the process's timers, `Date` and `performance.now` on the scheduler's virtual clock for one
 * run: each timer an actor arms is the scheduler's to fire, as a step of that actor. Returns what
 * restores everything. Throws when another run in the process holds the timers.
 * @internal
 */
export function useVirtualTimers(scheduler: Scheduler): () => void {
  if (virtualHolder !== undefined || guarded.size > 0) refuse();
  virtualHolder = 'another run with virtualTimers: true';
  try {
    const faked = installFake(scheduler.clock.now(), scheduler);
    scheduler.useProcessClock({
      sync: (nowMs) => faked.sync(nowMs),
      afterMicrotasks: (then) => realTimers.setImmediate(then),
    });
    return () => {
      try {
        scheduler.useProcessClock(undefined);
      } finally {
        faked.uninstall();
        virtualHolder = undefined;
      }
    };
  } catch (error) {
    virtualHolder = undefined;
    throw error;
  }
}

/**
 * Puts the process's timers, `Date` and `performance.now` on a simulation's virtual clock until
 * the returned function is called: a timer fires (its callback runs) when the clock reaches it,
 * whether `advanceBy` or the auto-advance moves it. `onArm` hears of each new timer.
 * @internal
 */
export function useVirtualTimersOn(
  clock: VirtualClock,
  onArm: () => void,
): { sync(): void; pending(): number; restore(): void } {
  if (virtualHolder !== undefined || guarded.size > 0) refuse();
  virtualHolder = 'a simulation with virtualTimers: true';
  try {
    const sync = (): void => faked.sync(clock.now());
    const faked = installFake(clock.now(), {
      armTimer(kind, dueAtMs) {
        let mirror = clock.schedule(dueAtMs, kind, sync);
        onArm();
        return {
          fired: (callback) => callback(),
          rearm(next) {
            mirror.cancel();
            mirror = clock.schedule(next, kind, sync);
          },
          clear: () => mirror.cancel(),
        };
      },
    });
    return {
      sync,
      pending: () => faked.pending(),
      restore() {
        faked.clearAll();
        faked.uninstall();
        virtualHolder = undefined;
      },
    };
  } catch (error) {
    virtualHolder = undefined;
    throw error;
  }
}

/**
 * For a run without virtual timers: while it lasts, an actor that calls `setTimeout` with a delay
 * or `setInterval` is reported (its callback would fire on the wall clock while virtual time stands
 * still). The timer is still armed, for real. Returns what stops guarding.
 * @internal
 */
export function guardRealTimers(scheduler: Scheduler): () => void {
  if (virtualHolder !== undefined) refuse();
  guarded.add(scheduler);
  if (unguard === undefined) {
    const report = (what: string): void => {
      for (const s of guarded) if (s.runningActor() !== undefined) s.realTimerArmed(what);
    };
    const g = globalThis as unknown as Record<'setTimeout' | 'setInterval', Callback>;
    const original = { setTimeout: g.setTimeout, setInterval: g.setInterval };
    const guard = (name: 'setTimeout' | 'setInterval', armsTimer: (delay: unknown) => boolean): void => {
      const real = original[name];
      const guardedFn = function (this: unknown, ...args: unknown[]): unknown {
        if (armsTimer(args[1])) report(`${name}(…, ${String(args[1])})`);
        return real.apply(this, args);
      };
      // Keeps util.promisify.custom and the other members of Node's functions.
      Object.defineProperties(guardedFn, Object.getOwnPropertyDescriptors(real));
      g[name] = guardedFn;
    };
    guard('setTimeout', (delay) => typeof delay === 'number' && delay > 0);
    guard('setInterval', () => true);
    unguard = () => {
      g.setTimeout = original.setTimeout;
      g.setInterval = original.setInterval;
    };
  }
  return () => {
    guarded.delete(scheduler);
    if (guarded.size === 0) {
      unguard?.();
      unguard = undefined;
    }
  };
}
