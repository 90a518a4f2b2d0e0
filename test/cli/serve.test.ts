import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { run } from '../../src/cli/serve.js';
import { CONTROL_HEADERS, until } from '../adapters/http/helpers.js';

function io(): {
  out: string[];
  err: string[];
  stop: (signal: string) => void;
  io: CliIo;
} {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  return {
    out,
    err,
    stop: (s) => stop(s),
    io: { out: (t) => out.push(t), err: (t) => err.push(t), stopped },
  };
}

describe('serve: the swf-sim serve command', () => {
  it('prints the URL it listens on, serves SWF there, and shuts down cleanly when told to', async () => {
    const t = io();
    const exit = run(['--port', '0', '--clock', 'manual', '--account-id', '999999999999'], t.io);
    await until(() => t.out.length > 0, 'the listening line');
    const url = /^swf-sim listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(t.out[0] ?? '')?.[1];
    expect(url, t.out.join('')).toBeDefined();
    const response = await fetch(`${url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'SimpleWorkflowService.RegisterDomain',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/sa-east-1/swf/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: JSON.stringify({ name: 'cmd', workflowExecutionRetentionPeriodInDays: '1' }),
    });
    expect(response.status).toBe(200);
    const described = await fetch(`${url}/`, {
      method: 'POST',
      headers: {
        'x-amz-target': 'SimpleWorkflowService.DescribeDomain',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/sa-east-1/swf/aws4_request',
      },
      body: JSON.stringify({ name: 'cmd' }),
    });
    expect(await described.json()).toMatchObject({
      domainInfo: { arn: 'arn:aws:swf:sa-east-1:999999999999:/domain/cmd' },
    });
    t.stop('SIGTERM');
    expect(await exit).toBe(0);
    expect(t.out.at(-1)).toBe('swf-sim: SIGTERM, shutting down\n');
    await expect(fetch(`${url}/_swf-sim/clock`)).rejects.toThrow();
  });

  it('accepts the origins --allow-origin names, and no other foreign one', async () => {
    const t = io();
    const exit = run(['--port', '0', '--allow-origin', 'https://ok.example'], t.io);
    await until(() => t.out.length > 0, 'the listening line');
    const url = /listening on (\S+)/.exec(t.out[0] ?? '')?.[1];
    const clock = (origin: string): Promise<Response> =>
      fetch(`${url}/_swf-sim/clock`, { headers: { origin } });
    expect((await clock('https://ok.example')).status).toBe(200);
    expect((await clock('https://other.example')).status).toBe(403);
    t.stop('SIGINT');
    expect(await exit).toBe(0);
  });

  it('prints every jump of the auto clock with --log-clock', async () => {
    const t = io();
    const exit = run(['--port', '0', '--log-clock'], t.io);
    await until(() => t.out.length > 0, 'the listening line');
    const url = /listening on (\S+)/.exec(t.out[0] ?? '')?.[1];
    const slept = await fetch(`${url}/_swf-sim/clock/sleep`, {
      method: 'POST',
      headers: CONTROL_HEADERS,
      body: '{"ms": 60000}',
    });
    expect(await slept.json()).toMatchObject({ slept: true, jumps: 1 });
    t.stop('SIGINT');
    expect(await exit).toBe(0);
    expect(t.out).toContainEqual(
      expect.stringMatching(
        /^swf-sim clock \+\d+\.\d{3} s \S+ → 2025-01-01T00:01:00\.\d{3}Z fired \[swf-sim sleep\] while waiting \[sleep until .*\]\n$/,
      ),
    );
  });

  it('refuses bad options with exit code 2 and the usage', async () => {
    for (const args of [
      ['--clock', 'sometimes'],
      ['--port', 'eighty'],
      ['--scale', '10'],
      ['--clock', 'manual', '--log-clock'],
      ['--clock', 'realtime', '--abandon-ms', '100'],
      ['--abandon-ms', '-1'],
      ['--clock', 'realtime', '--scale', '0'],
      ['--account-id', '42'],
      ['--start-time', 'yesterday'],
      ['--bogus'],
      ['extra'],
    ]) {
      const t = io();
      expect(await run(args, t.io), args.join(' ')).toBe(2);
      expect(t.err.join('')).toMatch(/^swf-sim serve: .*\n\nusage: swf-sim serve/s);
    }
  });

  it('exits 1 with a hint when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const t = io();
      expect(await run(['--port', String(port)], t.io)).toBe(1);
      expect(t.err.join('')).toContain('--port 0');
    } finally {
      blocker.close();
    }
  });
});
