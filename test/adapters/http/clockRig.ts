/**
 * The server's skip gate and clock driver without HTTP, and ways to hold the event loop, so the
 * turn each step of a clock test happens in is under the test's control.
 */
import { stat } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { onTestFinished } from 'vitest';
import {
  createClockDriver,
  type ClockDriver,
  type ClockMode,
} from '../../../src/adapters/http/clockDrivers.js';
import { SkipGate } from '../../../src/adapters/http/skipGate.js';
import type { VirtualClock } from '../../../src/sim/clock/VirtualClock.js';
import type { SwfService } from '../../../src/sim/service/SwfService.js';

/** A skip gate over `services` and the `mode` driver of `clock`, as the server wires them; the driver stops when the test ends. */
export function clockRig(
  mode: ClockMode,
  clock: () => VirtualClock,
  services: () => Iterable<SwfService>,
): { gate: SkipGate; driver: ClockDriver; jumps: string[] } {
  const jumps: string[] = [];
  const gate: SkipGate = new SkipGate({
    graceMs: 5,
    abandonMs: 2000,
    services,
    onChange: () => driver.noteActivity(),
  });
  const driver: ClockDriver = createClockDriver(
    {
      clock,
      blockers: () => gate.blockers(false),
      waiting: () => gate.waiters().map((w) => w.what),
    },
    { mode, scale: 1, log: (line) => jumps.push(line) },
  );
  onTestFinished(() => driver.stop());
  return { gate, driver, jumps };
}

/** Runs `step` in an I/O callback: what it schedules with setImmediate then runs before any timer. */
export function inIoCallback<T>(step: () => T): Promise<T> {
  return new Promise((resolve) => {
    stat('.', () => resolve(step()));
  });
}

/** Holds the event loop for `ms` of real time, as a loaded machine does between two callbacks. */
export function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}
