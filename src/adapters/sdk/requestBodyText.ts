const decoder = new TextDecoder();

/**
 * The text of a serialized SDK request body: the SDK's JSON serializer produces a `Uint8Array`
 * (sometimes a Buffer view into a larger pool); strings and ArrayBuffers are accepted too.
 * Streaming bodies never occur for SWF's JSON protocol and are refused.
 * @internal
 */
export function requestBodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  if (ArrayBuffer.isView(body)) {
    return decoder.decode(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  }
  if (body instanceof ArrayBuffer) return decoder.decode(new Uint8Array(body));
  throw new TypeError('streaming request bodies are not supported by the in-process handlers');
}

/**
 * The bytes of a response body for the SDK: a Buffer (a Uint8Array), which for short bodies is a
 * slice of Node's shared pool — a third of what `TextEncoder.encode` costs on a poll's answer.
 * @internal
 */
export function responseBytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
