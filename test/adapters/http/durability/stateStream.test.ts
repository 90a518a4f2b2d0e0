import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartServerOptions, SwfServer } from '../../../../src/adapters/http/startServer.js';
import { RegisterDomainCommand } from '@aws-sdk/client-swf';
import { CONTROL_HEADERS, raw, sdkClient, stateText, swfCall, testServer } from '../helpers.js';

/** A state document without its queue order numbers, which each service counts for itself. */
function withoutSeq(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === 'seq' ? undefined : value));
}

/** A server with 30 runs, a third of them closed. */
async function busyServer(options: StartServerOptions = {}): Promise<SwfServer> {
  const server = await testServer({ clock: 'manual', seed: 'stream', ...options });
  expect(
    (await swfCall(server, 'RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' }))
      .status,
  ).toBe(200);
  await swfCall(server, 'RegisterWorkflowType', {
    domain: 'd',
    name: 'wf',
    version: '1',
    defaultTaskList: { name: 'tl' },
    defaultExecutionStartToCloseTimeout: '600',
    defaultTaskStartToCloseTimeout: '60',
    defaultChildPolicy: 'TERMINATE',
  });
  for (let i = 0; i < 30; i++) {
    const started = await swfCall(server, 'StartWorkflowExecution', {
      domain: 'd',
      workflowId: `w${i}`,
      workflowType: { name: 'wf', version: '1' },
    });
    expect(started.status).toBe(200);
    if (i % 3 === 0)
      await swfCall(server, 'TerminateWorkflowExecution', { domain: 'd', workflowId: `w${i}` });
  }
  return server;
}

