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

  next(kind: 'decision' | 'activity'): string {
    this.counter++;
    return `AAAA${kind === 'decision' ? 'D' : 'A'}${this.counter.toString(36).padStart(8, '0')}SimToken`;
  }
}
