import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  RequestHandler,
  RequestHandlerMetadata,
  RequestHandlerOutput,
} from '@smithy/types';
import type { ActorPort, CallReply } from '../../sim/scheduler/Actor.js';
import { decodeRequest, encodeFault, encodeResult, toWireFault, type WireResponse } from '../wire/awsJson.js';
import { header } from '../wire/awsJson.js';
import { requestBodyText, responseBytes } from './requestBodyText.js';

/** `amz-sdk-request: attempt=2; max=3` → 2. */
function attemptOf(value: string | undefined): number {
  const match = value === undefined ? null : /attempt=(\d+)/.exec(value);
  return match === null ? 1 : Number(match[1]);
}

/** The error Node's HTTP stack raises for a reset or timed-out connection; the SDK retries both. */
function networkError(reply: Extract<CallReply, { type: 'network' }>): Error {
  const error = new Error(reply.message) as Error & { code: string };
  error.code = reply.code;
  if (reply.code === 'ETIMEDOUT') error.name = 'TimeoutError';
  return error;
}

/**
 * A smithy `HttpHandler` for one actor of the deterministic runner: it decodes the SDK's AWS JSON
 * request, hands it to the actor's {@link ActorPort} together with the SDK's retry headers
 * (`amz-sdk-request` attempt number, `amz-sdk-invocation-id`), and encodes whatever the scheduler
 * delivers — an output, a fault (HTTP 400/500 with `__type`), or a network error raised as Node's
 * HTTP stack would (`ECONNRESET`, `TimeoutError`/`ETIMEDOUT`). The promise settles only when the
 * scheduler delivers the reply; after a crash it never does.
 * @public
 */
export class ActorHttpHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metadata: RequestHandlerMetadata = { handlerProtocol: 'in-process' };
  readonly #port: ActorPort;
  readonly #config: Record<string, unknown> = {};
  #requestCount = 0;

  constructor(port: ActorPort) {
    this.#port = port;
  }

  handle(
    request: HttpRequest,
    { abortSignal }: HttpHandlerOptions = {},
  ): Promise<RequestHandlerOutput<HttpResponse>> {
    const requestId = this.#nextRequestId();
    let wire: { operation: string; input: unknown };
    try {
      const body = requestBodyText(request.body);
      wire = decodeRequest({ method: request.method, path: request.path, headers: request.headers, body });
    } catch (error) {
      // Never happens with the SDK's own serializer; answered at once, the actor keeps running.
      return Promise.resolve(respond(encodeFault(toWireFault(error), requestId)));
    }
    const signal = abortSignal !== undefined && 'addEventListener' in abortSignal ? abortSignal : undefined;
    return this.#port
      .call({
        operation: wire.operation,
        input: wire.input,
        attempt: attemptOf(header(request.headers, 'amz-sdk-request')),
        invocationId: header(request.headers, 'amz-sdk-invocation-id'),
        signal,
      })
      .then((reply) => {
        switch (reply.type) {
          case 'output':
            return respond(encodeResult(reply.output, requestId));
          case 'error':
            return respond(encodeFault(toWireFault(reply.error), requestId));
          case 'network':
            throw networkError(reply);
          default: {
            const unreachable: never = reply;
            throw new Error(`unknown reply ${JSON.stringify(unreachable)}`);
          }
        }
      });
  }

  /** Accepted for SDK compatibility; nothing here is timed. */
  updateHttpClientConfig(key: string, value: unknown): void {
    this.#config[key] = value;
  }

  httpHandlerConfigs(): Record<string, unknown> {
    return { ...this.#config };
  }

  /** Nothing to release: pending calls belong to the scheduler. */
  destroy(): void {}

  #nextRequestId(): string {
    this.#requestCount += 1;
    return `00000000-0000-4000-8000-${this.#requestCount.toString(16).padStart(12, '0')}`;
  }
}

function respond(wire: WireResponse): RequestHandlerOutput<HttpResponse> {
  return {
    response: { statusCode: wire.statusCode, headers: wire.headers, body: responseBytes(wire.body) },
  };
}
