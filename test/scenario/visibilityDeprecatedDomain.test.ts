import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  DeprecateDomainCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { D, EVER, closedIds, openIds, swf, useVisibilityRuns } from './visibilityRuns.js';

useVisibilityRuns();

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
