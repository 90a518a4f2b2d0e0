/**
 * The SDK's own per-call cost: an `SWFClient` whose request handler answers prerecorded bytes, so
 * only the SDK's serializing, middleware and parsing remain. Benchmarks set the simulation beside it.
 */
import { SWFClient } from '@aws-sdk/client-swf';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { simulatedClientConfig } from '../src/adapters/sdk/createSdkClient.js';
import { encodeResult } from '../src/adapters/wire/awsJson.js';
import type { SwfEndpoint } from '../src/sim/service/SwfEndpoint.js';

/** Remembers the last output of each operation, to be replayed as canned bytes. */
export class RecordingEndpoint implements SwfEndpoint {
  readonly outputs = new Map<string, unknown>();
  constructor(private readonly inner: SwfEndpoint) {}
  async dispatch(operation: string, input: unknown): Promise<unknown> {
    const output = await this.inner.dispatch(operation, input);
    this.outputs.set(operation, output);
    return output;
  }
}

/** Answers every request with the recorded bytes for its operation: only the SDK's own work remains. */
class CannedHandler {
  readonly metadata = { handlerProtocol: 'canned' };
  private readonly bodies = new Map<string, Uint8Array>();
  private readonly headers: Record<string, string>;
  constructor(outputs: ReadonlyMap<string, unknown>) {
    let headers: Record<string, string> = {};
    for (const [operation, output] of outputs) {
      const wire = encodeResult(output, '00000000-0000-4000-8000-000000000000');
      headers = wire.headers;
      this.bodies.set(`SimpleWorkflowService.${operation}`, new TextEncoder().encode(wire.body));
    }
    this.headers = headers;
  }
  handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const body = this.bodies.get(request.headers['x-amz-target'] ?? '') ?? new Uint8Array();
    return Promise.resolve({ response: { statusCode: 200, headers: this.headers, body } });
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }
  destroy(): void {}
}

/** An SDK client with the simulation's settings whose every answer is `outputs`' canned bytes. */
export function cannedClient(outputs: ReadonlyMap<string, unknown>): SWFClient {
  return new SWFClient({ ...simulatedClientConfig(), requestHandler: new CannedHandler(outputs) });
}
