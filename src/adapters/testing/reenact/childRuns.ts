/**
 * The re-enacted run's children: noted as the service starts them (with the recorded runIds they
 * stand for), their decision tasks moved off a task list the run shares with them, and their
 * recorded outcomes brought about from their side. A child's own history is not compared.
 */
import {
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type PollForDecisionTaskCommandOutput,
} from '@aws-sdk/client-swf';
import { attributesOf } from '../../../sim/history/appendEvent.js';
import { REENACT_PREFIX, type ReenactStep } from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import { StepError, type ChildRun, type ReenactmentWorld } from './ReenactmentWorld.js';

/** Starts the run's decision task, moving children's tasks met on a shared list out of the way. @internal */
export async function pollMainDecisionTask(
  world: ReenactmentWorld,
  taskList: string,
  identity: string | undefined,
): Promise<string> {
  for (;;) {
    const task = await world.pollDecision(
      taskList,
      identity,
      'the recording starts one here',
      world.mainRunId,
    );
    const execution = task.workflowExecution;
    if (execution?.workflowId === world.plan.workflowId && execution.runId === world.mainRunId) {
      return task.taskToken as string;
    }
    await divert(world, task);
  }
}

/**
 * A child's decision task met on a shared task list: answered with no decisions and a task-list
 * override, so the child's later decision tasks go to a private list (the child's own history
 * is not compared).
 * @internal
 */
async function divert(world: ReenactmentWorld, task: PollForDecisionTaskCommandOutput): Promise<void> {
  const execution = task.workflowExecution;
  const child = [...world.children.values()].find(
    (c) => c.workflowId === execution?.workflowId && c.runId === execution.runId,
  );
  if (child === undefined) {
    throw new StepError(
      `the decision task handed out is ${ownerOf(world, execution)}, not a child's that the re-enactment can move aside`,
    );
  }
  const privateList = world.privateList();
  await world.swf.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: task.taskToken,
      decisions: [],
      taskList: { name: privateList },
    }),
  );
  child.privateList = privateList;
}

/** Whose run `execution` is, in words: the re-enacted run, a stand-in, or another run. */
function ownerOf(
  world: ReenactmentWorld,
  execution: { workflowId?: string | undefined; runId?: string | undefined } | undefined,
): string {
  if (execution?.workflowId === world.plan.workflowId && execution.runId === world.mainRunId) {
    return "the re-enacted run's own";
  }
  const standIn = [...world.standIns.values()].find((s) => s.runId === execution?.runId);
  if (standIn !== undefined) return `the stand-in ${JSON.stringify(standIn.workflowId)}'s`;
  return `${JSON.stringify(execution?.workflowId)}'s (run ${String(execution?.runId)})`;
}

/**
 * After a batch: children the service started are noted (with their recorded runIds), and a child
 * on a task list it shares with the run has its first decision task taken (whatever its place in
 * the list) and its later ones moved to a private list.
 * @internal
 */
export async function noteBatchChildren(world: ReenactmentWorld, before: number): Promise<void> {
  const history = world.history();
  for (const event of history.slice(before)) {
    if (event.eventType !== 'ChildWorkflowExecutionStarted') continue;
    const a = attributesOf(event);
    const execution = a.workflowExecution as { workflowId: string; runId: string };
    const initiated = history[(a.initiatedEventId as number) - 1];
    const taskList = (initiated === undefined ? undefined : attributesOf(initiated).taskList) as
      { name: string } | undefined;
    const child: ChildRun = { ...execution, taskList: taskList?.name ?? '' };
    world.children.set(execution.workflowId, child);
    const n = world.childRunCount.get(execution.workflowId) ?? 0;
    world.childRunCount.set(execution.workflowId, n + 1);
    const recorded = world.plan.recordedRunIds.get(execution.workflowId)?.[n];
    if (recorded !== undefined) world.runIds.set(recorded, execution.runId);
    const task = await world.pollDecision(
      child.taskList,
      undefined,
      "the child's first decision task",
      child.runId,
    );
    await divert(world, task);
  }
}

/**
 * What the run's batch set in motion, held since (`holdEffect` in ReenactmentWorld), happens at
 * its recorded instant; a child it starts is noted. Nothing to do when it was not held (it
 * happened with the batch, or never will).
 * @internal
 */
export async function releaseEffect(
  world: ReenactmentWorld,
  step: Extract<ReenactStep, { kind: 'release' }>,
): Promise<void> {
  const key = `${step.effect}:${String(step.sourceEventId)}`;
  const carryOut = world.heldEffects.get(key);
  if (carryOut === undefined) return;
  world.heldEffects.delete(key);
  const before = world.history().length;
  carryOut();
  await noteBatchChildren(world, before);
}

/** The recorded outcome of a child, brought about from the child's side. @internal */
export async function closeChild(
  world: ReenactmentWorld,
  step: Extract<ReenactStep, { kind: 'closeChild' }>,
): Promise<void> {
  const { swf, domain } = world;
  const child = world.children.get(step.workflowId);
  if (child === undefined)
    throw new StepError(`the child ${JSON.stringify(step.workflowId)} was never started`);
  const run = { workflowId: child.workflowId, runId: child.runId };
  if (step.how === 'terminate') {
    await swf.send(new TerminateWorkflowExecutionCommand({ domain, ...run }));
    return;
  }
  await swf.send(new SignalWorkflowExecutionCommand({ domain, ...run, signalName: REENACT_PREFIX }));
  const task = await world.pollDecision(
    child.privateList ?? child.taskList,
    undefined,
    "the child's decision task",
    child.runId,
  );
  if (task.workflowExecution?.runId !== child.runId) {
    throw new StepError(
      `the decision task handed out is ${ownerOf(world, task.workflowExecution)}, not the child's`,
    );
  }
  const taskToken = task.taskToken as string;
  const decision: Decision =
    step.how === 'complete'
      ? {
          decisionType: 'CompleteWorkflowExecution',
          completeWorkflowExecutionDecisionAttributes:
            step.result === undefined ? {} : { result: step.result },
        }
      : step.how === 'fail'
        ? {
            decisionType: 'FailWorkflowExecution',
            failWorkflowExecutionDecisionAttributes: {
              ...(step.reason !== undefined && { reason: step.reason }),
              ...(step.details !== undefined && { details: step.details }),
            },
          }
        : {
            decisionType: 'CancelWorkflowExecution',
            cancelWorkflowExecutionDecisionAttributes:
              step.details === undefined ? {} : { details: step.details },
          };
  await swf.send(new RespondDecisionTaskCompletedCommand({ taskToken, decisions: [decision] }));
}
