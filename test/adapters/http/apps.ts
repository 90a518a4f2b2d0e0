/**
 * Ordinary SWF apps for the auto-clock tests: a decider loop and a worker loop written against the
 * plain SDK v3 client over HTTP, with production-like timeouts (decision tasks 30 s, activities an
 * hour with a 60 s heartbeat). Each loop runs on its own client until the test ends.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
  type PollForActivityTaskCommandOutput,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { onTestFinished } from 'vitest';
import type { SwfServer } from '../../../src/adapters/http/startServer.js';
import { sdkClient } from './helpers.js';

export const DOMAIN = 'apps';
export const TASK_LIST = 'apps';
const WORKFLOW = { name: 'App', version: '1' };
const ACTIVITY = { name: 'Work', version: '1' };

/** The domain and both types; workflow runs may last two days. */
export async function registerApp(swf: SWFClient): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '7' }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: DOMAIN,
      ...WORKFLOW,
      defaultTaskList: { name: TASK_LIST },
      defaultTaskStartToCloseTimeout: '30',
      defaultExecutionStartToCloseTimeout: String(2 * 24 * 3600),
      defaultChildPolicy: 'TERMINATE',
    }),
  );
  await swf.send(
    new RegisterActivityTypeCommand({
      domain: DOMAIN,
      ...ACTIVITY,
      defaultTaskList: { name: TASK_LIST },
      defaultTaskHeartbeatTimeout: '60',
      defaultTaskScheduleToStartTimeout: '300',
      defaultTaskStartToCloseTimeout: '3600',
      defaultTaskScheduleToCloseTimeout: '3900',
    }),
  );
}

export async function startApp(swf: SWFClient, workflowId: string): Promise<string> {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({ domain: DOMAIN, workflowId, workflowType: WORKFLOW }),
  );
  return runId as string;
}

/** Decisions that schedule the one activity of these apps. */
export function scheduleWork(activityId = 'work'): Decision {
  return {
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: { activityId, activityType: ACTIVITY },
  };
}

export function startTimer(timerId: string, seconds: number): Decision {
  return {
    decisionType: 'StartTimer',
    startTimerDecisionAttributes: { timerId, startToFireTimeout: String(seconds) },
  };
}

export const COMPLETE: Decision = {
  decisionType: 'CompleteWorkflowExecution',
  completeWorkflowExecutionDecisionAttributes: {},
};

/** What a decider decides given the events new since its last decision task (and all of them). */
export type Decide = (fresh: HistoryEvent[], all: HistoryEvent[]) => Decision[] | Promise<Decision[]>;

/** Stops the loops when the test ends: their parked polls are aborted. */
function loopSignal(): AbortSignal {
  const stop = new AbortController();
  onTestFinished(() => stop.abort());
  return stop.signal;
}

/** A decider loop on its own client; `client` lets a test hand it a client made at the last moment. */
export function runDecider(server: SwfServer, decide: Decide, client?: () => SWFClient): void {
  const abortSignal = loopSignal();
  void (async () => {
    const swf = client?.() ?? sdkClient(server);
    while (!abortSignal.aborted) {
      const task = await swf
        .send(
          new PollForDecisionTaskCommand({
            domain: DOMAIN,
            taskList: { name: TASK_LIST },
            identity: 'decider',
          }),
          {
            abortSignal,
          },
        )
        .catch(() => undefined);
      if (!task?.taskToken) continue;
      const events = task.events ?? [];
      const fresh = events.filter((e) => (e.eventId ?? 0) > (task.previousStartedEventId ?? 0));
      const decisions = await decide(fresh, events);
      await swf
        .send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }))
        .catch(() => undefined);
    }
  })();
}

/** A decider that starts a timer of `seconds`, then completes once `completeOn` is in its history. */
export function runTimerDecider(server: SwfServer, seconds: number, completeOn = 'TimerFired'): void {
  runDecider(server, (fresh, all) => {
    if (fresh.some((e) => e.eventType === 'WorkflowExecutionStarted')) return [startTimer('t', seconds)];
    return all.some((e) => e.eventType === completeOn) ? [COMPLETE] : [];
  });
}

/** A worker loop on its own client: `work` does the task and returns its result. */
export function runWorker(
  server: SwfServer,
  work: (task: PollForActivityTaskCommandOutput, swf: SWFClient) => Promise<string>,
  answers: unknown[] = [],
): void {
  const abortSignal = loopSignal();
  void (async () => {
    const swf = sdkClient(server);
    while (!abortSignal.aborted) {
      const task = await swf
        .send(
          new PollForActivityTaskCommand({
            domain: DOMAIN,
            taskList: { name: TASK_LIST },
            identity: 'worker',
          }),
          {
            abortSignal,
          },
        )
        .catch(() => undefined);
      if (!task?.taskToken) continue;
      const result = await work(task, swf);
      answers.push(
        await swf
          .send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result }))
          .then(() => 'completed')
          .catch((error: unknown) => error),
      );
    }
  })();
}

export async function history(swf: SWFClient, workflowId: string, runId: string): Promise<HistoryEvent[]> {
  const { events } = await swf.send(
    new GetWorkflowExecutionHistoryCommand({ domain: DOMAIN, execution: { workflowId, runId } }),
  );
  return events ?? [];
}

/** The first event of `type` (and its virtual time, epoch ms). */
export function eventOf(events: HistoryEvent[], type: string): { event: HistoryEvent; atMs: number } {
  const event = events.find((e) => e.eventType === type);
  if (event === undefined) throw new Error(`no ${type} in ${events.map((e) => e.eventType).join(', ')}`);
  return { event, atMs: event.eventTimestamp?.getTime() ?? NaN };
}

/** Resolves when the run has closed (checked on the server's state, no HTTP). */
export async function closed(server: SwfServer, workflowId: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = server.service().state.domains.get(DOMAIN)?.openRuns.get(workflowId);
    if (run === undefined) return;
    if (Date.now() > deadline) throw new Error(`${workflowId} still open`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
