import {
  DeleteActivityTypeCommand,
  DeleteWorkflowTypeCommand,
  DeprecateActivityTypeCommand,
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowExecutionCommand,
  DescribeWorkflowTypeCommand,
  GetWorkflowExecutionHistoryCommand,
  ListActivityTypesCommand,
  ListDomainsCommand,
  ListOpenWorkflowExecutionsCommand,
  ListWorkflowTypesCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  UndeprecateActivityTypeCommand,
  UndeprecateDomainCommand,
  UndeprecateWorkflowTypeCommand,
  type Decision,
  type RegistrationStatus,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { rejectionOf } from '../support/workflows.js';

const D = 'registry';
const TL = { name: 'tl' };
const WF = { name: 'wf', version: '1' };
const ACT = { name: 'act', version: '1' };
const T0 = Date.UTC(2025, 0, 1);

let sim: Simulation;
let swf: SWFClient;

async function registerWorkflowType(name = WF.name, version = WF.version): Promise<void> {
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain: D,
      name,
      version,
      defaultTaskList: TL,
      defaultChildPolicy: 'TERMINATE',
      defaultExecutionStartToCloseTimeout: '86400',
      defaultTaskStartToCloseTimeout: '30',
    }),
  );
}

async function registerActivityType(name = ACT.name, version = ACT.version): Promise<void> {
  await swf.send(
    new RegisterActivityTypeCommand({
      domain: D,
      name,
      version,
      defaultTaskList: TL,
      defaultTaskScheduleToStartTimeout: '300',
      defaultTaskScheduleToCloseTimeout: '600',
      defaultTaskStartToCloseTimeout: '300',
      defaultTaskHeartbeatTimeout: 'NONE',
    }),
  );
}

beforeEach(async () => {
  sim = createSimulation({ seed: 'registry' });
  swf = sim.client();
  await swf.send(new RegisterDomainCommand({ name: D, workflowExecutionRetentionPeriodInDays: '1' }));
  await registerWorkflowType();
  await registerActivityType();
});

afterEach(() => sim.close());

const startRun = async (workflowId = 'w1', workflowType = WF): Promise<string> =>
  (await swf.send(new StartWorkflowExecutionCommand({ domain: D, workflowId, workflowType })))
    .runId as string;

/** Polls the next decision task and answers it with `decisions`. */
async function decideNext(decisions: Decision[]): Promise<void> {
  const task = await swf.send(new PollForDecisionTaskCommand({ domain: D, taskList: TL }));
  expect(task.taskToken).toBeTruthy();
  await swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }));
}

const complete: Decision = {
  decisionType: 'CompleteWorkflowExecution',
  completeWorkflowExecutionDecisionAttributes: {},
};

const scheduleActivity = (activityId: string, activityType = ACT): Decision => ({
  decisionType: 'ScheduleActivityTask',
  scheduleActivityTaskDecisionAttributes: { activityType, activityId },
});

const domainStatus = async (name = D) =>
  (await swf.send(new DescribeDomainCommand({ name }))).domainInfo?.status;

const domainNames = async (registrationStatus: RegistrationStatus) =>
  (await swf.send(new ListDomainsCommand({ registrationStatus }))).domainInfos?.map((d) => d.name);

const workflowTypeInfo = async (workflowType = WF) =>
  (await swf.send(new DescribeWorkflowTypeCommand({ domain: D, workflowType }))).typeInfo;

const activityTypeInfo = async (activityType = ACT) =>
  (await swf.send(new DescribeActivityTypeCommand({ domain: D, activityType }))).typeInfo;

const workflowTypes = async (registrationStatus: RegistrationStatus) =>
  (await swf.send(new ListWorkflowTypesCommand({ domain: D, registrationStatus }))).typeInfos?.map(
    (t) => `${t.workflowType?.name}/${t.workflowType?.version}`,
  );

