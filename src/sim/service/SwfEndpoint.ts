/** Per-call context an adapter passes along with a request. @public */
export interface CallContext {
  /** Aborts a parked long poll (the SDK's abortSignal, or an HTTP client hanging up). */
  readonly signal?: AbortSignal;
  /**
   * A long poll that was parked when a server stopped, parked again as the server replays its
   * journal: it expires at its original instant, in its original place among clocks due then.
   */
  readonly parkedUntil?: { readonly atMs: number; readonly seq: number };
}

/**
 * What every adapter (in-process SDK handler, HTTP server) talks to: one untyped entry point that
 * validates the decoded JSON input, runs the operation, and resolves with its output object
 * (`undefined` for operations without output) or rejects with an `SwfFault`.
 * Timestamps cross this boundary as `Date` objects in both directions.
 * @public
 */
export interface SwfEndpoint {
  dispatch(operation: string, input: unknown, context?: CallContext): Promise<unknown>;
}
