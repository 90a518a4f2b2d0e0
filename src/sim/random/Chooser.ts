import type { SeededRandom } from './SeededRandom.js';

/**
 * The one strategy through which the simulation makes every scheduling choice: which of several
 * enabled steps runs next (two pollers racing for one task, replies ready at the same virtual
 * instant). Implementations: {@link FifoChooser} (always the oldest), {@link RandomChooser}
 * (seeded) and {@link ScriptedChooser} (replays recorded answers).
 * @public
 */
export interface Chooser {
  /**
   * Picks one of `count` alternatives (`count >= 2`), listed oldest first.
   * @param count - how many alternatives there are.
   * @param purpose - what is being chosen, for error messages (e.g. `step 12`).
   * @returns an index in `[0, count)`.
   */
  choose(count: number, purpose: string): number;
}

/** Always the first (oldest) alternative: the schedule when reordering is off. @public */
export class FifoChooser implements Chooser {
  choose(_count: number, _purpose: string): number {
    return 0;
  }
}

/** Uniformly random alternatives drawn from a seeded stream: reordering on. @public */
export class RandomChooser implements Chooser {
  constructor(private readonly random: SeededRandom) {}

  choose(count: number, _purpose: string): number {
    return this.random.int(count);
  }
}

/**
 * A harness error: a scripted chooser was asked for more choices than its script holds, or for an
 * answer its script cannot give. The run it replays has diverged from the recording.
 * @public
 */
export class ChooserScriptError extends Error {
  override readonly name = 'ChooserScriptError';
}

/**
 * Replays a recorded list of answers, one per choice, in order (fast-check's scheduler path).
 * Throws {@link ChooserScriptError} when the script runs out or an answer is out of range.
 * @public
 */
export class ScriptedChooser implements Chooser {
  private position = 0;

  constructor(private readonly script: readonly number[]) {}

  /** How many answers have been used. */
  get used(): number {
    return this.position;
  }

  choose(count: number, purpose: string): number {
    const index = this.script[this.position];
    if (index === undefined) {
      throw new ChooserScriptError(
        `Scripted chooser exhausted at choice ${this.position + 1} (${purpose}): the script holds ${this.script.length} choices`,
      );
    }
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new ChooserScriptError(
        `Scripted choice ${this.position + 1} (${purpose}) is ${index}, but only ${count} alternatives are enabled`,
      );
    }
    this.position++;
    return index;
  }
}
