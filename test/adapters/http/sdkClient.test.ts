import {
  DescribeDomainCommand,
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  UnknownResourceFault,
  type Decision,
  type PollForDecisionTaskCommandOutput,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import {
  DOMAIN,
  registerHelloWorld,
  runHelloWorld,
  startHelloWorkflow,
  TASK_LIST,
} from '../../../fixtures/examples/helloWorld.js';
import { sdkClient, testServer } from './helpers.js';

const HOUR_MS = 3600 * 1000;

describe('serve: SDK v3 client over HTTP', () => {
  it('runs the whole HelloWorld with the auto clock, decider and worker on their own clients', async () => {
    const server = await testServer({ accountId: '210987654321' });
    const swf = sdkClient(server, 'us-west-2');
    await registerHelloWorld(swf);
    const runId = await startHelloWorkflow(swf, 'HelloWorkflow-1.0-http');
    const lines: string[] = [];
    const startedAt = Date.now();
    // Both loops end on an empty poll, which needs 60 virtual seconds of nothing: the auto clock.
    await runHelloWorld(sdkClient(server, 'us-west-2'), sdkClient(server, 'us-west-2'), (l) => lines.push(l));
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(lines).toEqual(['Hello, World!']);

    const { events } = await swf.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: DOMAIN,
        execution: { workflowId: 'HelloWorkflow-1.0-http', runId },
      }),
    );
    expect(events?.map((e) => e.eventType)).toEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'DecisionTaskCompleted',
      'ActivityTaskScheduled',
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'DecisionTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    expect(events?.[0]?.eventTimestamp).toBeInstanceOf(Date);
    // The region came from the SigV4 credential scope, the account from the option.
    const { domainInfo } = await swf.send(new DescribeDomainCommand({ name: DOMAIN }));
    expect(domainInfo?.arn).toBe(`arn:aws:swf:us-west-2:210987654321:/domain/${DOMAIN}`);
    expect(server.regions()).toEqual(['us-west-2']);
  });

  it('keeps one service per region: a domain registered in one region is unknown in another', async () => {
    const server = await testServer();
    await sdkClient(server, 'eu-west-1').send(
      new RegisterDomainCommand({ name: 'regional', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const elsewhere = sdkClient(server, 'ap-southeast-2');
    const error: unknown = await elsewhere
      .send(new DescribeDomainCommand({ name: 'regional' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownResourceFault);
    // A region is kept only once a call leaves state in it.
    expect(server.regions()).toEqual(['eu-west-1']);
    expect(server.service('eu-west-1').state.domains.has('regional')).toBe(true);
  });

  it('lets a task a crashed worker holds stop jumps only until its own timeout fires, then skips an hour', async () => {
    const server = await testServer();
    const swf = sdkClient(server);
    await registerHelloWorld(swf);
    const { runId } = await swf.send(
      new StartWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'crashed',
        workflowType: { name: 'HelloWorkflow', version: '1.0' },
        executionStartToCloseTimeout: String(24 * 3600),
      }),
    );
    const decider = sdkClient(server);
    const decide = async (decisions: Decision[]): Promise<PollForDecisionTaskCommandOutput> => {
      let task;
      do {
        task = await decider.send(
          new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }),
        );
      } while (!task.taskToken);
      await decider.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }));
      return task;
    };
    await decide([
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: 'nap',
          activityType: { name: 'HelloWorld', version: '1.0' },
          startToCloseTimeout: '3600',
          heartbeatTimeout: '1',
        },
      },
    ]);
    // The worker takes the task and never answers (it crashed): the task is work in progress, so
    // the clock flows and its one-second HEARTBEAT timeout fires in real time, not by a jump.
    const worker = sdkClient(server);
    const task = await worker.send(
      new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }),
    );
    expect(task.activityId).toBe('nap');
    expect(server.clockStatus().tasksInProgress).toEqual([
      expect.stringMatching(/^activity task nap of crashed/),
    ]);
    const afterTimeout = await decide([
      {
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: 'hour', startToFireTimeout: '3600' },
      },
    ]);
    const timedOut = afterTimeout.events?.find((e) => e.eventType === 'ActivityTaskTimedOut');
    expect(timedOut?.activityTaskTimedOutEventAttributes?.timeoutType).toBe('HEARTBEAT');
    const started = afterTimeout.events?.find((e) => e.eventType === 'ActivityTaskStarted');
    expect((timedOut?.eventTimestamp?.getTime() ?? 0) - (started?.eventTimestamp?.getTime() ?? 0)).toBe(1000);
    expect(server.clockStatus().jumps).toBe(0);
    // Now nobody works: the decider's poll waits, and the hour passes by jumps.
    const afterHour = await decide([
      { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
    ]);
    const fired = afterHour.events?.find((e) => e.eventType === 'TimerFired');
    const timerStarted = afterHour.events?.find((e) => e.eventType === 'TimerStarted');
    expect((fired?.eventTimestamp?.getTime() ?? 0) - (timerStarted?.eventTimestamp?.getTime() ?? 0)).toBe(
      HOUR_MS,
    );
    expect(afterHour.workflowExecution?.runId).toBe(runId);
    expect(server.clockStatus().tasksInProgress).toEqual([]);
    expect(server.clockStatus().jumps).toBeGreaterThan(0);
  });
});
