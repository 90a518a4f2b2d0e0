/**
 * Every failure cause SWF defines for a decision, produced through the SDK client: one case per
 * cause, each asserting the failure event the decision writes. Quotas and rates are lowered
 * through the simulation's options so they are reached in a handful of calls.
 */
import {
  CountPendingDecisionTasksCommand,
  DeprecateActivityTypeCommand,
  DeprecateWorkflowTypeCommand,
  RegisterActivityTypeCommand,
  RegisterWorkflowTypeCommand,
  type Decision,
  type HistoryEvent,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import {
  createSimulation,
  type SimulationOptions,
} from '../../src/adapters/testing/harness/createSimulation.js';
import { attributesOf } from '../../src/sim/history/appendEvent.js';
import { ACT, D, TL, WF, decideNext, registerBasics, start } from '../support/workflows.js';

const BARE_ACT = { name: 'bare-act', version: '1' };
const BARE_WF = { name: 'bare-wf', version: '1' };

const schedule = (activityId: string, extra: object = {}, activityType = ACT): Decision => ({
  decisionType: 'ScheduleActivityTask',
  scheduleActivityTaskDecisionAttributes: { activityType, activityId, ...extra },
});
const child = (workflowId: string, extra: object = {}, workflowType = WF): Decision => ({
  decisionType: 'StartChildWorkflowExecution',
  startChildWorkflowExecutionDecisionAttributes: { workflowType, workflowId, ...extra },
});
const continueAs = (extra: object = {}): Decision => ({
  decisionType: 'ContinueAsNewWorkflowExecution',
  continueAsNewWorkflowExecutionDecisionAttributes: extra,
});
const close = (
  decisionType: 'CompleteWorkflowExecution' | 'FailWorkflowExecution' | 'CancelWorkflowExecution',
): Decision => ({
  decisionType,
});
const timer = (timerId: string): Decision => ({
  decisionType: 'StartTimer',
  startTimerDecisionAttributes: { timerId, startToFireTimeout: '60' },
});
const cancelTimer = (timerId: string): Decision => ({
  decisionType: 'CancelTimer',
  cancelTimerDecisionAttributes: { timerId },
});
const signal = (workflowId: string): Decision => ({
  decisionType: 'SignalExternalWorkflowExecution',
  signalExternalWorkflowExecutionDecisionAttributes: { workflowId, signalName: 's' },
});
const cancelExternal = (workflowId: string): Decision => ({
  decisionType: 'RequestCancelExternalWorkflowExecution',
  requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId },
});
const lambda = (id: string): Decision => ({
  decisionType: 'ScheduleLambdaFunction',
  scheduleLambdaFunctionDecisionAttributes: { id, name: 'fn' },
});
const cancelActivity = (activityId: string): Decision => ({
  decisionType: 'RequestCancelActivityTask',
  requestCancelActivityTaskDecisionAttributes: { activityId },
});
/** A decision that fails whatever happens, so a close later in the batch meets an unhandled failure. */
const failing = schedule('x', {}, { name: 'missing', version: '1' });

const denyAll = { permits: ({ decisionType }: { decisionType?: string }) => decisionType === undefined };
const rate = (type: string): SimulationOptions => ({
  decisionRates: { [type]: { bucket: 1, refillPerSecond: 0.001 } },
});
const noDefaults = { defaultTaskList: undefined };
void noDefaults;

interface Case {
  readonly event: string;
  readonly cause: string;
  readonly decisions: Decision[];
  readonly options?: SimulationOptions;
  readonly setup?: (swf: SWFClient) => Promise<void>;
}

const S2S = { taskList: TL, scheduleToStartTimeout: '10' };
const CHILD_FULL = { taskList: TL, executionStartToCloseTimeout: '60', taskStartToCloseTimeout: '10' };

