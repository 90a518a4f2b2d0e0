/**
 * `swf-sim serve` over real HTTP with SDK v3 clients (keep-alive):
 *  - throughput: HelloWorld executions — start, decision poll/respond, activity poll/respond,
 *    decision poll/respond: 7 requests each — against the same workload through the in-process
 *    client, side by side. Each lane has its own task list, so no poll ever waits: this measures
 *    serving, not the clock. Rounds alternate between the two ways so noise hits them alike.
 *  - the auto clock: the wall time of one idle virtual hour with a decider and a worker parked in
 *    long polls (target ≤ 0.3 s), beside the client round trips it needs, measured in the same
 *    run: an idle hour costs a round trip per poll expiry, so the ratio survives a noisy machine.
 *  - `swf-sim serve` itself (startIsolatedServer) after an import, when a worker serves the state
 *    and the front relays each call to it, beside startServer, in the same interleaved rounds: the
 *    cost of the extra hop.
 * Medians are reported.
 */
import { Agent } from 'node:http';
import {
  CountPendingDecisionTasksCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  type Decision,
} from '@aws-sdk/client-swf';
import { ACTIVITY, DOMAIN, registerHelloWorld, VERSION, WORKFLOW } from '../fixtures/examples/helloWorld.js';
import { startIsolatedServer } from '../src/adapters/http/isolated/isolatedServer.js';
import { startServer, type SwfServer } from '../src/adapters/http/startServer.js';
import { createSdkClient } from '../src/adapters/sdk/createSdkClient.js';
import { SwfService } from '../src/sim/service/SwfService.js';

const REQUESTS_PER_EXECUTION = 7;

/** One HelloWorld execution on `lane`'s own task list, as decider and worker would drive it. */
async function execution(swf: SWFClient, lane: string, workflowId: string): Promise<void> {
  const taskList = { name: lane };
  await swf.send(
    new StartWorkflowExecutionCommand({
      domain: DOMAIN,
      workflowId,
      workflowType: { name: WORKFLOW, version: VERSION },
      taskList,
    }),
  );
  const first = await swf.send(
    new PollForDecisionTaskCommand({ domain: DOMAIN, taskList, identity: 'decider' }),
  );
  await swf.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: first.taskToken,
      decisions: [
        {
          decisionType: 'ScheduleActivityTask',
          scheduleActivityTaskDecisionAttributes: {
            activityId: 'saying_hi',
            activityType: { name: ACTIVITY, version: VERSION },
            taskList,
          },
        },
      ],
    }),
  );
  const task = await swf.send(
    new PollForActivityTaskCommand({ domain: DOMAIN, taskList, identity: 'worker' }),
  );
  await swf.send(
    new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'Hello, World!' }),
  );
  const second = await swf.send(
    new PollForDecisionTaskCommand({ domain: DOMAIN, taskList, identity: 'decider' }),
  );
  await swf.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: second.taskToken,
      decisions: [
        { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
      ],
    }),
  );
}

/** `lanes` concurrent lanes of `perLane` executions each; resolves with the elapsed milliseconds. */
async function workload(swf: SWFClient, prefix: string, lanes: number, perLane: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = 0; i < perLane; i++) await execution(swf, `lane-${lane}`, `${prefix}-${lane}-${i}`);
    }),
  );
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Way {
  readonly client: SWFClient;
  readonly close: () => Promise<void>;
}

/** A keep-alive SDK client pointed at `server`. */
function httpClient(server: Pick<SwfServer, 'url'>): Way {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const client = new SWFClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'bench' },
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
  return {
    client,
    close: () => {
      client.destroy();
      agent.destroy();
      return Promise.resolve();
    },
  };
}

/** A fresh server (auto clock) and a keep-alive SDK client pointed at it. */
async function overHttp(): Promise<Way> {
  const server: SwfServer = await startServer({ port: 0 });
  const way = httpClient(server);
  await registerHelloWorld(way.client);
  return {
    client: way.client,
    close: async () => {
      await way.close();
      await server.close();
    },
  };
}

