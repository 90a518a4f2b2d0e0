import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';

/** Options of {@link VirtualTimeRetryStrategy}. @public */
export interface VirtualTimeRetryStrategyOptions {
  /** Attempts per call, the first included; default 3 (the SDK's). */
  readonly maxAttempts?: number;
}

/** The SDK's retry quota (`@smithy/core` StandardRetryStrategy): a bucket that retries drain. */
const INITIAL_RETRY_TOKENS = 500;
const RETRY_COST = 14;
const THROTTLING_RETRY_COST = 5;
const NO_RETRY_INCREMENT = 1;

class Token implements StandardRetryToken {
  constructor(
    private readonly count: number,
    private readonly cost: number | undefined,
  ) {}

  getRetryCount(): number {
    return this.count;
  }

  /** Always 0: the retry middleware then retries at once, without a real `setTimeout`. */
  getRetryDelay(): number {
    return 0;
  }

  getRetryCost(): number | undefined {
    return this.cost;
  }
}

/**
 * The SDK's standard retry policy — which errors are retried (throttling and transient ones), how
 * many attempts, the retry quota — with no real waiting: every token has delay 0, so the SDK's
 * retry middleware sends the next attempt at once. The backoff is charged to virtual time instead,
 * by the simulation, which recognises a retry by its `amz-sdk-request: attempt=N` header and the
 * shared `amz-sdk-invocation-id`, and delays that attempt's arrival at the service by the SDK's
 * own jittered exponential backoff drawn from the seed.
 * @public
 */
export class VirtualTimeRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  private readonly maxAttempts: number;
  private capacity = INITIAL_RETRY_TOKENS;

  constructor(options: VirtualTimeRetryStrategyOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  acquireInitialRetryToken(_retryTokenScope: string): Promise<StandardRetryToken> {
    return Promise.resolve(new Token(0, undefined));
  }

  refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    const retryable = errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'TRANSIENT';
    const cost = errorInfo.errorType === 'THROTTLING' ? THROTTLING_RETRY_COST : RETRY_COST;
    const attempts = token.getRetryCount() + 1;
    if (!retryable || attempts >= this.maxAttempts || this.capacity < cost) {
      return Promise.reject(new Error('No retry token available'));
    }
    this.capacity -= cost;
    return Promise.resolve(new Token(attempts, cost));
  }

  recordSuccess(token: StandardRetryToken): void {
    this.capacity = Math.min(
      INITIAL_RETRY_TOKENS,
      this.capacity + (token.getRetryCost() ?? NO_RETRY_INCREMENT),
    );
  }
}
