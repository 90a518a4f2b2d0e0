import { SeededRandom } from './SeededRandom.js';
import { sipHash64, type SipKey } from './sipHash.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A runId shaped like real ones: 46 characters, two digits then base64 ending in `=`
 * (swf-semantics §2), drawn from the seeded stream so runs reproduce.
 * @internal
 */
export function newRunId(random: SeededRandom): string {
  const chars: string[] = [String(random.int(10)), String(random.int(10))];
  for (let i = 0; i < 43; i++) chars.push(BASE64[random.int(64)] as string);
  chars.push('=');
  // Joined, not appended to: a string grown by `+=` stays a chain of 45 pieces while retained.
  return chars.join('');
}

/**
 * Issues task tokens nobody can guess: a counter (unique, so a stale token never names a new task)
 * and a SipHash of it under a key drawn from `secret`. Same secret, same tokens; without the secret,
 * knowing every token issued so far does not tell the next one.
 * @internal
 */
export class TokenIssuer {
  private counter = 0;
  private readonly key: SipKey;

  constructor(secret: string) {
    const stream = new SeededRandom(`${secret}/task-tokens`);
    const word = (): number => stream.int(0x1_0000_0000) >>> 0;
    this.key = [word(), word(), word(), word()];
  }

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
    const [hi, lo] = sipHash64(this.key, Math.floor(this.counter / 0x1_0000_0000), this.counter >>> 0);
    const chars = ['AAAA', kind === 'decision' ? 'D' : 'A', this.counter.toString(36).padStart(8, '0')];
    // 64 bits as 11 URL-safe base64 digits (the last one carries 4 bits).
    for (let i = 0; i < 5; i++) chars.push(BASE64URL[(hi >>> (26 - 6 * i)) & 63] as string);
    chars.push(BASE64URL[((hi & 3) << 4) | (lo >>> 28)] as string);
    for (let i = 0; i < 4; i++) chars.push(BASE64URL[(lo >>> (22 - 6 * i)) & 63] as string);
    chars.push(BASE64URL[lo & 15] as string);
    // Joined into one flat string: the index keeps every token until its run's retention ends.
    return chars.join('');
  }
}
