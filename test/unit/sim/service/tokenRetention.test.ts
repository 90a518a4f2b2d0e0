import { describe, expect, it } from 'vitest';
import { SwfService } from '../../../../src/sim/service/SwfService.js';

const DAY_MS = 24 * 3600 * 1000;

describe('task tokens', () => {
  it('are kept while their run is retained, and dropped with it, so a long-lived service does not grow', async () => {
    const service = new SwfService({ seed: 'tokens' });
    const taskList = { name: 'tl' };
    await service.call('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' });
    await service.call('RegisterWorkflowType', {
      domain: 'd',
      name: 'wf',
      version: '1',
      defaultTaskList: taskList,
      defaultChildPolicy: 'TERMINATE',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskStartToCloseTimeout: '60',
    });
    await service.call('StartWorkflowExecution', {
      domain: 'd',
      workflowId: 'w',
      workflowType: { name: 'wf', version: '1' },
    });
    const task = await service.call('PollForDecisionTask', { domain: 'd', taskList });
    await service.call('RespondDecisionTaskCompleted', {
      taskToken: task.taskToken,
      decisions: [
        { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} },
      ],
    });
    // Retained: a stale token still gets the precise fault.
    await expect(
      service.call('RespondDecisionTaskCompleted', { taskToken: task.taskToken }),
    ).rejects.toMatchObject({
      name: 'UnknownResourceFault',
    });
    expect(service.state.tokens.size).toBe(1);
    service.clock.advanceBy(DAY_MS);
    expect(service.state.tokens.size).toBe(0);
  });
});