/**
 * `swf-sim serve`'s server, started once and reset before each use: a fresh one each round would
 * measure a worker's cold JIT, which a running server paid long ago (startServer's runs in the
 * bench's own, warm, isolate).
 */
async function isolatedServerWays(): Promise<{ next: () => Promise<Way>; close: () => Promise<void> }> {
  const server = await startIsolatedServer({ port: 0 });
  // An import first, so that a worker serves (until then the state is served in place).
  const control = { 'x-swf-sim-control': '1' };
  const state = await (await fetch(`${server.url}/_swf-sim/state`, { headers: control })).text();
  await fetch(`${server.url}/_swf-sim/state`, { method: 'PUT', headers: control, body: state });
  return {
    async next() {
      await fetch(`${server.url}/_swf-sim/reset`, { method: 'POST', headers: control });
      const way = httpClient(server);
      await registerHelloWorld(way.client);
      return way;
    },
    close: () => server.close(),
  };
}

/** An activity poll loop on its own client (it never gets a task) until `stop` aborts it. */
async function idleWorker(server: SwfServer, stop: AbortSignal): Promise<void> {
  const way = httpClient(server);
  while (!stop.aborted) {
    const poll = new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: 'idle-work' } });
    await way.client.send(poll, { abortSignal: stop }).catch(() => undefined);
  }
  await way.close();
}

/**
 * A decider loop on its own client: its workflow starts a one-hour timer and completes when it
 * fires. Resolves with the wall ns from the timer's start to the decision task that reports it.
 */
async function hourTimerDecider(server: SwfServer, stop: AbortSignal): Promise<bigint> {
  const way = httpClient(server);
  const taskList = { name: 'idle-decide' };
  let timerStartedAt = 0n;
  let elapsed: bigint | undefined;
  while (elapsed === undefined && !stop.aborted) {
    const task = await way.client.send(new PollForDecisionTaskCommand({ domain: DOMAIN, taskList }), {
      abortSignal: stop,
    });
    if (!task.taskToken) continue;
    const fired = task.events?.some((e) => e.eventType === 'TimerFired') === true;
    if (fired) elapsed = process.hrtime.bigint() - timerStartedAt;
    const decision: Decision = fired
      ? { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} }
      : {
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: { timerId: 'hour', startToFireTimeout: '3600' },
        };
    await way.client.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [decision] }),
    );
    timerStartedAt = process.hrtime.bigint();
  }
  await way.close();
  if (elapsed === undefined) throw new Error('the idle hour did not pass');
  return elapsed;
}

/**
 * One idle virtual hour: a decider waits on a one-hour timer while a worker polls in vain. The
 * auto clock jumps from poll expiry to poll expiry, and each costs its poller an HTTP round trip.
 * Beside it, on the same server, the wall ms of as many rounds of two clients each making one
 * ordinary call side by side: the floor such an hour cannot go below.
 */
async function idleHour(): Promise<{ hourMs: number; jumps: number; roundsMs: number }> {
  const server = await startServer({ port: 0 });
  const admin = httpClient(server);
  await registerHelloWorld(admin.client);
  const stop = new AbortController();
  const worker = idleWorker(server, stop.signal);
  const decider = hourTimerDecider(server, stop.signal);
  await admin.client.send(
    new StartWorkflowExecutionCommand({
      domain: DOMAIN,
      workflowId: 'idle-hour',
      workflowType: { name: WORKFLOW, version: VERSION },
      taskList: { name: 'idle-decide' },
      executionStartToCloseTimeout: '7200',
    }),
  );
  const hourMs = Number(await decider) / 1e6;
  const jumps = server.clockStatus().jumps;
  stop.abort();
  await worker;

  const clients = [httpClient(server), httpClient(server)];
  const rounds = (count: number): Promise<unknown> =>
    Promise.all(
      clients.map(async ({ client }) => {
        for (let i = 0; i < count; i++) {
          await client.send(
            new CountPendingDecisionTasksCommand({ domain: DOMAIN, taskList: { name: 'x' } }),
          );
        }
      }),
    );
  await rounds(10);
  const t0 = process.hrtime.bigint();
  await rounds(jumps);
  const roundsMs = Number(process.hrtime.bigint() - t0) / 1e6;
  for (const way of [admin, ...clients]) await way.close();
  await server.close();
  return { hourMs, jumps, roundsMs };
}

