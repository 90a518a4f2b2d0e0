import { describe, expect, it } from 'vitest';
import { DeadlineQueue, type Deadline } from '../../../../src/sim/check/DeadlineQueue.js';

/** A deadline named `what`, live until `kill()`. */
function deadline(what: string, dueMs: number): Deadline & { kill(): void } {
  let alive = true;
  return {
    dueMs,
    what,
    armedBy: 1,
    live: () => alive,
    reported: () => undefined,
    kill: () => {
      alive = false;
    },
  };
}

describe('DeadlineQueue', () => {
  it('DeadlineQueue: pops live deadlines earliest first, equal due times in arming order', () => {
    const queue = new DeadlineQueue();
    for (const [what, dueMs] of [
      ['c', 30],
      ['a1', 10],
      ['b', 20],
      ['a2', 10],
      ['a3', 10],
    ] as const)
      queue.push(deadline(what, dueMs));
    expect(queue.popDueBefore(25).map((d) => d.what)).toStrictEqual(['a1', 'a2', 'a3', 'b']);
    expect(queue.popDueBefore(30)).toStrictEqual([]);
    expect(queue.popDueBefore(31).map((d) => d.what)).toStrictEqual(['c']);
  });

  it('DeadlineQueue: sweeping dead deadlines out keeps the order of the live ones', () => {
    const queue = new DeadlineQueue();
    const live: string[] = [];
    // Thousands of deadlines, most dead long before they are due (closed tasks), with many ties.
    for (let i = 0; i < 5000; i++) {
      const d = deadline(`d${i}`, 1000 + (i % 7) * 10 + Math.floor(i / 1000));
      queue.push(d);
      if (i % 5 === 0) live.push(d.what);
      else d.kill();
    }
    // 1,000 live: the dead ones were swept out as the heap doubled.
    expect(queue.size).toBeLessThanOrEqual(2 * live.length);
    const dueOrder = (what: string) => {
      const i = Number(what.slice(1));
      return [1000 + (i % 7) * 10 + Math.floor(i / 1000), i] as const;
    };
    const expected = [...live].sort((x, y) => {
      const [dx, ix] = dueOrder(x);
      const [dy, iy] = dueOrder(y);
      return dx - dy || ix - iy;
    });
    expect(queue.popDueBefore(Infinity).map((d) => d.what)).toStrictEqual(expected);
  });
});
