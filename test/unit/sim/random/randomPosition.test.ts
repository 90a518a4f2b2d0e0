import { describe, expect, it } from 'vitest';
import { isRandomPosition, SeededRandom } from '../../../../src/sim/random/SeededRandom.js';
import { VirtualClock } from '../../../../src/sim/clock/VirtualClock.js';

describe('resumable streams and clocks (a restored server goes on exactly)', () => {
  it('a random stream moved to a saved position draws what the original draws next', () => {
    const original = new SeededRandom('seed');
    for (let i = 0; i < 37; i++) original.next();
    const position = JSON.parse(JSON.stringify(original.position())) as unknown;
    expect(isRandomPosition(position)).toBe(true);
    const resumed = new SeededRandom('anything');
    resumed.moveTo(position as ReturnType<SeededRandom['position']>);
    expect(Array.from({ length: 20 }, () => resumed.next())).toEqual(
      Array.from({ length: 20 }, () => original.next()),
    );
    expect(isRandomPosition({ i: 0, j: 0, S: Array.from({ length: 256 }, () => 0) })).toBe(false);
  });

  it('timers keep their place in the arming order across clocks', () => {
    const fired: string[] = [];
    const clock = new VirtualClock(0);
    clock.skipArmedTo(10);
    clock.schedule(100, 'new', () => fired.push('new'));
    clock.schedule(100, 'restored', () => fired.push('restored'), { seq: 3 });
    expect(clock.armedCount).toBe(11);
    clock.advanceTo(100);
    expect(fired).toEqual(['restored', 'new']);
  });
});
