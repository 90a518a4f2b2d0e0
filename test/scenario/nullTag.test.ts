import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { AWS_JSON_CONTENT_TYPE, handleWireRequest } from '../../src/adapters/wire/awsJson.js';
import { D, TL, WF, registerBasics } from '../support/workflows.js';

let sim: Simulation;

beforeEach(async () => {
  sim = createSimulation({ seed: 'null-tag' });
  await registerBasics(sim.client());
});

afterEach(() => sim.close());

/** Sends `input` as the JSON body a boto client would (the SDK for JavaScript drops null list members). */
async function callOverWire(
  operation: string,
  input: unknown,
): Promise<{ statusCode: number; body: unknown }> {
  const response = await handleWireRequest(
    sim.service,
    {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': AWS_JSON_CONTENT_TYPE,
        'x-amz-target': `SimpleWorkflowService.${operation}`,
      },
      body: JSON.stringify(input),
    },
    'request-1',
  );
  return {
    statusCode: response.statusCode,
    body: response.body === '' ? undefined : JSON.parse(response.body),
  };
}

describe('a null tag sent over the wire', () => {
  it('StartWorkflowExecution keeps it, as real SWF did for a boto client: WorkflowExecutionStarted and the execution info show [null]', async () => {
    const startInput = { domain: D, workflowId: 'w1', workflowType: WF, taskList: TL, tagList: [null, 'b'] };
    const started = await callOverWire('StartWorkflowExecution', startInput);
    expect(started.statusCode).toBe(200);
    const [first] = sim.history(D, 'w1');
    expect(first?.workflowExecutionStartedEventAttributes?.tagList).toEqual([null, 'b']);
    const history = await callOverWire('GetWorkflowExecutionHistory', {
      domain: D,
      execution: { workflowId: 'w1', runId: (started.body as { runId: string }).runId },
    });
    expect(history.body).toMatchObject({
      events: [{ workflowExecutionStartedEventAttributes: { tagList: [null, 'b'] } }, {}],
    });
    const listed = await callOverWire('ListOpenWorkflowExecutions', {
      domain: D,
      startTimeFilter: { oldestDate: 0 },
      tagFilter: { tag: 'b' },
    });
    expect(listed.body).toMatchObject({ executionInfos: [{ tagList: [null, 'b'] }] });
  });

  it('is still refused where no recording shows SWF accepting one (a continue-as-new decision), and changes nothing', async () => {
    await callOverWire('StartWorkflowExecution', {
      domain: D,
      workflowId: 'w1',
      workflowType: WF,
      taskList: TL,
    });
    const polled = await callOverWire('PollForDecisionTask', { domain: D, taskList: TL });
    const { taskToken } = polled.body as { taskToken: string };
    const before = sim.history(D, 'w1');
    const refused = await callOverWire('RespondDecisionTaskCompleted', {
      taskToken,
      decisions: [
        {
          decisionType: 'ContinueAsNewWorkflowExecution',
          continueAsNewWorkflowExecutionDecisionAttributes: { tagList: [null] },
        },
      ],
    });
    expect(refused).toEqual({
      statusCode: 400,
      body: {
        __type: 'com.amazon.coral.validate#ValidationException',
        message:
          "1 validation error detected: Value null at 'decisions.1.member.continueAsNewWorkflowExecutionDecisionAttributes.tagList.1.member' failed to satisfy constraint: Member must not be null",
      },
    });
    expect(sim.history(D, 'w1')).toEqual(before);
  });
});
