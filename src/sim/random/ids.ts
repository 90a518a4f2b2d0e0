import type { SeededRandom } from './SeededRandom.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A runId shaped like real ones: 46 characters, two digits then base64 ending in `=`
 * (swf-semantics §2), drawn from the seeded stream so runs reproduce.
 * @internal
 */
export function newRunId(random: SeededRandom): string {
  let id = `${random.int(10)}${random.int(10)}`;
  for (let i = 0; i < 43; i++) id += BASE64[random.int(64)];
  return `${id}=`;
}

/**
 * Issues opaque task tokens from a counter: unique, deterministic and cheap to look up.
 * @internal
 */
export class TokenIssuer {
  private counter = 0;

  /** How many tokens have been issued. */
  get issued(): number {
    return this.counter;
  }

  /** Skips past `count` issued tokens (a restored service must never reissue an old one). */
  skipTo(count: number): void {
    this.counter = Math.max(this.counter, count);
  }

  next(kind: 'decision' | 'activity'): string {
    this.counter++;
    return `AAAA${kind === 'decision' ? 'D' : 'A'}${this.counter.toString(36).padStart(8, '0')}SimToken`;
  }
}
