import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as reenact } from '../../src/cli/reenact.js';
import { run as replay } from '../../src/cli/replay.js';

const FIXTURES = new URL('../../fixtures/histories/', import.meta.url).pathname;
const EXAMPLES = new URL('../../fixtures/examples/', import.meta.url).pathname;
const HELLO = `${FIXTURES}hello-world_boto-tutorial.json`;
const ELIFE = `${FIXTURES}elifesciences_elife-bot__test_data_decision.json`;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-replay-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function call(
  command: typeof replay,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('swf-sim replay', () => {
  it('prints one line per history and a summary, and exits 0 when every one replays identically', async () => {
    const { code, out, err } = await call(
      replay,
      HELLO,
      HELLO,
      '--decider',
      `${EXAMPLES}helloWorldDecider.ts`,
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('OK '))).toHaveLength(2);
    expect(out).toContain('\n2 histories: 2 identical, 0 diverged, 0 unreadable or unusable\n');
  });

  it('takes a plain decide function module, and reports the not-recorded last decision point', async () => {
    const { code, out } = await call(replay, ELIFE, '--decider', `${EXAMPLES}elifeSumDecider.ts`);
    expect(code).toBe(0);
    expect(out).toContain(
      '3 decision point(s) identical; last decision point not recorded (started at event 22)',
    );
  });

  it('exits 1 with the diff when the decider diverges', async () => {
    const { code, out } = await call(replay, HELLO, '--decider', `${EXAMPLES}helloWorldChangedDecider.ts`);
    expect(code).toBe(1);
    expect(out).toContain('FAIL  ');
    expect(out).toContain('diverged at the decision task started at event 3');
    expect(out).toContain('- startToCloseTimeout: "3600"');
    expect(out).toContain('1 history: 0 identical, 1 diverged, 0 unreadable or unusable');
  });

  it('exits 2 for bad usage, a module that is not a decider, or an unreadable history', async () => {
    expect((await call(replay, HELLO)).err).toContain('no --decider module given');
    const notDecider = join(directory, 'nothing.mjs');
    writeFileSync(notDecider, 'export const x = 1;\n');
    const bad = await call(replay, HELLO, '--decider', notDecider);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a decider module: export `decider(client: SWFClient)`');
    const broken = join(directory, 'broken.json');
    writeFileSync(broken, '{"events": [{"eventId": 1}]}');
    const mixed = await call(replay, HELLO, broken, '--decider', `${EXAMPLES}helloWorldDecider.ts`);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain(`ERROR ${broken}: event 1: eventType undefined is not a string`);
    expect(mixed.out).toContain('OK    ');
    expect((await call(replay, '--help')).out).toContain('usage: swf-sim replay');
  });
});

describe('swf-sim reenact', () => {
  it('re-enacts every recording: one line each, a summary, exit 0 (known divergences documented)', async () => {
    const files = [
      'hello-world_boto-tutorial.json',
      'botify-labs_simpleflow__test_wait_signal__14fbac.json',
    ].map((f) => FIXTURES + f);
    const { code, out, err } = await call(reenact, ...files);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`OK    ${files[0] as string}: identical (11 events, timestamps within 0 ms)`);
    expect(out).toContain(
      `OK    ${files[1] as string}: identical but for known divergences: task-list-order (31 events)`,
    );
    expect(out).toContain(
      '2 histories: 1 identical, 1 identical but for documented divergences, 0 different',
    );
    expect((await call(reenact, '--strict', ...files)).code).toBe(1);
  });

  it('exits 1 with the diff when a history differs', async () => {
    const recorded = JSON.parse(readFileSync(HELLO, 'utf8')) as { events: Record<string, unknown>[] };
    const attributes = recorded.events[1]?.decisionTaskScheduledEventAttributes as Record<string, unknown>;
    attributes.startToCloseTimeout = '301';
    const edited = join(directory, 'edited.json');
    writeFileSync(edited, JSON.stringify(recorded));
    const { code, out } = await call(reenact, edited);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL  ${edited}: differs (11 events)`);
    expect(out).toContain(
      '✗ event 2 (DecisionTaskScheduled): startToCloseTimeout: recorded "301", re-enacted "300"',
    );
    expect(out).toContain('recorded | re-enacted, around the first difference:');
  });

  it('exits 2 for bad usage and unusable histories', async () => {
    expect((await call(reenact)).code).toBe(2);
    expect((await call(reenact, '--tolerance-ms', 'soon', HELLO)).code).toBe(2);
    const gap = join(directory, 'gap.json');
    const recorded = JSON.parse(readFileSync(HELLO, 'utf8')) as { events: unknown[] };
    writeFileSync(gap, JSON.stringify({ events: recorded.events.filter((_, i) => i !== 4) }));
    const { code, err } = await call(reenact, gap);
    expect(code).toBe(2);
    expect(err).toContain(
      `ERROR ${gap}: event ids must run 1, 2, … in order: position 5 holds event 6, expected 5`,
    );
  });
});
