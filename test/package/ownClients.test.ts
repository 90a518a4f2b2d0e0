/**
 * Clients the user builds: `sim.requestHandler()` for the simulation, `createClient` for the
 * runner's actors — the project's own configuration and middleware, under test.
 */
import {
  DescribeDomainCommand,
  ListDomainsCommand,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
  SWFClient,
  UnknownResourceFault,
  type SWFClientConfig,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import {
  DOMAIN,
  helloDeciderRun,
  helloWorkerRun,
  registerHelloWorld,
  runHelloWorld,
  startHelloWorkflow,
} from '../../fixtures/examples/helloWorld.js';
import { VirtualTimeRetryStrategy } from '../../src/adapters/sdk/VirtualTimeRetryStrategy.js';
import { createRunner } from '../../src/adapters/testing/harness/createRunner.js';
import { createSimulation } from '../../src/adapters/testing/harness/createSimulation.js';

const REGISTER = new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' });

/** A project's client: its own region and credentials, and a middleware that records each command. */
function projectClient(config: Partial<SWFClientConfig>, seen: string[]): SWFClient {
  const client = new SWFClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'project', secretAccessKey: 'project' },
    ...config,
  });
  client.middlewareStack.add(
    (next, context) => (args) => {
      seen.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return client;
}

describe('sim.requestHandler()', () => {
  it("carries a project's own client into the simulation, with its middleware and the SDK's faults", async () => {
    const sim = createSimulation({ seed: 'own client' });
    const seen: string[] = [];
    const swf = projectClient({ requestHandler: sim.requestHandler(), maxAttempts: 1 }, seen);
    await swf.send(REGISTER);
    const { domainInfos } = await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    expect(domainInfos?.map((d) => d.name)).toEqual(['d']);
    await expect(swf.send(new DescribeDomainCommand({ name: 'other' }))).rejects.toBeInstanceOf(
      UnknownResourceFault,
    );
    expect(seen).toEqual(['RegisterDomainCommand', 'ListDomainsCommand', 'DescribeDomainCommand']);
    sim.close();
  });

  it('is closed with the simulation: a parked long poll is aborted', async () => {
    const sim = createSimulation({ autoAdvance: false });
    const swf = projectClient({ requestHandler: sim.requestHandler(), maxAttempts: 1 }, []);
    await swf.send(REGISTER);
    // The innermost middleware: once it has passed the request on, the handler holds the poll.
    let handed: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (handed = resolve));
    swf.middlewareStack.add(
      (next) => (args) => {
        const reply = next(args);
        handed();
        return reply;
      },
      { step: 'deserialize', priority: 'low', name: 'handed' },
    );
    const poll = swf.send(new PollForDecisionTaskCommand({ domain: 'd', taskList: { name: 'tl' } }));
    await inHandler;
    sim.close();
    await expect(poll).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('createRunner({ createClient })', () => {
  it('builds the setup’s and each actor’s client, again on restart, and keeps retries on virtual time', async () => {
    const built: string[] = [];
    const seen: string[] = [];
    const runner = createRunner({
      seed: 'own clients',
      faults: {
        faults: [
          { kind: 'throttle', at: { actor: 'w', call: 1 } },
          { kind: 'crash', at: { actor: 'w', call: 3 } },
        ],
      },
      createClient: (requestHandler, actor) => {
        built.push(actor);
        return projectClient({ requestHandler, retryStrategy: new VirtualTimeRetryStrategy() }, seen);
      },
    });
    await runner.setup((swf) => swf.send(REGISTER));
    let described = 0;
    runner.spawn('w', async (swf) => {
      await swf.send(new DescribeDomainCommand({ name: 'd' })); // calls 1 (throttled) and 2 (its retry)
      await swf.send(new DescribeDomainCommand({ name: 'd' })); // call 3: the first incarnation crashes
      described++;
    });
    const report = await runner.run({ until: 'idle' });
    runner.close();
    expect(report.outcome.status).toBe('ok');
    expect(built).toEqual(['setup', 'w', 'w']);
    expect(described).toBe(1);
    expect(seen.filter((c) => c === 'DescribeDomainCommand')).toHaveLength(4);
    const retry = runner.scheduler.entries.find(
      (e) => e.kind === 'call' && e.actor === 'w' && e.attempt === 2,
    );
    expect(retry?.notes?.some((n) => n.startsWith('backoff+'))).toBe(true);
  });

  it("fails the run, naming virtualTimers, when a client's own retry strategy waits on a real timer", async () => {
    const runner = createRunner({
      seed: 'own clients',
      faults: { faults: [{ kind: 'throttle', at: { actor: 'w', call: 1 } }] },
      createClient: (requestHandler) => projectClient({ requestHandler }, []),
    });
    await runner.setup((swf) => swf.send(REGISTER));
    runner.spawn('w', async (swf) => {
      await swf.send(new DescribeDomainCommand({ name: 'd' }));
    });
    const { outcome } = await runner.run({ until: 'idle' });
    runner.close();
    expect(outcome.status).not.toBe('ok');
    expect('message' in outcome ? outcome.message : '').toMatch(/virtualTimers/);
  });
});

describe('the tutorial HelloWorld on clients the project builds', () => {
  const WORKFLOW_ID = 'HelloWorkflow-1.0-1381095173';

  it('runs in-process on sim.requestHandler() with the project’s middleware and retry settings', async () => {
    const sim = createSimulation({ seed: 'hello' });
    const seen: string[] = [];
    const build = (): SWFClient =>
      projectClient(
        {
          requestHandler: sim.requestHandler(),
          retryStrategy: new VirtualTimeRetryStrategy({ maxAttempts: 5 }),
        },
        seen,
      );
    await registerHelloWorld(build());
    const runId = await startHelloWorkflow(build(), WORKFLOW_ID);
    const said: string[] = [];
    await runHelloWorld(build(), build(), (line) => said.push(line));
    const history = sim.history(DOMAIN, WORKFLOW_ID, runId);
    sim.close();
    expect(said).toEqual(['Hello, World!']);
    expect(history.at(-1)?.eventType).toBe('WorkflowExecutionCompleted');
    expect(seen.filter((c) => c === 'RespondActivityTaskCompletedCommand')).toHaveLength(1);
    expect(seen.filter((c) => c === 'RespondDecisionTaskCompletedCommand')).toHaveLength(2);
  });

  /** The tutorial's loops as runner actors on the project's clients; the worker's first 3 replies throttled. */
  async function throttledHelloWorld(maxAttempts: number) {
    let attempts = 0;
    const runner = createRunner({
      seed: 'hello',
      faults: {
        faults: [1, 2, 3].map((call) => ({
          kind: 'throttle' as const,
          at: { actor: 'worker', operation: 'RespondActivityTaskCompleted' as const, call },
        })),
      },
      createClient: (requestHandler) => {
        const client = projectClient(
          { requestHandler, retryStrategy: new VirtualTimeRetryStrategy({ maxAttempts }) },
          [],
        );
        // Below the SDK's retry middleware: counts each attempt the project's settings allow.
        client.middlewareStack.add(
          (next, context) => (args) => {
            if (context.commandName === 'RespondActivityTaskCompletedCommand') attempts++;
            return next(args);
          },
          { step: 'finalizeRequest', priority: 'low', name: 'countAttempts' },
        );
        return client;
      },
    });
    await runner.setup(async (swf) => {
      await registerHelloWorld(swf);
      await startHelloWorkflow(swf, WORKFLOW_ID);
    });
    runner.spawn('decider', async (swf) => {
      while (await helloDeciderRun(swf));
    });
    runner.spawn('worker', async (swf) => {
      while (await helloWorkerRun(swf, () => undefined));
    });
    const { outcome } = await runner.run();
    const history = runner.history(DOMAIN, WORKFLOW_ID);
    runner.close();
    return { outcome, history, attempts };
  }

  it('completes as runner actors when the project’s retry settings outlast the throttling', async () => {
    const { outcome, history, attempts } = await throttledHelloWorld(4);
    expect(outcome.status).toBe('ok');
    expect(attempts).toBe(4);
    expect(history.at(-1)?.eventType).toBe('WorkflowExecutionCompleted');
  });

  it('fails the run when they do not: the SDK gives up after the project’s maxAttempts', async () => {
    const { outcome, history, attempts } = await throttledHelloWorld(3);
    expect(outcome.status).not.toBe('ok');
    expect('message' in outcome ? outcome.message : '').toMatch(/Throttl/);
    expect(attempts).toBe(3);
    expect(history.some((e) => e.eventType === 'ActivityTaskCompleted')).toBe(false);
  });
});
