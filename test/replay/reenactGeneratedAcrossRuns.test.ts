/** Histories shaped by other runs: children, and signals and cancel requests between executions. */
import {
  RegisterWorkflowTypeCommand,
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { expectIdentical } from './expectIdentical.js';
import { DOMAIN, Generator, TL, WF, complete, marker, timer } from './generate.js';

describe('re-enactment of histories the simulator wrote', () => {
  it('children on the parent task list: completed, failed, canceled, terminated, timed out, and one of an unknown type', async () => {
    const g = new Generator();
    await g.register();
    await g.swf.send(new RegisterWorkflowTypeCommand({ domain: DOMAIN, name: 'child', version: '1' }));
    await g.start();
    g.advance(1);
    const child = (workflowId: string, extra: Record<string, unknown> = {}) => ({
      decisionType: 'StartChildWorkflowExecution' as const,
      startChildWorkflowExecutionDecisionAttributes: {
        workflowType: { name: 'child', version: '1' },
        workflowId,
        taskList: { name: TL },
        executionStartToCloseTimeout: '300',
        taskStartToCloseTimeout: '60',
        childPolicy: 'TERMINATE' as const,
        ...extra,
      },
    });
    await g.decide([
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowType: { name: 'nope', version: '1' },
          workflowId: 'x',
        },
      },
      child('c1', { input: 'in', control: 'ctl' }),
      child('c2'),
      child('c3'),
      child('c4'),
      child('c5', { executionStartToCloseTimeout: '30' }),
    ]);
    g.advance(1);
    // Every task on the shared list, in queue order: the parent's (asked for by the failure), then the children's.
    const outcomes: Record<string, Parameters<Generator['respond']>[1]> = {
      w1: [],
      c1: [complete('one')],
      c2: [
        {
          decisionType: 'FailWorkflowExecution',
          failWorkflowExecutionDecisionAttributes: { reason: 'r', details: 'd' },
        },
      ],
      c3: [
        {
          decisionType: 'CancelWorkflowExecution',
          cancelWorkflowExecutionDecisionAttributes: { details: 'cx' },
        },
      ],
      c4: [],
      c5: [],
    };
    for (let i = 0; i < 6; i++) {
      const task = await g.pollDecision();
      g.advance(0.25);
      await g.respond(task, outcomes[task.workflowExecution?.workflowId as string] ?? []);
    }
    g.advance(2);
    await g.swf.send(new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'c4' }));
    g.advance(40); // c5 times out
    await g.decide([complete()]);
    const history = g.history();
    g.close();
    expect(history.map((e) => e.eventType)).toEqual(
      expect.arrayContaining([
        'StartChildWorkflowExecutionFailed',
        'ChildWorkflowExecutionCompleted',
        'ChildWorkflowExecutionFailed',
        'ChildWorkflowExecutionCanceled',
        'ChildWorkflowExecutionTerminated',
        'ChildWorkflowExecutionTimedOut',
      ]),
    );
    await expectIdentical(history);
  });

  it('signals and cancel requests to other executions and to itself, and one to an unknown execution', async () => {
    const g = new Generator();
    await g.register();
    const otherRunId = await g.start('other', { taskList: { name: 'other-tl' } });
    const runId = await g.start('w1');
    g.advance(1);
    await g.decide([
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: {
          workflowId: 'other',
          runId: otherRunId,
          signalName: 'hello',
          input: 'payload',
          control: 'c',
        },
      },
      {
        decisionType: 'RequestCancelExternalWorkflowExecution',
        requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: 'other', control: 'k' },
      },
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: { workflowId: 'ghost', signalName: 'boo' },
      },
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: { workflowId: 'w1', runId, signalName: 'self' },
      },
    ]);
    g.advance(1);
    await g.decide([complete()]);
    const history = g.history();
    g.close();
    expect(history.map((e) => e.eventType)).toEqual(
      expect.arrayContaining([
        'ExternalWorkflowExecutionSignaled',
        'ExternalWorkflowExecutionCancelRequested',
        'SignalExternalWorkflowExecutionFailed',
      ]),
    );
    await expectIdentical(history);
  });

  it("a child's own history: started by its parent, signaled by it, terminated by its child policy", async () => {
    const g = new Generator();
    await g.register();
    await g.swf.send(new RegisterWorkflowTypeCommand({ domain: DOMAIN, name: 'child', version: '1' }));
    const parentRunId = await g.start('p1');
    g.advance(1);
    await g.decide([
      marker('one'),
      marker('two'),
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowType: { name: 'child', version: '1' },
          workflowId: 'c1',
          input: 'for the child',
          taskList: { name: 'ctl' },
          executionStartToCloseTimeout: '600',
          taskStartToCloseTimeout: '30',
          childPolicy: 'ABANDON',
          tagList: ['x'],
        },
      },
    ]);
    g.advance(1);
    await g.decide([timer('t', '5')], 'ctl');
    await g.decide([]); // the parent sees ChildWorkflowExecutionStarted
    g.advance(6);
    await g.decide([], 'ctl');
    await g.swf.send(
      new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'p1', signalName: 'wake' }),
    );
    g.advance(1);
    const childRunId = g.sim.service.state.domain(DOMAIN).openRuns.get('c1')?.runId ?? '';
    await g.decide([
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: {
          workflowId: 'c1',
          runId: childRunId,
          signalName: 'go',
          input: 'now',
        },
      },
    ]);
    g.advance(1);
    await g.decide([], 'ctl');
    g.advance(1);
    await g.swf.send(
      new TerminateWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'p1',
        runId: parentRunId,
        childPolicy: 'TERMINATE',
      }),
    );
    const history = g.history('c1');
    g.close();
    expect(history[0]?.workflowExecutionStartedEventAttributes).toMatchObject({ parentInitiatedEventId: 7 });
    expect(history.at(-1)?.workflowExecutionTerminatedEventAttributes?.cause).toBe('CHILD_POLICY_APPLIED');
    expect(
      history.some((e) => (e.workflowExecutionSignaledEventAttributes?.externalInitiatedEventId ?? 0) > 0),
    ).toBe(true);
    await expectIdentical(history);
  });

  it("a child's cancel request by its parent's REQUEST_CANCEL policy, and a run continued from another", async () => {
    const g = new Generator();
    await g.register();
    await g.start('p1');
    g.advance(1);
    await g.decide([
      {
        decisionType: 'StartChildWorkflowExecution',
        startChildWorkflowExecutionDecisionAttributes: {
          workflowType: WF,
          workflowId: 'c1',
          taskList: { name: 'ctl' },
        },
      },
    ]);
    g.advance(1);
    await g.decide(
      [
        {
          decisionType: 'ContinueAsNewWorkflowExecution',
          continueAsNewWorkflowExecutionDecisionAttributes: { input: 'again', taskList: { name: 'ctl' } },
        },
      ],
      'ctl',
    );
    g.advance(1);
    await g.swf.send(
      new TerminateWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: 'p1',
        childPolicy: 'REQUEST_CANCEL',
      }),
    );
    g.advance(1);
    await g.decide(
      [{ decisionType: 'CancelWorkflowExecution', cancelWorkflowExecutionDecisionAttributes: {} }],
      'ctl',
    );
    const history = g.history('c1');
    g.close();
    expect(history[0]?.workflowExecutionStartedEventAttributes).toMatchObject({ parentInitiatedEventId: 5 });
    expect(history[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeDefined();
    expect(
      history.some(
        (e) => e.workflowExecutionCancelRequestedEventAttributes?.cause === 'CHILD_POLICY_APPLIED',
      ),
    ).toBe(true);
    await expectIdentical(history);
  });

  it('signals and cancel requests sent by another execution', async () => {
    const g = new Generator();
    await g.register();
    await g.start('sender', { taskList: { name: 'stl' } });
    const runId = await g.start('w1');
    g.advance(1);
    await g.decide([]);
    await g.decide(
      [
        {
          decisionType: 'SignalExternalWorkflowExecution',
          signalExternalWorkflowExecutionDecisionAttributes: {
            workflowId: 'w1',
            runId,
            signalName: 'hi',
            input: 'there',
          },
        },
      ],
      'stl',
    );
    g.advance(2);
    await g.decide([marker('x')], 'stl');
    g.advance(1);
    await g.swf.send(
      new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'sender', signalName: 'again' }),
    );
    await g.decide(
      [
        {
          decisionType: 'RequestCancelExternalWorkflowExecution',
          requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: 'w1' },
        },
      ],
      'stl',
    );
    g.advance(1);
    await g.decide([
      {
        decisionType: 'CancelWorkflowExecution',
        cancelWorkflowExecutionDecisionAttributes: { details: 'ok' },
      },
    ]);
    const history = g.history('w1');
    g.close();
    expect(
      history.filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.externalWorkflowExecution !== undefined,
      ),
    ).toHaveLength(1);
    await expectIdentical(history);
  });
});
