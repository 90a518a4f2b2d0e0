/**
 * Scale (DESIGN §7): heap per closed execution kept until retention, after forced garbage
 * collection; whether the SDK path stays flat on a service holding 100,000 closed executions;
 * `ListOpenWorkflowExecutions` paging through 100,000 open executions; and reading a long closed
 * (packed) history page by page.
 */
import { createSdkClient } from '../src/adapters/sdk/createSdkClient.js';
import { SwfService } from '../src/sim/service/SwfService.js';
import { registerHelloWorld, DOMAIN, TASK_LIST, VERSION } from '../fixtures/examples/helloWorld.js';
import { directExecutions, sdkExecutions } from './helloWorld.bench.js';
import { figure, heapAfterGc, interleave, line, ratios, timeMs, valuesOf } from './measure.js';

const EXECUTIONS = Number(process.env.BENCH_SCALE_EXECUTIONS ?? 100_000);
const PAGE_SIZE = 1000;
const MIB = 1024 * 1024;

async function helloService(): Promise<SwfService> {
  const service = new SwfService({ seed: 'bench' });
  await registerHelloWorld(createSdkClient(service));
  return service;
}

/** Heap figures for EXECUTIONS closed HelloWorlds, then the SDK path beside a fresh service. */
async function closedExecutions(): Promise<void> {
  const before = heapAfterGc();
  const full = await helloService();
  await directExecutions(full, 'closed', EXECUTIONS);
  const after = heapAfterGc();
  const perExecution = (after - before) / EXECUTIONS;
  line(
    `heap per closed execution (${EXECUTIONS} HelloWorlds)`,
    `${(perExecution / 1024).toFixed(2)} KB   (target <= 2 KB)`,
  );
  line(
    `heap of ${EXECUTIONS} closed executions`,
    `${((after - before) / MIB).toFixed(0)} MiB (heap in use ${(after / MIB).toFixed(0)} MiB)   (target < 300 MiB)`,
  );

  const sdkCount = 300;
  const fullSdk = createSdkClient(full);
  const results = await interleave([
    {
      name: 'fresh',
      run: async (round) => {
        const sdk = createSdkClient(await helloService());
        return timeMs(() => sdkExecutions(sdk, `fresh-${round}`, sdkCount));
      },
    },
    { name: 'full', run: (round) => timeMs(() => sdkExecutions(fullSdk, `full-${round}`, sdkCount)) },
  ]);
  const fresh = valuesOf(results, 'fresh');
  const held = valuesOf(results, 'full');
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  figure(
    'SDK HelloWorld, fresh service: per execution',
    fresh.map((v) => v / sdkCount),
    { format: ms },
  );
  figure(
    `SDK HelloWorld beside ${EXECUTIONS} closed: per execution`,
    held.map((v) => v / sdkCount),
    { format: ms, target: '<= 1.2 ms' },
  );
  figure('  ratio to the fresh service', ratios(held, fresh), {
    format: (v) => v.toFixed(2),
    target: 'flat = 1',
  });
}

/** Every page of ListOpenWorkflowExecutions; resolves with [first page ms, all pages ms, pages]. */
async function listAllOpen(service: SwfService): Promise<[number, number, number]> {
  const t0 = process.hrtime.bigint();
  let firstMs = 0;
  let pages = 0;
  let nextPageToken: string | undefined;
  do {
    const page = await service.call('ListOpenWorkflowExecutions', {
      domain: DOMAIN,
      startTimeFilter: { oldestDate: new Date(0) },
      maximumPageSize: PAGE_SIZE,
      ...(nextPageToken !== undefined && { nextPageToken }),
    });
    nextPageToken = page.nextPageToken;
    if (pages++ === 0) firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
  } while (nextPageToken !== undefined);
  return [firstMs, Number(process.hrtime.bigint() - t0) / 1e6, pages];
}