const activityTypes = async (registrationStatus: RegistrationStatus) =>
  (await swf.send(new ListActivityTypesCommand({ domain: D, registrationStatus }))).typeInfos?.map(
    (t) => `${t.activityType?.name}/${t.activityType?.version}`,
  );

/** The history event types of a run, after the decider and workers are done with it. */
const eventTypes = async (workflowId: string, runId: string) =>
  (
    await swf.send(new GetWorkflowExecutionHistoryCommand({ domain: D, execution: { workflowId, runId } }))
  ).events?.map((e) => e.eventType);

describe('registry: domains', () => {
  it('registry: DeprecateDomain: moves the domain from REGISTERED to DEPRECATED in Describe and ListDomains', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(await domainStatus()).toBe('DEPRECATED');
    expect(await domainNames('REGISTERED')).toStrictEqual([]);
    expect(await domainNames('DEPRECATED')).toStrictEqual([D]);
  });

  it('registry: DeprecateDomain: deprecates every registered workflow and activity type, dated now', async () => {
    await registerWorkflowType('wf', '2');
    sim.advanceBy(5_000);
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(await workflowTypes('REGISTERED')).toStrictEqual([]);
    expect(await workflowTypes('DEPRECATED')).toStrictEqual(['wf/1', 'wf/2']);
    expect(await activityTypes('DEPRECATED')).toStrictEqual(['act/1']);
    expect((await workflowTypeInfo())?.deprecationDate).toStrictEqual(new Date(T0 + 5_000));
    expect((await activityTypeInfo())?.deprecationDate).toStrictEqual(new Date(T0 + 5_000));
  });

  it('registry: DeprecateDomain: a type deprecated earlier keeps its own deprecationDate', async () => {
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    sim.advanceBy(5_000);
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect((await workflowTypeInfo())?.deprecationDate).toStrictEqual(new Date(T0));
    expect((await activityTypeInfo())?.deprecationDate).toStrictEqual(new Date(T0 + 5_000));
  });

  it('registry: DeprecateDomain: an already deprecated domain is a DomainDeprecatedFault naming it, and nothing changes', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(await rejectionOf(swf.send(new DeprecateDomainCommand({ name: D })))).toStrictEqual({
      name: 'DomainDeprecatedFault',
      message: D,
    });
    expect(await domainStatus()).toBe('DEPRECATED');
  });

  it('registry: DeprecateDomain: an unknown domain is an UnknownResourceFault', async () => {
    expect(await rejectionOf(swf.send(new DeprecateDomainCommand({ name: 'nope' })))).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown domain: nope',
    });
    expect(await domainNames('DEPRECATED')).toStrictEqual([]);
  });

  it('registry: deprecated domain: registering a workflow or activity type is a DomainDeprecatedFault', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(
      await rejectionOf(swf.send(new RegisterWorkflowTypeCommand({ domain: D, name: 'new', version: '1' }))),
    ).toStrictEqual({ name: 'DomainDeprecatedFault', message: D });
    expect(
      await rejectionOf(swf.send(new RegisterActivityTypeCommand({ domain: D, name: 'new', version: '1' }))),
    ).toStrictEqual({ name: 'DomainDeprecatedFault', message: D });
    expect(await workflowTypes('DEPRECATED')).toStrictEqual(['wf/1']);
    expect(await activityTypes('DEPRECATED')).toStrictEqual(['act/1']);
  });

  it('registry: deprecated domain: starting an execution is a TypeDeprecatedFault through its type', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(await rejectionOf(startRun('w1'))).toStrictEqual({
      name: 'TypeDeprecatedFault',
      message: 'WorkflowType=[name=wf, version=1]',
    });
    const { executionInfos } = await swf.send(
      new ListOpenWorkflowExecutionsCommand({ domain: D, startTimeFilter: { oldestDate: new Date(0) } }),
    );
    expect(executionInfos).toStrictEqual([]);
  });

  it('registry: deprecated domain: a running execution goes on to completion and stays visible', async () => {
    const runId = await startRun('w1');
    await swf.send(new DeprecateDomainCommand({ name: D }));
    await decideNext([complete]);
    const { executionInfo } = await swf.send(
      new DescribeWorkflowExecutionCommand({ domain: D, execution: { workflowId: 'w1', runId } }),
    );
    expect(executionInfo?.closeStatus).toBe('COMPLETED');
    expect((await eventTypes('w1', runId))?.at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('registry: UndeprecateDomain: moves the domain back to REGISTERED and leaves its types deprecated', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    await swf.send(new UndeprecateDomainCommand({ name: D }));
    expect(await domainStatus()).toBe('REGISTERED');
    expect(await domainNames('REGISTERED')).toStrictEqual([D]);
    expect(await workflowTypes('DEPRECATED')).toStrictEqual(['wf/1']);
    expect(await activityTypes('DEPRECATED')).toStrictEqual(['act/1']);
    await registerWorkflowType('wf', '2');
    expect(await workflowTypes('REGISTERED')).toStrictEqual(['wf/2']);
  });

  it('registry: UndeprecateDomain: a registered domain is a DomainAlreadyExistsFault naming it', async () => {
    expect(await rejectionOf(swf.send(new UndeprecateDomainCommand({ name: D })))).toStrictEqual({
      name: 'DomainAlreadyExistsFault',
      message: D,
    });
    expect(await domainStatus()).toBe('REGISTERED');
  });

  it('registry: UndeprecateDomain: an unknown domain is an UnknownResourceFault', async () => {
    expect(await rejectionOf(swf.send(new UndeprecateDomainCommand({ name: 'nope' })))).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown domain: nope',
    });
    expect(await domainNames('REGISTERED')).toStrictEqual([D]);
  });
});

