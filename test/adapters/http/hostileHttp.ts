/**
 * Issue 12.7 over HTTP: the hostile requests of the in-process property
 * (test/property/hostileRequests.prop.test.ts) sent through the server's own framing — content
 * types, signed regions, chunked bodies, extra headers. Long polls are left to the in-process
 * property: on a manual clock a poll with nothing to hand out would wait forever.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { startIsolatedServer } from '../../../src/adapters/http/isolated/isolatedServer.js';
import { startServer, type SwfServer } from '../../../src/adapters/http/startServer.js';
import type { SwfService } from '../../../src/sim/service/SwfService.js';
import { expectAnswer, populate } from '../../support/hostileChecks.js';
import { MODEL_OPERATIONS, hostileRequest, type HostileRequest } from '../../support/hostileRequests.js';
import { CONTROL_HEADERS, raw, stateText, swfCall } from './helpers.js';

/** SWF calls only: the endpoint answers them all without a task to wait for. */
const OPERATIONS = MODEL_OPERATIONS.filter((operation) => !operation.startsWith('PollFor'));

/** How a client frames the request, beyond its body. */
const framing = fc.record({
  contentType: fc.constantFrom(
    'application/x-amz-json-1.0',
    'application/json; charset=UTF-8',
    'application/x-amz-json-1.1',
    'text/plain',
    undefined,
  ),
  region: fc.constantFrom(undefined, 'us-east-1', 'eu-west-1', 'not a region', '', 'x'.repeat(70)),
  chunked: fc.boolean(),
  extraHeaders: fc.constantFrom(
    {},
    { 'X-AMZ-TARGET': 'SimpleWorkflowService.ListDomains' }, // sent as a second target header
    { 'content-encoding': 'gzip' },
    { 'x-amz-json-version': '9' },
  ),
});

type Framing = typeof framing extends fc.Arbitrary<infer T> ? T : never;

function send(server: Pick<SwfServer, 'url'>, request: HostileRequest, how: Framing) {
  const headers: Record<string, string> = { ...how.extraHeaders };
  if (how.contentType !== undefined) headers['content-type'] = how.contentType;
  if (request.target !== undefined) headers['x-amz-target'] = request.target;
  if (how.region !== undefined) {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=AKID/20250101/${how.region}/swf/aws4_request, SignedHeaders=host, Signature=00`;
  }
  return raw(server, { headers, body: request.body, chunked: how.chunked });
}

/** The HTTP property: sequences of up to four framed hostile requests, each on a fresh server. */
export async function hostileHttpProperty(): Promise<fc.IAsyncProperty<[[HostileRequest, Framing][]]>> {
  // A server is seeded the same way every time, so the names and tokens of one exist in each.
  const first = await startServer({ port: 0, clock: 'manual' });
  const known = await populate(first.service());
  await first.close();
  const cases = fc.array(fc.tuple(hostileRequest(known, OPERATIONS), framing), {
    minLength: 1,
    maxLength: 4,
  });
  return fc.asyncProperty(cases, async (requests) => {
    const server = await startServer({ port: 0, clock: 'manual', logErrors: false });
    try {
      await populate(server.service());
      for (const [request, how] of requests) {
        const before = stateText(server);
        const response = await send(server, request, how);
        const errorType = response.headers['x-amzn-errortype'];
        const answer = {
          status: response.status,
          errorType: typeof errorType === 'string' ? errorType : undefined,
          body: response.text,
        };
        expectAnswer(request, answer, before, () => stateText(server));
      }
    } finally {
      await server.close();
    }
  });
}

/** SWF calls over HTTP, as `populate` makes them. */
function overHttp(server: Pick<SwfServer, 'url'>): Pick<SwfService, 'call'> {
  return {
    call: (async (operation: string, input: unknown) => {
      const answer = await swfCall(server, operation, input);
      if (answer.status !== 200) throw new Error(`${operation}: ${answer.text}`);
      return answer.json ?? {};
    }) as SwfService['call'],
  };
}

async function exported(server: Pick<SwfServer, 'url'>): Promise<string> {
  return (await raw(server, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS })).text;
}

/**
 * The isolated server (`swf-sim serve`, serving from a worker after an import) against `startServer`: both
 * populated alike and sent the same framed hostile requests, they give the same answers and keep
 * the same state — and the isolated one's answers pass the judge on their own.
 */
export async function isolatedHostileHttpProperty(): Promise<{
  property: fc.IAsyncProperty<[[HostileRequest, Framing][]]>;
  close: () => Promise<void>;
}> {
  const settings = { port: 0, clock: 'manual', seed: 'hostile', logErrors: false } as const;
  const [inProcess, isolated] = await Promise.all([
    startServer(settings),
    startIsolatedServer(settings, { asideFromBytes: 0 }),
  ]);
  const known = await populate(overHttp(inProcess));
  expect(await populate(overHttp(isolated))).toEqual(known);
  // Both import their own state: the isolated one then serves from a worker, SWF calls relayed
  // over its message port; both go on with the same seeds.
  for (const server of [inProcess, isolated]) {
    const body = await exported(server);
    const imported = await raw(server, {
      method: 'PUT',
      path: '/_swf-sim/state',
      headers: CONTROL_HEADERS,
      body,
    });
    expect(imported.status, imported.text).toBe(200);
  }
  const cases = fc.array(fc.tuple(hostileRequest(known, OPERATIONS), framing), {
    minLength: 1,
    maxLength: 4,
  });
  const property = fc.asyncProperty(cases, async (requests) => {
    for (const [request, how] of requests) {
      const before = await exported(isolated);
      const [expected, response] = await Promise.all([
        send(inProcess, request, how),
        send(isolated, request, how),
      ]);
      const answer = (r: typeof response) => ({
        status: r.status,
        errorType: r.headers['x-amzn-errortype'] as string | undefined,
        body: r.text,
      });
      expect(answer(response)).toEqual(answer(expected));
      const after = await exported(isolated);
      expectAnswer(request, answer(response), before, () => after);
      expect(after).toBe(await exported(inProcess));
    }
  });
  return { property, close: () => Promise.all([inProcess.close(), isolated.close()]).then(() => undefined) };
}
