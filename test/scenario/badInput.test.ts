import {
  DescribeDomainCommand,
  DescribeWorkflowExecutionCommand,
  DescribeWorkflowTypeCommand,
  GetWorkflowExecutionHistoryCommand,
  ListDomainsCommand,
  ListWorkflowTypesCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  UnknownResourceFault,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { D, TL, WF, registerBasics, rejectionOf, start } from '../support/workflows.js';

let sim: Simulation;
let swf: SWFClient;

beforeEach(async () => {
  sim = createSimulation({ seed: 'bad-input' });
  swf = sim.client();
  await registerBasics(swf);
});

afterEach(() => sim.close());

const domainNames = async (status: 'REGISTERED' | 'DEPRECATED' = 'REGISTERED') =>
  (await swf.send(new ListDomainsCommand({ registrationStatus: status }))).domainInfos?.map((d) => d.name);

describe('bad input: domains', () => {
  it('bad input: RegisterDomain: an existing name is a DomainAlreadyExistsFault naming it, and nothing changes', async () => {
    const fault = await rejectionOf(
      swf.send(
        new RegisterDomainCommand({ name: D, workflowExecutionRetentionPeriodInDays: '5', description: 'x' }),
      ),
    );
    expect(fault).toStrictEqual({ name: 'DomainAlreadyExistsFault', message: D });
    const { configuration, domainInfo } = await swf.send(new DescribeDomainCommand({ name: D }));
    expect(configuration?.workflowExecutionRetentionPeriodInDays).toBe('1');
    expect(domainInfo?.description).toBeUndefined();
  });

  it('bad input: RegisterDomain: a name breaking the name rule is a ValidationException naming the member', async () => {
    expect(
      await rejectionOf(
        swf.send(new RegisterDomainCommand({ name: 'a:b', workflowExecutionRetentionPeriodInDays: '1' })),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'a:b' at 'name' failed to satisfy constraint: Member must not contain ':', '/', '|' or control characters, must not begin or end with whitespace, and must not be 'arn'",
    });
    expect(await domainNames()).toStrictEqual([D]);
  });

  it('bad input: RegisterDomain: a retention beyond 90 days and a missing name are reported together', async () => {
    const fault = await rejectionOf(
      swf.send(new RegisterDomainCommand({ name: undefined, workflowExecutionRetentionPeriodInDays: '91' })),
    );
    expect(fault.name).toBe('ValidationException');
    expect(fault.message).toMatch(/^2 validation errors detected: /);
    expect(fault.message).toContain(
      "Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    expect(fault.message).toContain(
      "Value '91' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 90",
    );
    expect(await domainNames()).toStrictEqual([D]);
  });

  it('bad input: DescribeDomain: an unknown domain is an UnknownResourceFault of the SDK', async () => {
    const error = await swf.send(new DescribeDomainCommand({ name: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownResourceFault);
    expect((error as Error).message).toBe('Unknown domain: nope');
  });

  it('bad input: ListDomains: a page size above 1000 is refused, not clamped', async () => {
    expect(
      await rejectionOf(
        swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', maximumPageSize: 1001 })),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '1001' at 'maximumPageSize' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
  });

  it('bad input: ListDomains: a corrupt page token is "Invalid token"', async () => {
    expect(
      await rejectionOf(
        swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', nextPageToken: 'zzz' })),
      ),
    ).toStrictEqual({ name: 'ValidationException', message: 'Invalid token' });
  });
});

describe('bad input: types', () => {
  it('bad input: RegisterWorkflowType: an existing name and version is a TypeAlreadyExistsFault', async () => {
    expect(
      await rejectionOf(
        swf.send(new RegisterWorkflowTypeCommand({ domain: D, ...WF, defaultTaskStartToCloseTimeout: '5' })),
      ),
    ).toStrictEqual({ name: 'TypeAlreadyExistsFault', message: 'WorkflowType=[name=wf, version=1]' });
    const { configuration } = await swf.send(
      new DescribeWorkflowTypeCommand({ domain: D, workflowType: WF }),
    );
    expect(configuration?.defaultTaskStartToCloseTimeout).toBe('30');
  });

  it('bad input: RegisterActivityType: an unknown domain is an UnknownResourceFault', async () => {
    expect(
      await rejectionOf(
        swf.send(new RegisterActivityTypeCommand({ domain: 'nope', name: 'a', version: '1' })),
      ),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown domain: nope' });
  });

  it('bad input: RegisterWorkflowType: a malformed duration is a ValidationException', async () => {
    const fault = await rejectionOf(
      swf.send(
        new RegisterWorkflowTypeCommand({
          domain: D,
          name: 'x',
          version: '1',
          defaultTaskStartToCloseTimeout: '5m',
        }),
      ),
    );
    expect(fault.name).toBe('ValidationException');
    expect(fault.message).toContain("Value '5m' at 'defaultTaskStartToCloseTimeout'");
    const { typeInfos } = await swf.send(
      new ListWorkflowTypesCommand({ domain: D, registrationStatus: 'REGISTERED' }),
    );
    expect(typeInfos?.map((t) => t.workflowType?.name)).toStrictEqual(['wf']);
  });

  it('bad input: DescribeWorkflowType: an unknown type names it', async () => {
    expect(
      await rejectionOf(
        swf.send(new DescribeWorkflowTypeCommand({ domain: D, workflowType: { name: 'x', version: '9' } })),
      ),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: WorkflowType=[name=x, version=9]',
    });
  });
});

describe('bad input: executions', () => {
  it('bad input: StartWorkflowExecution: an unknown type is an UnknownResourceFault and starts nothing', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new StartWorkflowExecutionCommand({
            domain: D,
            workflowId: 'w',
            workflowType: { name: 'x', version: '1' },
          }),
        ),
      ),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: WorkflowType=[name=x, version=1]',
    });
    expect(await start(swf, 'w')).toHaveLength(46);
  });

  it('bad input: StartWorkflowExecution: a value neither given nor registered is a DefaultUndefinedFault', async () => {
    await swf.send(new RegisterWorkflowTypeCommand({ domain: D, name: 'bare', version: '1' }));
    const fault = await rejectionOf(
      swf.send(
        new StartWorkflowExecutionCommand({
          domain: D,
          workflowId: 'w',
          workflowType: { name: 'bare', version: '1' },
          executionStartToCloseTimeout: '60',
          taskStartToCloseTimeout: '10',
          childPolicy: 'ABANDON',
        }),
      ),
    );
    expect(fault).toStrictEqual({
      name: 'DefaultUndefinedFault',
      message:
        'No taskList was given and WorkflowType=[name=bare, version=1] has no registered defaultTaskList',
    });
    expect(await start(swf, 'w')).toHaveLength(46);
  });

  it('bad input: StartWorkflowExecution: an open workflowId is a WorkflowExecutionAlreadyStartedFault', async () => {
    const runId = await start(swf, 'w');
    // SWF sends an empty message for this fault; the SDK then shows its placeholder "UnknownError".
    expect(await rejectionOf(start(swf, 'w'))).toStrictEqual({
      name: 'WorkflowExecutionAlreadyStartedFault',
      message: 'UnknownError',
    });
    const { events } = await swf.send(
      new GetWorkflowExecutionHistoryCommand({ domain: D, execution: { workflowId: 'w', runId } }),
    );
    expect(events).toHaveLength(2);
  });

  it('bad input: StartWorkflowExecution: six tags and a negative timeout are refused together', async () => {
    const fault = await rejectionOf(
      swf.send(
        new StartWorkflowExecutionCommand({
          domain: D,
          workflowId: 'w',
          workflowType: WF,
          tagList: ['1', '2', '3', '4', '5', '6'],
          executionStartToCloseTimeout: '-5',
        }),
      ),
    );
    expect(fault.name).toBe('ValidationException');
    expect(fault.message).toMatch(/^2 validation errors detected: /);
    expect(fault.message).toContain(
      "at 'tagList' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
    expect(fault.message).toContain("Value '-5' at 'executionStartToCloseTimeout'");
  });

  it('bad input: DescribeWorkflowExecution: an unknown run names workflowId and runId', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new DescribeWorkflowExecutionCommand({ domain: D, execution: { workflowId: 'w', runId: 'r' } }),
        ),
      ),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown execution: WorkflowExecution=[workflowId=w, runId=r]',
    });
  });
});

