/**
 * Histories of one run on its own: its activities, timers, markers and Lambda tasks, the calls made on
 * it, and how it ends.
 */
import {
  DeprecateActivityTypeCommand,
  RequestCancelWorkflowExecutionCommand,
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { expectIdentical } from './expectIdentical.js';
import {
  DOMAIN,
  Generator,
  TL,
  cancelActivity,
  cancelTimer,
  complete,
  marker,
  schedule,
  timer,
} from './generate.js';

describe('re-enactment of histories the simulator wrote', () => {
  it('activities: completed, failed, canceled by the worker, canceled unstarted, cancel of an unknown id, every timeout', async () => {
    const g = new Generator();
    await g.register([{ name: 'hb', defaults: {} }]);
    await g.start('w1', { input: 'go' });
    g.advance(1);
    await g.decide([schedule('a1'), schedule('a2'), schedule('a3', { scheduleToStartTimeout: '5' })]);
    g.advance(1);
    const a1 = await g.pollActivity(TL, 'worker-1');
    g.advance(2);
    await g.complete(a1, 'r1');
    g.advance(1);
    await g.decide([cancelActivity('a2'), cancelActivity('nope')]);
    g.advance(10); // a3 times out SCHEDULE_TO_START
    await g.decide([
      schedule(
        'hb1',
        {
          taskList: { name: TL },
          scheduleToStartTimeout: 'NONE',
          scheduleToCloseTimeout: 'NONE',
          startToCloseTimeout: 'NONE',
          heartbeatTimeout: '10',
        },
        { name: 'hb', version: '1' },
      ),
      schedule('a4', { startToCloseTimeout: '20' }),
    ]);
    g.advance(1);
    const hb1 = await g.pollActivity();
    await g.pollActivity(); // a4, never answered
    g.advance(3);
    await g.heartbeat(hb1);
    g.advance(6);
    await g.heartbeat(hb1, 'half way');
    g.advance(30); // hb1: HEARTBEAT at +19 with details; a4: START_TO_CLOSE at +21
    await g.decide([schedule('a5'), timer('wake', '2')]);
    g.advance(1);
    const a5 = await g.pollActivity();
    g.advance(1);
    await g.decide([cancelActivity('a5')]);
    g.advance(1);
    await g.heartbeat(a5);
    await g.cancel(a5, 'bye');
    g.advance(1);
    await g.decide([schedule('a6', { input: 'x', control: 'c' })]);
    const a6 = await g.pollActivity();
    g.advance(2);
    await g.fail(a6, 'boom', 'trace');
    g.advance(1);
    await g.decide([complete('done')]);
    const history = g.history();
    g.close();
    expect(history.map((e) => e.eventType)).toContain('ActivityTaskTimedOut');
    await expectIdentical(history);
  });

  it('long-running activities: the heartbeats a worker must have sent are sent again', async () => {
    const g = new Generator();
    await g.register([
      {
        name: 'long',
        defaults: {
          defaultTaskList: { name: TL },
          defaultTaskScheduleToStartTimeout: 'NONE',
          defaultTaskScheduleToCloseTimeout: 'NONE',
          defaultTaskStartToCloseTimeout: 'NONE',
          defaultTaskHeartbeatTimeout: '10',
        },
      },
    ]);
    await g.start();
    g.advance(1);
    const long = { name: 'long', version: '1' };
    await g.decide([schedule('l1', {}, long), schedule('l2', {}, long)]);
    const l1 = await g.pollActivity();
    const l2 = await g.pollActivity();
    for (let i = 0; i < 9; i++) {
      g.advance(4);
      await g.heartbeat(l1);
      if (i < 5) await g.heartbeat(l2);
    }
    await g.complete(l1, 'after 36 s'); // l2 stopped heartbeating at +20: HEARTBEAT timeout at +30
    g.advance(1);
    await g.decide([complete()]);
    const history = g.history();
    g.close();
    expect(history.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['ActivityTaskTimedOut', 'ActivityTaskCompleted']),
    );
    await expectIdentical(history);
  });

  it('timers and markers: fired, canceled, zero-second, duplicate id, unknown cancel', async () => {
    const g = new Generator();
    await g.register();
    await g.start();
    g.advance(1);
    await g.decide([timer('t1', '10', 'ctl'), timer('t2', '0'), marker('m', 'details'), marker('m')]);
    g.advance(1);
    await g.decide([timer('t1', '5'), cancelTimer('nope')]);
    g.advance(1);
    await g.decide([cancelTimer('t1'), timer('t3', '3')]);
    g.advance(5);
    await g.decide([complete()]);
    const history = g.history();
    g.close();
    expect(history.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['TimerFired', 'TimerCanceled', 'StartTimerFailed', 'CancelTimerFailed']),
    );
    await expectIdentical(history);
  });

  it('signals, cancel requests, an event during a decision (UNHANDLED_DECISION) and termination', async () => {
    const g = new Generator();
    await g.register();
    await g.start('w1', { tagList: ['a', 'b'], taskPriority: '3' });
    g.advance(1);
    await g.decide([]);
    g.advance(2);
    await g.swf.send(
      new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'w1', signalName: 's1', input: 'i' }),
    );
    await g.swf.send(
      new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'w1', signalName: 's2' }),
    );
    g.advance(1);
    const task = await g.pollDecision();
    g.advance(1);
    await g.swf.send(new RequestCancelWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'w1' }));
    g.advance(1);
    await g.respond(task, [marker('seen'), complete('too early')], { executionContext: 'ctx' });
    g.advance(1);
    await g.decide([]);
    g.advance(4);
    await g.swf.send(
      new TerminateWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'w1',
        reason: 'why',
        details: 'because',
        childPolicy: 'ABANDON',
      }),
    );
    const history = g.history();
    g.close();
    expect(history.map((e) => e.eventType)).toContain('CompleteWorkflowExecutionFailed');
    await expectIdentical(history);
  });

  it('a decision task that times out, a task-list override, and the run timing out', async () => {
    const g = new Generator();
    await g.register();
    await g.start('w1', { taskStartToCloseTimeout: '10', executionStartToCloseTimeout: '100' });
    g.advance(1);
    await g.pollDecision(TL, 'slow decider');
    g.advance(15);
    const task = await g.pollDecision();
    await g.respond(task, [timer('t', '5')], { taskList: { name: 'other' } });
    g.advance(6);
    await g.decide([timer('long', '1000')], 'other');
    g.advance(200);
    const history = g.history();
    g.close();
    expect(history.at(-1)?.eventType).toBe('WorkflowExecutionTimedOut');
    await expectIdentical(history);
  });

  it('Lambda tasks: completed after a while, failed, timed out; and a run without a role', async () => {
    const lambdaFunctions = {
      ok: (input: string | undefined) => ({ result: `ok:${String(input)}`, durationMs: 2000 }),
      bad: () => {
        const error = new Error('nope');
        error.name = 'TypeError';
        throw error;
      },
      slow: () => ({ result: 'late', durationMs: 60_000 }),
    };
    const lambda = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
      decisionType: 'ScheduleLambdaFunction' as const,
      scheduleLambdaFunctionDecisionAttributes: { id, name, input: id, ...extra },
    });
    const g = new Generator({ lambdaFunctions });
    await g.register();
    await g.start('w1', { lambdaRole: 'arn:aws:iam::123456789012:role/l' });
    g.advance(1);
    await g.decide([
      lambda('l1', 'ok'),
      lambda('l2', 'bad'),
      lambda('l3', 'slow', { startToCloseTimeout: '5' }),
    ]);
    g.advance(10);
    await g.decide([complete()]);
    const withRole = g.history();
    await g.start('w2');
    g.advance(1);
    await g.decide([lambda('l1', 'ok')]);
    const withoutRole = g.history('w2');
    g.close();
    expect(withRole.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['LambdaFunctionCompleted', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut']),
    );
    expect(withoutRole.map((e) => e.eventType)).toContain('StartLambdaFunctionFailed');
    await expectIdentical(withRole);
    await expectIdentical(withoutRole);
  });

  it('continue-as-new: a failed one (unknown version) then a successful one', async () => {
    const g = new Generator();
    await g.register();
    await g.start('w1', { input: 'first' });
    g.advance(1);
    await g.decide([
      {
        decisionType: 'ContinueAsNewWorkflowExecution',
        continueAsNewWorkflowExecutionDecisionAttributes: { workflowTypeVersion: '9' },
      },
    ]);
    g.advance(1);
    await g.decide([
      marker('before'),
      {
        decisionType: 'ContinueAsNewWorkflowExecution',
        continueAsNewWorkflowExecutionDecisionAttributes: { input: 'second', tagList: ['t'] },
      },
    ]);
    const runs = [...g.sim.service.state.domain(DOMAIN).runs.values()];
    const history = runs[0]?.events ?? [];
    g.close();
    expect(history.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['ContinueAsNewWorkflowExecutionFailed', 'WorkflowExecutionContinuedAsNew']),
    );
    await expectIdentical([...history]);
  });

  it('decision failures: unknown, deprecated and busy activity types and ids, undefined defaults', async () => {
    const g = new Generator();
    await g.register([{ name: 'old' }, { name: 'bare' }]);
    await g.start();
    g.advance(1);
    const full = {
      taskList: { name: TL },
      scheduleToStartTimeout: '60',
      scheduleToCloseTimeout: '60',
      startToCloseTimeout: '60',
      heartbeatTimeout: 'NONE',
    };
    await g.decide([schedule('o1', full, { name: 'old', version: '1' }), schedule('a1'), timer('wake', '0')]);
    await g.swf.send(
      new DeprecateActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'old', version: '1' } }),
    );
    g.advance(1);
    await g.decide([
      schedule('o2', full, { name: 'old', version: '1' }),
      schedule('u1', {}, { name: 'unknown', version: '1' }),
      schedule('a1'),
      schedule('b1', { taskList: { name: TL } }, { name: 'bare', version: '1' }),
    ]);
    g.advance(1);
    await g.decide([complete()]);
    const history = g.history();
    g.close();
    const causes = history
      .filter((e) => e.eventType === 'ScheduleActivityTaskFailed')
      .map((e) => e.scheduleActivityTaskFailedEventAttributes?.cause);
    expect(causes).toEqual([
      'ACTIVITY_TYPE_DEPRECATED',
      'ACTIVITY_TYPE_DOES_NOT_EXIST',
      'ACTIVITY_ID_ALREADY_IN_USE',
      'DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED',
    ]);
    await expectIdentical(history);
  });
});
