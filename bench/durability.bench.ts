/**
 * `swf-sim serve --state-dir`:
 *  - journal cost per request: sequential SignalWorkflowExecution calls over keep-alive HTTP against
 *    three servers — no state directory, a state directory with fsync, one without — in interleaved
 *    rounds (every round runs each arm once, in rotating order), and the same with 16 concurrent
 *    clients, where group commit shares each fsync. Min, median and spread (max − min) over rounds.
 *  - how long a 100,000-execution state blocks other clients: the longest a `GET /_swf-sim/clock`
 *    ping waits while the state is exported (`GET /_swf-sim/state`), while it is imported into a
 *    server with a state directory (`PUT`, which also writes the directory's snapshot), and with
 *    nothing going on (the baseline).
 * Server and clients share one process, so a ping's wait includes the bench's own work: an upper bound.
 * `BENCH_ROUNDS`, `BENCH_EXECUTIONS` override the defaults (7 rounds, 100,000 executions).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer, type SwfServer } from '../src/adapters/http/startServer.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 100_000);
const CALLS = 400;
const CONCURRENT = 16;
const CONTROL = { 'x-swf-sim-control': '1' };
const newAgent = (): Agent => new Agent({ keepAlive: true, maxSockets: 64 });
/** Replaced after the big state is built: its sockets sat idle past the server's keep-alive. */
let agent = newAgent();

/** One HTTP exchange; resolves with the status once the whole answer is read. */
function call(
  server: SwfServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method: options.method ?? 'POST', agent, headers: options.headers ?? {} },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function swf(server: SwfServer, operation: string, input: unknown): Promise<number> {
  return call(server, '/', {
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `SimpleWorkflowService.${operation}`,
    },
    body: JSON.stringify(input),
  });
}

async function prepare(server: SwfServer): Promise<void> {
  await swf(server, 'RegisterDomain', { name: 'bench', workflowExecutionRetentionPeriodInDays: '1' });
  await swf(server, 'RegisterWorkflowType', {
    domain: 'bench',
    name: 'wf',
    version: '1',
    defaultTaskList: { name: 'tl' },
    defaultExecutionStartToCloseTimeout: '86400',
    defaultTaskStartToCloseTimeout: '600',
    defaultChildPolicy: 'TERMINATE',
  });
  await swf(server, 'StartWorkflowExecution', {
    domain: 'bench',
    workflowId: 'signalled',
    workflowType: { name: 'wf', version: '1' },
  });
}

/** Mean real ms per signal over `CALLS` signals sent by `clients` clients at once. */
async function signals(server: SwfServer, clients: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < CALLS / clients; i++) {
        const status = await swf(server, 'SignalWorkflowExecution', {
          domain: 'bench',
          workflowId: 'signalled',
          signalName: 's',
        });
        if (status !== 200) throw new Error(`signal answered ${status}`);
      }
    }),
  );
  return (performance.now() - t0) / CALLS;
}

function summary(values: number[], unit: string, digits = 3): string {
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0] as number;
  const max = sorted.at(-1) as number;
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const f = (x: number): string => x.toFixed(digits);
  return `min ${f(min)}  median ${f(median)}  spread ${f(max - min)} ${unit}`;
}

async function journalCost(dirs: readonly [string, string]): Promise<void> {
  const arms: [string, SwfServer][] = [
    ['no state dir', await startServer({ clock: 'manual', seed: 'bench' })],
    ['state dir, fsync', await startServer({ clock: 'manual', seed: 'bench', stateDir: dirs[0] })],
    [
      'state dir, no fsync',
      await startServer({ clock: 'manual', seed: 'bench', stateDir: dirs[1], fsync: false }),
    ],
  ];
  for (const [, server] of arms) await prepare(server);
  for (const clients of [1, CONCURRENT]) {
    const times = new Map<string, number[]>(arms.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < arms.length; k++) {
        const [name, server] = arms[(round + k) % arms.length] as [string, SwfServer];
        times.get(name)?.push(await signals(server, clients));
      }
    }
    console.log(
      `journal cost, ${CALLS} SignalWorkflowExecution calls by ${clients} client(s), ms per call, ${ROUNDS} rounds:`,
    );
    for (const [name, values] of times) console.log(`  ${name.padEnd(20)} ${summary(values, 'ms')}`);
  }
  for (const [, server] of arms) await server.close();
}

/** The longest a ping waited (real ms) while `work` ran, pinging back to back. */
async function longestPing(
  server: SwfServer,
  work: () => Promise<unknown>,
): Promise<{ ms: number; workMs: number }> {
  let done = false;
  let longest = 0;
  const pinger = (async () => {
    while (!done) {
      const t0 = performance.now();
      await call(server, '/_swf-sim/clock', { method: 'GET' });
      longest = Math.max(longest, performance.now() - t0);
    }
  })();
  const t0 = performance.now();
  await work();
  const workMs = performance.now() - t0;
  done = true;
  await pinger;
  return { ms: longest, workMs };
}

/** A state of `EXECUTIONS` runs, half of them closed, built in-process. */
async function bigState(server: SwfServer): Promise<void> {
  await prepare(server);
  const service = server.service();
  for (let i = 0; i < EXECUTIONS; i++) {
    await service.dispatch('StartWorkflowExecution', {
      domain: 'bench',
      workflowId: `w${i}`,
      workflowType: { name: 'wf', version: '1' },
    });
    if (i % 2 === 1) {
      await service.dispatch('TerminateWorkflowExecution', { domain: 'bench', workflowId: `w${i}` });
    }
    if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  agent.destroy();
  agent = newAgent();
}

async function blocking(dir: string): Promise<void> {
  const source = await startServer({ clock: 'manual', seed: 'bench' });
  await bigState(source);
  const idle = await longestPing(source, () => new Promise((resolve) => setTimeout(resolve, 2000)));
  let body = Buffer.alloc(0);
  const exported = await longestPing(source, async () => {
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      request(`${source.url}/_swf-sim/state`, { agent, headers: CONTROL }, (res) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', resolve);
        res.on('error', reject);
      }).end();
    });
    body = Buffer.concat(chunks);
  });
  await source.close();
  const target = await startServer({ clock: 'manual', seed: 'bench', stateDir: dir });
  const imported = await longestPing(target, async () => {
    const status = await call(target, '/_swf-sim/state', { method: 'PUT', headers: CONTROL, body });
    if (status !== 200) throw new Error(`import answered ${status}`);
  });
  await target.close();
  const mib = (body.length / 1024 / 1024).toFixed(0);
  console.log(`longest wait of a ping, ${EXECUTIONS} executions (${mib} MiB of state):`);
  console.log(`  idle server                         ${idle.ms.toFixed(1)} ms`);
  console.log(
    `  during GET /_swf-sim/state          ${exported.ms.toFixed(1)} ms (export took ${exported.workMs.toFixed(0)} ms)`,
  );
  console.log(
    `  during PUT, state dir snapshot      ${imported.ms.toFixed(1)} ms (import took ${imported.workMs.toFixed(0)} ms)`,
  );
}

export async function main(): Promise<void> {
  const dirs = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'swf-sim-bench-'))));
  try {
    await journalCost([dirs[0] as string, dirs[1] as string]);
    await blocking(dirs[2] as string);
  } finally {
    agent.destroy();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}
