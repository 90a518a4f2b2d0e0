import {
  CountClosedWorkflowExecutionsCommand,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { rejectionOf } from '../support/workflows.js';

const D = 'kept';
const WF = { name: 'wf', version: '1' };
const TL = { name: 'tl' };
const DAY_MS = 24 * 3600 * 1000;
const EVER = { oldestDate: new Date(0) };

let sim: Simulation;
let swf: SWFClient;

afterEach(() => sim.close());

/** A simulation with one domain retaining closed runs for `retention` days. */
async function setUp(retention: string): Promise<void> {
  sim = createSimulation({ seed: 'retention' });
  swf = sim.client();
  await swf.send(new RegisterDomainCommand({ name: D, workflowExecutionRetentionPeriodInDays: retention }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: D,
      ...WF,
      defaultTaskList: TL,
      defaultChildPolicy: 'TERMINATE',
      defaultExecutionStartToCloseTimeout: '31536000',
      defaultTaskStartToCloseTimeout: 'NONE',
    }),
  );
}

async function startRun(workflowId = 'w1', executionStartToCloseTimeout?: string): Promise<string> {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain: D,
      workflowId,
      workflowType: WF,
      ...(executionStartToCloseTimeout !== undefined && { executionStartToCloseTimeout }),
    }),
  );
  return runId as string;
}

/** A decider completes the run that has the next decision task. */
async function completeNext(): Promise<void> {
  const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
  expect(task.taskToken).toBeTruthy();
  await swf.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: task.taskToken,
      decisions: [
        { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
      ],
    }),
  );
}

const describeRun = (workflowId: string, runId: string) =>
  swf.send(new DescribeWorkflowExecutionCommand({ domain: D, execution: { workflowId, runId } }));

const historyOf = (workflowId: string, runId: string) =>
  swf.send(new GetWorkflowExecutionHistoryCommand({ domain: D, execution: { workflowId, runId } }));

const closedRunIds = async () =>
  (
    await swf.send(new ListClosedWorkflowExecutionsCommand({ domain: D, closeTimeFilter: EVER }))
  ).executionInfos?.map((i) => i.execution?.runId);

const closedCount = async () =>
  (await swf.send(new CountClosedWorkflowExecutionsCommand({ domain: D, startTimeFilter: EVER }))).count;

/** Every visibility call agrees the run is still there. */
async function expectRetained(workflowId: string, runId: string): Promise<void> {
  expect((await describeRun(workflowId, runId)).executionInfo?.executionStatus).toBe('CLOSED');
  expect((await historyOf(workflowId, runId)).events?.at(-1)?.eventType).toMatch(/^WorkflowExecution/);
  expect(await closedRunIds()).toContain(runId);
}

/** Every visibility call agrees the run is gone. */
async function expectGone(workflowId: string, runId: string): Promise<void> {
  const unknown = {
    name: 'UnknownResourceFault',
    message: `Unknown execution: WorkflowExecution=[workflowId=${workflowId}, runId=${runId}]`,
  };
  expect(await rejectionOf(describeRun(workflowId, runId))).toStrictEqual(unknown);
  expect(await rejectionOf(historyOf(workflowId, runId))).toStrictEqual(unknown);
  expect(await closedRunIds()).not.toContain(runId);
}

describe('retention: closed runs', () => {
  it('retention: closed run: stays visible to Describe, GetHistory, ListClosed and CountClosed until its retention ends', async () => {
    await setUp('1');
    const runId = await startRun();
    sim.advanceBy(5_000);
    await completeNext();
    sim.advanceBy(DAY_MS - 1);
    await expectRetained('w1', runId);
    expect(await closedCount()).toBe(1);
  });

  it('retention: closed run: disappears exactly retention days after it closed (retention=3)', async () => {
    await setUp('3');
    const runId = await startRun();
    await completeNext();
    sim.advanceBy(3 * DAY_MS - 1);
    await expectRetained('w1', runId);
    sim.advanceBy(1);
    await expectGone('w1', runId);
    expect(await closedCount()).toBe(0);
  });

  it('retention: retention "0": the run is gone as soon as it closes', async () => {
    await setUp('0');
    const runId = await startRun();
    await completeNext();
    await expectGone('w1', runId);
    expect(await closedCount()).toBe(0);
  });

  it('retention: retention "NONE": the run is gone as soon as it closes', async () => {
    await setUp('NONE');
    const runId = await startRun();
    await completeNext();
    await expectGone('w1', runId);
    expect(await closedCount()).toBe(0);
  });

  it('retention: open run: is kept however long it stays open, and retention counts from its close', async () => {
    await setUp('1');
    const runId = await startRun();
    sim.advanceBy(10 * DAY_MS);
    expect((await describeRun('w1', runId)).executionInfo?.executionStatus).toBe('OPEN');
    await completeNext();
    sim.advanceBy(DAY_MS - 1);
    await expectRetained('w1', runId);
    sim.advanceBy(1);
    await expectGone('w1', runId);
  });

  it('retention: timed-out run: retention counts from the timeout', async () => {
    await setUp('1');
    const runId = await startRun('w1', '3600');
    sim.advanceBy(3600 * 1000);
    expect((await describeRun('w1', runId)).executionInfo?.closeStatus).toBe('TIMED_OUT');
    sim.advanceBy(DAY_MS - 1);
    await expectRetained('w1', runId);
    sim.advanceBy(1);
    await expectGone('w1', runId);
  });

  it('retention: reused workflowId: dropping the old run leaves the newer runs of the same workflowId', async () => {
    await setUp('1');
    const first = await startRun('w1');
    await completeNext();
    sim.advanceBy(DAY_MS / 2);
    const second = await startRun('w1');
    await completeNext();
    const third = await startRun('w1');
    sim.advanceBy(DAY_MS / 2);
    await expectGone('w1', first);
    await expectRetained('w1', second);
    expect((await describeRun('w1', third)).executionInfo?.executionStatus).toBe('OPEN');
    expect(await closedRunIds()).toStrictEqual([second]);
  });
});
