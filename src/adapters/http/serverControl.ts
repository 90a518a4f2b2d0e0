import type { ClockDriver, ClockMode } from './clockDrivers.js';
import type { ClockStatus, ControlTarget } from './controlRoutes.js';
import type { Durability } from './durability/durability.js';
import { nextTurn } from './durability/pacing.js';
import { writeSnapshot, type TextSink } from './durability/snapshotText.js';
import type { ServerWorld } from './ServerWorld.js';
import type { RequestTicket, SkipGate } from './skipGate.js';
import type { StateReader } from './stateTransfer.js';
import { StreamedImport } from './StreamedImport.js';
import { virtualSleep } from './waiters.js';

/** What the control endpoints act on. @internal */
export interface ControlParts {
  readonly world: ServerWorld;
  readonly gate: SkipGate;
  readonly driver: ClockDriver;
  readonly durability: Durability | undefined;
  readonly clockMode: ClockMode;
  readonly scale: number;
  /** A successor's first import (see `isolated/`): taken over between its swap and its answer. */
  readonly succession?: Succession;
}

/**
 * How a server built to succeed another from an import takes over: once its import is swapped in,
 * `takeOver` waits for the server it succeeds to let go (and goes on from what it hands on); once
 * whatever waited on the world was answered, `serving` says requests may come.
 * @internal
 */
export interface Succession {
  takeOver(): Promise<void>;
  serving(): void;
}

/** The control endpoints' target, and what the server itself needs of it. @internal */
export interface ServerControl {
  readonly control: ControlTarget;
  /** The clock status at once: right after timers fired it may still count a poll they ended. */
  readonly clockStatus: () => ClockStatus;
  /** Answers every waiting poll empty and every sleep early, without moving the clock. */
  readonly releaseWaiters: () => void;
  /** The world was replaced (reset, import): whatever waited on the old one is answered. */
  readonly replacedWorld: () => void;
}

/** Most event-loop turns a settled status waits for a clock whose catch-ups keep firing timers. */
const MAX_SETTLING_TURNS = 10;

/** The clock, reset, export and import as the control endpoints (and `SwfServer`) offer them. @internal */
export function serverControl({
  world,
  gate,
  driver,
  durability,
  clockMode,
  scale,
  succession,
}: ControlParts): ServerControl {
  let successor = succession;
  /** Answers every waiting poll empty and every sleep early, without moving the clock. */
  const releaseWaiters = (): void => {
    for (const waiter of gate.waiters()) waiter.release();
  };

  /** The clock status as the gate and the clock see it now, without catching up. */
  const currentStatus = (): ClockStatus => {
    const clock = world.clock;
    const next = clock.nextDueAtMs();
    const waiters = gate.waiters();
    const blockedBy =
      clockMode !== 'auto' ? [`the ${clockMode} clock never jumps`] : gate.blockers().map((b) => b.reason);
    if (blockedBy.length === 0 && next === undefined) blockedBy.push('no timer is armed');
    return {
      mode: clockMode,
      now: new Date(clock.now()).toISOString(),
      nowMs: clock.now(),
      ...(clockMode === 'realtime' && { scale }),
      nextTimerAt: next === undefined ? null : new Date(next).toISOString(),
      pendingTimers: clock.pendingCount,
      openRequests: gate.openRequests(),
      pendingPolls: waiters.filter((w) => w.kind === 'poll').length,
      sleeps: waiters.filter((w) => w.kind === 'sleep').length,
      tasksInProgress: gate.tasksInProgress(),
      locks: gate.heldLocks(),
      jumps: driver.jumps,
      lastJump: driver.lastJump ?? null,
      blockedBy,
    };
  };

  const clockStatus = (): ClockStatus => {
    driver.beforeDispatch();
    return currentStatus();
  };

  /**
   * The clock status once what the clock fired last (in an advance, a jump or this catch-up) has
   * acted: a poll a timer ended or handed a task leaves the gate only in the promise reactions
   * that follow, so a status read at once would still count it as waiting.
   */
  const settledStatus = async (): Promise<ClockStatus> => {
    await nextTurn();
    for (let turn = 1; turn < MAX_SETTLING_TURNS && driver.beforeDispatch(); turn++) await nextTurn();
    return currentStatus();
  };

  /** The state directory's snapshot of the last reset or import, until it is durable. */
  let replacing: Promise<void> | undefined;
  /** The world was replaced: whatever waited on the old one is answered, its tasks forgotten. */
  const replacedWorld = (): void => {
    releaseWaiters();
    gate.forgetTasks();
    driver.reanchor();
    if (durability !== undefined) {
      const written = durability.replaced();
      written.catch(() => undefined); // reported to whoever awaits control.durable()
      replacing = written;
    }
  };

  const control: ControlTarget = {
    clockStatus: settledStatus,
    advanceBy(ms: number): ClockStatus {
      driver.beforeDispatch();
      // Journaled even when nothing fires: the answer says where the clock is.
      durability?.clockMoved(world.clock.now() + ms);
      world.clock.advanceBy(ms);
      driver.reanchor();
      return clockStatus();
    },
    lockSkipping(name: string, ttlMs: number): ClockStatus {
      gate.lock(name, ttlMs);
      return clockStatus();
    },
    unlockSkipping(name: string): ClockStatus & { readonly released: boolean } {
      const released = gate.unlock(name);
      return { released, ...clockStatus() };
    },
    async sleep(ms: number, ticket: RequestTicket, signal: AbortSignal) {
      driver.beforeDispatch();
      const slept = ms === 0 || (await virtualSleep(world.clock, ms, ticket, signal));
      return { slept, ...(await settledStatus()) };
    },
    reset(): ClockStatus {
      world.reset();
      replacedWorld();
      return clockStatus();
    },
    exportState(sink: TextSink): Promise<void> {
      driver.beforeDispatch();
      // A cut now, written out in slices while the world goes on.
      return writeSnapshot(world.cut(), undefined, sink);
    },
    importState(): StateReader<ClockStatus> {
      // The new world is built and checked aside as the document comes (a bad one changes
      // nothing); once it is swapped in, what waited on the old one is answered.
      const streamed = new StreamedImport(world);
      return {
        feed: (chunk) => streamed.feed(chunk),
        async end() {
          await streamed.end();
          const taking = successor;
          successor = undefined;
          await taking?.takeOver();
          replacedWorld();
          taking?.serving();
          return settledStatus();
        },
      };
    },
    async durable(): Promise<void> {
      await replacing;
      await durability?.sync();
    },
  };

  return { control, clockStatus, releaseWaiters, replacedWorld };
}
