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
  type HistoryEvent,
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
    const task = await world.pollDecision(taskList, identity, 'the recording starts one here');
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
 * After a batch: children the service started are noted (with their recorded runIds); a child
 * whose first decision task is now first in a shared list is moved to a private list at once. A
 * child's task is not first when the run's own task on that list was scheduled before the child
 * started (in the batch, or while the decider worked): that one is the recording's to start.
 * @internal
 */
export async function noteBatchChildren(world: ReenactmentWorld, before: number): Promise<void> {
  const history = world.history();
  const pendingTask = pendingDecisionTask(history);
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
    const runTaskAhead =
      pendingTask !== undefined &&
      pendingTask.eventId < (event.eventId as number) &&
      pendingTask.taskList === child.taskList;
    if (runTaskAhead) continue;
    const task = await world.pollDecision(child.taskList, undefined, "the child's first decision task");
    await divert(world, task);
  }
}

/** The run's decision task scheduled and not yet started, if any: the latest of those events. */
function pendingDecisionTask(
  history: readonly HistoryEvent[],
): { eventId: number; taskList: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const event = history[i] as HistoryEvent;
    if (event.eventType === 'DecisionTaskStarted' || event.eventType === 'DecisionTaskTimedOut')
      return undefined;
    if (event.eventType === 'DecisionTaskScheduled') {
      const list = event.decisionTaskScheduledEventAttributes?.taskList?.name ?? '';
      return { eventId: event.eventId as number, taskList: list };
    }
  }
  return undefined;
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
  let taskToken: string;
  if (child.privateList !== undefined) {
    await swf.send(new SignalWorkflowExecutionCommand({ domain, ...run, signalName: REENACT_PREFIX }));
    taskToken = (await world.pollDecision(child.privateList, undefined, "the child's decision task"))
      .taskToken as string;
  } else {
    for (;;) {
      const task = await world.pollDecision(child.taskList, undefined, "the child's first decision task");
      if (
        task.workflowExecution?.workflowId === child.workflowId &&
        task.workflowExecution.runId === child.runId
      ) {
        taskToken = task.taskToken as string;
        break;
      }
      if (task.workflowExecution?.workflowId === world.plan.workflowId) {
        throw new StepError(
          `the child's first decision task is queued behind the re-enacted run's own on task list "${child.taskList}"; reaching it would start the run's task early`,
        );
      }
      await divert(world, task);
    }
  }
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
