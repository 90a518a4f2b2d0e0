/**
 * HelloWorld executions per second, three ways, measured side by side in one process:
 *  - direct: the service's typed API (validation included, no serialization);
 *  - sdk: a real SWFClient through the in-process handler (the product as users run it);
 *  - canned: the same SWFClient calls against a handler answering prerecorded bytes, i.e. the
 *    SDK's own per-call cost. (sdk − canned) / canned is what the simulation adds per call.
 * Rounds alternate between the ways so machine noise hits them alike; medians are reported.
 */
import { SWFClient } from '@aws-sdk/client-swf';
import type { HttpRequest, HttpResponse } from '@smithy/types';
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
import { createSdkClient, simulatedClientConfig } from '../src/adapters/sdk/createSdkClient.js';
import { encodeResult } from '../src/adapters/wire/awsJson.js';
import type { SwfEndpoint } from '../src/sim/service/SwfEndpoint.js';
import { SwfService } from '../src/sim/service/SwfService.js';

const CALLS_PER_EXECUTION = 7; // start, 3 decision polls/responds pairs less one poll, 1 activity pair

async function directExecutions(service: SwfService, prefix: string, count: number): Promise<void> {
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

async function sdkExecutions(client: SWFClient, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await startHelloWorkflow(client, `${prefix}-${i}`);
    await helloDeciderRun(client);
    await helloWorkerRun(client, () => undefined);
    await helloDeciderRun(client);
  }
}

/** Remembers the last output of each operation, to be replayed as canned bytes. */
class RecordingEndpoint implements SwfEndpoint {
  readonly outputs = new Map<string, unknown>();
  constructor(private readonly inner: SwfEndpoint) {}
  async dispatch(operation: string, input: unknown): Promise<unknown> {
    const output = await this.inner.dispatch(operation, input);
    this.outputs.set(operation, output);
    return output;
  }
}

/** Answers every request with the recorded bytes for its operation: only the SDK's own work remains. */
class CannedHandler {
  readonly metadata = { handlerProtocol: 'canned' };
  private readonly bodies = new Map<string, Uint8Array>();
  private readonly headers: Record<string, string>;
  constructor(outputs: Map<string, unknown>) {
    let headers: Record<string, string> = {};
    for (const [operation, output] of outputs) {
      const wire = encodeResult(output, '00000000-0000-4000-8000-000000000000');
      headers = wire.headers;
      this.bodies.set(`SimpleWorkflowService.${operation}`, new TextEncoder().encode(wire.body));
    }
    this.headers = headers;
  }
  handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const body = this.bodies.get(request.headers['x-amz-target'] ?? '') ?? new Uint8Array();
    return Promise.resolve({ response: { statusCode: 200, headers: this.headers, body } });
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }
  destroy(): void {}
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const directCount = Number(process.env.BENCH_DIRECT_EXECUTIONS ?? 20_000);
  const sdkCount = Number(process.env.BENCH_SDK_EXECUTIONS ?? 500);

  // Every measured round gets a fresh service, as a test would: a service holding tens of
  // thousands of closed histories would charge their garbage collection to the simulation.
  const freshService = async (): Promise<{ service: SwfService; sdk: SWFClient }> => {
    const service = new SwfService({ seed: 'bench' });
    const sdk = createSdkClient(service);
    await registerHelloWorld(sdk);
    return { service, sdk };
  };
  // The canned bytes come from a recorded warm-up run; measured runs go straight to the service.
  const warm = new SwfService({ seed: 'bench' });
  const recorder = new RecordingEndpoint(warm);
  const recording = createSdkClient(recorder);
  await registerHelloWorld(recording);
  await sdkExecutions(recording, 'warmup', 300);
  await directExecutions(warm, 'warmup', 3_000);
  await sdkExecutions((await freshService()).sdk, 'warmup', 300);
  const canned = new SWFClient({
    ...simulatedClientConfig(),
    requestHandler: new CannedHandler(recorder.outputs),
  });
  await sdkExecutions(canned, 'warmup-canned', 300);

  const direct: number[] = [];
  const viaSdk: number[] = [];
  const viaCanned: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const { service } = await freshService();
    direct.push(await timed(() => directExecutions(service, `direct-${round}`, directCount)));
    const { sdk } = await freshService();
    // Alternate which of the two SDK ways runs first, so drift in machine load hits both alike.
    const sdkRound = () => timed(() => sdkExecutions(sdk, `sdk-${round}`, sdkCount));
    const cannedRound = () => timed(() => sdkExecutions(canned, `canned-${round}`, sdkCount));
    if (round % 2 === 0) {
      viaSdk.push(await sdkRound());
      viaCanned.push(await cannedRound());
    } else {
      viaCanned.push(await cannedRound());
      viaSdk.push(await sdkRound());
    }
  }
  const directPerSecond = (directCount / median(direct)) * 1000;
  const sdkPerSecond = (sdkCount / median(viaSdk)) * 1000;
  const cannedPerCallUs = (median(viaCanned) * 1000) / (sdkCount * CALLS_PER_EXECUTION);
  const sdkPerCallUs = (median(viaSdk) * 1000) / (sdkCount * CALLS_PER_EXECUTION);
  const added = (sdkPerCallUs - cannedPerCallUs) / cannedPerCallUs;
  const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  line('rounds (median reported)', String(rounds));
  line('direct API: HelloWorld executions/s', `${directPerSecond.toFixed(0)}   (target >= 20000)`);
  line('SDK client in-process: executions/s', sdkPerSecond.toFixed(0));
  line('SDK per call, canned handler', `${cannedPerCallUs.toFixed(1)} us`);
  line('SDK per call, simulated service', `${sdkPerCallUs.toFixed(1)} us`);
  line('simulation adds to the SDK per-call cost', `${(added * 100).toFixed(1)} %   (target <= 15 %)`);
}
