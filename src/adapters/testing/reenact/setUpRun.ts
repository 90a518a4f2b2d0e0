import {
  DeprecateActivityTypeCommand,
  DeprecateWorkflowTypeCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  UndeprecateActivityTypeCommand,
  UndeprecateWorkflowTypeCommand,
} from '@aws-sdk/client-swf';
import { STAND_IN_TYPE } from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import type { ReenactmentWorld } from './ReenactmentWorld.js';
import { startRun, startStandIn } from './standInRuns.js';

/**
 * Sets the world up for the plan: the domain, the types the recording uses (deprecated when
 * their first use needs it), the stand-ins, then the re-enacted run's start.
 * @internal
 */
export async function setUp(world: ReenactmentWorld): Promise<void> {
  const { swf, domain, plan } = world;
  await swf.send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '90' }));
  for (const registration of plan.registrations) {
    const { name, version } = registration.type;
    const d = registration.defaults;
    if (registration.kind === 'workflow') {
      await swf.send(
        new RegisterWorkflowTypeCommand({
          domain,
          name,
          version,
          ...(d.defaultTaskList !== undefined && { defaultTaskList: d.defaultTaskList }),
          ...(d.defaultExecutionStartToCloseTimeout !== undefined && {
            defaultExecutionStartToCloseTimeout: d.defaultExecutionStartToCloseTimeout,
          }),
          ...(d.defaultTaskStartToCloseTimeout !== undefined && {
            defaultTaskStartToCloseTimeout: d.defaultTaskStartToCloseTimeout,
          }),
          ...(d.defaultChildPolicy !== undefined && { defaultChildPolicy: d.defaultChildPolicy }),
        }),
      );
    } else {
      await swf.send(
        new RegisterActivityTypeCommand({
          domain,
          name,
          version,
          ...(d.defaultTaskList !== undefined && { defaultTaskList: d.defaultTaskList }),
          ...(d.defaultTaskScheduleToStartTimeout !== undefined && {
            defaultTaskScheduleToStartTimeout: d.defaultTaskScheduleToStartTimeout,
          }),
          ...(d.defaultTaskScheduleToCloseTimeout !== undefined && {
            defaultTaskScheduleToCloseTimeout: d.defaultTaskScheduleToCloseTimeout,
          }),
          ...(d.defaultTaskStartToCloseTimeout !== undefined && {
            defaultTaskStartToCloseTimeout: d.defaultTaskStartToCloseTimeout,
          }),
          ...(d.defaultTaskHeartbeatTimeout !== undefined && {
            defaultTaskHeartbeatTimeout: d.defaultTaskHeartbeatTimeout,
          }),
        }),
      );
    }
  }
  const standIns = [...plan.standIns.map((workflowId) => ({ workflowId })), ...plan.senders];
  if (standIns.length > 0 || plan.parent !== undefined) {
    await swf.send(new RegisterWorkflowTypeCommand({ domain, ...STAND_IN_TYPE }));
  }
  for (const standIn of standIns) {
    const recorded = 'runId' in standIn ? standIn.runId : plan.recordedRunIds.get(standIn.workflowId)?.[0];
    await startStandIn(world, standIn.workflowId, recorded);
  }
  world.mainRunId = await startRun(world);
  if (plan.recordedRunId !== undefined) world.runIds.set(plan.recordedRunId, world.mainRunId);
  for (const registration of plan.registrations) {
    if (registration.deprecated) await changeType(world, registration.kind, registration.type, 'deprecate');
  }
}

/** Registers, deprecates, undeprecates or deletes a type, as the recording's uses need it. @internal */
export async function changeType(
  world: ReenactmentWorld,
  kind: 'workflow' | 'activity',
  type: { readonly name?: string | undefined; readonly version?: string | undefined },
  change: 'register' | 'deprecate' | 'undeprecate' | 'delete',
): Promise<void> {
  const { swf, domain } = world;
  // Deletions go to the service directly: the SDK's Delete*TypeCommand is newer than the oldest
  // SDK release swf-sim supports (3.523.0); the direct call changes the same state.
  const service = world.sim.service;
  const name = type.name as string;
  const version = type.version as string;
  if (kind === 'workflow') {
    const workflowType = { name, version };
    if (change === 'register') await swf.send(new RegisterWorkflowTypeCommand({ domain, name, version }));
    if (change === 'deprecate') await swf.send(new DeprecateWorkflowTypeCommand({ domain, workflowType }));
    if (change === 'undeprecate')
      await swf.send(new UndeprecateWorkflowTypeCommand({ domain, workflowType }));
    if (change === 'delete') await service.call('DeleteWorkflowType', { domain, workflowType });
  } else {
    const activityType = { name, version };
    if (change === 'register') await swf.send(new RegisterActivityTypeCommand({ domain, name, version }));
    if (change === 'deprecate') await swf.send(new DeprecateActivityTypeCommand({ domain, activityType }));
    if (change === 'undeprecate')
      await swf.send(new UndeprecateActivityTypeCommand({ domain, activityType }));
    if (change === 'delete') await service.call('DeleteActivityType', { domain, activityType });
  }
}
