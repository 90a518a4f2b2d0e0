/**
 * HelloWorld executions per second, three ways, measured side by side in one process:
 *  - direct: the service's typed API (validation included, no serialization);
 *  - sdk: a real SWFClient through the in-process handler (the product as users run it);
 *  - canned: the same SWFClient calls against a handler answering prerecorded bytes, i.e. the
 *    SDK's own per-call cost. (sdk − canned) / canned is what the simulation adds per call.
 * Rounds interleave the ways so machine noise hits them alike (bench/measure.ts).
 */
import type { SWFClient } from '@aws-sdk/client-swf';
import {
  registerHelloWorld,
  startHelloWorkflow,
  helloDeciderRun,
  helloWorkerRun,
  DOMAIN,
  TASK_LIST,
  ACTIVITY,
  VERSION,
} from '../fixtures/examples/helloWorld.js';
import { createSdkClient } from '../src/adapters/sdk/createSdkClient.js';
import { SwfService } from '../src/sim/service/SwfService.js';
import { cannedClient, RecordingEndpoint } from './canned.js';
import { figure, interleave, ratios, timeSettledMs, valuesOf } from './measure.js';

const CALLS_PER_EXECUTION = 7; // start, 3 decision polls/responds pairs less one poll, 1 activity pair

/** `count` HelloWorld executions through the typed API, each started and closed in turn. */
export async function directExecutions(service: SwfService, prefix: string, count: number): Promise<void> {
  const taskList = { name: TASK_LIST };
  for (let i = 0; i < count; i++) {
    await service.call('StartWorkflowExecution', {
      domain: DOMAIN,
      workflowId: `${prefix}-${i}`,
      workflowType: { name: 'HelloWorkflow', version: VERSION },
    });
    const d1 = await service.call('PollForDecisionTask', { domain: DOMAIN, taskList });
    await service.call('RespondDecisionTaskCompleted', {
      taskToken: d1.taskToken,
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
    });
    const a = await service.call('PollForActivityTask', { domain: DOMAIN, taskList });
    await service.call('RespondActivityTaskCompleted', { taskToken: a.taskToken });
    const d2 = await service.call('PollForDecisionTask', { domain: DOMAIN, taskList });
    await service.call('RespondDecisionTaskCompleted', {
      taskToken: d2.taskToken,
      decisions: [
        { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
      ],
    });
  }
}

/** `count` HelloWorld executions through `client`, the tutorial's decider and worker driving them. */
export async function sdkExecutions(client: SWFClient, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await startHelloWorkflow(client, `${prefix}-${i}`);
    await helloDeciderRun(client);
    await helloWorkerRun(client, () => undefined);
    await helloDeciderRun(client);
  }
}

async function freshService(): Promise<{ service: SwfService; sdk: SWFClient }> {
  const service = new SwfService({ seed: 'bench' });
  const sdk = createSdkClient(service);
  await registerHelloWorld(sdk);
  return { service, sdk };
}

export async function main(): Promise<void> {
  const directCount = Number(process.env.BENCH_DIRECT_EXECUTIONS ?? 20_000);
  const sdkCount = Number(process.env.BENCH_SDK_EXECUTIONS ?? 500);

  // The canned bytes come from a recorded warm-up run; measured runs go straight to the service.
  const warm = new SwfService({ seed: 'bench' });
  const recorder = new RecordingEndpoint(warm);
  const recording = createSdkClient(recorder);
  await registerHelloWorld(recording);
  await sdkExecutions(recording, 'warmup', 300);
  await directExecutions(warm, 'warmup', 3_000);
  await sdkExecutions((await freshService()).sdk, 'warmup', 300);
  const canned = async (): Promise<SWFClient> => {
    const client = cannedClient(recorder.outputs);
    await registerHelloWorld(client);
    return client;
  };
  await sdkExecutions(await canned(), 'warmup-canned', 300);

  // Every measured round gets a fresh service, as a test would: a service holding tens of
  // thousands of closed histories is the memory benchmark's subject. Each SDK arm gets a fresh
  // client that made the same registration calls, and every arm starts from a collected heap.
  const results = await interleave([
    {
      name: 'direct',
      run: async (round) => {
        const { service } = await freshService();
        return timeSettledMs(() => directExecutions(service, `direct-${round}`, directCount));
      },
    },
    {
      name: 'sdk',
      run: async (round) => {
        const { sdk } = await freshService();
        return timeSettledMs(() => sdkExecutions(sdk, `sdk-${round}`, sdkCount));
      },
    },
    {
      name: 'canned',
      run: async (round) => {
        const client = await canned();
        return timeSettledMs(() => sdkExecutions(client, `canned-${round}`, sdkCount));
      },
    },
  ]);
  const direct = valuesOf(results, 'direct');
  const viaSdk = valuesOf(results, 'sdk');
  const viaCanned = valuesOf(results, 'canned');
  const perCallUs = (ms: number) => (ms * 1000) / (sdkCount * CALLS_PER_EXECUTION);
  figure(
    'direct API: HelloWorld executions/s',
    direct.map((ms) => (directCount / ms) * 1000),
    { format: (v) => v.toFixed(0), higherIsBetter: true, target: '>= 50000 per core' },
  );
  figure(
    'SDK client in-process: ms per execution',
    viaSdk.map((ms) => ms / sdkCount),
    { format: (v) => v.toFixed(3), target: '<= 1.2' },
  );
  figure('SDK per call, canned handler: us', viaCanned.map(perCallUs), { format: (v) => v.toFixed(1) });
  figure('SDK per call, simulated service: us', viaSdk.map(perCallUs), { format: (v) => v.toFixed(1) });
  figure(
    'simulation adds to the SDK per-call cost',
    // Judged on the ratio sdk / canned, so the spread is relative to the whole per-call cost.
    ratios(viaSdk, viaCanned),
    { format: (r) => `${((r - 1) * 100).toFixed(1)} %`, target: '<= 10 %' },
  );
}
