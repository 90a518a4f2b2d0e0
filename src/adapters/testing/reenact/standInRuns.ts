/**
 * Runs the re-enactment starts for its own needs, on private task lists: stand-ins for the
 * executions a recording names (a parent, the run it continues, senders and targets of signals
 * and cancel requests), and the re-enacted run's own start as the recording shows it began.
 */
import {
  CountPendingDecisionTasksCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type StartWorkflowExecutionCommandOutput,
} from '@aws-sdk/client-swf';
import {
  REENACT_PREFIX,
  STAND_IN_TYPE,
  type ReenactStep,
} from '../../../sim/replay/reenactment/ReenactmentPlan.js';
import { StepError, type ReenactmentWorld, type StandIn } from './ReenactmentWorld.js';

const LONG_ENOUGH_S = '31536000';

/** Starts a stand-in run on a private task list; its recorded runId (if known) maps to it. @internal */
export async function startStandIn(
  world: ReenactmentWorld,
  workflowId: string,
  recordedRunId: string | undefined,
): Promise<StandIn> {
  const list = world.privateList();
  const { runId } = await world.swf.send(
    new StartWorkflowExecutionCommand({
      domain: world.domain,
      workflowId,
      workflowType: STAND_IN_TYPE,
      taskList: { name: list },
      executionStartToCloseTimeout: LONG_ENOUGH_S,
      taskStartToCloseTimeout: 'NONE',
      childPolicy: 'ABANDON',
    }),
  );
  const standIn: StandIn = { workflowId, runId: runId ?? '', list };
  world.standIns.set(workflowId, standIn);
  if (recordedRunId !== undefined) world.runIds.set(recordedRunId, standIn.runId);
  return standIn;
}

/**
 * Starts the re-enacted run as the recording shows it began: a plain start; a child of a
 * stand-in parent whose StartChildWorkflowExecutionInitiated lands at the recorded
 * `parentInitiatedEventId`; or the continuation of a stand-in run (`continuedExecutionRunId`).
 * @internal
 */
export async function startRun(world: ReenactmentWorld): Promise<string> {
  const { plan, swf, domain } = world;
  const { start } = plan;
  const config = {
    executionStartToCloseTimeout: start.executionStartToCloseTimeout,
    taskList: start.taskList,
    taskStartToCloseTimeout: start.taskStartToCloseTimeout,
    childPolicy: start.childPolicy,
    ...(start.input !== undefined && { input: start.input }),
    // The SDK leaves null tags out of its requests; only the plain start below can send them.
    ...(start.tagList !== undefined && { tagList: start.tagList.filter((tag) => tag !== null) }),
    ...(start.lambdaRole !== undefined && { lambdaRole: start.lambdaRole }),
    ...(start.taskPriority !== undefined && { taskPriority: start.taskPriority }),
  };
  const continueAsNew: Decision = {
    decisionType: 'ContinueAsNewWorkflowExecution',
    continueAsNewWorkflowExecutionDecisionAttributes: {
      ...config,
      workflowTypeVersion: start.workflowType.version,
    },
  };
  const { parent, continuedFrom } = plan;
  if (parent !== undefined) {
    const standIn = await startStandIn(world, parent.workflowId, parent.runId);
    const sent = await sendFrom(world, standIn, parent.initiatedEventId, {
      decisionType: 'StartChildWorkflowExecution',
      startChildWorkflowExecutionDecisionAttributes: {
        ...config,
        workflowType: start.workflowType,
        workflowId: plan.workflowId,
      },
    });
    if (sent) {
      if (continuedFrom !== undefined) {
        const predecessor = await world.openRunId(plan.workflowId);
        world.runIds.set(continuedFrom, predecessor);
        const task = await world.pollDecision(start.taskList.name ?? '', undefined, 'the continued run');
        await swf.send(
          new RespondDecisionTaskCompletedCommand({
            taskToken: task.taskToken,
            decisions: [continueAsNew],
          }),
        );
      }
      return world.openRunId(plan.workflowId);
    }
    world.notes.push(
      `event 1: the parent's StartChildWorkflowExecutionInitiated (event ${String(parent.initiatedEventId)} of the parent) cannot be placed; the run is started on its own, so its parent members differ`,
    );
  }
  if (continuedFrom !== undefined) {
    // The predecessor only continues as new: its own start must be one SWF accepts, and
    // StartWorkflowExecution refuses an executionStartToCloseTimeout of "NONE" that the
    // continue-as-new decision (and so the recording) may carry.
    const list = world.privateList();
    const { runId } = await swf.send(
      new StartWorkflowExecutionCommand({
        domain,
        workflowId: plan.workflowId,
        workflowType: start.workflowType,
        ...config,
        executionStartToCloseTimeout: LONG_ENOUGH_S,
        taskList: { name: list },
      }),
    );
    world.runIds.set(continuedFrom, runId ?? '');
    const task = await world.pollDecision(list, undefined, 'the continued run');
    await swf.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [continueAsNew] }),
    );
    return world.openRunId(plan.workflowId);
  }
  const startInput = { domain, workflowId: plan.workflowId, workflowType: start.workflowType, ...config };
  if (start.tagList?.includes(null) === true) {
    // A boto client sent a null tag and SWF stored it: send the start as the JSON such a client
    // sends, past the SDK, which would leave the null out.
    const output = await world.sim.service.dispatch('StartWorkflowExecution', {
      ...startInput,
      tagList: start.tagList,
    });
    return (output as StartWorkflowExecutionCommandOutput).runId ?? '';
  }
  const { runId } = await swf.send(new StartWorkflowExecutionCommand(startInput));
  return runId ?? '';
}

