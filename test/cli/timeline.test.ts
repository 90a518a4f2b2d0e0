import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/timeline.js';
import { runCommand } from './runCommand.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'swf-sim-timeline-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const timeline = (...args: string[]) => runCommand(run, ...args);

/** The lane labels of the page's embedded model, group by group. */
function laneLabels(path: string): string[][] {
  const html = readFileSync(path, 'utf8');
  const json =
    /<script type="application\/json" id="timeline-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}';
  const data = JSON.parse(json) as { groups: { lanes: { label: string }[] }[] };
  return data.groups.map((g) => g.lanes.map((l) => l.label));
}

describe('swf-sim timeline', () => {
  it('writes the page of a history file and says what it drew', async () => {
    const out = join(directory, 'hello.html');
    const result = await timeline(`${FIXTURES}histories/hello-world_boto-tutorial.json`, '-o', out);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^timeline: .*hello\.html \(1 execution, 11 events, \d+ KB\)\n$/);
    expect(laneLabels(out)).toEqual([['workflow', 'decision tasks', 'activity saying_hi']]);
  });

  it('draws several histories on one axis', async () => {
    const out = join(directory, 'two.html');
    const result = await timeline(
      `${FIXTURES}histories/hello-world_boto-tutorial.json`,
      `${FIXTURES}histories/botify-labs_simpleflow__test_timer_and_cancel__2f571a.json`,
      '--out',
      out,
      '--title',
      'two runs',
    );
    expect(result.code).toBe(0);
    expect(laneLabels(out)).toHaveLength(2);
    expect(readFileSync(out, 'utf8')).toContain('<title>two runs · swf-sim timeline</title>');
  });

  it("re-runs a trace's scenario for its histories and draws its faults", async () => {
    const out = join(directory, 'trace.html');
    const result = await timeline(
      `${FIXTURES}traces/retry-workflow_42.json`,
      '--scenario',
      `${FIXTURES}examples/retryWorkflow.ts`,
      '-o',
      out,
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('(1 execution, 33 events, with the trace,');
    const [execution, run] = laneLabels(out);
    expect(execution).toContain('timer retry-2');
    expect(run).toContain('injected faults');
  });

  it('refuses unreadable input and bad usage with exit status 2, writing nothing', async () => {
    const bad = join(directory, 'bad.json');
    writeFileSync(bad, '{"events": [{"eventId": "one"}]}');
    const out = join(directory, 'never.html');
    expect(await timeline(bad, '-o', out)).toMatchObject({ code: 2, out: '' });
    expect((await timeline(bad, '-o', out)).err).toMatch(/bad\.json: event #1 in the file: eventId "one"/);
    expect((await timeline(join(directory, 'missing.json'))).err).toMatch(/cannot read .*missing\.json/);
    expect((await timeline()).code).toBe(2);
    expect((await timeline('--bogus')).code).toBe(2);
    const trace = JSON.parse(readFileSync(`${FIXTURES}traces/retry-workflow_42.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    const anonymous = join(directory, 'anonymous-trace.json');
    writeFileSync(anonymous, JSON.stringify({ ...trace, scenario: undefined }));
    expect((await timeline(anonymous, '-o', out)).err).toMatch(/names no scenario module/);
    expect(() => readFileSync(out)).toThrow();
  });
});
