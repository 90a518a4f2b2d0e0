import { describe, expect, it } from 'vitest';
import type { StartServerOptions } from '../../../src/adapters/http/startServer.js';
import { PollForActivityTaskCommand } from '@aws-sdk/client-swf';
import {
  CONTROL_HEADERS,
  exportedText,
  raw,
  sdkClient,
  SERVER_KINDS,
  swfCall,
  testServer,
  until,
  type RawResponse,
  type ServerUnderTest,
} from './helpers.js';

const REGISTER = { name: 'd', workflowExecutionRetentionPeriodInDays: '1' };

/** A server holding one domain, so that "nothing changed" means something. */
async function populated<T extends ServerUnderTest>(
  start: (options: StartServerOptions) => Promise<T>,
  options: StartServerOptions = {},
): Promise<T> {
  const server = await start({ clock: 'manual', ...options });
  expect((await swfCall(server, 'RegisterDomain', REGISTER)).status).toBe(200);
  return server;
}

function expectForbidden(response: RawResponse, message: RegExp): void {
  expect(response.status, response.text).toBe(403);
  expect(response.json).toEqual({ __type: 'Forbidden', message: expect.stringMatching(message) as string });
}

function errorType(response: RawResponse): unknown {
  return (response.json as { __type?: unknown }).__type;
}

