import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as reenact } from '../../src/cli/reenact.js';
import { runCommand } from './runCommand.js';

const FIXTURES = new URL('../../fixtures/histories/', import.meta.url).pathname;
const HELLO = `${FIXTURES}hello-world_boto-tutorial.json`;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-reenact-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const call = (...args: string[]) => runCommand(reenact, ...args);

describe('swf-sim reenact', () => {
  it('re-enacts every recording: one line each, a summary, exit 0 (known divergences documented)', async () => {
    const files = [
      'hello-world_boto-tutorial.json',
      'botify-labs_simpleflow__test_wait_signal__14fbac.json',
    ].map((f) => FIXTURES + f);
    const { code, out, err } = await call(...files);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`OK    ${files[0] as string}: identical (11 events, timestamps within 0 ms)`);
    expect(out).toContain(
      `OK    ${files[1] as string}: identical but for known divergences: task-list-order (31 events)`,
    );
    expect(out).toContain(
      '2 histories: 1 identical, 1 identical but for documented divergences, 0 different',
    );
    expect((await call('--strict', ...files)).code).toBe(1);
  });

  it('exits 1 with the diff when a history differs', async () => {
    const recorded = JSON.parse(readFileSync(HELLO, 'utf8')) as { events: Record<string, unknown>[] };
    const attributes = recorded.events[1]?.decisionTaskScheduledEventAttributes as Record<string, unknown>;
    attributes.startToCloseTimeout = '301';
    const edited = join(directory, 'edited.json');
    writeFileSync(edited, JSON.stringify(recorded));
    const { code, out } = await call(edited);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL  ${edited}: differs (11 events)`);
    expect(out).toContain(
      '✗ event 2 (DecisionTaskScheduled): startToCloseTimeout: recorded "301", re-enacted "300"',
    );
    expect(out).toContain('recorded | re-enacted, around the first difference:');
  });

  it('exits 2 for bad usage and unusable histories', async () => {
    expect((await call()).code).toBe(2);
    expect((await call('--tolerance-ms', 'soon', HELLO)).code).toBe(2);
    const gap = join(directory, 'gap.json');
    const recorded = JSON.parse(readFileSync(HELLO, 'utf8')) as { events: unknown[] };
    writeFileSync(gap, JSON.stringify({ events: recorded.events.filter((_, i) => i !== 4) }));
    const { code, err } = await call(gap);
    expect(code).toBe(2);
    expect(err).toContain(
      `ERROR ${gap}: event ids must run 1, 2, … in order: position 5 holds event 6, expected 5`,
    );
  });
});
