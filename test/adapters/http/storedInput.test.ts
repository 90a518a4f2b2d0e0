import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../../../src/adapters/wire/awsJson.js';
import { CONTROL_HEADERS, raw, stateText, swfCall, testServer, type RawResponse } from './helpers.js';

// Issue 12.2: members SWF does not model used to be stored by reference; one deep enough broke
// every later answer that serialized them (history, describe, poll, the state export).

/** `depth` arrays inside each other around the marker string `poison`. */
function nested(depth: number): unknown {
  let value: unknown = 'poison';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** An unknown member holding a value as deep as the wire allows. */
const deepest = () => ({ poison: nested(MAX_NESTING_DEPTH - 10) });

function ok(response: RawResponse): Record<string, unknown> {
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  expect(response.text).not.toContain('poison');
  return response.text === '' ? {} : (response.json as Record<string, unknown>);
}

describe('serve: only modelled members reach the state', () => {
  it('drops unknown members at every depth, so later calls and the state export still answer', async () => {
    const server = await testServer({ clock: 'manual' });
    const call = async (operation: string, input: unknown) => ok(await swfCall(server, operation, input));
    const taskList = { name: 'main', ...deepest() };
    await call('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1', ...deepest() });
    await call('RegisterWorkflowType', {
      domain: 'd',
      name: 'W',
      version: '1',
      defaultTaskList: taskList,
      defaultTaskStartToCloseTimeout: '60',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultChildPolicy: 'TERMINATE',
      ...deepest(),
    });
    await call('RegisterActivityType', {
      domain: 'd',
      name: 'A',
      version: '1',
      defaultTaskList: taskList,
      defaultTaskScheduleToStartTimeout: '60',
      defaultTaskScheduleToCloseTimeout: '120',
      defaultTaskStartToCloseTimeout: '60',
      defaultTaskHeartbeatTimeout: 'NONE',
    });
    const workflowType = { name: 'W', version: '1', ...deepest() };
    const { runId } = await call('StartWorkflowExecution', { domain: 'd', workflowId: 'w1', workflowType });
    await call('StartWorkflowExecution', { domain: 'd', workflowId: 'w2', workflowType, taskList });

    const task = await call('PollForDecisionTask', { domain: 'd', taskList });
    expect(task.taskToken).toBeTypeOf('string');
    const activityType = { name: 'A', version: '1', ...deepest() };
    await call('RespondDecisionTaskCompleted', {
      taskToken: task.taskToken,
      decisions: [
        {
          decisionType: 'ScheduleActivityTask',
          scheduleActivityTaskDecisionAttributes: { activityType, activityId: 'a1', taskList, ...deepest() },
          ...deepest(),
        },
        {
          decisionType: 'StartChildWorkflowExecution',
          startChildWorkflowExecutionDecisionAttributes: { workflowType, workflowId: 'child', taskList },
        },
        {
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: { timerId: 't', startToFireTimeout: '60' },
        },
      ],
      ...deepest(),
    });

    const execution = { workflowId: 'w1', runId };
    await call('GetWorkflowExecutionHistory', { domain: 'd', execution });
    await call('DescribeWorkflowExecution', { domain: 'd', execution });
    await call('DescribeWorkflowType', { domain: 'd', workflowType });
    await call('ListOpenWorkflowExecutions', { domain: 'd', startTimeFilter: { oldestDate: 0 } });
    expect((await call('PollForActivityTask', { domain: 'd', taskList })).taskToken).toBeTypeOf('string');
    // The second run and the child each have a decision task waiting.
    expect((await call('PollForDecisionTask', { domain: 'd', taskList })).taskToken).toBeTypeOf('string');
    expect((await call('PollForDecisionTask', { domain: 'd', taskList })).taskToken).toBeTypeOf('string');
    const state = await raw(server, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS });
    ok(state);
  });

  it(`refuses a body nested deeper than ${MAX_NESTING_DEPTH} with a SerializationException, changing nothing`, async () => {
    const server = await testServer({ clock: 'manual' });
    ok(await swfCall(server, 'RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
    const before = stateText(server);
    // Written as text: JSON.stringify itself cannot nest this deep on a worker's stack.
    const depth = 10_000;
    const body = `{"domain":"d","name":"W","version":"1","defaultTaskList":{"name":"main","poison":${'['.repeat(depth)}0${']'.repeat(depth)}}}`;
    const response = await raw(server, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'SimpleWorkflowService.RegisterWorkflowType',
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      message: expect.stringContaining(String(MAX_NESTING_DEPTH)) as string,
    });
    expect(stateText(server)).toBe(before);
  });
});
