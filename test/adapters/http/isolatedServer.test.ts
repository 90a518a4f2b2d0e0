/**
 * `swf-sim serve` runs its state in a worker and builds each import in another one
 * (`startIsolatedServer`). Whatever a client does, it must see exactly what `startServer` shows:
 * the same answers, tokens and run ids, the same state, through imports, carried floors and locks,
 * and across restarts of a state directory.
 */
import { request } from 'node:http';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WorkerBackend } from '../../../src/adapters/http/isolated/Backend.js';
import { startIsolatedServer } from '../../../src/adapters/http/isolated/isolatedServer.js';
import type { StartServerOptions } from '../../../src/adapters/http/startServer.js';
import {
  CONTROL_HEADERS,
  exportedText,
  importState,
  raw,
  registerWorkflow,
  registerWorkflowType,
  swfCall,
  tempDir,
  testServer,
} from './helpers.js';

interface Target {
  readonly url: string;
}

async function isolated(
  options: StartServerOptions,
  asideFromBytes = 0,
): Promise<Target & { close(): Promise<void> }> {
  const server = await startIsolatedServer({ port: 0, ...options }, { asideFromBytes });
  onTestFinished(() => server.close());
  return server;
}

const SETTINGS = { clock: 'manual', seed: 'isolated' } as const;

/** Every answer of a script, in order: what both kinds of server must agree on. */
type Transcript = [string, number, unknown][];

async function call(
  target: Target,
  log: Transcript,
  operation: string,
  input: unknown,
): Promise<{ taskToken?: string }> {
  const answer = await swfCall(target, operation, input);
  log.push([operation, answer.status, answer.json]);
  return answer.json ?? {};
}

async function control(target: Target, log: Transcript, method: string, path: string, body?: string) {
  const answer = await raw(target, {
    method,
    path: `/_swf-sim${path}`,
    headers: CONTROL_HEADERS,
    ...(body !== undefined && { body }),
  });
  // Lock lifetimes and the age of tasks in progress are real time: only names are the same twice.
  const json = answer.json as { locks?: { name: string }[]; tasksInProgress?: string[] } | undefined;
  if (json?.locks !== undefined) json.locks = json.locks.map(({ name }) => ({ name }));
  if (json?.tasksInProgress !== undefined)
    json.tasksInProgress = json.tasksInProgress.map((task) => task.replace(/\d+ ms ago/, 'N ms ago'));
  log.push([`${method} ${path}`, answer.status, path === '/state' && method === 'GET' ? '…' : json]);
  return answer;
}

/** Runs, a timer, a started activity and a skip lock; an import of an earlier state; more work after it. */
async function script(target: Target): Promise<{ log: Transcript; state: string }> {
  const log: Transcript = [];
  const domain = 'd';
  await call(target, log, 'RegisterDomain', { name: domain, workflowExecutionRetentionPeriodInDays: '1' });
  await call(target, log, 'RegisterWorkflowType', {
    domain,
    name: 'wf',
    version: '1',
    defaultTaskList: { name: 'tl' },
    defaultExecutionStartToCloseTimeout: '3600',
    defaultTaskStartToCloseTimeout: '60',
    defaultChildPolicy: 'TERMINATE',
  });
  await call(target, log, 'RegisterActivityType', {
    domain,
    name: 'act',
    version: '1',
    defaultTaskList: { name: 'work' },
    defaultTaskScheduleToStartTimeout: 'NONE',
    defaultTaskScheduleToCloseTimeout: 'NONE',
    defaultTaskStartToCloseTimeout: '300',
    defaultTaskHeartbeatTimeout: 'NONE',
  });
  const type = { name: 'wf', version: '1' };
  await call(target, log, 'StartWorkflowExecution', { domain, workflowId: 'w0', workflowType: type });
  await call(target, log, 'StartWorkflowExecution', { domain, workflowId: 'w1', workflowType: type });
  const first = await call(target, log, 'PollForDecisionTask', { domain, taskList: { name: 'tl' } });
  await call(target, log, 'RespondDecisionTaskCompleted', {
    taskToken: first.taskToken,
    decisions: [
      {
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: 't', startToFireTimeout: '100' },
      },
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: 'a',
          activityType: { name: 'act', version: '1' },
        },
      },
    ],
  });
  const activity = await call(target, log, 'PollForActivityTask', { domain, taskList: { name: 'work' } });
  await control(target, log, 'POST', '/clock/lock', JSON.stringify({ name: 'keep', ttlMs: 600_000 }));
  const saved = (await control(target, log, 'GET', '/state')).text;

  await call(target, log, 'StartWorkflowExecution', { domain, workflowId: 'w2', workflowType: type });
  const later = await call(target, log, 'PollForDecisionTask', { domain, taskList: { name: 'tl' } });
  // A poll parked when the import swaps the state in is answered empty.
  const parked = swfCall(target, 'PollForDecisionTask', { domain, taskList: { name: 'nothing' } });
  await control(target, log, 'PUT', '/state', saved);
  const released = await parked;
  log.push(['parked poll', released.status, released.json]);

  await call(target, log, 'RespondActivityTaskCompleted', { taskToken: activity.taskToken, result: 'ok' });
  // Issued after the saved state: unknown to the imported one, and never issued again.
  await call(target, log, 'RespondDecisionTaskCompleted', { taskToken: later.taskToken, decisions: [] });
  await call(target, log, 'StartWorkflowExecution', { domain, workflowId: 'w3', workflowType: type });
  const next = await call(target, log, 'PollForDecisionTask', { domain, taskList: { name: 'tl' } });
  expect(next.taskToken).not.toBe(later.taskToken);
  await control(target, log, 'POST', '/clock/advance', JSON.stringify({ ms: 100_000 }));
  await control(target, log, 'GET', '/clock');
  return { log, state: await exportedText(target) };
}

