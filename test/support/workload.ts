/**
 * Random workloads over every kind of work a service does — decisions of all kinds, activities with
 * heartbeats, timers, children, signals, cancels, Lambdas, task-list overrides, timeouts — for
 * property tests that need a service in every kind of state.
 */
import type { Decision } from '@aws-sdk/client-swf';
import fc from 'fast-check';
import { VirtualClock } from '../../src/sim/clock/VirtualClock.js';
import { SwfFault } from '../../src/sim/faults/SwfFault.js';
import { DEFAULT_START_MS, SwfService } from '../../src/sim/service/SwfService.js';

const DOMAIN = 'work';
const WORKFLOWS = ['w0', 'w1', 'w2'];
const CHILDREN = ['c0', 'c1'];
const LISTS = ['decide', 'elsewhere'];

const childPolicy = fc.constantFrom('TERMINATE' as const, 'REQUEST_CANCEL' as const, 'ABANDON' as const);

const decision = fc.oneof(
  fc.record({
    kind: fc.constant('activity' as const),
    id: fc.constantFrom('a0', 'a1'),
    heartbeat: fc.constantFrom('5', '30', 'NONE'),
    startToClose: fc.constantFrom('20', '300'),
  }),
  fc.record({ kind: fc.constant('cancelActivity' as const), id: fc.constantFrom('a0', 'a1') }),
  fc.record({
    kind: fc.constant('timer' as const),
    id: fc.constantFrom('t0', 't1'),
    seconds: fc.integer({ min: 1, max: 120 }),
  }),
  fc.record({ kind: fc.constant('cancelTimer' as const), id: fc.constantFrom('t0', 't1') }),
  fc.record({ kind: fc.constant('signal' as const), target: fc.constantFrom(...WORKFLOWS, ...CHILDREN) }),
  fc.record({
    kind: fc.constant('cancelExternal' as const),
    target: fc.constantFrom(...WORKFLOWS, ...CHILDREN),
  }),
  fc.record({
    kind: fc.constant('child' as const),
    id: fc.constantFrom(...CHILDREN),
    policy: childPolicy,
  }),
  fc.record({
    kind: fc.constant('lambda' as const),
    id: fc.constantFrom('l0', 'l1'),
    name: fc.constantFrom('quick', 'slow', 'broken'),
  }),
  fc.record({
    kind: fc.constantFrom(
      'complete' as const,
      'fail' as const,
      'cancel' as const,
      'continue' as const,
      'marker' as const,
    ),
  }),
);
type DecisionSpec = typeof decision extends fc.Arbitrary<infer T> ? T : never;

/** The kinds of command, each weighing the same. */
export const serviceCommands = [
  fc.record({
    kind: fc.constant('start' as const),
    id: fc.constantFrom(...WORKFLOWS),
    lambdas: fc.boolean(),
    policy: childPolicy,
  }),
  fc.record({
    kind: fc.constantFrom('signal' as const, 'cancel' as const, 'terminate' as const),
    id: fc.constantFrom(...WORKFLOWS, ...CHILDREN),
    policy: childPolicy,
  }),
  fc.record({ kind: fc.constant('pollDecision' as const), list: fc.constantFrom(...LISTS) }),
  fc.record({
    kind: fc.constant('decide' as const),
    token: fc.nat(),
    decisions: fc.array(decision, { maxLength: 3 }),
    override: fc.option(
      fc.record({
        list: fc.constantFrom(...LISTS),
        scheduleToStart: fc.option(fc.constantFrom('10', '100')),
      }),
    ),
  }),
  fc.record({ kind: fc.constant('pollActivity' as const) }),
  fc.record({
    kind: fc.constant('work' as const),
    token: fc.nat(),
    outcome: fc.constantFrom('complete', 'fail', 'cancel', 'heartbeat'),
  }),
  fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 200 }) }),
] as const;

/** One call a client makes (or a move of the clock), as {@link Workload.run} carries it out. */
export const serviceCommand = fc.oneof(...serviceCommands);
export type ServiceCommand = typeof serviceCommand extends fc.Arbitrary<infer T> ? T : never;

/** Runs, a child and polls first, so that most workloads have work going on. */
export const PRELUDE: readonly ServiceCommand[] = [
  { kind: 'start', id: 'w0', lambdas: true, policy: 'REQUEST_CANCEL' },
  { kind: 'start', id: 'w1', lambdas: false, policy: 'TERMINATE' },
  { kind: 'pollDecision', list: 'decide' },
  { kind: 'pollDecision', list: 'decide' },
  {
    kind: 'decide',
    token: 0,
    decisions: [{ kind: 'child', id: 'c0', policy: 'ABANDON' }],
    override: null,
  },
  { kind: 'pollActivity' },
  { kind: 'pollActivity' },
];

function toDecision(spec: DecisionSpec): Decision {
  switch (spec.kind) {
    case 'activity':
      return {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: spec.id,
          activityType: { name: 'Work', version: '1' },
          heartbeatTimeout: spec.heartbeat,
          startToCloseTimeout: spec.startToClose,
        },
      };
    case 'cancelActivity':
      return {
        decisionType: 'RequestCancelActivityTask',
        requestCancelActivityTaskDecisionAttributes: { activityId: spec.id },
      };
    case 'timer':
      return {
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: spec.id, startToFireTimeout: String(spec.seconds) },
      };
    case 'cancelTimer':
      return { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: spec.id } };
    case 'signal':
      return {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: { workflowId: spec.target, signalName: 'ping' },
      };
    case 'cancelExternal':
      return {
        decisionType: 'RequestCancelExternalWorkflowExecution',
        requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: spec.target },
      };
    case 'child':
      return {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowId: spec.id,
          workflowType: { name: 'Flow', version: '1' },
          childPolicy: spec.policy,
        },
      };
    case 'lambda':
      return {
        decisionType: 'ScheduleLambdaFunction',
        scheduleLambdaFunctionDecisionAttributes: { id: spec.id, name: spec.name },
      };
    case 'complete':
      return { decisionType: 'CompleteWorkflowExecution' };
    case 'fail':
      return {
        decisionType: 'FailWorkflowExecution',
        failWorkflowExecutionDecisionAttributes: { reason: 'r' },
      };
    case 'cancel':
      return { decisionType: 'CancelWorkflowExecution' };
    case 'continue':
      return { decisionType: 'ContinueAsNewWorkflowExecution' };
    case 'marker':
      return { decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: 'm' } };
    default:
      return spec satisfies never;
  }
}

