/**
 * The clock drivers with the server's own skip gate and poll tracking, without HTTP, so the
 * event-loop turn each step happens in is under the test's control.
 */
import { describe, expect, it } from 'vitest';
import { trackedEndpoint } from '../../../src/adapters/http/waiters.js';
import { SwfService } from '../../../src/sim/service/SwfService.js';
import { clockRig, inIoCallback, stall } from './clockRig.js';
import { until } from './helpers.js';

describe('serve: the auto clock driver', () => {
  // What a loaded machine did to the HelloWorld over HTTP (sdkClient.test.ts): the worker's last poll
  // expired by a jump, the decider's a few ms later by the catch-up of the next check, and that
  // check, still counting the decider's poll as waiting, jumped 30 days to the run's retention.
  it('does not jump on the word of a poll its own catch-up just expired', async () => {
    const service = new SwfService({ longPollMs: 10 });
    await service.call('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' });
    await service.call('RegisterWorkflowType', {
      domain: 'd',
      name: 'w',
      version: '1',
      defaultTaskList: { name: 'decisions' },
      defaultChildPolicy: 'TERMINATE',
      defaultExecutionStartToCloseTimeout: '3600',
      defaultTaskStartToCloseTimeout: '300',
    });
    const { runId } = await service.call('StartWorkflowExecution', {
      domain: 'd',
      workflowId: 'closed',
      workflowType: { name: 'w', version: '1' },
    });
    await service.call('TerminateWorkflowExecution', { domain: 'd', workflowId: 'closed' });
    // The only timer left is the closed run's retention, a day away.
    expect(service.clock.pendingCount).toBe(1);

    const { gate, jumps } = clockRig(
      'auto',
      () => service.clock,
      () => [service],
    );
    let polled: Promise<unknown> | undefined;
    await inIoCallback(() => {
      // Another poll's empty answer is still being written: it holds the clock.
      const answering = gate.arrived(true);
      // A poll parks; its 10 ms expire in virtual time that flows with real time.
      const poll = gate.arrived(true);
      polled = trackedEndpoint(service, gate, poll).dispatch('PollForActivityTask', {
        domain: 'd',
        taskList: { name: 'nobody' },
      });
      // The process is held past the poll's expiry; then the other answer goes out.
      stall(30);
      answering.answered();
    });
    // The check scheduled in that callback ran before any timer: its catch-up expired the poll,
    // whose waiter leaves the gate only in the promise reactions that follow.
    expect(await polled).toMatchObject({ taskToken: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Nobody waited any more: no jump, so the closed run is still retained.
    expect(jumps).toEqual([]);
    const { events } = await service.call('GetWorkflowExecutionHistory', {
      domain: 'd',
      execution: { workflowId: 'closed', runId },
    });
    expect(events?.at(-1)?.eventType).toBe('WorkflowExecutionTerminated');
  });

  // A poll parks in the service after it entered the gate: the driver, told of the wait, must still
  // arm its real timer for the poll's expiry, or the poll hangs until some other request comes.
  for (const mode of ['realtime', 'auto'] as const) {
    it(`${mode}: a lone parked poll expires with nobody calling, whatever holds jumps`, async () => {
      const service = new SwfService({ longPollMs: 20 });
      await service.call('RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' });
      const { gate, driver } = clockRig(
        mode,
        () => service.clock,
        () => [service],
      );
      // Auto mode: a skip lock keeps the driver from jumping to the expiry; time still flows.
      gate.lock('test', 60_000);
      let answer: unknown;
      void trackedEndpoint(service, gate, gate.arrived(true))
        .dispatch('PollForActivityTask', { domain: 'd', taskList: { name: 'nobody' } })
        .then((output) => (answer = output));
      await until(() => answer !== undefined, 'the poll to expire', 5000);
      expect(answer).toMatchObject({ taskToken: '' });
      expect(driver.jumps).toBe(0);
    });
  }
});
