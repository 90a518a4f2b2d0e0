/**
 * `swf-sim serve --state-dir`:
 *  - journal cost per request: sequential SignalWorkflowExecution calls over keep-alive HTTP against
 *    three servers — no state directory, a state directory with fsync, one without — in interleaved
 *    rounds (every round runs each arm once, in rotating order), and the same with 16 concurrent
 *    clients, where group commit shares each fsync. Min, median and spread (max − min) over rounds.
 *  - how long a 100,000-execution state holds up other clients: while the state is exported
 *    (`GET /_swf-sim/state`), while it is imported into a server with a state directory (`PUT`, which
 *    also writes the directory's snapshot), and with nothing going on (the baseline), interleaved over
 *    five rounds: the longest a `ListDomains` ping waits, the event loop's delay (99th
 *    percentile and longest) and the longest garbage-collection pause. Then the same import into
 *    `swf-sim serve` itself (with a state directory and without), a process of its own that builds
 *    it in a worker, pinged from here while it imports and while it exports what an import left in
 *    a worker, beside the same server idle.
 * Server and clients share one process, so a ping's wait includes the bench's own work: an upper bound.
 * `BENCH_ROUNDS`, `BENCH_EXECUTIONS` override the defaults (7 rounds, 100,000 executions).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { startServer, type SwfServer } from '../src/adapters/http/startServer.js';
import { figure, interleave, type Arm } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 100_000);
/** An import of the big state takes tens of seconds: five rounds, the least a comparison gets. */
const BLOCKING_ROUNDS = 5;
const CALLS = 400;
const CONCURRENT = 16;
const CONTROL = { 'x-swf-sim-control': '1' };
const newAgent = (): Agent => new Agent({ keepAlive: true, maxSockets: 64 });
/** Replaced after the big state is built: its sockets sat idle past the server's keep-alive. */
let agent = newAgent();

/** One HTTP exchange; resolves with the status once the whole answer is read. */
function call(
  server: Pick<SwfServer, 'url'>,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    fresh?: boolean;
  } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      // `fresh`: a connection of its own, not one that may have sat idle past the server's keep-alive.
      {
        method: options.method ?? 'POST',
        agent: options.fresh === true ? false : agent,
        headers: options.headers ?? {},
      },
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

function swf(server: Pick<SwfServer, 'url'>, operation: string, input: unknown): Promise<number> {
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

/** What other clients saw while some work ran (all real ms). */
interface Blocking {
  /**
   * The longest a ping waited, pinging back to back: `ListDomains`, an SWF call, which waits for
   * whatever the journal waits for (a control endpoint would not).
   */
  readonly longestPing: number;
  /** Event-loop delay: the 99th percentile and the longest. */
  readonly delayP99: number;
  readonly delayMax: number;
  /** The longest garbage-collection pause (V8 stops everything for it). */
  readonly longestGc: number;
}

/** Runs `work` while a client pings the server back to back, and watches the event loop and the GC. */
async function observe(server: Pick<SwfServer, 'url'>, work: () => Promise<unknown>): Promise<Blocking> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let longestGc = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGc = Math.max(longestGc, entry.duration);
  });
  gcs.observe({ entryTypes: ['gc'] });
  delay.enable();
  let done = false;
  let longestPing = 0;
  const pinger = (async () => {
    while (!done) {
      const t0 = performance.now();
      await swf(server, 'ListDomains', { registrationStatus: 'REGISTERED', maximumPageSize: 1 });
      longestPing = Math.max(longestPing, performance.now() - t0);
    }
  })();
  await work();
  done = true;
  await pinger;
  delay.disable();
  gcs.disconnect();
  return {
    longestPing,
    delayP99: delay.percentile(99) / 1e6,
    delayMax: delay.max / 1e6,
    longestGc,
  };
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

/**
 * `GET /_swf-sim/state`: the whole document, or (`keep` false, while measuring) only its length —
 * joining 100 MB of chunks would itself hold this process, server included, for a third of a second.
 */
function exportBody(server: Pick<SwfServer, 'url'>, keep = true): Promise<Buffer | number> {
  return new Promise((resolve, reject) => {
    request(`${server.url}/_swf-sim/state`, { agent: false, headers: CONTROL }, (res) => {
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (keep) chunks.push(chunk);
      });
      res.on('end', () => resolve(keep ? Buffer.concat(chunks) : length));
      res.on('error', reject);
    }).end();
  });
}

/** Adds `blocking` to what `name` saw; the arm's value is its event-loop p99. */
function recorder(seen: Map<string, Blocking[]>): (name: string, measure: () => Promise<Blocking>) => Arm {
  return (name, measure) => ({
    name,
    async run() {
      const blocking = await measure();
      seen.set(name, [...(seen.get(name) ?? []), blocking]);
      return blocking.delayP99;
    },
  });
}

