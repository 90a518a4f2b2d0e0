/**
 * Scale (DESIGN §7): heap per closed execution kept until retention, after forced garbage
 * collection; whether the SDK path stays flat on a service holding 100,000 closed executions; and
 * `ListOpenWorkflowExecutions` paging through 100,000 open executions.
 */
import { createSdkClient } from '../src/adapters/sdk/createSdkClient.js';
import { SwfService } from '../src/sim/service/SwfService.js';
import { registerHelloWorld, DOMAIN, VERSION } from '../fixtures/examples/helloWorld.js';
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

export async function main(): Promise<void> {
  await closedExecutions();
  await paging();
}