describe('state export and import stream', () => {
  it('serves exactly the exported state, and loads it back sent in small chunks', async () => {
    const server = await busyServer();
    const exported = await raw(server, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS });
    expect(exported.status).toBe(200);
    expect(exported.headers['transfer-encoding']).toBe('chunked');
    expect(exported.json).toEqual(JSON.parse(stateText(server)));

    const other = await testServer({ clock: 'manual', seed: 'stream' });
    const loaded = await raw(other, {
      method: 'PUT',
      path: '/_swf-sim/state',
      headers: CONTROL_HEADERS,
      body: exported.text,
      chunked: true,
    });
    expect(loaded.status, loaded.text).toBe(200);
    // Identical but for queue order numbers, which each service counts for itself.
    expect(withoutSeq(stateText(other))).toEqual(withoutSeq(exported.text));
  });

  it('refuses a document broken after its first runs were built, answering once the body is read, and changes nothing', async () => {
    const source = await busyServer();
    const text = stateText(source);
    const target = await busyServer();
    await swfCall(target, 'StartWorkflowExecution', {
      domain: 'd',
      workflowId: 'kept',
      workflowType: { name: 'wf', version: '1' },
    });
    const before = stateText(target);
    // The last run's last event gets an id out of sequence; a malformed tail comes after it.
    const lastIds = [...text.matchAll(/"eventId":(\d+)/g)];
    const last = lastIds.at(-1) as RegExpMatchArray;
    const broken = `${text.slice(0, last.index)}"eventId":99${text.slice((last.index as number) + last[0].length)}`;
    for (const [body, code, message] of [
      [broken, 'InvalidSnapshot', /runs\[29\]\.events\[\d+\]\.eventId: expected \d+/],
      [text.slice(0, -200), 'InvalidControlRequest', /Malformed JSON/],
      [
        `${text.trimEnd().slice(0, -1)},"regions":{}}`,
        'InvalidSnapshot',
        /snapshot\.regions: appears more than once/,
      ],
      // Duplicate members a whole parse would take the last of: a streamed import used the first.
      [text.replace('"runs":[', '"runs":[],"runs":['), 'InvalidSnapshot', /\.runs: appears more than once/],
      [`${text.trimEnd().slice(0, -1)},"clockMs":0}`, 'InvalidSnapshot', /clockMs: appears more than once/],
    ] as const) {
      const answer = await raw(target, {
        method: 'PUT',
        path: '/_swf-sim/state',
        headers: CONTROL_HEADERS,
        body,
        chunked: true,
      });
      expect(answer.status, answer.text).toBe(400);
      expect(answer.json).toMatchObject({ __type: code });
      expect((answer.json as { message: string }).message).toMatch(message);
      expect(stateText(target)).toBe(before);
    }
  });

  it('journals nothing of an import it refuses, even what building the new world moved on its own clock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swf-sim-state-'));
    try {
      const server = await busyServer({ stateDir: dir });
      const before = stateText(server);
      const exported = JSON.parse(before) as {
        clockMs: number;
        regions: Record<string, { clockMs: number }>;
      };
      const regional = exported.regions['us-east-1'] as { clockMs: number };
      // A later region an hour ahead moves the new world's clock past the first one's timeouts, then a
      // broken one gets the whole document refused.
      const document = {
        ...exported,
        regions: {
          'us-east-1': regional,
          'us-west-2': { ...regional, clockMs: regional.clockMs + 3600_000 },
          'eu-west-1': { ...regional, format: 'nope' },
        },
      };
      const answer = await raw(server, {
        method: 'PUT',
        path: '/_swf-sim/state',
        headers: CONTROL_HEADERS,
        body: JSON.stringify(document),
      });
      expect(answer.status, answer.text).toBe(400);
      await server.close();
      const restarted = await testServer({ clock: 'manual', seed: 'stream', stateDir: dir });
      const after = stateText(restarted);
      await restarted.close();
      expect(after).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('restarts from a snapshot holding a decision task that waits on a temporary task-list override', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swf-sim-state-'));
    try {
      // Every journal entry starts a new generation, so the state is in a snapshot when the server stops.
      const server = await busyServer({ stateDir: dir, compactAfterBytes: 1 });
      const task = (await swfCall(server, 'PollForDecisionTask', { domain: 'd', taskList: { name: 'tl' } }))
        .json as { taskToken: string; workflowExecution: { workflowId: string } };
      const answered = await swfCall(server, 'RespondDecisionTaskCompleted', {
        taskToken: task.taskToken,
        decisions: [],
        taskList: { name: 'elsewhere' },
        taskListScheduleToStartTimeout: '100',
      });
      expect(answered.status, answered.text).toBe(200);
      // A new event schedules a decision task on the override list, to be started within 100 s.
      const { workflowId } = task.workflowExecution;
      await swfCall(server, 'SignalWorkflowExecution', { domain: 'd', workflowId, signalName: 's' });
      const before = stateText(server);
      await server.close();
      const restarted = await testServer({ clock: 'manual', seed: 'stream', stateDir: dir });
      const after = stateText(restarted);
      await restarted.close();
      expect(restarted.recovered?.snapshot).toBeDefined();
      // Byte for byte: the restore keeps each open task's queue order number.
      expect(after).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('restarts with its regions in the order they had, a region named like a number included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swf-sim-state-'));
    try {
      const server = await testServer({
        clock: 'manual',
        seed: 'stream',
        stateDir: dir,
        compactAfterBytes: 1,
      });
      for (const region of ['us-east-1', '7']) {
        await sdkClient(server, region).send(
          new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }),
        );
      }
      const exported = async (target: SwfServer): Promise<string> =>
        (await raw(target, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS })).text;
      const before = await exported(server);
      expect(before.indexOf('"us-east-1"')).toBeLessThan(before.indexOf('"7"'));
      await server.close();
      const restarted = await testServer({ clock: 'manual', seed: 'stream', stateDir: dir });
      expect(restarted.recovered?.snapshot).toBeDefined();
      // The text itself, not a parsed form (which would put "7" first either way).
      expect(await exported(restarted)).toBe(before);
      await restarted.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
