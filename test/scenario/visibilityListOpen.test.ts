import {
  DescribeWorkflowExecutionCommand,
  ListOpenWorkflowExecutionsCommand,
  type ListOpenWorkflowExecutionsCommandInput,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../support/workflows.js';
import {
  D,
  EVER,
  OTHER,
  T0,
  WF1,
  allPages,
  at,
  closeRun,
  ids,
  listClosed,
  listOpen,
  openIds,
  runIds,
  sim,
  startRun,
  swf,
  useVisibilityRuns,
} from './visibilityRuns.js';

useVisibilityRuns();

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