/** A fresh service and the in-process SDK client. */
async function inProcess(): Promise<Way> {
  const client = createSdkClient(new SwfService({ seed: 'bench' }));
  await registerHelloWorld(client);
  return { client, close: () => Promise.resolve(client.destroy()) };
}

export async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const perLaneHttp = Number(process.env.BENCH_HTTP_EXECUTIONS_PER_LANE ?? 50);
  const line = (label: string, value: string): void => {
    process.stdout.write(`${label.padEnd(52)} ${value}\n`);
  };
  line('rounds (median reported)', String(rounds));
  for (const lanes of [1, 16]) {
    // Fewer executions per lane when lanes run side by side, so every round is a second or so.
    const perLane = lanes === 1 ? perLaneHttp * 4 : perLaneHttp;
    const warmHttp = await overHttp();
    await workload(warmHttp.client, 'warmup', lanes, Math.ceil(perLane / 4));
    await warmHttp.close();
    const isolatedServer = await isolatedServerWays();
    const warmIsolated = await isolatedServer.next();
    await workload(warmIsolated.client, 'warmup', lanes, perLane);
    await warmIsolated.close();
    const warmLocal = await inProcess();
    await workload(warmLocal.client, 'warmup', lanes, Math.ceil(perLane / 4));
    await warmLocal.close();

    const http: number[] = [];
    const local: number[] = [];
    const isolated: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const measure = async (make: () => Promise<Way>, into: number[]): Promise<void> => {
        const way = await make();
        into.push(await workload(way.client, `r${round}`, lanes, perLane));
        await way.close();
      };
      const ways: [() => Promise<Way>, number[]][] = [
        [overHttp, http],
        [inProcess, local],
        [isolatedServer.next, isolated],
      ];
      for (const [make, into] of round % 2 === 0 ? ways : ways.reverse()) await measure(make, into);
    }
    await isolatedServer.close();
    const requests = lanes * perLane * REQUESTS_PER_EXECUTION;
    const httpPerSecond = (requests / median(http)) * 1000;
    const localPerSecond = (requests / median(local)) * 1000;
    const label = `${lanes} lane${lanes === 1 ? '' : 's'} (${lanes * perLane} executions, ${requests} requests)`;
    process.stdout.write(`${label}\n`);
    line('  HTTP keep-alive, SDK client: requests/s', `${httpPerSecond.toFixed(0)}`);
    line(
      '  HTTP keep-alive, SDK client: executions/s',
      `${(httpPerSecond / REQUESTS_PER_EXECUTION).toFixed(0)}`,
    );
    line('  in-process SDK client: requests/s', `${localPerSecond.toFixed(0)}`);
    line('  HTTP / in-process', `${(httpPerSecond / localPerSecond).toFixed(2)}`);
    const isolatedPerSecond = (requests / median(isolated)) * 1000;
    line('  swf-sim serve after an import: requests/s', `${isolatedPerSecond.toFixed(0)}`);
    line('  swf-sim serve / startServer over HTTP', `${(isolatedPerSecond / httpPerSecond).toFixed(2)}`);
  }

  await idleHour(); // warm-up
  const idle: Awaited<ReturnType<typeof idleHour>>[] = [];
  for (let round = 0; round < rounds; round++) idle.push(await idleHour());
  const hourMs = median(idle.map((r) => r.hourMs));
  const roundsMs = median(idle.map((r) => r.roundsMs));
  const jumps = median(idle.map((r) => r.jumps));
  process.stdout.write('auto clock: a decider waits on a 1 h timer, a worker polls in vain\n');
  line('  one idle virtual hour: wall ms (target ≤ 300)', hourMs.toFixed(0));
  line('  jumps in it (poll expiries, the timer)', String(jumps));
  line(`  ${jumps} rounds of 2 clients' ordinary calls: wall ms`, roundsMs.toFixed(0));
  line('  idle hour / those rounds', (hourMs / roundsMs).toFixed(2));
}
