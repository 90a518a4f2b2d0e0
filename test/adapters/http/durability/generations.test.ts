/**
 * `--state-dir` keeps the generation before the newest snapshot: a start that cannot restore the
 * newest snapshot (a damaged file, a restore bug) rebuilds the same world from the one before it and
 * the journals after it — unless a reset or import lies between them.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartServerOptions, SwfServer } from '../../../../src/adapters/http/startServer.js';
import { StateDirError } from '../../../../src/adapters/http/durability/stateDir.js';
import { run } from '../../../../src/cli/serve.js';
import { CONTROL_HEADERS, raw, stateText, swfCall, tempDir, testServer, until } from '../helpers.js';

const stateDir = (): Promise<string> => tempDir('swf-sim-generations-');

/** Small journals, so that a few calls make several generations. */
const SETTINGS = { clock: 'manual', seed: 'generations', compactAfterBytes: 1500 } as const;

async function server(dir: string, options: StartServerOptions = {}): Promise<SwfServer> {
  return testServer({ ...SETTINGS, stateDir: dir, ...options });
}

async function ok(target: SwfServer, operation: string, input: unknown): Promise<Record<string, unknown>> {
  const answer = await swfCall(target, operation, input);
  expect(answer.status, `${operation}: ${answer.text}`).toBe(200);
  return (answer.json ?? {}) as Record<string, unknown>;
}

/** Runs, a decision answered with a timer and an activity, the activity started, a signal. */
async function work(target: SwfServer, runs = 12): Promise<void> {
  await ok(target, 'RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' });
  await ok(target, 'RegisterWorkflowType', {
    domain: 'd',
    name: 'wf',
    version: '1',
    defaultTaskList: { name: 'tl' },
    defaultExecutionStartToCloseTimeout: '600',
    defaultTaskStartToCloseTimeout: '60',
    defaultChildPolicy: 'TERMINATE',
  });
  await ok(target, 'RegisterActivityType', {
    domain: 'd',
    name: 'act',
    version: '1',
    defaultTaskList: { name: 'work' },
    defaultTaskScheduleToStartTimeout: 'NONE',
    defaultTaskScheduleToCloseTimeout: 'NONE',
    defaultTaskStartToCloseTimeout: '300',
    defaultTaskHeartbeatTimeout: 'NONE',
  });
  for (let i = 0; i < runs; i++) {
    await ok(target, 'StartWorkflowExecution', {
      domain: 'd',
      workflowId: `w${i}`,
      workflowType: { name: 'wf', version: '1' },
    });
  }
  const task = await ok(target, 'PollForDecisionTask', { domain: 'd', taskList: { name: 'tl' } });
  await ok(target, 'RespondDecisionTaskCompleted', {
    taskToken: task.taskToken,
    decisions: [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: 'a1',
          activityType: { name: 'act', version: '1' },
        },
      },
      {
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: 't1', startToFireTimeout: '90' },
      },
    ],
  });
  await ok(target, 'PollForActivityTask', { domain: 'd', taskList: { name: 'work' } });
  await ok(target, 'SignalWorkflowExecution', { domain: 'd', workflowId: 'w1', signalName: 's' });
}

/** The generations whose snapshot / journal files `dir` holds, by kind. */
async function files(dir: string): Promise<{ snapshots: number[]; journals: number[]; names: string[] }> {
  const names = (await readdir(dir)).sort();
  const of = (kind: string): number[] =>
    names.flatMap((name) => {
      const match = new RegExp(`^${kind}-(\\d+)\\.`).exec(name);
      return match === null ? [] : [Number(match[1])];
    });
  return { snapshots: of('snapshot'), journals: of('journal'), names };
}

/** Damages the newest snapshot with `damage`; its generation. */
async function damageNewest(dir: string, damage: (text: string) => string): Promise<number> {
  const newest = (await files(dir)).snapshots.at(-1) as number;
  const path = join(dir, `snapshot-${String(newest).padStart(6, '0')}.json`);
  await writeFile(path, damage(await readFile(path, 'utf8')));
  return newest;
}