/**
 * Has a run the re-enactment controls (a stand-in, or a child moved to a private list) make
 * `decision` so that its `…Initiated` event gets the recorded id: it takes a decision task (waking
 * the run with a signal when it has none) and pads the batch with markers. Returns false, doing
 * nothing, when the run's history is already past that id.
 * @internal
 */
async function sendFrom(
  world: ReenactmentWorld,
  sender: StandIn,
  initiatedEventId: number,
  decision: Decision,
): Promise<boolean> {
  const { swf, domain } = world;
  const length = world.sim.history(domain, sender.workflowId, sender.runId).length;
  const { count } = await swf.send(
    new CountPendingDecisionTasksCommand({ domain, taskList: { name: sender.list } }),
  );
  const waiting = count !== undefined && count > 0;
  // [Signaled, DecisionTaskScheduled,] DecisionTaskStarted, DecisionTaskCompleted, then the batch.
  const firstBatchEventId = length + (waiting ? 3 : 5);
  const padding = initiatedEventId - firstBatchEventId;
  if (padding < 0) return false;
  const run = { workflowId: sender.workflowId, runId: sender.runId };
  if (!waiting)
    await swf.send(new SignalWorkflowExecutionCommand({ domain, ...run, signalName: REENACT_PREFIX }));
  const task = await world.pollDecision(sender.list, undefined, `${sender.workflowId}'s decision task`);
  const markers: Decision[] = Array.from({ length: padding }, () => ({
    decisionType: 'RecordMarker',
    recordMarkerDecisionAttributes: { markerName: `${REENACT_PREFIX}-padding` },
  }));
  try {
    await swf.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: task.taskToken,
        decisions: [...markers, decision],
      }),
    );
  } catch (error) {
    // The markers are the re-enactment's padding: name the run and its one real decision.
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new StepError(
      `${JSON.stringify(sender.workflowId)} (a run the re-enactment plays) could not make its ${String(decision.decisionType)} decision for its event ${String(initiatedEventId)}: ${why.replace(/decisions\.\d+\.member\./g, '')}`,
    );
  }
  return true;
}

/** A signal or cancel request that another execution sent, sent again by that execution. @internal */
export async function resendExternal(
  world: ReenactmentWorld,
  step: Extract<ReenactStep, { kind: 'external' }>,
): Promise<void> {
  const { workflowId, runId } = world.main;
  const decision: Decision =
    step.request === 'signal'
      ? {
          decisionType: 'SignalExternalWorkflowExecution',
          signalExternalWorkflowExecutionDecisionAttributes: {
            workflowId,
            runId,
            signalName: step.signalName,
            ...(step.input !== undefined && { input: step.input }),
          },
        }
      : {
          decisionType: 'RequestCancelExternalWorkflowExecution',
          requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId, runId },
        };
  const child = world.children.get(step.sender.workflowId);
  const sender =
    world.standIns.get(step.sender.workflowId) ??
    (child?.privateList === undefined ? undefined : { ...child, list: child.privateList });
  if (sender !== undefined && (await sendFrom(world, sender, step.initiatedEventId, decision))) return;
  world.notes.push(
    `event ${String(step.eventId)}: the ${step.request === 'signal' ? 'signal' : 'cancel request'} from ${JSON.stringify(step.sender.workflowId)} cannot be sent again from event ${String(step.initiatedEventId)} of its history; it is re-enacted as an API call, so externalWorkflowExecution and externalInitiatedEventId differ`,
  );
  if (step.request === 'signal') {
    await world.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: world.domain,
        ...world.main,
        signalName: step.signalName,
        ...(step.input !== undefined && { input: step.input }),
      }),
    );
  } else {
    await world.swf.send(new RequestCancelWorkflowExecutionCommand({ domain: world.domain, ...world.main }));
  }
}
