/** Shared helpers of the `swf-sim serve` tests: a server on a free port, raw HTTP, SDK clients. */
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SWFClient } from '@aws-sdk/client-swf';
import { onTestFinished } from 'vitest';
import {
  startIsolatedServer,
  type IsolatedServer,
} from '../../../src/adapters/http/isolated/isolatedServer.js';
import {
  startServer,
  type StartServerOptions,
  type SwfServer,
} from '../../../src/adapters/http/startServer.js';

/**
 * A new temporary directory, removed when the test ends — after the servers started later in the
 * test are closed (vitest runs `onTestFinished` callbacks last registered first).
 */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A server on a free loopback port, closed when the test ends. */
export async function testServer(options: StartServerOptions = {}): Promise<SwfServer> {
  const server = await startServer({ port: 0, ...options });
  onTestFinished(() => server.close());
  return server;
}

/** `swf-sim serve`'s server (a front forwarding to a worker) on a free loopback port, closed when the test ends. */
export async function isolatedTestServer(options: StartServerOptions = {}): Promise<IsolatedServer> {
  // Every import built in a worker, however small: that is the path under test.
  const server = await startIsolatedServer({ port: 0, ...options }, { asideFromBytes: 0 });
  onTestFinished(() => server.close());
  return server;
}

/** The header control calls need (all but `GET /_swf-sim/` and `GET /_swf-sim/clock`). */
export const CONTROL_HEADERS = { 'x-swf-sim-control': '1' } as const;

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: unknown;
}

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Send the body in chunks without a Content-Length (chunked transfer encoding). */
  readonly chunked?: boolean;
  readonly signal?: AbortSignal;
}

/** One HTTP exchange on a fresh connection (no keep-alive pool), whatever the server answers. */
export function raw(server: Pick<SwfServer, 'url'>, options: RawRequest = {}): Promise<RawResponse> {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${options.path ?? '/'}`,
      {
        method: options.method ?? 'POST',
        agent: false,
        headers: {
          ...(body !== undefined && !options.chunked && { 'content-length': String(body.length) }),
          ...options.headers,
        },
        ...(options.signal !== undefined && { signal: options.signal }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    // Writing a body the server refuses may fail once it closes the connection: the answer counts.
    req.on('error', reject);
    if (body !== undefined && options.chunked) {
      const chunkSize = 64 * 1024;
      for (let offset = 0; offset < body.length; offset += chunkSize) {
        req.write(body.subarray(offset, offset + chunkSize), () => undefined);
      }
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** An SWF call as any AWS JSON client makes it. */
export function swfCall(
  server: Pick<SwfServer, 'url'>,
  operation: string,
  input: unknown,
  extra: Omit<RawRequest, 'body'> = {},
): Promise<RawResponse> {
  return raw(server, {
    ...extra,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `SimpleWorkflowService.${operation}`,
      ...extra.headers,
    },
    body: JSON.stringify(input),
  });
}

/** A real SDK v3 client pointed at the server, destroyed when the test ends. */
export function sdkClient(server: SwfServer, region = 'us-east-1'): SWFClient {
  const client = new SWFClient({
    endpoint: server.url,
    region,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
  });
  onTestFinished(() => client.destroy());
  return client;
}

/** Resolves once `condition` holds, checking every few milliseconds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The exported state, as JSON text (what "unchanged" is checked against). */
export function stateText(server: SwfServer): string {
  return JSON.stringify(server.exportState());
}

/** `PUT /_swf-sim/state`: imports `body`, whichever kind of server. */
export function importState(server: Pick<SwfServer, 'url'>, body: string | Buffer): Promise<RawResponse> {
  return raw(server, { method: 'PUT', path: '/_swf-sim/state', headers: CONTROL_HEADERS, body });
}

/** Domain `domain` with workflow type `wf` 1 on task list `tl`. */
export async function registerWorkflow(server: Pick<SwfServer, 'url'>, domain = 'd'): Promise<void> {
  await swfCall(server, 'RegisterDomain', { name: domain, workflowExecutionRetentionPeriodInDays: '1' });
  await registerWorkflowType(server, domain);
}

/** Workflow type `wf` 1 on task list `tl`, in `domain`. */
export async function registerWorkflowType(server: Pick<SwfServer, 'url'>, domain = 'd'): Promise<void> {
  await swfCall(server, 'RegisterWorkflowType', {
    domain,
    name: 'wf',
    version: '1',
    defaultTaskList: { name: 'tl' },
    defaultExecutionStartToCloseTimeout: '600',
    defaultTaskStartToCloseTimeout: '60',
    defaultChildPolicy: 'TERMINATE',
  });
}

/** The exported state over HTTP, whichever kind of server. */
export async function exportedText(server: Pick<SwfServer, 'url'>): Promise<string> {
  return (await raw(server, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS })).text;
}

/** What tests that run against either kind of server need of it: where it listens. */
export interface ServerUnderTest {
  readonly url: string;
  readonly port: number;
}

/**
 * `swf-sim serve`'s server once an import made a worker its state's home: SWF calls and exports
 * relayed over the worker's message port, other control calls forwarded over HTTP.
 */
export async function importedTestServer(options: StartServerOptions = {}): Promise<IsolatedServer> {
  const server = await isolatedTestServer(options);
  const imported = await importState(server, await exportedText(server));
  if (imported.status !== 200) throw new Error(`import: ${imported.text}`);
  return server;
}

/**
 * Every way to serve: `startServer` in process; `swf-sim serve`'s front, first with the state in
 * its own thread, then in a worker after an import.
 */
export const SERVER_KINDS: [string, (options?: StartServerOptions) => Promise<ServerUnderTest>][] = [
  ['startServer', testServer],
  ['swf-sim serve', isolatedTestServer],
  ['swf-sim serve after an import', importedTestServer],
];
