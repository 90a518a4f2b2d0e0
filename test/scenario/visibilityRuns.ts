/**
 * The runs every visibility test starts from, and helpers to list them. Call `useVisibilityRuns()`
 * at the top of a test file; `sim` and `swf` then name that test's simulation and client.
 */
import {
  ListClosedWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type CloseStatus,
  type Decision,
  type ListClosedWorkflowExecutionsCommandInput,
  type ListOpenWorkflowExecutionsCommandInput,
  type SWFClient,
  type WorkflowExecutionInfo,
} from '@aws-sdk/client-swf';
import { afterEach, beforeEach, expect } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';

/** The domain the runs are in. */
export const D = 'vis';
/** The workflow types of the runs: two versions of one name, and another name. */
export const WF1 = { name: 'wf', version: '1' };
/** The other version of {@link WF1}'s name. */
export const WF2 = { name: 'wf', version: '2' };
/** A workflow type of another name. */
export const OTHER = { name: 'other', version: '1' };
/** When the simulation starts. */
export const T0 = Date.UTC(2025, 0, 1);
/** The virtual instant `seconds` after the simulation started. */
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
/** A time filter that selects every run. */
export const EVER = { oldestDate: new Date(0) };

/** The current test's simulation: set before each test, and importers see it change (a live binding). */
export let sim: Simulation;
/** The current test's client of {@link sim}. */
export let swf: SWFClient;
/** The runId of each workflowId's latest run. */
export const runIds = new Map<string, string>();

/** Starts `workflowId` now, on a decision task list of its own so it can be closed on its own. */
export async function startRun(
  workflowId: string,
  workflowType: { name: string; version: string },
  tagList?: string[],
  executionStartToCloseTimeout?: string,
): Promise<void> {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain: D,
      workflowId,
      workflowType,
      taskList: { name: workflowId },
      ...(tagList !== undefined && { tagList }),
      ...(executionStartToCloseTimeout !== undefined && { executionStartToCloseTimeout }),
    }),
  );
  runIds.set(workflowId, runId as string);
}

const closing: Record<Exclude<CloseStatus, 'TERMINATED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT'>, Decision> = {
  COMPLETED: { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
  FAILED: { decisionType: 'FailWorkflowExecution', failWorkflowExecutionDecisionAttributes: { reason: 'r' } },
  CANCELED: { decisionType: 'CancelWorkflowExecution', cancelWorkflowExecutionDecisionAttributes: {} },
};

/** A decider closes `workflowId` now with `status`. */
export async function closeRun(workflowId: string, status: keyof typeof closing): Promise<void> {
  const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: { name: workflowId } }));
  expect(task.workflowExecution?.workflowId).toBe(workflowId);
  await swf.send(
    new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [closing[status]] }),
  );
}

/**
 * The runs every test starts from (times in seconds after T0):
 * - open: o1 (wf/1, [red]) at 0, o2 (wf/2, [blue]) at 60, o3 (wf/1, [red, green]) at 120;
 * - closed: c1 (wf/1, [red]) started 180, FAILED at 420; c2 (wf/2) started 240, CANCELED at 480;
 *   c3 (other/1, [blue]) started 300, COMPLETED at 360; c4 (wf/1) started 540, TIMED_OUT at 600.
 * Start order c1 c2 c3 c4 differs from close order c3 c1 c2 c4. The clock ends at 600.
 */
async function setUpRuns(): Promise<void> {
  runIds.clear();
  sim = createSimulation({ seed: 'visibility' });
  swf = sim.client();
  await swf.send(new RegisterDomainCommand({ name: D, workflowExecutionRetentionPeriodInDays: '30' }));
  for (const type of [WF1, WF2, OTHER]) {
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain: D,
        ...type,
        defaultChildPolicy: 'TERMINATE',
        defaultExecutionStartToCloseTimeout: '86400',
        defaultTaskStartToCloseTimeout: 'NONE',
      }),
    );
  }
  await startRun('o1', WF1, ['red']);
  sim.advanceBy(60_000);
  await startRun('o2', WF2, ['blue']);
  sim.advanceBy(60_000);
  await startRun('o3', WF1, ['red', 'green']);
  sim.advanceBy(60_000);
  await startRun('c1', WF1, ['red']);
  sim.advanceBy(60_000);
  await startRun('c2', WF2);
  sim.advanceBy(60_000);
  await startRun('c3', OTHER, ['blue']);
  sim.advanceBy(60_000);
  await closeRun('c3', 'COMPLETED');
  sim.advanceBy(60_000);
  await closeRun('c1', 'FAILED');
  sim.advanceBy(60_000);
  await closeRun('c2', 'CANCELED');
  sim.advanceBy(60_000);
  await startRun('c4', WF1, undefined, '60');
  sim.advanceBy(60_000);
  expect(sim.now()).toStrictEqual(at(600));
}

/** Registers hooks that start the runs above before each test of the file and close the simulation after. */
export function useVisibilityRuns(): void {
  beforeEach(setUpRuns);
  afterEach(() => sim.close());
}

/** The workflowIds of `infos`, in order. */
export const ids = (infos: WorkflowExecutionInfo[] | undefined) => infos?.map((i) => i.execution?.workflowId);

/** ListOpenWorkflowExecutions in the domain. */
export const listOpen = async (input: Omit<ListOpenWorkflowExecutionsCommandInput, 'domain'>) =>
  swf.send(new ListOpenWorkflowExecutionsCommand({ domain: D, ...input }));

/** ListClosedWorkflowExecutions in the domain. */
export const listClosed = async (input: Omit<ListClosedWorkflowExecutionsCommandInput, 'domain'>) =>
  swf.send(new ListClosedWorkflowExecutionsCommand({ domain: D, ...input }));

/** The workflowIds ListOpenWorkflowExecutions lists in the domain. */
export const openIds = async (input: Omit<ListOpenWorkflowExecutionsCommandInput, 'domain'>) =>
  ids((await listOpen(input)).executionInfos);

/** The workflowIds ListClosedWorkflowExecutions lists in the domain. */
export const closedIds = async (input: Omit<ListClosedWorkflowExecutionsCommandInput, 'domain'>) =>
  ids((await listClosed(input)).executionInfos);

/** Every page of a list, following nextPageToken. */
export async function allPages(
  list: (token: string | undefined) => Promise<{
    executionInfos?: WorkflowExecutionInfo[] | undefined;
    nextPageToken?: string | undefined;
  }>,
): Promise<(string | undefined)[][]> {
  const pages: (string | undefined)[][] = [];
  let token: string | undefined;
  do {
    const page = await list(token);
    pages.push(ids(page.executionInfos) ?? []);
    token = page.nextPageToken;
  } while (token !== undefined);
  return pages;
}