/** A PUT of `document` with only its first half sent; `finish` sends the rest. */
function halfImport(target: Target, document: Buffer): { answer: Promise<number>; finish: () => void } {
  let finish = (): void => undefined;
  const answer = new Promise<number>((resolve, reject) => {
    const req = request(
      `${target.url}/_swf-sim/state`,
      { method: 'PUT', headers: CONTROL_HEADERS },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(document.subarray(0, document.length >> 1));
    finish = () => void req.end(document.subarray(document.length >> 1));
  });
  return { answer, finish };
}

/**
 * `GET /_swf-sim/state`, read by a client that takes the first piece and then (`pause`) waits for
 * `pause` to settle before reading on, or (`hangUp`) hangs up.
 */
function exportReadBy(
  target: Target,
  after: { pause: Promise<unknown> } | { hangUp: true },
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${target.url}/_swf-sim/state`, { headers: CONTROL_HEADERS }, (res) => {
      const chunks: Buffer[] = [];
      res.once('data', () => {
        if ('hangUp' in after) {
          req.destroy();
          resolve(undefined);
          return;
        }
        res.pause();
        void after.pause.then(() => res.resume());
      });
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startIsolatedServer: swf-sim serve with its state in a worker, imports built in another', () => {
  it('answers every call, import included, exactly as startServer does', async () => {
    const inProcess = await script(await testServer(SETTINGS));
    const aside = await script(await isolated(SETTINGS));
    expect(aside.log).toEqual(inProcess.log);
    expect(aside.state).toBe(inProcess.state);
    // The script did what it says.
    const answers = new Map(aside.log.map(([what, status, json]) => [what, { status, json }]));
    expect(answers.get('PUT /state')?.status).toBe(200);
    expect(answers.get('parked poll')).toMatchObject({ status: 200, json: { startedEventId: 0 } });
    expect(answers.get('RespondActivityTaskCompleted')?.status).toBe(200);
    expect(answers.get('GET /clock')?.json).toMatchObject({ locks: [{ name: 'keep' }] });
  });

  it('with a state directory: a restart after an import has the imported state and what followed', async () => {
    const dir = await tempDir('swf-sim-isolated-');
    const first = await isolated({ ...SETTINGS, stateDir: dir });
    const { state } = await script(first);
    await first.close();
    const again = await isolated({ ...SETTINGS, stateDir: dir });
    expect(await exportedText(again)).toBe(state);
  });

  it('keeps serving the current state while an import streams in, and drops a refused one', async () => {
    const target = await isolated(SETTINGS);
    const exported = (): Promise<string> => exportedText(target);
    const domains = async (): Promise<unknown> =>
      (await swfCall(target, 'ListDomains', { registrationStatus: 'REGISTERED' })).json;
    await swfCall(target, 'RegisterDomain', { name: 'saved', workflowExecutionRetentionPeriodInDays: '1' });
    const saved = Buffer.from(await exported());
    await swfCall(target, 'RegisterDomain', { name: 'later', workflowExecutionRetentionPeriodInDays: '1' });
    const before = await exported();

    const bad = JSON.stringify({
      format: 'swf-sim/server-snapshot',
      version: 1,
      clockMs: 0,
      regions: { 'no region': {} },
    });
    const refused = await importState(target, bad);
    expect(refused.status).toBe(400);
    expect(await exported()).toBe(before);

    // Half the document sent: the state it replaces still answers, and may still change.
    const held = halfImport(target, saved);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await domains()).toMatchObject({ domainInfos: [{ name: 'later' }, { name: 'saved' }] });
    await swfCall(target, 'RegisterDomain', {
      name: 'meanwhile',
      workflowExecutionRetentionPeriodInDays: '1',
    });
    held.finish();
    expect(await held.answer).toBe(200);
    expect(await domains()).toMatchObject({ domainInfos: [{ name: 'saved' }] });
  });

  it('streams a large export from a worker to a slow reader while answering others, and lets one who hangs up go', async () => {
    const errors: string[] = [];
    const target = await isolated({ ...SETTINGS, logErrors: (line) => errors.push(line) });
    await registerWorkflow(target);
    const input = 'x'.repeat(32_000);
    for (let i = 0; i < 100; i++) {
      await swfCall(target, 'StartWorkflowExecution', {
        domain: 'd',
        workflowId: `w${i}`,
        workflowType: { name: 'wf', version: '1' },
        input,
      });
    }
    // Imported into a worker: the exports below come from there, three megabytes each.
    const state = await exportedText(target);
    expect(state.length).toBeGreaterThan(3_000_000);
    const imported = await importState(target, state);
    expect(imported.status).toBe(200);

    let othersServed = (): void => undefined;
    const served = new Promise<void>((resolve) => (othersServed = resolve));
    const slow = exportReadBy(target, { pause: served });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const meanwhile = await swfCall(target, 'CountOpenWorkflowExecutions', {
      domain: 'd',
      startTimeFilter: { oldestDate: 0 },
    });
    expect(meanwhile.json).toEqual({ count: 100, truncated: false });
    othersServed();
    expect(await slow).toBe(state);

    expect(await exportReadBy(target, { hangUp: true })).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await exportedText(target)).toBe(state);
    expect(errors).toEqual([]);
  });

  it('replaces a worker that stops unasked with a fresh one, restored from the state directory', async () => {
    const dir = await tempDir('swf-sim-isolated-');
    const errors: string[] = [];
    const target = await isolated({ ...SETTINGS, stateDir: dir, logErrors: (line) => errors.push(line) });
    await registerWorkflow(target);
    expect((await importState(target, await exportedText(target))).status).toBe(200);
    await swfCall(target, 'StartWorkflowExecution', {
      domain: 'd',
      workflowId: 'before the crash',
      workflowType: { name: 'wf', version: '1' },
    });
    // The worker serving now, caught as it serves the next request.
    const serve = vi.spyOn(WorkerBackend.prototype, 'serve');
    onTestFinished(() => serve.mockRestore());
    const before = await exportedText(target);
    expect(before).toContain('before the crash');
    const crashed = serve.mock.contexts.at(-1) as WorkerBackend;

    // Stopped unasked, as a crash stops it: requests wait for a fresh worker, which finds the state.
    await (crashed as unknown as { worker: Worker }).worker.terminate();
    expect(await exportedText(target)).toBe(before);
    expect(serve.mock.contexts.at(-1)).not.toBe(crashed);
    expect(errors.join('\n')).toMatch(/the backend serving the state stopped \(exit code \d+\), restarting/);
    const started = await swfCall(target, 'StartWorkflowExecution', {
      domain: 'd',
      workflowId: 'after the crash',
      workflowType: { name: 'wf', version: '1' },
    });
    expect(started.status).toBe(200);
  });

  it('builds small imports in place and large ones aside, numbering them all as startServer does', async () => {
    // Imports under 600 bytes in place, the others in a worker: run ids must not repeat either way.
    const run = async (target: Target): Promise<string[]> => {
      const runIds: string[] = [];
      const register = { name: 'd', workflowExecutionRetentionPeriodInDays: '1' };
      await swfCall(target, 'RegisterDomain', register);
      const small = await exportedText(target);
      expect(small.length).toBeLessThan(600);
      await registerWorkflowType(target);
      const large = await exportedText(target);
      expect(large.length).toBeGreaterThanOrEqual(600);
      for (const body of [small, large, small, large]) {
        const imported = await importState(target, body);
        expect(imported.status).toBe(200);
        if (body === large) {
          const started = await swfCall(target, 'StartWorkflowExecution', {
            domain: 'd',
            workflowId: `w${runIds.length}`,
            workflowType: { name: 'wf', version: '1' },
          });
          runIds.push((started.json as { runId: string }).runId);
        }
      }
      return runIds;
    };
    const expected = await run(await testServer(SETTINGS));
    expect(await run(await isolated(SETTINGS, 600))).toEqual(expected);
    expect(new Set(expected).size).toBe(expected.length);
  });

  it('numbers an import begun while another is built aside as startServer numbers overlapping imports', async () => {
    const run = async (target: Target): Promise<string[]> => {
      await registerWorkflow(target);
      const state = Buffer.from(await exportedText(target));
      const start = async (workflowId: string): Promise<string> =>
        (
          (
            await swfCall(target, 'StartWorkflowExecution', {
              domain: 'd',
              workflowId,
              workflowType: { name: 'wf', version: '1' },
            })
          ).json as { runId: string }
        ).runId;
      // A first import, streamed (no length: built aside), held half way…
      const first = halfImport(target, state);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // …while a second one, begun later, is built in place and swapped in first.
      const second = await importState(target, state);
      expect(second.status).toBe(200);
      const runIds = [await start('after-second')];
      first.finish();
      expect(await first.answer).toBe(200);
      runIds.push(await start('after-first'));
      return runIds;
    };
    const expected = await run(await testServer(SETTINGS));
    expect(await run(await isolated(SETTINGS, 1_000_000))).toEqual(expected);
  });
});
