/**
 * The AWS CLI (`aws swf … --endpoint-url`) against `swf-sim serve`. It runs whenever `aws` is on
 * the PATH (or SWF_SIM_AWS_CLI names one); in CI (CI=true) a missing `aws` fails the test — .ci/run
 * installs Debian's awscli — and only on a developer machine without it is the test skipped.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SwfService } from '../../../src/sim/service/SwfService.js';
import type { SwfServer } from '../../../src/adapters/http/startServer.js';
import { testServer } from './helpers.js';
import { runsWithTool } from '../../support/externalTool.js';

const run = promisify(execFile);

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const awsCli = process.env.SWF_SIM_AWS_CLI ?? findOnPath('aws');
const runIt = runsWithTool(
  awsCli !== undefined,
  'serve: AWS CLI tests skipped: no `aws` on PATH (install awscli, or set SWF_SIM_AWS_CLI)',
);

/** Whether the service already answers ListOpenWorkflowExecutions (it arrived later than the rest). */
async function listOpenIsSimulated(): Promise<boolean> {
  try {
    await new SwfService().dispatch('ListOpenWorkflowExecutions', {
      domain: 'none',
      startTimeFilter: { oldestDate: new Date(0) },
    });
    return true;
  } catch (error) {
    return !/does not simulate/.test((error as Error).message);
  }
}

/** Runs `aws swf <args>` against the server with dummy credentials and no user configuration. */
async function aws(server: SwfServer, args: string[]): Promise<unknown> {
  if (awsCli === undefined) {
    throw new Error(
      'the AWS CLI is required in CI (CI=true) but `aws` is not on PATH; .ci/run installs awscli',
    );
  }
  const { stdout } = await run(
    awsCli,
    ['swf', ...args, '--endpoint-url', server.url, '--cli-read-timeout', '70', '--output', 'json'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_DEFAULT_REGION: 'eu-central-1',
        AWS_REGION: 'eu-central-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_CLI_AUTO_PROMPT: 'off',
      },
      timeout: 60_000,
    },
  );
  return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as unknown);
}

describe('serve: AWS CLI', () => {
  it.skipIf(!runIt)(
    'registers, starts, lists, describes and reads the history of a workflow with `aws swf`',
    { timeout: 120_000 },
    async () => {
      const server = await testServer({ accountId: '555555555555' });
      await aws(server, [
        'register-domain',
        '--name',
        'cli-domain',
        '--workflow-execution-retention-period-in-days',
        '1',
      ]);
      const domain = (await aws(server, ['describe-domain', '--name', 'cli-domain'])) as {
        domainInfo: { arn: string; status: string };
      };
      // The region is the CLI's, read from its SigV4 credential scope.
      expect(domain.domainInfo).toEqual({
        name: 'cli-domain',
        status: 'REGISTERED',
        arn: 'arn:aws:swf:eu-central-1:555555555555:/domain/cli-domain',
      });
      await aws(server, [
        'register-workflow-type',
        '--domain',
        'cli-domain',
        '--name',
        'CliFlow',
        '--workflow-version',
        '1',
        '--default-task-list',
        'name=main',
        '--default-task-start-to-close-timeout',
        '60',
        '--default-execution-start-to-close-timeout',
        '3600',
        '--default-child-policy',
        'TERMINATE',
      ]);
      const started = (await aws(server, [
        'start-workflow-execution',
        '--domain',
        'cli-domain',
        '--workflow-id',
        'cli-1',
        '--workflow-type',
        'name=CliFlow,version=1',
        '--input',
        '{"hello":"cli"}',
      ])) as { runId: string };
      expect(started.runId).toMatch(/^[0-9]{2}[A-Za-z0-9+/]{43}=$/);
      const execution = `workflowId=cli-1,runId=${started.runId}`;

      const described = (await aws(server, [
        'describe-workflow-execution',
        '--domain',
        'cli-domain',
        '--execution',
        execution,
      ])) as { executionInfo: Record<string, unknown>; executionConfiguration: Record<string, unknown> };
      expect(described.executionInfo).toMatchObject({
        execution: { workflowId: 'cli-1', runId: started.runId },
        workflowType: { name: 'CliFlow', version: '1' },
        executionStatus: 'OPEN',
        cancelRequested: false,
      });
      expect(described.executionConfiguration).toMatchObject({
        taskList: { name: 'main' },
        executionStartToCloseTimeout: '3600',
        childPolicy: 'TERMINATE',
      });

      const history = (await aws(server, [
        'get-workflow-execution-history',
        '--domain',
        'cli-domain',
        '--execution',
        execution,
      ])) as { events: { eventId: number; eventType: string; eventTimestamp: unknown }[] };
      expect(history.events.map((e) => `${e.eventId} ${e.eventType}`)).toEqual([
        '1 WorkflowExecutionStarted',
        '2 DecisionTaskScheduled',
      ]);
      expect(history.events[0]).toMatchObject({
        workflowExecutionStartedEventAttributes: { input: '{"hello":"cli"}', taskList: { name: 'main' } },
      });

      // Counts print `truncated` as the CLI's own examples show it.
      expect(
        await aws(server, [
          'count-pending-decision-tasks',
          '--domain',
          'cli-domain',
          '--task-list',
          'name=main',
        ]),
      ).toEqual({ count: 1, truncated: false });
      expect(
        await aws(server, [
          'count-open-workflow-executions',
          '--domain',
          'cli-domain',
          '--start-time-filter',
          'oldestDate=2024-01-01T00:00:00Z',
        ]),
      ).toEqual({ count: 1, truncated: false });

      if (await listOpenIsSimulated()) {
        const open = (await aws(server, [
          'list-open-workflow-executions',
          '--domain',
          'cli-domain',
          '--start-time-filter',
          'oldestDate=2024-01-01T00:00:00Z',
        ])) as { executionInfos: { execution: { workflowId: string } }[] };
        expect(open.executionInfos.map((i) => i.execution.workflowId)).toEqual(['cli-1']);
      } else {
        process.stderr.write(
          'serve: AWS CLI: list-open-workflow-executions not simulated yet, not checked\n',
        );
      }

      // A fault crosses the wire as the CLI expects: a non-zero exit naming the fault.
      const failure = (await aws(server, ['describe-domain', '--name', 'nope']).catch((e: unknown) => e)) as {
        stderr?: string;
      };
      expect(failure.stderr).toMatch(/UnknownResourceFault/);
    },
  );
});
