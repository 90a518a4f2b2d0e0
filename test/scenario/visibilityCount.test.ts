import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../support/workflows.js';
import { D, EVER, at, swf, useVisibilityRuns } from './visibilityRuns.js';

useVisibilityRuns();

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