async function importInto(target: Pick<SwfServer, 'url'>, body: Buffer): Promise<void> {
  const status = await call(target, '/_swf-sim/state', {
    method: 'PUT',
    headers: CONTROL,
    body,
    fresh: true,
  });
  if (status !== 200) throw new Error(`import answered ${status}`);
}

/**
 * How much a 100,000-execution export, and an import into a server with a state directory (which
 * then writes its snapshot), hold up other clients of an in-process `startServer`, against the same
 * server doing nothing: the three interleaved over the rounds. Returns the exported document.
 */
async function blockingInProcess(seen: Map<string, Blocking[]>): Promise<Buffer> {
  const source = await startServer({ clock: 'manual', seed: 'bench' });
  await bigState(source);
  const body = (await exportBody(source)) as Buffer;
  const arm = recorder(seen);
  await interleave(
    [
      arm('startServer idle', () =>
        observe(source, () => new Promise((resolve) => setTimeout(resolve, 2000))),
      ),
      arm('startServer: GET /_swf-sim/state', () => observe(source, () => exportBody(source, false))),
      // Into another server, built in this heap; the source is pinged meanwhile.
      arm('startServer: PUT, then state dir snapshot', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'swf-sim-bench-'));
        const target = await startServer({ clock: 'manual', seed: 'bench', stateDir: dir });
        try {
          return await observe(source, () => importInto(target, body));
        } finally {
          await target.close();
          await rm(dir, { recursive: true, force: true });
        }
      }),
    ],
    BLOCKING_ROUNDS,
  );
  await source.close();
  return body;
}

/** `swf-sim serve` from this bench's `dist`, on a free port; its URL once it listens. */
async function serveProcess(extra: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const args = [cli, 'serve', '--port', '0', '--clock', 'manual', '--seed', 'bench', ...extra];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match !== null) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, stop };
}

/**
 * The same import into `swf-sim serve` itself, a process of its own, pinged from here while it
 * imports — with a state directory and without (no snapshot to write, no directory to hand over) —
 * and an export of the state an import left in a worker, beside the same server doing nothing. The
 * in-process state is gone by then, so that no collection of it in this process counts.
 */
async function blockingServe(seen: Map<string, Blocking[]>, body: Buffer): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const dir = await mkdtemp(join(tmpdir(), 'swf-sim-bench-'));
  const durable = await serveProcess(['--state-dir', dir]);
  const plain = await serveProcess([]);
  try {
    // Every round finds the state in a worker, whichever arm it starts with.
    await importInto(plain, body);
    const arm = recorder(seen);
    await interleave(
      [
        arm('swf-sim serve idle', () =>
          observe(durable, () => new Promise((resolve) => setTimeout(resolve, 2000))),
        ),
        // Built in a worker while the current state serves; then the handover.
        arm('swf-sim serve: PUT, then state dir snapshot', () =>
          observe(durable, () => importInto(durable, body)),
        ),
        arm('swf-sim serve: PUT, no state dir', () => observe(plain, () => importInto(plain, body))),
        arm('swf-sim serve: GET /_swf-sim/state from a worker', () =>
          observe(plain, () => exportBody(plain, false)),
        ),
      ],
      BLOCKING_ROUNDS,
    );
  } finally {
    await Promise.all([durable.stop(), plain.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}

async function blocking(): Promise<void> {
  const seen = new Map<string, Blocking[]>();
  const body = await blockingInProcess(seen);
  await blockingServe(seen, body);
  const mib = (body.length / 1024 / 1024).toFixed(0);
  console.log(`what other clients wait, ${EXECUTIONS} executions (${mib} MiB of state), real ms:`);
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  for (const [name, rounds] of seen) {
    console.log(`  ${name}`);
    const show = (label: string, pick: (b: Blocking) => number): void => {
      figure(`    ${label}`, rounds.map(pick), { format: ms, tolerance: Infinity });
    };
    show('longest ping wait', (b) => b.longestPing);
    show('event-loop delay, p99', (b) => b.delayP99);
    show('event-loop delay, longest', (b) => b.delayMax);
    show('longest GC pause', (b) => b.longestGc);
  }
  console.log("  (swf-sim serve runs in another process: only its longest ping wait is the server's;");
  console.log("   the event loop and GC figures there are the pinging client's own)");
}

export async function main(): Promise<void> {
  const dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'swf-sim-bench-'))));
  try {
    await journalCost([dirs[0] as string, dirs[1] as string]);
    await blocking();
  } finally {
    agent.destroy();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}
