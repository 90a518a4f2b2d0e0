import {
  GetWorkflowExecutionHistoryCommand,
  ListActivityTypesCommand,
  ListClosedWorkflowExecutionsCommand,
  ListDomainsCommand,
  ListOpenWorkflowExecutionsCommand,
  ListWorkflowTypesCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  TerminateWorkflowExecutionCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { exportState } from '../../src/sim/service/snapshot/exportState.js';
import { ACT, D, TL, registerBasics, rejectionOf, start } from '../support/workflows.js';

// Issue 12.1: forged page tokens used to reach code outside the token guard and answer 500.

let sim: Simulation;
let swf: SWFClient;
let firstRunId: string;

const EPOCH = { oldestDate: new Date(0) };

beforeEach(async () => {
  sim = createSimulation({ seed: 'forged-page-tokens' });
  swf = sim.client();
  await registerBasics(swf);
  await swf.send(new RegisterDomainCommand({ name: 'd2', workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(new RegisterWorkflowTypeCommand({ domain: D, name: 'wf', version: '2' }));
  await swf.send(new RegisterActivityTypeCommand({ domain: D, name: ACT.name, version: '2' }));
  firstRunId = await start(swf, 'w1');
  await start(swf, 'w2');
  for (const workflowId of ['w3', 'w4']) {
    await start(swf, workflowId);
    await swf.send(new TerminateWorkflowExecutionCommand({ domain: D, workflowId }));
  }
});

afterEach(() => sim.close());

/** Each paginated operation, asked for one item per page (every listing here has two or more). */
const PAGED: Record<string, (nextPageToken?: string) => Promise<{ nextPageToken?: string | undefined }>> = {
  ListDomains: (nextPageToken) =>
    swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', maximumPageSize: 1, nextPageToken })),
  ListWorkflowTypes: (nextPageToken) =>
    swf.send(
      new ListWorkflowTypesCommand({
        domain: D,
        registrationStatus: 'REGISTERED',
        maximumPageSize: 1,
        nextPageToken,
      }),
    ),
  ListActivityTypes: (nextPageToken) =>
    swf.send(
      new ListActivityTypesCommand({
        domain: D,
        registrationStatus: 'REGISTERED',
        maximumPageSize: 1,
        nextPageToken,
      }),
    ),
  ListOpenWorkflowExecutions: (nextPageToken) =>
    swf.send(
      new ListOpenWorkflowExecutionsCommand({
        domain: D,
        startTimeFilter: EPOCH,
        maximumPageSize: 1,
        nextPageToken,
      }),
    ),
  ListClosedWorkflowExecutions: (nextPageToken) =>
    swf.send(
      new ListClosedWorkflowExecutionsCommand({
        domain: D,
        startTimeFilter: EPOCH,
        maximumPageSize: 1,
        nextPageToken,
      }),
    ),
  GetWorkflowExecutionHistory: (nextPageToken) =>
    swf.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: D,
        execution: { workflowId: 'w1', runId: firstRunId },
        maximumPageSize: 1,
        nextPageToken,
      }),
    ),
  PollForDecisionTask: async (nextPageToken) => {
    // The next page of a decision task needs the task: poll it first when paging.
    const first = await swf.send(
      new PollForDecisionTaskCommand({ domain: D, taskList: TL, maximumPageSize: 1 }),
    );
    if (nextPageToken === undefined) return first;
    return swf.send(
      new PollForDecisionTaskCommand({ domain: D, taskList: TL, maximumPageSize: 1, nextPageToken }),
    );
  },
};

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** A genuine token of `operation` with its fields replaced by `changes`. */
async function forged(operation: string, changes: Record<string, unknown>): Promise<string> {
  const { nextPageToken } = await PAGED[operation]!();
  expect(nextPageToken, `${operation} should have a second page`).toBeTypeOf('string');
  const body = JSON.parse(Buffer.from(nextPageToken as string, 'base64').toString('utf8')) as object;
  return base64(JSON.stringify({ ...body, ...changes }));
}

describe.each(Object.keys(PAGED))('forged page tokens: %s', (operation) => {
  it.each([
    ['JSON null', base64('null')],
    ['a JSON list', base64('[]')],
    ['a JSON number', base64('7')],
  ])('a token decoding to %s is "Invalid token"', async (_what, token) => {
    const before = JSON.stringify(exportState(sim.service.state));
    expect(await rejectionOf(PAGED[operation]!(token))).toStrictEqual({
      name: 'ValidationException',
      message: 'Invalid token',
    });
    if (operation !== 'PollForDecisionTask')
      expect(JSON.stringify(exportState(sim.service.state))).toBe(before);
  });

  it.each([
    ['fractional', 0.5],
    ['negative', -1],
    ['beyond exact integers', 2 ** 53],
    ['infinite', '1e400'],
    ['a string', '1'],
  ])('an offset that is %s is "Invalid token"', async (_what, offset) => {
    let token = await forged(operation, { o: offset === '1e400' ? 0 : offset });
    // JSON.stringify cannot write an infinite number; JSON.parse reads 1e400 as Infinity.
    if (offset === '1e400')
      token = base64(Buffer.from(token, 'base64').toString().replace('"o":0', '"o":1e400'));
    expect(await rejectionOf(PAGED[operation]!(token))).toStrictEqual({
      name: 'ValidationException',
      message: 'Invalid token',
    });
  });

  it('an offset past the end is an empty last page', async () => {
    const page = (await PAGED[operation]!(await forged(operation, { o: 1_000_000 }))) as Record<
      string,
      unknown
    >;
    expect(page.nextPageToken).toBeUndefined();
    const items = page.domainInfos ?? page.typeInfos ?? page.executionInfos ?? page.events;
    expect(items).toEqual([]);
  });
});

describe('forged page tokens: PollForDecisionTask', () => {
  it('a page token refused for another query issues no task token', async () => {
    const first = await swf.send(
      new PollForDecisionTaskCommand({ domain: D, taskList: TL, maximumPageSize: 1 }),
    );
    const before = JSON.stringify(exportState(sim.service.state));
    const otherQuery = new PollForDecisionTaskCommand({
      domain: D,
      taskList: TL,
      maximumPageSize: 1,
      reverseOrder: true,
      nextPageToken: first.nextPageToken,
    });
    expect(await rejectionOf(swf.send(otherQuery))).toStrictEqual({
      name: 'ValidationException',
      message: 'Invalid token',
    });
    expect(JSON.stringify(exportState(sim.service.state))).toBe(before);
  });
});