async function paging(): Promise<void> {
  const service = await helloService();
  for (let i = 0; i < EXECUTIONS; i++) {
    await service.call('StartWorkflowExecution', {
      domain: DOMAIN,
      workflowId: `open-${i}`,
      workflowType: { name: 'HelloWorkflow', version: VERSION },
    });
  }
  await listAllOpen(service); // warm-up
  const firsts: number[] = [];
  const laters: number[] = [];
  let pageCount = 0;
  const results = await interleave([
    {
      name: 'all',
      run: async () => {
        const [firstMs, allMs, pages] = await listAllOpen(service);
        firsts.push(firstMs);
        laters.push((allMs - firstMs) / (pages - 1));
        pageCount = pages;
        return allMs;
      },
    },
  ]);
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  figure(`ListOpen paging, ${EXECUTIONS} open, all ${pageCount} pages`, valuesOf(results, 'all'), {
    format: ms,
    target: '<= 100 ms',
  });
  figure('  first page', firsts, { format: ms });
  figure('  each later page', laters, { format: ms, target: 'O(page)' });
}

const LONG_HISTORY_EVENTS = 24_000;
const MARKERS_PER_DECISION = 100;

/** A HelloWorkflow run of about LONG_HISTORY_EVENTS events (signals, each decided with markers). */
async function longRun(service: SwfService, workflowId: string): Promise<string> {
  const { runId } = await service.call('StartWorkflowExecution', {
    domain: DOMAIN,
    workflowId,
    workflowType: { name: 'HelloWorkflow', version: VERSION },
  });
  const markers = Array.from({ length: MARKERS_PER_DECISION }, (_, i) => ({
    decisionType: 'RecordMarker' as const,
    recordMarkerDecisionAttributes: { markerName: `m${i}`, details: 'details' },
  }));
  for (let events = 0; events < LONG_HISTORY_EVENTS; events += MARKERS_PER_DECISION + 4) {
    if (events > 0)
      await service.call('SignalWorkflowExecution', { domain: DOMAIN, workflowId, signalName: 's' });
    const task = await service.call('PollForDecisionTask', { domain: DOMAIN, taskList: { name: TASK_LIST } });
    await service.call('RespondDecisionTaskCompleted', { taskToken: task.taskToken, decisions: markers });
  }
  return runId as string;
}

/** The page tokens of a run's history, one per page (undefined for the first). */
async function historyPageTokens(
  service: SwfService,
  workflowId: string,
  runId: string,
): Promise<(string | undefined)[]> {
  const tokens: (string | undefined)[] = [undefined];
  for (;;) {
    const page = await readPage(service, workflowId, runId, tokens.at(-1));
    if (page.nextPageToken === undefined) return tokens;
    tokens.push(page.nextPageToken);
  }
}

function readPage(service: SwfService, workflowId: string, runId: string, nextPageToken: string | undefined) {
  return service.call('GetWorkflowExecutionHistory', {
    domain: DOMAIN,
    execution: { workflowId, runId },
    maximumPageSize: PAGE_SIZE,
    ...(nextPageToken !== undefined && { nextPageToken }),
  });
}

/**
 * A closed run's history is rebuilt from its packed form when read: what a page costs, and that
 * the last page of a long history costs what the first does (no page re-reads those before it).
 */
async function closedHistoryPaging(): Promise<void> {
  const service = await helloService();
  const runId = await longRun(service, 'long');
  await service.call('TerminateWorkflowExecution', { domain: DOMAIN, workflowId: 'long' });
  const tokens = await historyPageTokens(service, 'long', runId);
  const reads = 40;
  const readMs = (token: string | undefined) =>
    timeMs(async () => {
      for (let i = 0; i < reads; i++) await readPage(service, 'long', runId, token);
    });
  const results = await interleave([
    { name: 'first', run: () => readMs(tokens[0]) },
    // The last full page (the very last one holds what is left over).
    { name: 'last', run: () => readMs(tokens.at(-2)) },
  ]);
  const first = valuesOf(results, 'first');
  figure(
    `GetHistory of a closed ${LONG_HISTORY_EVENTS}-event run: a ${PAGE_SIZE}-event page`,
    first.map((v) => v / reads),
    { format: (v) => `${v.toFixed(2)} ms` },
  );
  figure(`  its page ${tokens.length - 1} ÷ its first page`, ratios(valuesOf(results, 'last'), first), {
    format: (v) => v.toFixed(2),
    target: 'O(page): 1',
  });
}

export async function main(): Promise<void> {
  await closedExecutions();
  await paging();
  await closedHistoryPaging();
}
