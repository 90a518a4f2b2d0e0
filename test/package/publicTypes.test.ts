/**
 * Type tests of the public signatures, as a user's code sees them through the entry points. The
 * `@ts-expect-error` lines are compile-fail cases: `npm test` type-checks this file first, and an
 * error that stops happening fails the build ("unused @ts-expect-error"). The runtime part checks
 * that the well-typed calls also do what their types say.
 */
import { SWFClient, type HistoryEvent, type StartWorkflowExecutionCommandOutput } from '@aws-sdk/client-swf';
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as fuzzEntry from '../../src/fuzz.js';
import * as main from '../../src/index.js';
import {
  createRunner,
  createSimulation,
  loadHistoryFile,
  parseFaultPlan,
  SwfService,
  VirtualTimeRetryStrategy,
  type FaultPlan,
  type OperationInput,
  type OperationName,
  type ScriptedFault,
  type SimulatedRequestHandler,
} from '../../src/index.js';
import { swfMatchers } from '../../src/vitest.js';

expect.extend(swfMatchers);

const DOMAIN_INPUT = { name: 'types', workflowExecutionRetentionPeriodInDays: '1' };

describe('service.call is typed by the operation name', () => {
  test('input and output follow the SDK types of that operation', async () => {
    const service = new SwfService({ seed: 'types' });
    await service.call('RegisterDomain', DOMAIN_INPUT);
    await service.call('RegisterWorkflowType', {
      domain: 'types',
      name: 'Flow',
      version: '1',
      defaultTaskList: { name: 'main' },
      defaultTaskStartToCloseTimeout: '60',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultChildPolicy: 'TERMINATE',
    });
    const started = await service.call('StartWorkflowExecution', {
      domain: 'types',
      workflowId: 'w',
      workflowType: { name: 'Flow', version: '1' },
    });
    expectTypeOf(started).toEqualTypeOf<Omit<StartWorkflowExecutionCommandOutput, '$metadata'>>();
    expectTypeOf(started.runId).toEqualTypeOf<string | undefined>();
    expect(typeof started.runId).toBe('string');
    const history = await service.call('GetWorkflowExecutionHistory', {
      domain: 'types',
      execution: { workflowId: 'w', runId: started.runId },
    });
    expectTypeOf(history.events).toEqualTypeOf<HistoryEvent[] | undefined>();
    expect(history.events?.[0]?.eventType).toBe('WorkflowExecutionStarted');
  });

  test('a wrong operation name or input does not compile', () => {
    expectTypeOf<'StartWorkflowExecution'>().toExtend<OperationName>();
    expectTypeOf<'StartWorkflow'>().not.toExtend<OperationName>();
    expectTypeOf<OperationInput<'RegisterDomain'>>().toHaveProperty('workflowExecutionRetentionPeriodInDays');
    // Never called: the cases exist for the compiler.
    const cases = (service: SwfService): unknown[] => [
      // @ts-expect-error an operation SWF does not have
      service.call('StartWorkflow', {}),
      // @ts-expect-error the retention period is a string of days
      service.call('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: 7 }),
      // @ts-expect-error the input of another operation: RegisterDomain's lacks `workflowId`
      service.call('StartWorkflowExecution', DOMAIN_INPUT),
    ];
    expect(cases).toBeTypeOf('function');
  });
});

describe('fault plans', () => {
  test('a plan of scripted faults and rates is plain typed data', () => {
    const plan = {
      rates: { lostReplyRatio: 0.05, latencyMsMax: 500 },
      faults: [
        { kind: 'lostReply', at: { actor: 'worker', operation: 'PollForActivityTask', call: 1 } },
        { kind: 'crash', at: { actor: 'decider', call: 2 } },
      ],
    } satisfies FaultPlan;
    expect(parseFaultPlan(plan)).toEqual(plan);
    expectTypeOf<ScriptedFault['kind']>().toEqualTypeOf<main.FaultKind>();
  });

  test('an unknown fault kind, rate or operation does not compile', () => {
    const wrong: FaultPlan[] = [
      // @ts-expect-error no such kind
      { faults: [{ kind: 'lostReplies', at: { actor: 'worker', call: 1 } }] },
      // @ts-expect-error no such rate
      { rates: { lostReplyRate: 0.05 } },
      // @ts-expect-error a call selector names an SWF operation
      { faults: [{ kind: 'lostReply', at: { actor: 'worker', operation: 'Poll', call: 1 } }] },
    ];
    expect(wrong).toHaveLength(3);
  });
});

describe('the vitest matchers', () => {
  test('are typed on expect once swf-sim/vitest is imported', async () => {
    const { events: history } = await loadHistoryFile('fixtures/histories/hello-world_boto-tutorial.json');
    expect(history).toHaveClosedWith('COMPLETED');
    expect(history).not.toHaveClosedWith('FAILED', { reason: 'no' });
    expect(history).toSatisfySwfInvariants({ ignore: ['eventIdsSequential'] });
    const never = (): void => {
      // @ts-expect-error a close status SWF does not have
      expect(history).toHaveClosedWith('DONE');
      // @ts-expect-error an invariant that does not exist
      expect(history).toSatisfySwfInvariants({ ignore: ['no-such-invariant'] });
    };
    expect(never).toBeTypeOf('function');
  });
});

describe('clients the user builds', () => {
  test('sim.requestHandler() and createClient fit the SDK’s own client options', () => {
    const sim = createSimulation();
    const handler = sim.requestHandler();
    expectTypeOf(handler).toEqualTypeOf<SimulatedRequestHandler>();
    const client = new SWFClient({ requestHandler: handler, region: 'us-east-1' });
    expect(client).toBeInstanceOf(SWFClient);
    const runner = createRunner({
      createClient: (requestHandler, actor) => {
        expectTypeOf(actor).toEqualTypeOf<string>();
        return new SWFClient({ requestHandler, retryStrategy: new VirtualTimeRetryStrategy() });
      },
    });
    // @ts-expect-error createClient must return an SWFClient
    const wrong = createRunner({ createClient: () => 'client' });
    expect([runner, wrong]).toHaveLength(2);
    client.destroy();
    sim.close();
  });
});

describe('entry points', () => {
  test('the main entry leaves fuzzing and internals to their own paths', () => {
    expectTypeOf(main).toHaveProperty('createSimulation');
    expectTypeOf(main).not.toHaveProperty('createFuzzer');
    expectTypeOf(main).not.toHaveProperty('swfMatchers');
    expectTypeOf(main).not.toHaveProperty('InProcessHttpHandler');
    expectTypeOf(fuzzEntry).toHaveProperty('createFuzzer');
    expect(Object.keys(main)).not.toContain('createFuzzer');
  });
});