/**
 * A service and the clients of a random workload: parked polls hand their tokens over, answers pick
 * a token by index, and faults SWF answers with are part of the workload.
 */
export class Workload {
  readonly clock = new VirtualClock(DEFAULT_START_MS);
  readonly service = new SwfService({
    seed: 'workload',
    clock: this.clock,
    lambdaFunctions: {
      quick: () => 'done',
      slow: () => ({ result: 'late', durationMs: 40_000 }),
      broken: () => {
        throw new Error('broken');
      },
    },
  });
  readonly decisionTokens: string[] = [];
  readonly activityTokens: string[] = [];
  /** Calls still waiting (parked polls); their answers land in the token lists. */
  private readonly waiting: Promise<void>[] = [];

  async setUp(): Promise<void> {
    await this.service.call('RegisterDomain', { name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' });
    await this.service.call('RegisterWorkflowType', {
      domain: DOMAIN,
      name: 'Flow',
      version: '1',
      defaultTaskList: { name: 'decide' },
      defaultTaskStartToCloseTimeout: '30',
      defaultExecutionStartToCloseTimeout: '600',
      defaultChildPolicy: 'TERMINATE',
    });
    await this.service.call('RegisterActivityType', {
      domain: DOMAIN,
      name: 'Work',
      version: '1',
      defaultTaskList: { name: 'work' },
      defaultTaskScheduleToStartTimeout: '60',
      defaultTaskScheduleToCloseTimeout: '400',
    });
  }

  /** Runs one command; faults SWF answers with are part of the workload. */
  async run(step: ServiceCommand): Promise<void> {
    try {
      await this.apply(step);
    } catch (error) {
      if (!(error instanceof SwfFault)) throw error;
    }
    // Let answered polls hand their tokens over.
    await new Promise((resolve) => setImmediate(resolve));
  }

  private async apply(step: ServiceCommand): Promise<void> {
    const { service } = this;
    switch (step.kind) {
      case 'start':
        await service.call('StartWorkflowExecution', {
          domain: DOMAIN,
          workflowId: step.id,
          workflowType: { name: 'Flow', version: '1' },
          childPolicy: step.policy,
          ...(step.lambdas && { lambdaRole: 'arn:aws:iam::123456789012:role/lambda' }),
        });
        return;
      case 'signal':
        await service.call('SignalWorkflowExecution', {
          domain: DOMAIN,
          workflowId: step.id,
          signalName: 'go',
          input: 'x',
        });
        return;
      case 'cancel':
        await service.call('RequestCancelWorkflowExecution', { domain: DOMAIN, workflowId: step.id });
        return;
      case 'terminate':
        await service.call('TerminateWorkflowExecution', {
          domain: DOMAIN,
          workflowId: step.id,
          childPolicy: step.policy,
        });
        return;
      case 'pollDecision':
        this.park(
          service
            .call('PollForDecisionTask', { domain: DOMAIN, taskList: { name: step.list } })
            .then((task) => {
              if (task.taskToken !== undefined) this.decisionTokens.push(task.taskToken);
            }),
        );
        return;
      case 'decide': {
        const taskToken = pick(this.decisionTokens, step.token);
        if (taskToken === undefined) return;
        await service.call('RespondDecisionTaskCompleted', {
          taskToken,
          decisions: step.decisions.map(toDecision),
          executionContext: `after ${step.decisions.length}`,
          ...(step.override !== null && {
            taskList: { name: step.override.list },
            ...(step.override.scheduleToStart !== null && {
              taskListScheduleToStartTimeout: step.override.scheduleToStart,
            }),
          }),
        });
        return;
      }
      case 'pollActivity':
        this.park(
          service.call('PollForActivityTask', { domain: DOMAIN, taskList: { name: 'work' } }).then((task) => {
            if (task.taskToken !== undefined) this.activityTokens.push(task.taskToken);
          }),
        );
        return;
      case 'work': {
        const taskToken = pick(this.activityTokens, step.token);
        if (taskToken === undefined) return;
        if (step.outcome === 'complete')
          await service.call('RespondActivityTaskCompleted', { taskToken, result: 'ok' });
        else if (step.outcome === 'fail')
          await service.call('RespondActivityTaskFailed', { taskToken, reason: 'no' });
        else if (step.outcome === 'cancel') await service.call('RespondActivityTaskCanceled', { taskToken });
        else
          await service.call('RecordActivityTaskHeartbeat', {
            taskToken,
            details: `beat at ${this.clock.now()}`,
          });
        return;
      }
      case 'advance':
        this.clock.advanceBy(step.seconds * 1000);
        return;
      default:
        step satisfies never;
    }
  }

  private park(call: Promise<void>): void {
    this.waiting.push(
      call.catch((error: unknown) => {
        if (!(error instanceof SwfFault)) throw error;
      }),
    );
  }

  /** Answers every parked poll (their long-poll clocks expire) and checks what they did. */
  async drain(): Promise<void> {
    this.clock.advanceBy(120_000);
    await Promise.all(this.waiting);
  }
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}
