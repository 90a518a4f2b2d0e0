// A user's own test, run by test/package/consumer.test.ts in a fresh project that installed the
// packed swf-sim next to its own @aws-sdk/client-swf, vitest and fast-check: the published
// package's shape, not the repository's.
import {
  DescribeDomainCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  UnknownResourceFault,
  type Decision,
  type SWFClientConfig,
} from '@aws-sdk/client-swf';
import { createRunner, createSimulation, VirtualTimeRetryStrategy } from 'swf-sim';
import { swfMatchers } from 'swf-sim/vitest';
import { expect, test } from 'vitest';

expect.extend(swfMatchers);

const DOMAIN = 'hello';
const TASK_LIST = { name: 'default' };

/** The project's own client settings: a middleware that counts calls, as a logger would. */
function ourClient(requestHandler: SWFClientConfig['requestHandler'], calls: string[]): SWFClient {
  const client = new SWFClient({
    requestHandler,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    retryStrategy: new VirtualTimeRetryStrategy(),
  });
  client.middlewareStack.add(
    (next, context) => (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return client;
}

async function register(swf: SWFClient): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(
    new RegisterActivityTypeCommand({
      domain: DOMAIN,
      name: 'SayHello',
      version: '1',
      defaultTaskList: TASK_LIST,
      defaultTaskScheduleToStartTimeout: '300',
      defaultTaskStartToCloseTimeout: '3600',
      defaultTaskScheduleToCloseTimeout: '3900',
      defaultTaskHeartbeatTimeout: 'NONE',
    }),
  );
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: DOMAIN,
      name: 'HelloWorkflow',
      version: '1',
      defaultTaskList: TASK_LIST,
      defaultChildPolicy: 'TERMINATE',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskStartToCloseTimeout: '300',
    }),
  );
  await swf.send(
    new StartWorkflowExecutionCommand({
      domain: DOMAIN,
      workflowId: 'hello-1',
      workflowType: { name: 'HelloWorkflow', version: '1' },
    }),
  );
}

/** One decision task: schedule the activity, then complete with its result. False when idle. */
async function decide(swf: SWFClient): Promise<boolean> {
  const task = await swf.send(new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: TASK_LIST }));
  if (!task.taskToken) return false;
  const done = task.events?.find((e) => e.eventType === 'ActivityTaskCompleted');
  const decision: Decision = done
    ? {
        decisionType: 'CompleteWorkflowExecution',
        completeWorkflowExecutionDecisionAttributes: {
          result: done.activityTaskCompletedEventAttributes?.result,
        },
      }
    : {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: 'hi',
          activityType: { name: 'SayHello', version: '1' },
        },
      };
  await swf.send(
    new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [decision] }),
  );
  return true;
}

/** One activity task: say hello. False when idle. */
async function work(swf: SWFClient): Promise<boolean> {
  const task = await swf.send(new PollForActivityTaskCommand({ domain: DOMAIN, taskList: TASK_LIST }));
  if (!task.taskToken) return false;
  await swf.send(
    new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'Hello, World!' }),
  );
  return true;
}

test('HelloWorld through our own SWFClient on the simulation', async () => {
  const sim = createSimulation({ seed: 'consumer' });
  const calls: string[] = [];
  const swf = ourClient(sim.requestHandler(), calls);
  await register(swf);
  await Promise.all([
    (async () => {
      while (await decide(swf));
    })(),
    (async () => {
      while (await work(swf));
    })(),
  ]);
  const history = sim.history(DOMAIN, 'hello-1');
  expect(history).toSatisfySwfInvariants();
  expect(history).toHaveClosedWith('COMPLETED', { result: 'Hello, World!' });
  expect(calls).toContain('RespondDecisionTaskCompletedCommand');
  // The project's own SDK rebuilds the simulator's faults as its own exception classes.
  await expect(swf.send(new DescribeDomainCommand({ name: 'nope' }))).rejects.toBeInstanceOf(
    UnknownResourceFault,
  );
  sim.close();
});

test('HelloWorld as runner actors, each on a client built by the project', async () => {
  const calls: string[] = [];
  const actors: string[] = [];
  const runner = createRunner({
    seed: 'consumer',
    reorder: true,
    createClient: (requestHandler, actor) => {
      actors.push(actor);
      return ourClient(requestHandler, calls);
    },
  });
  await runner.setup(register);
  runner.spawn('decider', async (swf) => {
    for (;;) await decide(swf);
  });
  runner.spawn('worker', async (swf) => {
    for (;;) await work(swf);
  });
  const { outcome } = await runner.run();
  runner.close();
  expect(outcome.status).toBe('ok');
  expect(actors).toEqual(['setup', 'decider', 'worker']);
  expect(calls).toContain('PollForActivityTaskCommand');
  expect(runner.history(DOMAIN, 'hello-1')).toHaveClosedWith('COMPLETED', { result: 'Hello, World!' });
});
