/**
 * `swf-sim serve --state-dir`: a server killed with SIGKILL comes back with every acknowledged call,
 * its armed timer and its started activity task. The server runs as a child process (the sources,
 * through tsx), so that it can really be killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwfServer } from '../../../../src/adapters/http/startServer.js';
import { CONTROL_HEADERS, raw, swfCall } from '../helpers.js';

const CLI = join('src', 'cli', 'main.ts');
const DOMAIN = 'durable';
const WORKFLOW = { name: 'wf', version: '1' };
const ACTIVITY = { name: 'act', version: '1' };

interface Child {
  readonly process: ChildProcess;
  readonly server: SwfServer;
  readonly output: () => string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** `swf-sim serve` on a free port with `dir` as its state directory, once it listens and says what it restored. */
async function serve(dir: string): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'serve',
      '--port',
      '0',
      '--clock',
      'manual',
      '--seed',
      'crash',
      '--state-dir',
      dir,
      // Every import built in a worker, however small.
      '--import-worker-from',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const look = (): void => {
      // The last line of the banner says what was restored.
      const match = /listening on (http:\/\/\S+)[\s\S]*state .* journal entries/.exec(output);
      if (match !== null) resolve(match[1] as string);
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { process: child, server: { url } as SwfServer, output: () => output };
}

async function kill(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}

/** One SWF call that must succeed; its answer. */
async function ok(child: Child, operation: string, input: unknown): Promise<Record<string, unknown>> {
  const answer = await swfCall(child.server, operation, input);
  expect(answer.status, `${operation}: ${answer.text}`).toBe(200);
  return (answer.json ?? {}) as Record<string, unknown>;
}

async function history(child: Child, runId: string): Promise<{ eventType: string }[]> {
  const answer = await ok(child, 'GetWorkflowExecutionHistory', {
    domain: DOMAIN,
    execution: { workflowId: 'w1', runId },
  });
  return answer.events as { eventType: string }[];
}

describe('serve --state-dir', () => {
  it('restores every acknowledged call after SIGKILL: the timer fires and the started activity completes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swf-sim-state-'));
    try {
      let child = await serve(dir);
      await ok(child, 'RegisterDomain', { name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' });
      await ok(child, 'RegisterWorkflowType', {
        domain: DOMAIN,
        ...WORKFLOW,
        defaultTaskList: { name: 'decide' },
        defaultExecutionStartToCloseTimeout: '3600',
        defaultTaskStartToCloseTimeout: '600',
        defaultChildPolicy: 'TERMINATE',
      });
      await ok(child, 'RegisterActivityType', {
        domain: DOMAIN,
        ...ACTIVITY,
        defaultTaskList: { name: 'work' },
        defaultTaskScheduleToStartTimeout: 'NONE',
        defaultTaskScheduleToCloseTimeout: 'NONE',
        defaultTaskStartToCloseTimeout: '3000',
        defaultTaskHeartbeatTimeout: 'NONE',
      });
      const { runId } = (await ok(child, 'StartWorkflowExecution', {
        domain: DOMAIN,
        workflowId: 'w1',
        workflowType: WORKFLOW,
      })) as { runId: string };
      const decision = await ok(child, 'PollForDecisionTask', {
        domain: DOMAIN,
        taskList: { name: 'decide' },
      });
      await ok(child, 'RespondDecisionTaskCompleted', {
        taskToken: decision.taskToken,
        decisions: [
          {
            decisionType: 'ScheduleActivityTask',
            scheduleActivityTaskDecisionAttributes: { activityId: 'a1', activityType: ACTIVITY },
          },
          {
            decisionType: 'StartTimer',
            startTimerDecisionAttributes: { timerId: 't1', startToFireTimeout: '60' },
          },
        ],
      });
      const activity = await ok(child, 'PollForActivityTask', { domain: DOMAIN, taskList: { name: 'work' } });
      expect(activity.taskToken).toEqual(expect.any(String));
      await ok(child, 'SignalWorkflowExecution', { domain: DOMAIN, workflowId: 'w1', signalName: 'last' });
      const before = await history(child, runId);
      // 9 acknowledged state-changing calls; the last one answered, then the process dies.
      await kill(child);

      child = await serve(dir);
      expect(child.output()).toMatch(/no snapshot \+ \d+ journal entries/);
      expect(await history(child, runId)).toEqual(before);
      expect(before.map((e) => e.eventType)).toEqual(
        expect.arrayContaining(['ActivityTaskStarted', 'TimerStarted', 'WorkflowExecutionSignaled']),
      );
      const advanced = await raw(child.server, {
        path: '/_swf-sim/clock/advance',
        headers: CONTROL_HEADERS,
        body: JSON.stringify({ ms: 60_000 }),
      });
      expect(advanced.status).toBe(200);
      await ok(child, 'RespondActivityTaskCompleted', { taskToken: activity.taskToken, result: 'done' });
      const after = (await history(child, runId)).map((e) => e.eventType);
      expect(after.slice(before.length)).toEqual(
        expect.arrayContaining(['TimerFired', 'ActivityTaskCompleted']),
      );
      const afterRestart = await history(child, runId);
      await kill(child);

      // The restart compacted the journal into a snapshot; a second crash replays snapshot + tail.
      child = await serve(dir);
      expect(await history(child, runId)).toEqual(afterRestart);
      expect((await readdir(dir)).some((name) => name.startsWith('snapshot-'))).toBe(true);
      await kill(child);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('restores an acknowledged import, built in a worker of its own, and the calls after it, after SIGKILL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swf-sim-state-'));
    try {
      let child = await serve(dir);
      const state = async (): Promise<string> =>
        (await raw(child.server, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS })).text;
      const register = (name: string): Promise<unknown> =>
        ok(child, 'RegisterDomain', { name, workflowExecutionRetentionPeriodInDays: '1' });
      await register('saved');
      const saved = await state();
      await register('replaced');
      const imported = await raw(child.server, {
        method: 'PUT',
        path: '/_swf-sim/state',
        headers: CONTROL_HEADERS,
        body: saved,
      });
      expect(imported.status, imported.text).toBe(200);
      await register('after');
      const before = await state();
      await kill(child);

      child = await serve(dir);
      expect(await state()).toBe(before);
      const domains = await ok(child, 'ListDomains', { registrationStatus: 'REGISTERED' });
      expect(domains.domainInfos).toMatchObject([{ name: 'after' }, { name: 'saved' }]);
      await kill(child);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the directory locked once an import built aside took it over: another server is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swf-sim-state-'));
    try {
      const child = await serve(dir);
      await ok(child, 'RegisterDomain', { name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' });
      const saved = await raw(child.server, {
        method: 'GET',
        path: '/_swf-sim/state',
        headers: CONTROL_HEADERS,
      });
      const imported = await raw(child.server, {
        method: 'PUT',
        path: '/_swf-sim/state',
        headers: CONTROL_HEADERS,
        body: saved.text,
      });
      expect(imported.status, imported.text).toBe(200);
      // The state it replaced is gone by now (nothing was reading it).
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = spawn(
        process.execPath,
        ['--import', 'tsx', CLI, 'serve', '--port', '0', '--state-dir', dir],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(second);
      let output = '';
      second.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise((resolve) => second.once('exit', resolve));
      expect(code, output).toBe(1);
      expect(output).toMatch(/in use by process \d+/);
      expect((await ok(child, 'ListDomains', { registrationStatus: 'REGISTERED' })).domainInfos).toHaveLength(
        1,
      );
      await kill(child);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
