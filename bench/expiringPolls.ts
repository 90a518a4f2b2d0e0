/**
 * The simulation's own cost of an expiring long poll, without the SDK: two actors whose transport
 * is the runner's ActorHttpHandler, fed one prebuilt request each, poll a task list nobody
 * schedules on. Every poll is decoded, applied, parked, expired on virtual time, answered empty,
 * traced and encoded — everything the runner does for one of the idle run's requests but the
 * SDK's own work.
 */
import type { HttpRequest } from '@smithy/types';
import { ActorHttpHandler } from '../src/adapters/sdk/ActorHttpHandler.js';
import { FifoChooser } from '../src/sim/random/Chooser.js';
import { Scheduler } from '../src/sim/scheduler/Scheduler.js';
import { SwfService } from '../src/sim/service/SwfService.js';

const DOMAIN = 'polls';
const POLLERS = { worker: 'PollForActivityTask', decider: 'PollForDecisionTask' } as const;

function pollRequest(operation: string, identity: string): HttpRequest {
  const body = JSON.stringify({ domain: DOMAIN, taskList: { name: 'idle' }, identity });
  return {
    method: 'POST',
    protocol: 'http:',
    hostname: 'swf-sim.invalid',
    path: '/',
    query: {},
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `SimpleWorkflowService.${operation}`,
      'amz-sdk-request': 'attempt=1; max=3',
      'amz-sdk-invocation-id': '00000000-0000-4000-8000-000000000000',
    },
    body: new TextEncoder().encode(body),
  };
}

/** `count` expiring polls, half by each of two actors, on a fresh service and runner. */
export async function expiringPolls(count: number): Promise<void> {
  const service = new SwfService({ seed: 'bench' });
  await service.call('RegisterDomain', { name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' });
  const scheduler = new Scheduler({ service, seed: 'bench', chooser: new FifoChooser() });
  for (const [name, operation] of Object.entries(POLLERS)) {
    scheduler.spawn(name, async (port) => {
      const handler = new ActorHttpHandler(port);
      const request = pollRequest(operation, name);
      for (let i = 0; i < count / 2; i++) await handler.handle(request);
    });
  }
  const report = await scheduler.run({
    until: () => Object.keys(POLLERS).every((name) => scheduler.finished(name)),
  });
  if (report.outcome.status !== 'ok') throw new Error(`expiring polls: ${JSON.stringify(report.outcome)}`);
}