describe('registry: workflow types', () => {
  it('registry: DeprecateWorkflowType: sets DEPRECATED and deprecationDate; only the DEPRECATED list shows it', async () => {
    sim.advanceBy(7_000);
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    expect(await workflowTypeInfo()).toStrictEqual({
      workflowType: WF,
      status: 'DEPRECATED',
      creationDate: new Date(T0),
      deprecationDate: new Date(T0 + 7_000),
    });
    expect(await workflowTypes('REGISTERED')).toStrictEqual([]);
    expect(await workflowTypes('DEPRECATED')).toStrictEqual(['wf/1']);
    expect(await activityTypes('REGISTERED')).toStrictEqual(['act/1']);
  });

  it('registry: DeprecateWorkflowType: an already deprecated type is a TypeDeprecatedFault and keeps its date', async () => {
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    sim.advanceBy(1_000);
    expect(
      await rejectionOf(swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }))),
    ).toStrictEqual({ name: 'TypeDeprecatedFault', message: 'WorkflowType=[name=wf, version=1]' });
    expect((await workflowTypeInfo())?.deprecationDate).toStrictEqual(new Date(T0));
  });

  it('registry: DeprecateWorkflowType: an unknown type or domain is an UnknownResourceFault', async () => {
    expect(
      await rejectionOf(
        swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: { name: 'wf', version: '9' } })),
      ),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: WorkflowType=[name=wf, version=9]',
    });
    expect(
      await rejectionOf(swf.send(new DeprecateWorkflowTypeCommand({ domain: 'nope', workflowType: WF }))),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown domain: nope' });
    expect(await workflowTypes('REGISTERED')).toStrictEqual(['wf/1']);
  });

  it('registry: deprecated workflow type: starting it is a TypeDeprecatedFault while a running execution completes', async () => {
    const runId = await startRun('w1');
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    expect(await rejectionOf(startRun('w2'))).toStrictEqual({
      name: 'TypeDeprecatedFault',
      message: 'WorkflowType=[name=wf, version=1]',
    });
    await decideNext([complete]);
    expect((await eventTypes('w1', runId))?.at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('registry: UndeprecateWorkflowType: back to REGISTERED without deprecationDate, and startable again', async () => {
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    await swf.send(new UndeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    expect(await workflowTypeInfo()).toStrictEqual({
      workflowType: WF,
      status: 'REGISTERED',
      creationDate: new Date(T0),
    });
    expect(await workflowTypes('REGISTERED')).toStrictEqual(['wf/1']);
    expect(await startRun('w1')).toHaveLength(46);
  });

  it('registry: UndeprecateWorkflowType: a registered type is a TypeAlreadyExistsFault naming it', async () => {
    expect(
      await rejectionOf(swf.send(new UndeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }))),
    ).toStrictEqual({ name: 'TypeAlreadyExistsFault', message: 'WorkflowType=[name=wf, version=1]' });
    expect((await workflowTypeInfo())?.status).toBe('REGISTERED');
  });

  it('registry: UndeprecateWorkflowType: an unknown type is an UnknownResourceFault', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new UndeprecateWorkflowTypeCommand({ domain: D, workflowType: { name: 'x', version: '1' } }),
        ),
      ),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: WorkflowType=[name=x, version=1]',
    });
    expect(await workflowTypes('REGISTERED')).toStrictEqual(['wf/1']);
  });

  it('registry: UndeprecateWorkflowType: in a deprecated domain is a DomainDeprecatedFault and the type stays deprecated', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(
      await rejectionOf(swf.send(new UndeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }))),
    ).toStrictEqual({ name: 'DomainDeprecatedFault', message: D });
    expect((await workflowTypeInfo())?.status).toBe('DEPRECATED');
  });

  it('registry: DeleteWorkflowType: a deprecated type vanishes from Describe and both lists', async () => {
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    await swf.send(new DeleteWorkflowTypeCommand({ domain: D, workflowType: WF }));
    expect(
      await rejectionOf(swf.send(new DescribeWorkflowTypeCommand({ domain: D, workflowType: WF }))),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: WorkflowType=[name=wf, version=1]',
    });
    expect(await workflowTypes('REGISTERED')).toStrictEqual([]);
    expect(await workflowTypes('DEPRECATED')).toStrictEqual([]);
  });

  it('registry: DeleteWorkflowType: a registered type is a TypeNotDeprecatedFault and stays registered', async () => {
    expect(
      await rejectionOf(swf.send(new DeleteWorkflowTypeCommand({ domain: D, workflowType: WF }))),
    ).toStrictEqual({
      name: 'TypeNotDeprecatedFault',
      message: 'The type is currently registered and cannot be deleted in its current state',
    });
    expect(await workflowTypes('REGISTERED')).toStrictEqual(['wf/1']);
  });

  it('registry: DeleteWorkflowType: an unknown or already deleted type is an UnknownResourceFault', async () => {
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    await swf.send(new DeleteWorkflowTypeCommand({ domain: D, workflowType: WF }));
    expect(
      await rejectionOf(swf.send(new DeleteWorkflowTypeCommand({ domain: D, workflowType: WF }))),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: WorkflowType=[name=wf, version=1]',
    });
    expect(
      await rejectionOf(swf.send(new DeleteWorkflowTypeCommand({ domain: 'nope', workflowType: WF }))),
    ).toStrictEqual({ name: 'UnknownResourceFault', message: 'Unknown domain: nope' });
    expect(await workflowTypes('DEPRECATED')).toStrictEqual([]);
  });

  it('registry: deleted workflow type: starting it is an UnknownResourceFault while a running execution completes', async () => {
    const runId = await startRun('w1');
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    await swf.send(new DeleteWorkflowTypeCommand({ domain: D, workflowType: WF }));
    expect(await rejectionOf(startRun('w2'))).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: WorkflowType=[name=wf, version=1]',
    });
    await decideNext([complete]);
    const { executionInfo } = await swf.send(
      new DescribeWorkflowExecutionCommand({ domain: D, execution: { workflowId: 'w1', runId } }),
    );
    expect(executionInfo?.workflowType).toStrictEqual(WF);
    expect(executionInfo?.closeStatus).toBe('COMPLETED');
  });

  it('registry: DeleteWorkflowType: the same name and version can be registered again, as a new REGISTERED type', async () => {
    await swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF }));
    await swf.send(new DeleteWorkflowTypeCommand({ domain: D, workflowType: WF }));
    sim.advanceBy(3_000);
    await swf.send(new RegisterWorkflowTypeCommand({ domain: D, ...WF, description: 'again' }));
    const { typeInfo, configuration } = await swf.send(
      new DescribeWorkflowTypeCommand({ domain: D, workflowType: WF }),
    );
    // The new registration owes nothing to the deleted one: no deprecationDate, none of its defaults.
    expect(typeInfo).toStrictEqual({
      workflowType: WF,
      status: 'REGISTERED',
      description: 'again',
      creationDate: new Date(T0 + 3_000),
    });
    expect(configuration).toStrictEqual({});
  });
});

