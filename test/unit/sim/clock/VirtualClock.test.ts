import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../src/sim/clock/VirtualClock.js';

describe('VirtualClock', () => {
  it('fires timers in (dueAtMs, arming order)', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.after(20, 'b', () => fired.push('b'));
    clock.after(10, 'a', () => fired.push('a'));
    clock.after(20, 'c', () => fired.push('c'));
    clock.advanceTo(20);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(20);
  });

  it('counts only live timers that are not idle as busy', () => {
    const clock = new VirtualClock(0);
    expect(clock.hasBusyTimers()).toBe(false);
    clock.after(10, 'poll expiry', () => undefined, { idle: true });
    expect(clock.hasBusyTimers()).toBe(false);
    const canceled = clock.after(10, 'canceled', () => undefined);
    expect(clock.hasBusyTimers()).toBe(true);
    canceled.cancel();
    canceled.cancel();
    expect(clock.hasBusyTimers()).toBe(false);
    clock.after(5, 'work', () => undefined);
    expect(clock.hasBusyTimers()).toBe(true);
    expect(clock.pending().map((t) => [t.label, t.idle])).toEqual([
      ['work', false],
      ['poll expiry', true],
    ]);
    clock.advanceTo(5);
    expect(clock.hasBusyTimers()).toBe(false);
    expect(clock.pending().map((t) => t.label)).toEqual(['poll expiry']);
  });
});
