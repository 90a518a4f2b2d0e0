import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_HEADERS,
  exportedText,
  raw,
  SERVER_KINDS,
  swfCall,
  type RawResponse,
  type ServerUnderTest,
} from './helpers.js';

const JSON_10 = 'application/x-amz-json-1.0';
const MIB = 1024 * 1024;

/** A server with something in it, so "unchanged" means something. */
async function populated(start: (typeof SERVER_KINDS)[number][1]): Promise<ServerUnderTest> {
  const server = await start({ clock: 'manual' });
  const ok = (r: RawResponse): void => expect(r.status, r.text).toBe(200);
  ok(await swfCall(server, 'RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
  ok(
    await swfCall(server, 'RegisterWorkflowType', {
      domain: 'd',
      name: 'W',
      version: '1',
      defaultTaskList: { name: 'main' },
      defaultTaskStartToCloseTimeout: '60',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultChildPolicy: 'TERMINATE',
    }),
  );
  ok(
    await swfCall(server, 'StartWorkflowExecution', {
      domain: 'd',
      workflowId: 'w',
      workflowType: { name: 'W', version: '1' },
    }),
  );
  return server;
}

/** Runs `send`, then checks the answer is a JSON error of `status`/`type` and the state did not move. */
async function expectRefused(
  server: ServerUnderTest,
  send: () => Promise<RawResponse>,
  status: number,
  type: RegExp,
): Promise<RawResponse> {
  const before = await exportedText(server);
  const response = await send();
  expect(response.status, response.text).toBe(status);
  const error = response.json as { __type?: unknown; message?: unknown };
  expect(error.__type).toMatch(type);
  expect(typeof error.message).toBe('string');
  expect(await exportedText(server)).toBe(before);
  // And the server is still there.
  const describe = await swfCall(server, 'DescribeDomain', { name: 'd' });
  expect(describe.status).toBe(200);
  return response;
}

describe.each(SERVER_KINDS)('%s: bad input', (_kind, start) => {
  it('malformed JSON is a SerializationException', async () => {
    const server = await populated(start);
    await expectRefused(
      server,
      () =>
        raw(server, {
          headers: {
            'content-type': JSON_10,
            'x-amz-target': 'SimpleWorkflowService.StartWorkflowExecution',
          },
          body: '{"domain": "d", "workflowId": ',
        }),
      400,
      /#SerializationException$/,
    );
  });

  it('a JSON body that is not an object is a SerializationException', async () => {
    const server = await populated(start);
    await expectRefused(
      server,
      () =>
        raw(server, {
          headers: { 'content-type': JSON_10, 'x-amz-target': 'SimpleWorkflowService.RegisterDomain' },
          body: '["d", "1"]',
        }),
      400,
      /#SerializationException$/,
    );
  });

  it('an unknown target is an UnknownOperationException', async () => {
    const server = await populated(start);
    const response = await expectRefused(
      server,
      () => swfCall(server, 'DeleteEverything', {}),
      400,
      /#UnknownOperationException$/,
    );
    expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  it('a missing target is an UnknownOperationException', async () => {
    const server = await populated(start);
    const response = await expectRefused(
      server,
      () => raw(server, { headers: { 'content-type': JSON_10 }, body: '{}' }),
      400,
      /#UnknownOperationException$/,
    );
    expect((response.json as { message: string }).message).toMatch(/X-Amz-Target/);
  });

  it('an invalid input is a ValidationException', async () => {
    const server = await populated(start);
    await expectRefused(
      server,
      () => swfCall(server, 'StartWorkflowExecution', { domain: 'd', workflowId: 'w2' }),
      400,
      /#ValidationException$/,
    );
  });

  it('GET / is a 405 that names POST', async () => {
    const server = await populated(start);
    const response = await expectRefused(
      server,
      () => raw(server, { method: 'GET' }),
      405,
      /^MethodNotAllowed$/,
    );
    expect(response.headers.allow).toBe('POST');
    expect((response.json as { message: string }).message).toMatch(/POST \//);
  });

  it('another path is a 404 that points to POST /', async () => {
    const server = await populated(start);
    const response = await expectRefused(
      server,
      () =>
        swfCall(
          server,
          'RegisterDomain',
          { name: 'x', workflowExecutionRetentionPeriodInDays: '1' },
          { path: '/swf' },
        ),
      404,
      /^NotFound$/,
    );
    expect((response.json as { message: string }).message).toMatch(/POST \//);
  });

  it('an oversized body (Content-Length) is a 413, refused before it is read', async () => {
    const server = await populated(start);
    const body = `{"name":"big","description":"${'x'.repeat(2 * MIB)}","workflowExecutionRetentionPeriodInDays":"1"}`;
    const response = await expectRefused(
      server,
      () => swfCall(server, 'RegisterDomain', JSON.parse(body)),
      413,
      /^RequestEntityTooLarge$/,
    );
    expect((response.json as { message: string }).message).toContain(String(MIB));
    expect(response.headers.connection).toBe('close');
  });

  it('an oversized chunked body is a 413, reading stops at the limit', async () => {
    const server = await populated(start);
    await expectRefused(
      server,
      () =>
        raw(server, {
          headers: { 'content-type': JSON_10, 'x-amz-target': 'SimpleWorkflowService.RegisterDomain' },
          body: `{"name":"big","description":"${'y'.repeat(3 * MIB)}"}`,
          chunked: true,
        }),
      413,
      /^RequestEntityTooLarge$/,
    );
  });

  it('Expect: 100-continue with an oversized body is refused before the body is sent', async () => {
    const server = await populated(start);
    const before = await exportedText(server);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n' +
            `X-Amz-Target: SimpleWorkflowService.RegisterDomain\r\nContent-Length: ${2 * MIB}\r\nExpect: 100-continue\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).not.toMatch(/100 Continue/);
    expect(answer).toContain('RequestEntityTooLarge');
    expect(await exportedText(server)).toBe(before);
  });

  it('bytes that are not HTTP get a 400 and the connection closes', async () => {
    const server = await populated(start);
    const before = await exportedText(server);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write('\x16\x03\x01 not http at all\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(await exportedText(server)).toBe(before);
  });

  it('control endpoint misuse is a 4xx JSON error that changes nothing', async () => {
    const server = await populated(start);
    await expectRefused(
      server,
      () => raw(server, { method: 'GET', path: '/_swf-sim/nope' }),
      404,
      /^NotFound$/,
    );
    await expectRefused(
      server,
      () => raw(server, { method: 'DELETE', path: '/_swf-sim/state', headers: CONTROL_HEADERS }),
      405,
      /^MethodNotAllowed$/,
    );
    await expectRefused(
      server,
      () => raw(server, { method: 'GET', path: '/_swf-sim/reset', headers: CONTROL_HEADERS }),
      405,
      /^MethodNotAllowed$/,
    );
    for (const body of ['{"ms": -1}', '{"ms": "soon"}', '{"ms": 1.5}', '{', '[]', 'null']) {
      await expectRefused(
        server,
        () => raw(server, { path: '/_swf-sim/clock/advance', headers: CONTROL_HEADERS, body }),
        400,
        /^InvalidControlRequest$/,
      );
    }
    for (const body of [
      '{',
      '{}',
      '{"format":"swf-sim/server-snapshot","version":1,"clockMs":0,"regions":{"us-east-1":{}}}',
    ]) {
      await expectRefused(
        server,
        () => raw(server, { method: 'PUT', path: '/_swf-sim/state', headers: CONTROL_HEADERS, body }),
        400,
        /^(InvalidSnapshot|InvalidControlRequest)$/,
      );
    }
  });
});