describe('registry: activity types', () => {
  it('registry: DeprecateActivityType: sets DEPRECATED and deprecationDate; only the DEPRECATED list shows it', async () => {
    sim.advanceBy(2_000);
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    expect(await activityTypeInfo()).toStrictEqual({
      activityType: ACT,
      status: 'DEPRECATED',
      creationDate: new Date(T0),
      deprecationDate: new Date(T0 + 2_000),
    });
    expect(await activityTypes('REGISTERED')).toStrictEqual([]);
    expect(await activityTypes('DEPRECATED')).toStrictEqual(['act/1']);
    expect(await workflowTypes('REGISTERED')).toStrictEqual(['wf/1']);
  });

  it('registry: DeprecateActivityType: an already deprecated type is a TypeDeprecatedFault naming it', async () => {
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    expect(
      await rejectionOf(swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }))),
    ).toStrictEqual({ name: 'TypeDeprecatedFault', message: 'ActivityType=[name=act, version=1]' });
    expect((await activityTypeInfo())?.status).toBe('DEPRECATED');
  });

  it('registry: DeprecateActivityType: an unknown type is an UnknownResourceFault naming it', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new DeprecateActivityTypeCommand({ domain: D, activityType: { name: 'act', version: '2' } }),
        ),
      ),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: ActivityType=[name=act, version=2]',
    });
    expect(await activityTypes('REGISTERED')).toStrictEqual(['act/1']);
  });

  it('registry: deprecated activity type: ScheduleActivityTask fails with ACTIVITY_TYPE_DEPRECATED', async () => {
    const runId = await startRun('w1');
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    await decideNext([scheduleActivity('a1')]);
    const { events } = await swf.send(
      new GetWorkflowExecutionHistoryCommand({ domain: D, execution: { workflowId: 'w1', runId } }),
    );
    const failed = events?.find((e) => e.eventType === 'ScheduleActivityTaskFailed');
    expect(failed?.scheduleActivityTaskFailedEventAttributes?.cause).toBe('ACTIVITY_TYPE_DEPRECATED');
  });

  it('registry: deprecated activity type: a task scheduled before can still be polled and completed', async () => {
    const runId = await startRun('w1');
    await decideNext([scheduleActivity('a1')]);
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    const task = await swf.send(new PollForActivityTaskCommand({ domain: D, taskList: TL }));
    expect(task.activityType).toStrictEqual(ACT);
    await swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'ok' }));
    expect(await eventTypes('w1', runId)).toContain('ActivityTaskCompleted');
  });

  it('registry: UndeprecateActivityType: back to REGISTERED without deprecationDate, and schedulable again', async () => {
    const runId = await startRun('w1');
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    await swf.send(new UndeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    expect(await activityTypeInfo()).toStrictEqual({
      activityType: ACT,
      status: 'REGISTERED',
      creationDate: new Date(T0),
    });
    await decideNext([scheduleActivity('a1')]);
    expect(await eventTypes('w1', runId)).toContain('ActivityTaskScheduled');
  });

  it('registry: UndeprecateActivityType: a registered type is a TypeAlreadyExistsFault naming it', async () => {
    expect(
      await rejectionOf(swf.send(new UndeprecateActivityTypeCommand({ domain: D, activityType: ACT }))),
    ).toStrictEqual({ name: 'TypeAlreadyExistsFault', message: 'ActivityType=[name=act, version=1]' });
    expect((await activityTypeInfo())?.status).toBe('REGISTERED');
  });

  it('registry: UndeprecateActivityType: in a deprecated domain is a DomainDeprecatedFault', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    expect(
      await rejectionOf(swf.send(new UndeprecateActivityTypeCommand({ domain: D, activityType: ACT }))),
    ).toStrictEqual({ name: 'DomainDeprecatedFault', message: D });
    expect((await activityTypeInfo())?.status).toBe('DEPRECATED');
  });

  it('registry: DeleteActivityType: a registered type is a TypeNotDeprecatedFault and stays registered', async () => {
    expect(
      await rejectionOf(swf.send(new DeleteActivityTypeCommand({ domain: D, activityType: ACT }))),
    ).toStrictEqual({
      name: 'TypeNotDeprecatedFault',
      message: 'The type is currently registered and cannot be deleted in its current state',
    });
    expect(await activityTypes('REGISTERED')).toStrictEqual(['act/1']);
  });

  it('registry: DeleteActivityType: a deprecated type vanishes from Describe and both lists', async () => {
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    await swf.send(new DeleteActivityTypeCommand({ domain: D, activityType: ACT }));
    expect(
      await rejectionOf(swf.send(new DescribeActivityTypeCommand({ domain: D, activityType: ACT }))),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: ActivityType=[name=act, version=1]',
    });
    expect(await activityTypes('REGISTERED')).toStrictEqual([]);
    expect(await activityTypes('DEPRECATED')).toStrictEqual([]);
  });

  it('registry: DeleteActivityType: an unknown type is an UnknownResourceFault naming it', async () => {
    expect(
      await rejectionOf(
        swf.send(new DeleteActivityTypeCommand({ domain: D, activityType: { name: 'zz', version: '1' } })),
      ),
    ).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown type: ActivityType=[name=zz, version=1]',
    });
    expect(await activityTypes('REGISTERED')).toStrictEqual(['act/1']);
    expect(await activityTypes('DEPRECATED')).toStrictEqual([]);
  });

  it('registry: deleted activity type: ScheduleActivityTask fails with ACTIVITY_TYPE_DOES_NOT_EXIST', async () => {
    const runId = await startRun('w1');
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    await swf.send(new DeleteActivityTypeCommand({ domain: D, activityType: ACT }));
    await decideNext([scheduleActivity('a1')]);
    const { events } = await swf.send(
      new GetWorkflowExecutionHistoryCommand({ domain: D, execution: { workflowId: 'w1', runId } }),
    );
    const failed = events?.find((e) => e.eventType === 'ScheduleActivityTaskFailed');
    expect(failed?.scheduleActivityTaskFailedEventAttributes?.cause).toBe('ACTIVITY_TYPE_DOES_NOT_EXIST');
  });

  it('registry: deleted activity type: a task scheduled before can still be polled and completed', async () => {
    const runId = await startRun('w1');
    await decideNext([scheduleActivity('a1')]);
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    await swf.send(new DeleteActivityTypeCommand({ domain: D, activityType: ACT }));
    const task = await swf.send(new PollForActivityTaskCommand({ domain: D, taskList: TL }));
    expect(task.activityType).toStrictEqual(ACT);
    await swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'ok' }));
    expect(await eventTypes('w1', runId)).toContain('ActivityTaskCompleted');
  });

  it('registry: DeleteActivityType: the same name and version can be registered again and scheduled', async () => {
    const runId = await startRun('w1');
    await swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT }));
    await swf.send(new DeleteActivityTypeCommand({ domain: D, activityType: ACT }));
    await registerActivityType();
    expect((await activityTypeInfo())?.status).toBe('REGISTERED');
    await decideNext([scheduleActivity('a1')]);
    expect(await eventTypes('w1', runId)).toContain('ActivityTaskScheduled');
  });
});
