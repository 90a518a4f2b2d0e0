import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  RequestHandler,
  RequestHandlerMetadata,
  RequestHandlerOutput,
} from '@smithy/types';
import { setMaxListeners } from 'node:events';
import type { CallContext, SwfEndpoint } from '../../sim/service/SwfEndpoint.js';
import { handleWireRequest, header, type WireRequest, type WireResponse } from '../wire/awsJson.js';
import { requestBodyText, responseBytes } from './requestBodyText.js';

/** The signal types the SDK may hand a request handler (native, or smithy's legacy interface). */
type AnyAbortSignal = NonNullable<HttpHandlerOptions['abortSignal']>;

/** Free-form settings the SDK may push through `updateHttpClientConfig`; none affect this handler. @public */
export type InProcessHttpHandlerConfig = Record<string, unknown>;

/** Same shape as smithy's NodeHttpHandler abort error, so SDK users see what they would see on the network. */
function abortError(reason: unknown): Error {
  const message = typeof reason === 'string' ? reason : 'Request aborted';
  const error = new Error(message, reason === undefined ? undefined : { cause: reason });
  error.name = 'AbortError';
  return error;
}

function reasonOf(signal: AnyAbortSignal): unknown {
  return 'reason' in signal ? (signal as { reason: unknown }).reason : undefined;
}

/**
 * Subscribes to a user abort signal and returns the unsubscribe function. Native signals get an
 * event listener; smithy's legacy signal only has `onabort` (which is what NodeHttpHandler uses too).
 */
function onAbort(signal: AnyAbortSignal, listener: () => void): () => void {
  if ('addEventListener' in signal && typeof signal.addEventListener === 'function') {
    signal.addEventListener('abort', listener, { once: true });
    return () => signal.removeEventListener('abort', listener);
  }
  signal.onabort = listener;
  return () => {
    if (signal.onabort === listener) signal.onabort = null;
  };
}

/** Whether a request is one of the two long polls, the only calls that can wait. */
function isLongPoll(headers: Readonly<Record<string, string | undefined>>): boolean {
  const target = header(headers, 'x-amz-target');
  return (
    target !== undefined &&
    (target.endsWith('.PollForDecisionTask') || target.endsWith('.PollForActivityTask'))
  );
}

/**
 * What the long polls without a caller signal share: one controller, which
 * {@link InProcessHttpHandler.destroy} aborts, and the context handing its signal to the endpoint.
 * An AbortController per poll would cost ≈ 10 µs, more than the rest of the handler's work.
 */
interface SharedPollAbort {
  readonly controller: AbortController;
  readonly context: CallContext;
}

function sharedPollAbort(): SharedPollAbort {
  const controller = new AbortController();
  // Every parked poll listens to it (the service removes its listener when the poll ends): no
  // leak warning once more than ten are parked.
  setMaxListeners(0, controller.signal);
  return { controller, context: { signal: controller.signal } };
}

function toHandlerOutput(wire: WireResponse): RequestHandlerOutput<HttpResponse> {
  return {
    response: { statusCode: wire.statusCode, headers: wire.headers, body: responseBytes(wire.body) },
  };
}

/**
 * A smithy `HttpHandler` that never touches the network: it hands the SDK's serialized request to
 * {@link handleWireRequest} and returns the encoded response, so the SDK's own serializers,
 * deserializers and exception classes are exercised exactly as against the real service.
 *
 * Aborting a call (the SDK's `abortSignal`, or {@link InProcessHttpHandler.destroy}) rejects it with
 * an `AbortError` and aborts the signal passed to `dispatch`, which releases a parked long poll.
 * Request ids come from a per-handler counter, so runs are reproducible.
 * @public
 */
