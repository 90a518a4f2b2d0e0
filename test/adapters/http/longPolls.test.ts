import { describe, expect, it } from 'vitest';
import type { SwfServer } from '../../../src/adapters/http/startServer.js';
import { swfCall, testServer, until, type RawResponse } from './helpers.js';

async function registerFlow(server: SwfServer): Promise<void> {
  for (const [operation, input] of [
    ['RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' }],
    [
      'RegisterWorkflowType',
      {
        domain: 'd',
        name: 'W',
        version: '1',
        defaultTaskList: { name: 'main' },
        defaultTaskStartToCloseTimeout: '60',
        defaultExecutionStartToCloseTimeout: '3600',
        defaultChildPolicy: 'TERMINATE',
      },
    ],
  ] as const) {
    const response = await swfCall(server, operation, input);
    expect(response.status, response.text).toBe(200);
  }
}

function start(server: SwfServer, workflowId: string): Promise<RawResponse> {
  return swfCall(server, 'StartWorkflowExecution', {
    domain: 'd',
    workflowId,
    workflowType: { name: 'W', version: '1' },
  });
}

/**
 * Parks a decision poll and waits until the server holds it, so parking order is known. The answer
 * comes boxed: an async function returning the bare promise would wait for it.
 */
async function parkDecisionPoll(
  server: SwfServer,
  identity: string,
  signal?: AbortSignal,
): Promise<{ answer: Promise<RawResponse> }> {
  const before = server.activity().pendingPolls;
  const response = swfCall(
    server,
    'PollForDecisionTask',
    { domain: 'd', taskList: { name: 'main' }, identity },
    signal === undefined ? {} : { signal },
  );
  response.catch(() => undefined);
  await until(() => server.activity().pendingPolls === before + 1, `poll ${identity} to park`);
  return { answer: response };
}

describe('serve: long polls', () => {
  it('holds dozens of polls open at once and answers them in the order they arrived', async () => {
    const server = await testServer({ clock: 'manual' });
    await registerFlow(server);
    const pollers = 40;
    const answers: Promise<RawResponse>[] = [];
    for (let i = 0; i < pollers; i++) answers.push((await parkDecisionPoll(server, `poller-${i}`)).answer);
    expect(server.activity()).toEqual({ openRequests: pollers, pendingPolls: pollers });
    for (let i = 0; i < pollers; i++) expect((await start(server, `wf-${i}`)).status).toBe(200);
    const results = await Promise.all(answers);
    results.forEach((response, i) => {
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        workflowExecution: { workflowId: `wf-${i}` },
        startedEventId: 3,
      });
    });
    // Each run's DecisionTaskStarted names the poller that took it.
    const run = server.service().state.domain('d').openRuns.get('wf-7');
    expect(run?.events[2]?.decisionTaskStartedEventAttributes?.identity).toBe('poller-7');
    await until(() => server.activity().openRequests === 0, 'answers to finish');
  });

  it('aborts a parked poll when its client hangs up, so the next task waits for a live poller', async () => {
    const server = await testServer({ clock: 'manual' });
    await registerFlow(server);
    const hangUp = new AbortController();
    const { answer: abandoned } = await parkDecisionPoll(server, 'gone', hangUp.signal);
    hangUp.abort();
    await expect(abandoned).rejects.toThrow();
    await until(() => server.activity().pendingPolls === 0, 'the abandoned poll to be released');
    expect((await start(server, 'after-hang-up')).status).toBe(200);
    const pending = await swfCall(server, 'CountPendingDecisionTasks', {
      domain: 'd',
      taskList: { name: 'main' },
    });
    expect(pending.json).toEqual({ count: 1, truncated: false });
    const events = server.service().state.domain('d').openRuns.get('after-hang-up')?.events ?? [];
    expect(events.map((e) => e.eventType)).toEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled']);
  });

  it('answers parked polls empty on shutdown, and close() resolves', async () => {
    const server = await testServer({ clock: 'manual' });
    await registerFlow(server);
    const decisionPolls = [
      (await parkDecisionPoll(server, 'a')).answer,
      (await parkDecisionPoll(server, 'b')).answer,
    ];
    const activityPoll = swfCall(server, 'PollForActivityTask', { domain: 'd', taskList: { name: 'acts' } });
    await until(() => server.activity().pendingPolls === 3, 'the activity poll to park');
    const clockBefore = server.clock.now();
    await server.close();
    for (const response of await Promise.all([...decisionPolls, activityPoll])) {
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ taskToken: '', startedEventId: 0 });
      expect(response.headers.connection).toBe('close');
    }
    // Releasing polls did not move virtual time.
    expect(server.clock.now()).toBe(clockBefore);
    await expect(swfCall(server, 'ListDomains', { registrationStatus: 'REGISTERED' })).rejects.toThrow();
  });

  it('answers parked polls empty on reset and starts over from an empty state', async () => {
    const server = await testServer({ clock: 'manual' });
    await registerFlow(server);
    const { answer: poll } = await parkDecisionPoll(server, 'before-reset');
    server.advanceBy(5000);
    const status = server.reset();
    expect((await poll).json).toMatchObject({ taskToken: '' });
    expect(status).toMatchObject({ nowMs: Date.UTC(2025, 0, 1), pendingPolls: 0 });
    const domains = await swfCall(server, 'ListDomains', { registrationStatus: 'REGISTERED' });
    expect(domains.json).toEqual({ domainInfos: [] });
  });
});
