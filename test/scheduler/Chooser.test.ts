import { describe, expect, it } from 'vitest';
import {
  ChooserScriptError,
  FifoChooser,
  RandomChooser,
  ScriptedChooser,
} from '../../src/sim/random/Chooser.js';
import { SeededRandom } from '../../src/sim/random/SeededRandom.js';

describe('Chooser', () => {
  it('FIFO always picks the oldest alternative', () => {
    const chooser = new FifoChooser();
    expect([2, 3, 10].map((n) => chooser.choose(n, 'test'))).toEqual([0, 0, 0]);
  });

  it('random picks in range and repeats itself for the same seed', () => {
    const draw = (seed: string) => {
      const chooser = new RandomChooser(new SeededRandom(seed));
      return Array.from({ length: 200 }, (_, i) => chooser.choose(2 + (i % 5), 'test'));
    };
    const a = draw('seed');
    expect(a).toEqual(draw('seed'));
    expect(a).not.toEqual(draw('other'));
    a.forEach((index, i) => {
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(2 + (i % 5));
    });
    expect(new Set(a).size).toBe(6);
  });

  it('scripted replays its answers in order and counts them', () => {
    const chooser = new ScriptedChooser([1, 0, 2]);
    expect([chooser.choose(2, 'a'), chooser.choose(2, 'b'), chooser.choose(3, 'c')]).toEqual([1, 0, 2]);
    expect(chooser.used).toBe(3);
  });

  it('scripted throws a ChooserScriptError when exhausted or out of range', () => {
    expect(() => new ScriptedChooser([]).choose(2, 'step 7')).toThrow(ChooserScriptError);
    expect(() => new ScriptedChooser([]).choose(2, 'step 7')).toThrow(/exhausted at choice 1 \(step 7\)/);
    expect(() => new ScriptedChooser([3]).choose(2, 'step 9')).toThrow(/is 3, but only 2 alternatives/);
  });
});
