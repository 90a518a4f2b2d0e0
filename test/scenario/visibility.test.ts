import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  DeprecateDomainCommand,
  DescribeWorkflowExecutionCommand,
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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { rejectionOf } from '../support/workflows.js';

const D = 'vis';
const WF1 = { name: 'wf', version: '1' };
const WF2 = { name: 'wf', version: '2' };
const OTHER = { name: 'other', version: '1' };
const T0 = Date.UTC(2025, 0, 1);
/** The virtual instant `seconds` after the simulation started. */
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const EVER = { oldestDate: new Date(0) };

let sim: Simulation;
let swf: SWFClient;
const runIds = new Map<string, string>();

/** Starts `workflowId` now, on a decision task list of its own so it can be closed on its own. */
async function startRun(
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
async function closeRun(workflowId: string, status: keyof typeof closing): Promise<void> {
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
beforeEach(async () => {
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
});

afterEach(() => sim.close());

const ids = (infos: WorkflowExecutionInfo[] | undefined) => infos?.map((i) => i.execution?.workflowId);

const listOpen = async (input: Omit<ListOpenWorkflowExecutionsCommandInput, 'domain'>) =>
  swf.send(new ListOpenWorkflowExecutionsCommand({ domain: D, ...input }));

const listClosed = async (input: Omit<ListClosedWorkflowExecutionsCommandInput, 'domain'>) =>
  swf.send(new ListClosedWorkflowExecutionsCommand({ domain: D, ...input }));

const openIds = async (input: Omit<ListOpenWorkflowExecutionsCommandInput, 'domain'>) =>
  ids((await listOpen(input)).executionInfos);

const closedIds = async (input: Omit<ListClosedWorkflowExecutionsCommandInput, 'domain'>) =>
  ids((await listClosed(input)).executionInfos);

/** Every page of a list, following nextPageToken. */
async function allPages(
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

describe('visibility: list open', () => {
  it('visibility: list open: lists the open runs newest first by start time', async () => {
    expect(await openIds({ startTimeFilter: EVER })).toStrictEqual(['o3', 'o2', 'o1']);
  });

  it('visibility: list open: reverseOrder lists them oldest first', async () => {
    expect(await openIds({ startTimeFilter: EVER, reverseOrder: true })).toStrictEqual(['o1', 'o2', 'o3']);
  });

  it('visibility: list open: startTimeFilter is inclusive at both ends', async () => {
    expect(await openIds({ startTimeFilter: { oldestDate: at(60), latestDate: at(120) } })).toStrictEqual([
      'o3',
      'o2',
    ]);
    expect(
      await openIds({
        startTimeFilter: { oldestDate: new Date(T0 + 60_001), latestDate: new Date(T0 + 119_999) },
      }),
    ).toStrictEqual([]);
  });

  it('visibility: list open: startTimeFilter without latestDate has no upper bound', async () => {
    expect(await openIds({ startTimeFilter: { oldestDate: at(60) } })).toStrictEqual(['o3', 'o2']);
  });

  it('visibility: list open: executionFilter matches the workflowId exactly', async () => {
    expect(await openIds({ startTimeFilter: EVER, executionFilter: { workflowId: 'o2' } })).toStrictEqual([
      'o2',
    ]);
    expect(await openIds({ startTimeFilter: EVER, executionFilter: { workflowId: 'o' } })).toStrictEqual([]);
  });

  it('visibility: list open: typeFilter matches the name, and the version when one is given', async () => {
    expect(await openIds({ startTimeFilter: EVER, typeFilter: { name: 'wf' } })).toStrictEqual([
      'o3',
      'o2',
      'o1',
    ]);
    expect(await openIds({ startTimeFilter: EVER, typeFilter: { name: 'wf', version: '1' } })).toStrictEqual([
      'o3',
      'o1',
    ]);
    expect(await openIds({ startTimeFilter: EVER, typeFilter: { name: 'other' } })).toStrictEqual([]);
  });

  it('visibility: list open: typeFilter with an empty version filters by name alone', async () => {
    expect(await openIds({ startTimeFilter: EVER, typeFilter: { name: 'wf', version: '' } })).toStrictEqual([
      'o3',
      'o2',
      'o1',
    ]);
  });

  it('visibility: list open: tagFilter matches runs whose tagList contains the tag', async () => {
    expect(await openIds({ startTimeFilter: EVER, tagFilter: { tag: 'red' } })).toStrictEqual(['o3', 'o1']);
    expect(await openIds({ startTimeFilter: EVER, tagFilter: { tag: 'green' } })).toStrictEqual(['o3']);
    expect(await openIds({ startTimeFilter: EVER, tagFilter: { tag: 're' } })).toStrictEqual([]);
  });

  it('visibility: list open: executionInfos are those DescribeWorkflowExecution reports', async () => {
    const { executionInfos } = await listOpen({
      startTimeFilter: EVER,
      executionFilter: { workflowId: 'o3' },
    });
    const { executionInfo } = await swf.send(
      new DescribeWorkflowExecutionCommand({
        domain: D,
        execution: { workflowId: 'o3', runId: runIds.get('o3') },
      }),
    );
    expect(executionInfos).toStrictEqual([executionInfo]);
    expect(executionInfo).toStrictEqual({
      execution: { workflowId: 'o3', runId: runIds.get('o3') },
      workflowType: WF1,
      startTimestamp: at(120),
      executionStatus: 'OPEN',
      tagList: ['red', 'green'],
      cancelRequested: false,
    });
  });

  it('visibility: list open: two exclusive filters are a ValidationException naming both', async () => {
    expect(
      await rejectionOf(
        listOpen({ startTimeFilter: EVER, executionFilter: { workflowId: 'o1' }, tagFilter: { tag: 'red' } }),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        'Cannot specify more than one exclusive filters in the same query: [WorkflowExecutionFilter, TagFilter]',
    });
  });

  it('visibility: list open: a missing startTimeFilter is a ValidationException', async () => {
    expect(await rejectionOf(listOpen({} as ListOpenWorkflowExecutionsCommandInput))).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'startTimeFilter' failed to satisfy constraint: Member must not be null",
    });
  });

  it('visibility: list open: an unknown domain is an UnknownResourceFault', async () => {
    expect(
      await rejectionOf(
        swf.send(new ListOpenWorkflowExecutionsCommand({ domain: 'nope', startTimeFilter: EVER })),
      ),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown domain: nope' });
  });

  it('visibility: list open: pages through maximumPageSize in order, each run once', async () => {
    expect(
      await allPages((nextPageToken) =>
        listOpen({
          startTimeFilter: EVER,
          maximumPageSize: 2,
          ...(nextPageToken !== undefined && { nextPageToken }),
        }),
      ),
    ).toStrictEqual([['o3', 'o2'], ['o1']]);
    const last = await listOpen({ startTimeFilter: EVER, maximumPageSize: 3 });
    expect(last.nextPageToken).toBeUndefined();
  });

  it('visibility: list open: a page after a start or a close reads the runs as they are now', async () => {
    const first = await listOpen({ startTimeFilter: EVER, maximumPageSize: 1 });
    expect(ids(first.executionInfos)).toStrictEqual(['o3']);
    // The token is a position in the list as it is when the next page is asked for.
    await startRun('o4', OTHER);
    const second = await listOpen({
      startTimeFilter: EVER,
      maximumPageSize: 1,
      nextPageToken: first.nextPageToken,
    });
    expect(ids(second.executionInfos)).toStrictEqual(['o3']);
    await closeRun('o4', 'COMPLETED');
    const third = await listOpen({
      startTimeFilter: EVER,
      maximumPageSize: 1,
      nextPageToken: second.nextPageToken,
    });
    expect(ids(third.executionInfos)).toStrictEqual(['o1']);
    expect(third.nextPageToken).toBeUndefined();
  });

  it('visibility: list open: maximumPageSize 0 or absent means pages of 1000', async () => {
    for (let i = 0; i < 1000; i++) await startRun(`bulk-${i}`, OTHER);
    const first = await listOpen({ startTimeFilter: EVER, maximumPageSize: 0 });
    expect(first.executionInfos).toHaveLength(1000);
    expect(first.executionInfos?.[0]?.execution?.workflowId).toBe('bulk-999');
    expect((await listOpen({ startTimeFilter: EVER })).executionInfos).toStrictEqual(first.executionInfos);
    const second = await listOpen({ startTimeFilter: EVER, nextPageToken: first.nextPageToken });
    expect(ids(second.executionInfos)).toStrictEqual(['o3', 'o2', 'o1']);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('visibility: list open: a page token used with other filters is a ValidationException "Invalid token"', async () => {
    const { nextPageToken } = await listOpen({ startTimeFilter: EVER, maximumPageSize: 1 });
    expect(
      await rejectionOf(
        listOpen({ startTimeFilter: EVER, maximumPageSize: 1, reverseOrder: true, nextPageToken }),
      ),
    ).toStrictEqual({ name: 'ValidationException', message: 'Invalid token' });
    expect(
      await rejectionOf(listClosed({ startTimeFilter: EVER, maximumPageSize: 1, nextPageToken })),
    ).toStrictEqual({ name: 'ValidationException', message: 'Invalid token' });
  });

  it('visibility: list open: a page token older than 24 hours has exceeded its maximum lifetime', async () => {
    const { nextPageToken } = await listOpen({ startTimeFilter: EVER, maximumPageSize: 1 });
    sim.advanceBy(24 * 3600 * 1000 + 1);
    expect(
      await rejectionOf(listOpen({ startTimeFilter: EVER, maximumPageSize: 1, nextPageToken })),
    ).toStrictEqual({
      name: 'ValidationException',
      message: 'Specified token has exceeded its maximum lifetime',
    });
  });
});

describe('visibility: list closed', () => {
  it('visibility: list closed: startTimeFilter lists closed runs newest first by start time', async () => {
    expect(await closedIds({ startTimeFilter: EVER })).toStrictEqual(['c4', 'c3', 'c2', 'c1']);
    expect(await closedIds({ startTimeFilter: EVER, reverseOrder: true })).toStrictEqual([
      'c1',
      'c2',
      'c3',
      'c4',
    ]);
  });

  it('visibility: list closed: startTimeFilter is inclusive and selects on start time', async () => {
    expect(await closedIds({ startTimeFilter: { oldestDate: at(240), latestDate: at(300) } })).toStrictEqual([
      'c3',
      'c2',
    ]);
  });

  it('visibility: list closed: closeTimeFilter lists newest close first, and reverseOrder oldest close first', async () => {
    expect(await closedIds({ closeTimeFilter: EVER })).toStrictEqual(['c4', 'c2', 'c1', 'c3']);
    expect(await closedIds({ closeTimeFilter: EVER, reverseOrder: true })).toStrictEqual([
      'c3',
      'c1',
      'c2',
      'c4',
    ]);
  });

  it('visibility: list closed: closeTimeFilter is inclusive at both ends and selects on close time', async () => {
    expect(await closedIds({ closeTimeFilter: { oldestDate: at(360), latestDate: at(420) } })).toStrictEqual([
      'c1',
      'c3',
    ]);
    expect(await closedIds({ closeTimeFilter: { oldestDate: at(421), latestDate: at(479) } })).toStrictEqual(
      [],
    );
  });

  it('visibility: list closed: filters by close status', async () => {
    const byStatus: Partial<Record<CloseStatus, (string | undefined)[] | undefined>> = {};
    for (const status of ['COMPLETED', 'FAILED', 'CANCELED', 'TIMED_OUT', 'TERMINATED'] as const) {
      byStatus[status] = await closedIds({ startTimeFilter: EVER, closeStatusFilter: { status } });
    }
    expect(byStatus).toStrictEqual({
      COMPLETED: ['c3'],
      FAILED: ['c1'],
      CANCELED: ['c2'],
      TIMED_OUT: ['c4'],
      TERMINATED: [],
    });
  });

  it('visibility: list closed: filters by workflowId, type and tag', async () => {
    expect(await closedIds({ closeTimeFilter: EVER, executionFilter: { workflowId: 'c2' } })).toStrictEqual([
      'c2',
    ]);
    expect(
      await closedIds({ closeTimeFilter: EVER, typeFilter: { name: 'wf', version: '1' } }),
    ).toStrictEqual(['c4', 'c1']);
    expect(await closedIds({ closeTimeFilter: EVER, tagFilter: { tag: 'blue' } })).toStrictEqual(['c3']);
  });

  it('visibility: list closed: executionFilter lists every retained run of a reused workflowId', async () => {
    const firstRunId = runIds.get('c3');
    await startRun('c3', OTHER);
    sim.advanceBy(1_000);
    await closeRun('c3', 'COMPLETED');
    const { executionInfos } = await listClosed({
      startTimeFilter: EVER,
      executionFilter: { workflowId: 'c3' },
    });
    expect(executionInfos?.map((i) => i.execution?.runId)).toStrictEqual([runIds.get('c3'), firstRunId]);
  });

  it('visibility: list closed: executionInfos carry closeTimestamp and closeStatus, and say CLOSED', async () => {
    const { executionInfos } = await listClosed({
      startTimeFilter: EVER,
      executionFilter: { workflowId: 'c1' },
    });
    expect(executionInfos).toStrictEqual([
      {
        execution: { workflowId: 'c1', runId: runIds.get('c1') },
        workflowType: WF1,
        startTimestamp: at(180),
        closeTimestamp: at(420),
        executionStatus: 'CLOSED',
        closeStatus: 'FAILED',
        tagList: ['red'],
        cancelRequested: false,
      },
    ]);
  });

  it('visibility: list closed: open runs are not listed, closed runs are not listed as open', async () => {
    expect(await closedIds({ startTimeFilter: EVER, executionFilter: { workflowId: 'o1' } })).toStrictEqual(
      [],
    );
    expect(await openIds({ startTimeFilter: EVER, executionFilter: { workflowId: 'c1' } })).toStrictEqual([]);
  });

  it('visibility: list closed: both startTimeFilter and closeTimeFilter is a ValidationException', async () => {
    expect(await rejectionOf(listClosed({ startTimeFilter: EVER, closeTimeFilter: EVER }))).toStrictEqual({
      name: 'ValidationException',
      message: 'Cannot specify both startTimeFilter and closeTimeFilter in the same query',
    });
  });

  it('visibility: list closed: neither startTimeFilter nor closeTimeFilter is a ValidationException', async () => {
    expect(await rejectionOf(listClosed({ closeStatusFilter: { status: 'FAILED' } }))).toStrictEqual({
      name: 'ValidationException',
      message: 'Must specify either startTimeFilter or closeTimeFilter',
    });
  });

  it('visibility: list closed: typeFilter with closeStatusFilter is the ValidationException real SWF returns', async () => {
    expect(
      await rejectionOf(
        listClosed({
          startTimeFilter: EVER,
          typeFilter: { name: 'wf' },
          closeStatusFilter: { status: 'COMPLETED' },
        }),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        'Cannot specify more than one exclusive filters in the same query: [WorkflowTypeFilter, CloseStatusFilter]',
    });
  });

  it('visibility: list closed: an unknown closeStatusFilter status is a ValidationException listing the enum', async () => {
    const fault = await rejectionOf(
      listClosed({ startTimeFilter: EVER, closeStatusFilter: { status: 'DONE' as CloseStatus } }),
    );
    expect(fault).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'DONE' at 'closeStatusFilter.status' failed to satisfy constraint: Member must satisfy enum value set: [COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT]",
    });
  });

  it('visibility: list closed: pages by close time with maximumPageSize, each run once', async () => {
    expect(
      await allPages((nextPageToken) =>
        listClosed({
          closeTimeFilter: EVER,
          maximumPageSize: 3,
          ...(nextPageToken !== undefined && { nextPageToken }),
        }),
      ),
    ).toStrictEqual([['c4', 'c2', 'c1'], ['c3']]);
  });

  it('visibility: list closed: a page after a close reads the runs as they are now', async () => {
    const first = await listClosed({ closeTimeFilter: EVER, maximumPageSize: 2 });
    expect(ids(first.executionInfos)).toStrictEqual(['c4', 'c2']);
    await closeRun('o1', 'COMPLETED');
    const second = await listClosed({
      closeTimeFilter: EVER,
      maximumPageSize: 2,
      nextPageToken: first.nextPageToken,
    });
    expect(ids(second.executionInfos)).toStrictEqual(['c2', 'c1']);
  });

  it('visibility: list closed: runs closing at the same instant keep start order, newest start first', async () => {
    await startRun('s1', OTHER);
    sim.advanceBy(1_000);
    await startRun('s2', OTHER);
    await closeRun('s2', 'COMPLETED');
    await closeRun('s1', 'COMPLETED');
    expect(await closedIds({ closeTimeFilter: { oldestDate: sim.now() } })).toStrictEqual(['s2', 's1']);
    expect(await closedIds({ closeTimeFilter: { oldestDate: sim.now() }, reverseOrder: true })).toStrictEqual(
      ['s1', 's2'],
    );
  });
});

describe('visibility: count', () => {
  it('visibility: count open: counts the open runs matching each kind of filter', async () => {
    const count = async (extra: object) =>
      (await swf.send(new CountOpenWorkflowExecutionsCommand({ domain: D, startTimeFilter: EVER, ...extra })))
        .count;
    expect(await count({})).toBe(3);
    expect(await count({ startTimeFilter: { oldestDate: at(60), latestDate: at(60) } })).toBe(1);
    expect(await count({ executionFilter: { workflowId: 'o1' } })).toBe(1);
    expect(await count({ typeFilter: { name: 'wf', version: '2' } })).toBe(1);
    expect(await count({ tagFilter: { tag: 'red' } })).toBe(2);
    expect(await count({ executionFilter: { workflowId: 'c1' } })).toBe(0);
  });

  it('visibility: count open: returns the count with truncated false', async () => {
    const output = await swf.send(
      new CountOpenWorkflowExecutionsCommand({ domain: D, startTimeFilter: EVER }),
    );
    expect(Object.keys(output).filter((key) => key !== '$metadata')).toStrictEqual(['count', 'truncated']);
    expect(output.truncated).toBe(false);
    expect(output.count).toBe(3);
  });

  it('visibility: count closed: counts the closed runs matching each kind of filter', async () => {
    const count = async (extra: object) =>
      (await swf.send(new CountClosedWorkflowExecutionsCommand({ domain: D, ...extra }))).count;
    expect(await count({ startTimeFilter: EVER })).toBe(4);
    expect(await count({ closeTimeFilter: { oldestDate: at(420) } })).toBe(3);
    expect(await count({ startTimeFilter: EVER, closeStatusFilter: { status: 'TIMED_OUT' } })).toBe(1);
    expect(await count({ closeTimeFilter: EVER, typeFilter: { name: 'wf' } })).toBe(3);
    expect(await count({ closeTimeFilter: EVER, tagFilter: { tag: 'red' } })).toBe(1);
    expect(await count({ closeTimeFilter: EVER, executionFilter: { workflowId: 'c2' } })).toBe(1);
  });

  it('visibility: count open: two exclusive filters are a ValidationException naming both', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new CountOpenWorkflowExecutionsCommand({
            domain: D,
            startTimeFilter: EVER,
            typeFilter: { name: 'wf' },
            tagFilter: { tag: 'red' },
          }),
        ),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        'Cannot specify more than one exclusive filters in the same query: [WorkflowTypeFilter, TagFilter]',
    });
  });

  it('visibility: count closed: the time-filter rules are those of ListClosedWorkflowExecutions', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new CountClosedWorkflowExecutionsCommand({
            domain: D,
            startTimeFilter: EVER,
            closeTimeFilter: EVER,
          }),
        ),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message: 'Cannot specify both startTimeFilter and closeTimeFilter in the same query',
    });
    expect(
      await rejectionOf(swf.send(new CountClosedWorkflowExecutionsCommand({ domain: D }))),
    ).toStrictEqual({
      name: 'ValidationException',
      message: 'Must specify either startTimeFilter or closeTimeFilter',
    });
  });

  it('visibility: count closed: an unknown domain is an UnknownResourceFault', async () => {
    expect(
      await rejectionOf(
        swf.send(new CountClosedWorkflowExecutionsCommand({ domain: 'nope', startTimeFilter: EVER })),
      ),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown domain: nope' });
  });
});

describe('visibility: deprecated domain', () => {
  it('visibility: deprecated domain: list and count keep working', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(await openIds({ startTimeFilter: EVER })).toStrictEqual(['o3', 'o2', 'o1']);
    expect(await closedIds({ closeTimeFilter: EVER })).toStrictEqual(['c4', 'c2', 'c1', 'c3']);
    expect(
      (await swf.send(new CountOpenWorkflowExecutionsCommand({ domain: D, startTimeFilter: EVER }))).count,
    ).toBe(3);
    expect(
      (await swf.send(new CountClosedWorkflowExecutionsCommand({ domain: D, startTimeFilter: EVER }))).count,
    ).toBe(4);
  });
});