const CASES: Case[] = [
  // ScheduleActivityTask
  { event: 'ScheduleActivityTaskFailed', cause: 'ACTIVITY_TYPE_DOES_NOT_EXIST', decisions: [failing] },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'ACTIVITY_TYPE_DEPRECATED',
    decisions: [schedule('a')],
    setup: (swf) =>
      swf.send(new DeprecateActivityTypeCommand({ domain: D, activityType: ACT })).then(() => undefined),
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'ACTIVITY_ID_ALREADY_IN_USE',
    decisions: [schedule('a'), schedule('a')],
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'OPEN_ACTIVITIES_LIMIT_EXCEEDED',
    decisions: [schedule('a'), schedule('b')],
    options: { quotas: { openActivitiesPerExecution: 1 } },
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'ACTIVITY_CREATION_RATE_EXCEEDED',
    decisions: [schedule('a'), schedule('b')],
    options: rate('ScheduleActivityTask'),
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'DEFAULT_TASK_LIST_UNDEFINED',
    decisions: [schedule('a', {}, BARE_ACT)],
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED',
    decisions: [schedule('a', { taskList: TL }, BARE_ACT)],
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED',
    decisions: [schedule('a', S2S, BARE_ACT)],
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED',
    decisions: [schedule('a', { ...S2S, scheduleToCloseTimeout: '20' }, BARE_ACT)],
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED',
    decisions: [schedule('a', { ...S2S, scheduleToCloseTimeout: '20', startToCloseTimeout: '10' }, BARE_ACT)],
  },
  {
    event: 'ScheduleActivityTaskFailed',
    cause: 'OPERATION_NOT_PERMITTED',
    decisions: [schedule('a')],
    options: denyAll,
  },
  // RequestCancelActivityTask
  {
    event: 'RequestCancelActivityTaskFailed',
    cause: 'ACTIVITY_ID_UNKNOWN',
    decisions: [cancelActivity('a')],
  },
  {
    event: 'RequestCancelActivityTaskFailed',
    cause: 'OPERATION_NOT_PERMITTED',
    decisions: [cancelActivity('a')],
    options: denyAll,
  },
  // Close decisions: an earlier failure in the batch leaves an unhandled event.
  ...(['CompleteWorkflowExecution', 'FailWorkflowExecution', 'CancelWorkflowExecution'] as const).flatMap(
    (type) => [
      { event: `${type}Failed`, cause: 'UNHANDLED_DECISION', decisions: [failing, close(type)] },
      {
        event: `${type}Failed`,
        cause: 'OPERATION_NOT_PERMITTED',
        decisions: [close(type)],
        options: denyAll,
      },
    ],
  ),
  // ContinueAsNewWorkflowExecution
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'UNHANDLED_DECISION',
    decisions: [failing, continueAs()],
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST',
    decisions: [continueAs({ workflowTypeVersion: '9' })],
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'WORKFLOW_TYPE_DEPRECATED',
    decisions: [continueAs()],
    setup: (swf) =>
      swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF })).then(() => undefined),
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'DEFAULT_TASK_LIST_UNDEFINED',
    decisions: [continueAs({ workflowTypeVersion: '2' })],
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED',
    decisions: [continueAs({ workflowTypeVersion: '2', taskList: TL })],
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED',
    decisions: [continueAs({ workflowTypeVersion: '2', taskList: TL, executionStartToCloseTimeout: '60' })],
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'DEFAULT_CHILD_POLICY_UNDEFINED',
    decisions: [continueAs({ workflowTypeVersion: '2', ...CHILD_FULL })],
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'CONTINUE_AS_NEW_WORKFLOW_EXECUTION_RATE_EXCEEDED',
    decisions: [continueAs()],
    options: { decisionRates: { ContinueAsNewWorkflowExecution: { bucket: 0, refillPerSecond: 0 } } },
  },
  {
    event: 'ContinueAsNewWorkflowExecutionFailed',
    cause: 'OPERATION_NOT_PERMITTED',
    decisions: [continueAs()],
    options: denyAll,
  },
  // RecordMarker
  {
    event: 'RecordMarkerFailed',
    cause: 'OPERATION_NOT_PERMITTED',
    decisions: [{ decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: 'm' } }],
    options: denyAll,
  },
  // Timers
  { event: 'StartTimerFailed', cause: 'TIMER_ID_ALREADY_IN_USE', decisions: [timer('t'), timer('t')] },
  {
    event: 'StartTimerFailed',
    cause: 'OPEN_TIMERS_LIMIT_EXCEEDED',
    decisions: [timer('t'), timer('u')],
    options: { quotas: { openTimersPerExecution: 1 } },
  },
  {
    event: 'StartTimerFailed',
    cause: 'TIMER_CREATION_RATE_EXCEEDED',
    decisions: [timer('t'), timer('u')],
    options: rate('StartTimer'),
  },
  { event: 'StartTimerFailed', cause: 'OPERATION_NOT_PERMITTED', decisions: [timer('t')], options: denyAll },
  { event: 'CancelTimerFailed', cause: 'TIMER_ID_UNKNOWN', decisions: [cancelTimer('t')] },
  {
    event: 'CancelTimerFailed',
    cause: 'OPERATION_NOT_PERMITTED',
    decisions: [cancelTimer('t')],
    options: denyAll,
  },
  // External signal and cancel
  ...(
    [
      ['SignalExternalWorkflowExecution', signal, 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED'],
      [
        'RequestCancelExternalWorkflowExecution',
        cancelExternal,
        'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED',
      ],
    ] as const
  ).flatMap(([type, make, rateCause]) => [
    { event: `${type}Failed`, cause: 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION', decisions: [make('ghost')] },
    { event: `${type}Failed`, cause: rateCause, decisions: [make('w1'), make('w1')], options: rate(type) },
    { event: `${type}Failed`, cause: 'OPERATION_NOT_PERMITTED', decisions: [make('w1')], options: denyAll },
  ]),
  // Children
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST',
    decisions: [child('k', {}, { name: 'no', version: '1' })],
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'WORKFLOW_TYPE_DEPRECATED',
    decisions: [child('k')],
    setup: (swf) =>
      swf.send(new DeprecateWorkflowTypeCommand({ domain: D, workflowType: WF })).then(() => undefined),
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'OPEN_CHILDREN_LIMIT_EXCEEDED',
    decisions: [child('k1'), child('k2')],
    options: { quotas: { openChildrenPerExecution: 1 } },
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'OPEN_WORKFLOWS_LIMIT_EXCEEDED',
    decisions: [child('k1')],
    options: { quotas: { openExecutionsPerDomain: 1 } },
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'CHILD_CREATION_RATE_EXCEEDED',
    decisions: [child('k1'), child('k2')],
    options: rate('StartChildWorkflowExecution'),
  },
  { event: 'StartChildWorkflowExecutionFailed', cause: 'WORKFLOW_ALREADY_RUNNING', decisions: [child('w1')] },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'DEFAULT_TASK_LIST_UNDEFINED',
    decisions: [child('k', {}, BARE_WF)],
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED',
    decisions: [child('k', { taskList: TL }, BARE_WF)],
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED',
    decisions: [child('k', { taskList: TL, executionStartToCloseTimeout: '60' }, BARE_WF)],
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'DEFAULT_CHILD_POLICY_UNDEFINED',
    decisions: [child('k', CHILD_FULL, BARE_WF)],
  },
  {
    event: 'StartChildWorkflowExecutionFailed',
    cause: 'OPERATION_NOT_PERMITTED',
    decisions: [child('k')],
    options: denyAll,
  },
  // Lambda
  {
    event: 'ScheduleLambdaFunctionFailed',
    cause: 'ID_ALREADY_IN_USE',
    decisions: [lambda('l'), lambda('l')],
  },
  {
    event: 'ScheduleLambdaFunctionFailed',
    cause: 'OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED',
    decisions: [lambda('l'), lambda('m')],
    options: { quotas: { openLambdasPerExecution: 1 } },
  },
  {
    event: 'ScheduleLambdaFunctionFailed',
    cause: 'LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED',
    decisions: [lambda('l'), lambda('m')],
    options: rate('ScheduleLambdaFunction'),
  },
  {
    event: 'ScheduleLambdaFunctionFailed',
    cause: 'LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION',
    decisions: [lambda('l')],
    options: { lambdaAvailable: false },
  },
];