describe('bad input: tasks', () => {
  it('bad input: PollForDecisionTask: an unknown domain is refused at once', async () => {
    expect(
      await rejectionOf(swf.send(new PollForDecisionTaskCommand({ domain: 'nope', taskList: TL }))),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown domain: nope' });
  });

  it('bad input: PollForActivityTask: a missing task list is a ValidationException', async () => {
    expect(
      await rejectionOf(swf.send(new PollForActivityTaskCommand({ domain: D, taskList: undefined }))),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'taskList' failed to satisfy constraint: Member must not be null",
    });
  });

  it('bad input: RespondActivityTaskCompleted: an unknown token is an UnknownResourceFault', async () => {
    expect(
      await rejectionOf(swf.send(new RespondActivityTaskCompletedCommand({ taskToken: 'nope' }))),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown activity task' });
  });

  it('bad input: RespondActivityTaskFailed: a reason over 256 characters is refused', async () => {
    const fault = await rejectionOf(
      swf.send(new RespondActivityTaskFailedCommand({ taskToken: 'nope', reason: 'r'.repeat(257) })),
    );
    expect(fault.name).toBe('ValidationException');
    expect(fault.message).toContain(
      "at 'reason' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
  });

  it('bad input: RespondDecisionTaskCompleted: an unknown decision type lists the service order', async () => {
    await start(swf, 'w');
    const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
    const fault = await rejectionOf(
      swf.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken,
          decisions: [{ decisionType: 'Nope' as 'StartTimer' }],
        }),
      ),
    );
    expect(fault).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'Nope' at 'decisions.1.member.decisionType' failed to satisfy constraint: Member must satisfy enum value set: [CompleteWorkflowExecution, StartTimer, RequestCancelExternalWorkflowExecution, SignalExternalWorkflowExecution, CancelTimer, RecordMarker, ScheduleActivityTask, ContinueAsNewWorkflowExecution, ScheduleLambdaFunction, FailWorkflowExecution, RequestCancelActivityTask, StartChildWorkflowExecution, CancelWorkflowExecution]",
    });
    expect(sim.history(D, 'w')).toHaveLength(3);
  });

  it('bad input: RespondDecisionTaskCompleted: missing attributes are null at their member path', async () => {
    await start(swf, 'w');
    const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
    const fault = await rejectionOf(
      swf.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken,
          decisions: [{ decisionType: 'StartTimer' }],
        }),
      ),
    );
    expect(fault.name).toBe('ValidationException');
    expect(fault.message).toContain(
      "Value null at 'decisions.1.member.startTimerDecisionAttributes.timerId' failed to satisfy constraint: Member must not be null",
    );
    expect(sim.history(D, 'w')).toHaveLength(3);
  });
});
