import { SwfFault } from '../faults/SwfFault.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import type { CallReply } from './Actor.js';

/**
 * The SDK's standard retry backoff (`@smithy/core` StandardRetryStrategy, 2026 defaults): retry i
 * (0-based) waits `floor(u * min(base * 2^i, maxMs))` with `u` uniform in [0, 1), where `base` is
 * `throttlingBaseMs` after a throttling error and `baseMs` after any other transient error.
 * @public
 */
export interface RetryBackoff {
  readonly baseMs: number;
  readonly throttlingBaseMs: number;
  readonly maxMs: number;
}

/** The SDK's own backoff constants. @public */
export const SDK_RETRY_BACKOFF: RetryBackoff = { baseMs: 50, throttlingBaseMs: 1_000, maxMs: 20_000 };

/** Which backoff base the SDK uses after an error it retries. */
type RetryableError = 'THROTTLING' | 'TRANSIENT';

/**
 * Emulates the SDK's retry backoff on virtual time. The SDK sleeps before each retry; in a
 * simulation that sleep is charged to the retried request instead, with the jitter drawn from the
 * scheduler's `retry` stream. Which base applies depends on the error the previous attempt of the
 * same invocation received, so every delivered reply is noted.
 * @internal
 */
export class SdkRetryEmulation {
  /** The retryable error each invocation's latest attempt received. */
  private readonly lastError = new Map<string, RetryableError>();
  private random: SeededRandom | undefined;

  constructor(
    private readonly backoff: RetryBackoff,
    /** Forks the jitter stream on first use, so runs without retries draw nothing. */
    private readonly fork: () => SeededRandom,
  ) {}

  /** The virtual delay before attempt `attempt` (2 or more) of the invocation reaches the service. */
  backoffMs(invocationId: string | undefined, attempt: number): number {
    const type = (invocationId !== undefined && this.lastError.get(invocationId)) || 'TRANSIENT';
    const base = type === 'THROTTLING' ? this.backoff.throttlingBaseMs : this.backoff.baseMs;
    const ceiling = Math.min(base * 2 ** (attempt - 2), this.backoff.maxMs);
    this.random ??= this.fork();
    return Math.floor(this.random.next() * ceiling);
  }

  /** Remembers whether a delivered reply is one the SDK retries, and after which backoff base. */
  noteReply(invocationId: string, reply: CallReply): void {
    const type = retryableError(reply);
    if (type === undefined) this.lastError.delete(invocationId);
    else this.lastError.set(invocationId, type);
  }
}

function retryableError(reply: CallReply): RetryableError | undefined {
  switch (reply.type) {
    case 'output':
      return undefined;
    case 'network':
      return 'TRANSIENT';
    case 'error': {
      const error = reply.error;
      if (!(error instanceof SwfFault)) return 'TRANSIENT';
      if (error.name === 'ThrottlingException') return 'THROTTLING';
      return error.httpStatus >= 500 ? 'TRANSIENT' : undefined;
    }
    default: {
      const unreachable: never = reply;
      throw new Error(`unknown reply ${JSON.stringify(unreachable)}`);
    }
  }
}