export class InProcessHttpHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metadata: RequestHandlerMetadata = { handlerProtocol: 'in-process' };

  readonly #endpoint: SwfEndpoint;
  readonly #config: InProcessHttpHandlerConfig = {};
  readonly #inFlight = new Set<AbortController>();
  /** The long polls' shared abort until the next destroy(), which replaces it. */
  #polls = sharedPollAbort();
  /** What rejects each long poll without a caller signal that is still unanswered. */
  readonly #parkedPolls = new Set<(reason: unknown) => void>();
  #requestCount = 0;

  constructor(endpoint: SwfEndpoint) {
    this.#endpoint = endpoint;
  }

  /** Runs one request against the endpoint. Rejects only on abort or an unsupported (streaming) body. */
  handle(
    request: HttpRequest,
    { abortSignal }: HttpHandlerOptions = {},
  ): Promise<RequestHandlerOutput<HttpResponse>> {
    if (abortSignal?.aborted) return Promise.reject(abortError(reasonOf(abortSignal)));
    let body: string;
    try {
      body = requestBodyText(request.body);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const requestId = this.#nextRequestId();
    const wireRequest = { method: request.method, path: request.path, headers: request.headers, body };
    if (abortSignal === undefined) {
      // Only a long poll can wait; any other call is answered within this turn, so with no caller
      // signal to honour it needs no abort plumbing (which costs more than the call itself).
      if (!isLongPoll(request.headers)) {
        return handleWireRequest(this.#endpoint, wireRequest, requestId).then(toHandlerOutput);
      }
      return this.#longPoll(wireRequest, requestId);
    }
    // One controller per call with a caller signal: it joins that signal with destroy() and is
    // what the endpoint sees.
    const controller = new AbortController();
    this.#inFlight.add(controller);

    return new Promise((resolve, reject) => {
      const unsubscribe = onAbort(abortSignal, () => controller.abort(reasonOf(abortSignal)));
      const settle = (): void => {
        unsubscribe();
        this.#inFlight.delete(controller);
      };
      controller.signal.addEventListener(
        'abort',
        () => {
          settle();
          reject(abortError(controller.signal.reason));
        },
        { once: true },
      );
      // handleWireRequest never rejects; after an abort its late answer is simply dropped.
      void handleWireRequest(this.#endpoint, wireRequest, requestId, { signal: controller.signal }).then(
        (wire) => {
          if (controller.signal.aborted) return;
          settle();
          resolve(toHandlerOutput(wire));
        },
      );
    });
  }

  /** Accepted for SDK compatibility (e.g. `requestTimeout`); nothing here is timed. */
  updateHttpClientConfig(key: string, value: unknown): void {
    this.#config[key] = value;
  }

  /** The settings last passed to {@link InProcessHttpHandler.updateHttpClientConfig}. */
  httpHandlerConfigs(): InProcessHttpHandlerConfig {
    return { ...this.#config };
  }

  /**
   * Aborts every in-flight call (their promises reject with `AbortError`, parked polls are released),
   * like NodeHttpHandler tearing down its sockets. The handler stays usable afterwards.
   */
  destroy(): void {
    const reason = new Error('InProcessHttpHandler destroyed');
    const polls = this.#polls;
    this.#polls = sharedPollAbort();
    const parked = [...this.#parkedPolls];
    this.#parkedPolls.clear();
    for (const release of parked) release(reason);
    polls.controller.abort(reason);
    for (const controller of [...this.#inFlight]) controller.abort(reason);
  }

  /**
   * A long poll without a caller signal: the endpoint sees the shared signal that destroy() aborts,
   * and the call rejects with `AbortError` the moment it does.
   */
  #longPoll(wireRequest: WireRequest, requestId: string): Promise<RequestHandlerOutput<HttpResponse>> {
    const { context } = this.#polls;
    return new Promise((resolve, reject) => {
      const release = (reason: unknown): void => reject(abortError(reason));
      this.#parkedPolls.add(release);
      // handleWireRequest never rejects; after an abort its late answer is simply dropped.
      void handleWireRequest(this.#endpoint, wireRequest, requestId, context).then((wire) => {
        if (this.#parkedPolls.delete(release)) resolve(toHandlerOutput(wire));
      });
    });
  }

  #nextRequestId(): string {
    this.#requestCount += 1;
    return `00000000-0000-4000-8000-${this.#requestCount.toString(16).padStart(12, '0')}`;
  }
}
