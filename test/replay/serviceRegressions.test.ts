/**
 * Service behaviour found while re-enacting (regressions): the service got these wrong once.
 */
import { describe, expect, it } from 'vitest';
import { Generator } from './generate.js';

describe('service fixes found by re-enactment', () => {
  it('writes the DecisionTaskScheduled a failed decision needs right after the batch, before a delivery the batch set off (swf-semantics §6.2, swf-observed §3)', async () => {
    const g = new Generator();
    await g.register();
    const otherRunId = await g.start('other', { taskList: { name: 'other-tl' } });
    await g.start('w1');
    g.advance(1);
    await g.decide([
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: { workflowId: 'ghost', signalName: 'boo' },
      },
      {
        decisionType: 'SignalExternalWorkflowExecution',
        signalExternalWorkflowExecutionDecisionAttributes: {
          workflowId: 'other',
          runId: otherRunId,
          signalName: 'hello',
        },
      },
    ]);
    const types = g.history().map((e) => e.eventType);
    g.close();
    // 5 Initiated (ghost), 6 …Failed (at once, inside the batch), 7 Initiated (other): the batch.
    // The failure asks for a decision task: written with the batch. The delivery to `other` is
    // asynchronous in SWF (40–83 ms), so the sender's ExternalWorkflowExecutionSignaled comes after.
    expect(types.slice(4)).toEqual([
      'SignalExternalWorkflowExecutionInitiated',
      'SignalExternalWorkflowExecutionFailed',
      'SignalExternalWorkflowExecutionInitiated',
      'DecisionTaskScheduled',
      'ExternalWorkflowExecutionSignaled',
    ]);
  });
});