/** The failure event the case is about: the last event of its type. */
function lastOfType(events: readonly HistoryEvent[], type: string): HistoryEvent | undefined {
  return [...events].reverse().find((e) => e.eventType === type);
}

describe('decision failure causes', () => {
  it.each(CASES.map((c) => [`${c.event}: ${c.cause}`, c] as const))(
    'failure cause: %s',
    async (_title, c) => {
      const sim = createSimulation({ seed: 'causes', autoAdvance: false, ...c.options });
      const swf = sim.client();
      await registerBasics(swf);
      await swf.send(new RegisterActivityTypeCommand({ domain: D, ...BARE_ACT }));
      await swf.send(new RegisterWorkflowTypeCommand({ domain: D, ...BARE_WF }));
      await swf.send(new RegisterWorkflowTypeCommand({ domain: D, name: WF.name, version: '2' }));
      await start(swf, 'w1');
      await c.setup?.(swf);
      await decideNext(swf, c.decisions);
      const failure = lastOfType(sim.history(D, 'w1'), c.event);
      expect(failure, `no ${c.event} in the history`).toBeDefined();
      expect(attributesOf(failure as HistoryEvent).cause).toBe(c.cause);
      expect(attributesOf(failure as HistoryEvent).decisionTaskCompletedEventId).toBe(4);
      sim.close();
    },
  );

  it('failure cause: every cause of every decision failure enum has a case', async () => {
    const sdk = (await import('@aws-sdk/client-swf')) as unknown as Record<string, Record<string, string>>;
    // Each `<Decision>FailedCause` enum of the SDK lists the causes of that decision's failure event.
    const expected = Object.keys(sdk)
      .filter((name) => name.endsWith('FailedCause') && !name.startsWith('StartLambda'))
      .flatMap((name) =>
        Object.values(sdk[name] ?? {}).map((cause) => `${name.slice(0, -'Cause'.length)}: ${cause}`),
      );
    expect(CASES.map((c) => `${c.event}: ${c.cause}`).sort()).toStrictEqual(expected.sort());
  });

  it('count: CountPendingDecisionTasks counts scheduled, not started, tasks', async () => {
    const sim = createSimulation({ seed: 'count', autoAdvance: false });
    const swf = sim.client();
    await registerBasics(swf);
    await start(swf, 'a');
    await start(swf, 'b');
    expect((await swf.send(new CountPendingDecisionTasksCommand({ domain: D, taskList: TL }))).count).toBe(2);
    await decideNext(swf, []);
    expect((await swf.send(new CountPendingDecisionTasksCommand({ domain: D, taskList: TL }))).count).toBe(1);
    sim.close();
  });
});