/** A SigV4 Authorization header naming `region` (the signature is never checked). */
function signedIn(region: string): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=AKID/20250101/${region}/swf/aws4_request, SignedHeaders=host, Signature=00`,
  };
}

describe.each(SERVER_KINDS)('%s: control plane protection', (_kind, start) => {
  it('refuses a cross-site form post (text/plain, foreign Origin) to reset, and changes nothing', async () => {
    const server = await populated(start);
    const before = await exportedText(server);
    const csrf = await raw(server, {
      path: '/_swf-sim/reset',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: '{}',
    });
    expectForbidden(csrf, /origin "https:\/\/evil\.example".*--allow-origin https:\/\/evil\.example/);
    // Even with the control header (which a browser would only send after a refused preflight).
    const withHeader = await raw(server, {
      path: '/_swf-sim/reset',
      headers: { ...CONTROL_HEADERS, origin: 'null' },
    });
    expectForbidden(withHeader, /origin "null"/);
    // And on the SWF API.
    const swf = await swfCall(
      server,
      'RegisterDomain',
      { ...REGISTER, name: 'e' },
      {
        headers: { origin: 'http://192.168.1.20:3000' },
      },
    );
    expectForbidden(swf, /origin/);
    expect(await exportedText(server)).toBe(before);
  });

  it('requires the control header on every control call but the index and the clock', async () => {
    const server = await populated(start);
    const before = await exportedText(server);
    for (const [method, path, body] of [
      ['POST', '/_swf-sim/reset', ''],
      ['POST', '/_swf-sim/clock/advance', '{"ms": 1000}'],
      ['POST', '/_swf-sim/clock/lock', '{"name": "x"}'],
      ['GET', '/_swf-sim/state', ''],
      ['PUT', '/_swf-sim/state', before],
    ] as const) {
      const response = await raw(server, { method, path, body, headers: { 'content-type': 'text/plain' } });
      expectForbidden(response, /X-Swf-Sim-Control: 1/);
    }
    expect(await exportedText(server)).toBe(before);
    const clock = await raw(server, { method: 'GET', path: '/_swf-sim/clock' });
    expect((clock.json as { locks: unknown }).locks).toEqual([]);
    expect((await raw(server, { method: 'GET', path: '/_swf-sim/clock' })).status).toBe(200);
    expect((await raw(server, { method: 'GET', path: '/_swf-sim/' })).status).toBe(200);
    const state = await raw(server, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS });
    expect(state.status).toBe(200);
  });

  it('refuses a Host that DNS rebinding could forge, on the state export and on the SWF API', async () => {
    const server = await populated(start);
    const rebound = await raw(server, {
      method: 'GET',
      path: '/_swf-sim/state',
      headers: { ...CONTROL_HEADERS, host: `evil.example:${server.port}` },
    });
    expectForbidden(rebound, /Host "evil\.example:\d+".*--allow-host evil\.example/);
    const swf = await swfCall(
      server,
      'ListDomains',
      { registrationStatus: 'REGISTERED' },
      {
        headers: { host: 'Evil.Example.' },
      },
    );
    expectForbidden(swf, /--allow-host evil\.example/);
    for (const host of [
      '127.0.0.1',
      `localhost:${server.port}`,
      'app.localhost',
      '[::1]:1',
      '10.1.2.3:8585',
    ]) {
      const ok = await swfCall(server, 'DescribeDomain', { name: 'd' }, { headers: { host } });
      expect(ok.status, `${host}: ${ok.text}`).toBe(200);
    }
  });

  it('accepts the hosts and origins the user allowed, and loopback origins', async () => {
    const server = await populated(start, {
      allowHosts: ['Sim.Internal'],
      allowOrigins: ['https://dashboard.example/'],
    });
    const calls: Record<string, string>[] = [
      { host: 'sim.internal:8585' },
      { origin: 'https://dashboard.example' },
      { origin: 'http://localhost:5173' },
      { origin: 'http://127.0.0.1:3000' },
      { origin: 'http://[::1]:3000' },
    ];
    for (const headers of calls) {
      const ok = await swfCall(server, 'DescribeDomain', { name: 'd' }, { headers });
      expect(ok.status, `${JSON.stringify(headers)}: ${ok.text}`).toBe(200);
    }
    const other = await swfCall(
      server,
      'DescribeDomain',
      { name: 'd' },
      {
        headers: { origin: 'https://dashboard.example.evil' },
      },
    );
    expectForbidden(other, /origin/);
    const anyone = await populated(start, { allowHosts: ['*'], allowOrigins: ['*'] });
    const ok = await swfCall(
      anyone,
      'DescribeDomain',
      { name: 'd' },
      {
        headers: { host: 'anything.example', origin: 'https://anywhere.example' },
      },
    );
    expect(ok.status).toBe(200);
  });
});

describe('serve: regions', () => {
  it('creates no region for an unknown operation, a garbage body or a refused call', async () => {
    const server = await testServer({ clock: 'manual', maxRegions: 4 });
    for (let i = 0; i < 10; i++) {
      const region = `xx-garbage-${i}`;
      const unknown = await raw(server, {
        headers: { ...signedIn(region), 'x-amz-target': 'SimpleWorkflowService.Nope' },
        body: '\u0000\u00ff garbage',
      });
      expect(errorType(unknown)).toMatch(/UnknownOperationException$/);
      const malformed = await raw(server, {
        headers: { ...signedIn(region), 'x-amz-target': 'SimpleWorkflowService.RegisterDomain' },
        body: '{"name":',
      });
      expect(errorType(malformed)).toMatch(/SerializationException$/);
      const invalid = await swfCall(server, 'RegisterDomain', { name: '' }, { headers: signedIn(region) });
      expect(errorType(invalid)).toMatch(/ValidationException$/);
      // Valid, but it leaves nothing behind: no region either.
      const read = await swfCall(
        server,
        'ListDomains',
        { registrationStatus: 'REGISTERED' },
        {
          headers: signedIn(region),
        },
      );
      expect(read.status).toBe(200);
      const missing = await swfCall(server, 'DescribeDomain', { name: 'd' }, { headers: signedIn(region) });
      expect(errorType(missing)).toMatch(/UnknownResourceFault$/);
    }
    expect(server.regions()).toEqual([]);
    expect(server.exportState().regions).toEqual({});
  });

  it('keeps a region once a call leaves state in it, up to the limit', async () => {
    const server = await testServer({ clock: 'manual', maxRegions: 2 });
    for (const region of ['eu-west-1', 'us-west-2']) {
      expect((await swfCall(server, 'RegisterDomain', REGISTER, { headers: signedIn(region) })).status).toBe(
        200,
      );
    }
    expect(server.regions().sort()).toEqual(['eu-west-1', 'us-west-2']);
    const third = await swfCall(server, 'RegisterDomain', REGISTER, { headers: signedIn('ap-south-1') });
    expect(third.status).toBe(400);
    expect(third.json).toMatchObject({ message: 'swf-sim serves at most 2 regions' });
    // The regions in use still answer.
    const known = await swfCall(server, 'DescribeDomain', { name: 'd' }, { headers: signedIn('eu-west-1') });
    expect(known.status).toBe(200);
  });
});

describe('serve: internal failures', () => {
  it('answers InternalFailure and logs each distinct cause once, with the operation', async () => {
    const lines: string[] = [];
    const server = await populated(testServer, { logErrors: (line) => lines.push(line) });
    const service = server.service();
    service.dispatch = (operation: string) =>
      operation === 'DescribeDomain'
        ? Promise.reject(new TypeError('simulated bug'))
        : Promise.reject(new RangeError('another bug'));
    for (let i = 0; i < 3; i++) {
      const response = await swfCall(server, 'DescribeDomain', { name: 'd' });
      expect(response.status).toBe(500);
      expect(response.json).toEqual({
        __type: 'com.amazon.coral.service#InternalFailure',
        message: 'The request processing has failed because of an unknown error, exception or failure.',
      });
    }
    await swfCall(server, 'ListDomains', { registrationStatus: 'REGISTERED' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^internal error in DescribeDomain \(us-east-1\).*TypeError: simulated bug/s);
    expect(lines[1]).toMatch(/^internal error in ListDomains \(us-east-1\).*RangeError: another bug/s);
  });

  it('does not log a long poll that its client hung up on', async () => {
    const lines: string[] = [];
    const server = await populated(testServer, { logErrors: (line) => lines.push(line) });
    const hangUp = new AbortController();
    const poll = sdkClient(server).send(
      new PollForActivityTaskCommand({ domain: 'd', taskList: { name: 'tl' } }),
      { abortSignal: hangUp.signal },
    );
    await until(() => server.activity().pendingPolls > 0, 'the poll to park');
    hangUp.abort();
    await expect(poll).rejects.toThrow();
    await until(() => server.activity().openRequests === 0, 'the poll to end');
    expect((await swfCall(server, 'DescribeDomain', { name: 'd' })).status).toBe(200);
    expect(lines).toEqual([]);
  });
});
