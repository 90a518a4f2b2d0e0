import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as replay } from '../../src/cli/replay.js';
import { runCommand } from './runCommand.js';

const FIXTURES = new URL('../../fixtures/histories/', import.meta.url).pathname;
const EXAMPLES = new URL('../../fixtures/examples/', import.meta.url).pathname;
const HELLO = `${FIXTURES}hello-world_boto-tutorial.json`;
const ELIFE = `${FIXTURES}elifesciences_elife-bot__test_data_decision.json`;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-replay-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const call = (...args: string[]) => runCommand(replay, ...args);

describe('swf-sim replay', () => {
  it('prints one line per history and a summary, and exits 0 when every one replays identically', async () => {
    const { code, out, err } = await call(HELLO, HELLO, '--decider', `${EXAMPLES}helloWorldDecider.ts`);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('OK '))).toHaveLength(2);
    expect(out).toContain('\n2 histories: 2 identical, 0 diverged, 0 unreadable or unusable\n');
  });

  it('takes a plain decide function module, and reports the not-recorded last decision point', async () => {
    const { code, out } = await call(ELIFE, '--decider', `${EXAMPLES}elifeSumDecider.ts`);
    expect(code).toBe(0);
    expect(out).toContain(
      '3 decision point(s) identical; last decision point not recorded (started at event 22)',
    );
  });

  it('exits 1 with the diff when the decider diverges', async () => {
    const { code, out } = await call(HELLO, '--decider', `${EXAMPLES}helloWorldChangedDecider.ts`);
    expect(code).toBe(1);
    expect(out).toContain('FAIL  ');
    expect(out).toContain('diverged at the decision task started at event 3');
    expect(out).toContain('- startToCloseTimeout: "3600"');
    expect(out).toContain('1 history: 0 identical, 1 diverged, 0 unreadable or unusable');
  });

  it('exits 2 for bad usage, a module that is not a decider, or an unreadable history', async () => {
    expect((await call(HELLO)).err).toContain('no --decider module given');
    const notDecider = join(directory, 'nothing.mjs');
    writeFileSync(notDecider, 'export const x = 1;\n');
    const bad = await call(HELLO, '--decider', notDecider);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a decider module: export `decider(client: SWFClient)`');
    const broken = join(directory, 'broken.json');
    writeFileSync(broken, '{"events": [{"eventId": 1}]}');
    const mixed = await call(HELLO, broken, '--decider', `${EXAMPLES}helloWorldDecider.ts`);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain(`ERROR ${broken}: event 1: eventType undefined is not a string`);
    expect(mixed.out).toContain('OK    ');
    expect((await call('--help')).out).toContain('usage: swf-sim replay');
  });
});
