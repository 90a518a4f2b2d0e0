import type { CloseStatus } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../support/workflows.js';
import {
  EVER,
  OTHER,
  WF1,
  allPages,
  at,
  closeRun,
  closedIds,
  ids,
  listClosed,
  openIds,
  runIds,
  sim,
  startRun,
  useVisibilityRuns,
} from './visibilityRuns.js';

useVisibilityRuns();

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