const DAMAGES: readonly [string, (text: string) => string, RegExp][] = [
  ['cut short', (text) => text.slice(0, text.length / 2), /SyntaxError/],
  [
    'with a run replaced by junk',
    (text) => text.replace(/\n\{"workflowId":"w3".*\n/, '\n{"junk":true},\n'),
    /SnapshotError/,
  ],
];

describe('state directory generations', () => {
  for (const [name, damage, error] of DAMAGES) {
    it(`restarts with every acknowledged call when the newest snapshot is ${name}`, async () => {
      const dir = await stateDir();
      const first = await server(dir);
      await work(first);
      const before = stateText(first);
      await first.close();
      expect((await files(dir)).snapshots).toHaveLength(2);
      const broken = await damageNewest(dir, damage);

      const warnings: string[] = [];
      const second = await server(dir, { logErrors: (line) => warnings.push(line) });
      // Byte for byte: a restore keeps the queue order numbers, and the journals replay the rest.
      expect(stateText(second)).toBe(before);
      expect(second.recovered?.fellBack?.snapshot).toBe(broken);
      expect(second.recovered?.fellBack?.error).toMatch(error);
      expect(second.recovered?.snapshot).toBeLessThan(broken);
      expect(warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `snapshot-0*${broken}\\.json cannot be restored \\(${error.source}.*\\); started from snapshot \\d+ ` +
              `and the journals after it instead \\(the file is kept as .*unrestorable-0*${broken}\\.json\\)`,
          ),
        ),
      ]);
      // It goes on: a call, a new snapshot, and the next start needs no fallback.
      await ok(second, 'SignalWorkflowExecution', { domain: 'd', workflowId: 'w2', signalName: 'after' });
      const after = stateText(second);
      await second.close();
      const third = await server(dir, { logErrors: (line) => warnings.push(line) });
      expect(stateText(third)).toBe(after);
      expect(third.recovered?.fellBack).toBeUndefined();
      expect(warnings).toHaveLength(1);
    });
  }

  it('serve warns on stderr and says so on its state line', async () => {
    const dir = await stateDir();
    const first = await server(dir);
    await work(first);
    await first.close();
    const broken = await damageNewest(dir, (text) => text.slice(0, -100));
    const out: string[] = [];
    const err: string[] = [];
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const exit = run(['--port', '0', '--clock', 'manual', '--state-dir', dir], {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      stopped,
    });
    let exited = false;
    void exit.then(() => (exited = true));
    await until(() => exited || out.some((line) => line.includes('  state ')), 'the state line');
    expect(err.join('')).toMatch(new RegExp(`^swf-sim .*snapshot-0*${broken}\\.json cannot be restored \\(`));
    expect(out.join('')).toMatch(
      new RegExp(
        `state    .*: snapshot \\d+ \\+ \\d+ journal entries \\(snapshot ${broken} could not be restored\\)`,
      ),
    );
    stop('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('refuses to fall back across a reset or an import, and when the older snapshot is damaged too', async () => {
    const resetLast = await stateDir();
    const importLast = await stateDir();
    const bothDamaged = await stateDir();
    for (const dir of [resetLast, importLast, bothDamaged]) {
      const target = await server(dir);
      await work(target);
      if (dir === resetLast) {
        // Nothing follows the reset: its journal holds no entry, only the header that says so.
        const reset = await raw(target, { path: '/_swf-sim/reset', headers: CONTROL_HEADERS });
        expect(reset.status, reset.text).toBe(200);
      } else if (dir === importLast) {
        const exported = stateText(target);
        await ok(target, 'SignalWorkflowExecution', { domain: 'd', workflowId: 'w2', signalName: 'lost' });
        const loaded = await raw(target, {
          method: 'PUT',
          path: '/_swf-sim/state',
          headers: CONTROL_HEADERS,
          body: exported,
        });
        expect(loaded.status, loaded.text).toBe(200);
        await ok(target, 'SignalWorkflowExecution', { domain: 'd', workflowId: 'w2', signalName: 'kept' });
      }
      await target.close();
      if (dir === bothDamaged) {
        await damageNewest(dir, (text) => text.slice(0, 100));
        await writeFile(
          join(dir, (await files(dir)).names.find((n) => n.startsWith('snapshot-')) as string),
          '{',
        );
      } else {
        await damageNewest(dir, (text) => text.slice(0, 100));
      }
    }
    const crossing = /journal-\d+\.ndjson starts from snapshot \d+ \(a reset or import\)$/;
    for (const dir of [resetLast, importLast]) {
      const refused = await server(dir).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(StateDirError);
      expect((refused as Error).message).toMatch(
        new RegExp(
          `snapshot-\\d+\\.json cannot be restored \\(SyntaxError.*\\); the generation before it cannot stand in: .*${crossing.source}`,
        ),
      );
    }
    await expect(server(bothDamaged)).rejects.toThrow(
      /snapshot-\d+\.json cannot be restored .*; the generation before it cannot stand in: .*snapshot-\d+\.json cannot be restored/,
    );

    // serve: exit 1 with that message.
    const err: string[] = [];
    const exit = await run(['--port', '0', '--state-dir', resetLast], {
      out: () => undefined,
      err: (text) => err.push(text),
      stopped: new Promise(() => undefined),
    });
    expect(exit).toBe(1);
    expect(err.join('')).toMatch(new RegExp(`^swf-sim serve: .*${crossing.source.slice(0, -1)}\\n$`));
  });

  it('keeps two complete generations, no more, however many compactions', async () => {
    const dir = await stateDir();
    const target = await server(dir, { compactAfterBytes: 400 });
    await work(target, 30);
    await target.close();
    const { snapshots, journals, names } = await files(dir);
    expect(snapshots, names.join(' ')).toHaveLength(2);
    // Every generation since the older snapshot has its journal (the newest one's may still be empty).
    expect(journals.length).toBeGreaterThanOrEqual(1);
    expect(journals.length).toBeLessThanOrEqual(2);
    expect(Math.min(...journals)).toBe(snapshots[0]);
    expect(Math.max(...snapshots)).toBeGreaterThan(10);
    expect(names.filter((name) => !/^(snapshot|journal)-/.test(name))).toEqual(['settings.json']);
  });
});
