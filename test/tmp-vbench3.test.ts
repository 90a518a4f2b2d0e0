import { it } from 'vitest';
import { validateInput } from '../src/sim/validation/validateInput.js';
it('bench', () => {
  const sched = { decisionType: 'ScheduleActivityTask', scheduleActivityTaskDecisionAttributes: { activityType: { name: 'A', version: '1' }, activityId: 'a-1', taskList: { name: 'acts' }, input: 'hello', scheduleToCloseTimeout: 'NONE', heartbeatTimeout: '60' } };
  const complete = { decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: { result: 'done' } };
  const start = { domain: 'orders', workflowId: 'order-1', workflowType: { name: 'ProcessOrder', version: '1.0' }, taskList: { name: 'main' }, input: 'x'.repeat(200), executionStartToCloseTimeout: '3600', taskStartToCloseTimeout: '60', childPolicy: 'TERMINATE' };
  const cases: [any, string, unknown][] = [
    ['RespondDecisionTaskCompleted', 'empty', { taskToken: 'tok' }],
    ['RespondDecisionTaskCompleted', 'complete', { taskToken: 'tok', decisions: [complete] }],
    ['RespondDecisionTaskCompleted', 'sched', { taskToken: 'tok', decisions: [sched] }],
    ['RespondDecisionTaskCompleted', 'both', { taskToken: 'tok', decisions: [sched, complete] }],
    ['StartWorkflowExecution', 'start', start],
    ['PollForDecisionTask', 'poll', { domain: 'orders', taskList: { name: 'main' }, identity: 'worker-1' }],
    ['RespondActivityTaskCompleted', 'actdone', { taskToken: 'tok', result: 'r' }],
  ];
  for (let r = 0; r < 2; r++) { let line = ''; for (const [op, name, input] of cases) {
    const n = 500_000;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) validateInput(op, input);
    line += ` ${name}=${(Number(process.hrtime.bigint() - t) / n).toFixed(0)}`;
  } console.log('ns/call' + line); }
});
