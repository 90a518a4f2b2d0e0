/**
 * Every Count* answer carries `truncated` over HTTP: boto3 code reads `resp["truncated"]` without a
 * default, and the AWS CLI's examples show `"truncated": false`.
 */
import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { sdkClient, swfCall, testServer } from './helpers.js';

const EVER = { oldestDate: 0 };

/** Each Count* operation with an input that counts something real after `populate`. */
const COUNTS = [
  ['CountOpenWorkflowExecutions', { domain: 'd', startTimeFilter: EVER }, 1],
  ['CountClosedWorkflowExecutions', { domain: 'd', startTimeFilter: EVER }, 0],
  ['CountPendingDecisionTasks', { domain: 'd', taskList: { name: 'main' } }, 1],
  ['CountPendingActivityTasks', { domain: 'd', taskList: { name: 'main' } }, 0],
] as const;

async function populatedServer(): Promise<Awaited<ReturnType<typeof testServer>>> {
  const server = await testServer();
  const calls: [string, unknown][] = [
    ['RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' }],
    ['RegisterWorkflowType', { domain: 'd', name: 'wf', version: '1' }],
    [
      'StartWorkflowExecution',
      {
        domain: 'd',
        workflowId: 'w1',
        workflowType: { name: 'wf', version: '1' },
        taskList: { name: 'main' },
        executionStartToCloseTimeout: '600',
        taskStartToCloseTimeout: '60',
        childPolicy: 'TERMINATE',
      },
    ],
  ];
  for (const [operation, input] of calls) {
    expect((await swfCall(server, operation, input)).status).toBe(200);
  }
  return server;
}

describe('serve: Count* answers carry truncated', () => {
  it('as a boto3 caller reads the JSON body: resp["count"] and resp["truncated"] of all four', async () => {
    const server = await populatedServer();
    for (const [operation, input, count] of COUNTS) {
      const response = await swfCall(server, operation, input);
      expect({ operation, status: response.status, body: response.json }).toStrictEqual({
        operation,
        status: 200,
        body: { count, truncated: false },
      });
    }
  });

  it('through the SDK v3 client: truncated is false on all four', async () => {
    const server = await populatedServer();
    const swf = sdkClient(server);
    const outputs = [
      await swf.send(
        new CountOpenWorkflowExecutionsCommand({ domain: 'd', startTimeFilter: { oldestDate: new Date(0) } }),
      ),
      await swf.send(
        new CountClosedWorkflowExecutionsCommand({
          domain: 'd',
          startTimeFilter: { oldestDate: new Date(0) },
        }),
      ),
      await swf.send(new CountPendingDecisionTasksCommand({ domain: 'd', taskList: { name: 'main' } })),
      await swf.send(new CountPendingActivityTasksCommand({ domain: 'd', taskList: { name: 'main' } })),
    ];
    expect(outputs.map(({ count, truncated }) => ({ count, truncated }))).toStrictEqual(
      COUNTS.map(([, , count]) => ({ count, truncated: false })),
    );
  });
});
