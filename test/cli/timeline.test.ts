import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as fuzzCommand } from '../../src/cli/fuzz.js';
import { run as runScenarioCommand } from '../../src/cli/run.js';
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

describe('timelines attached to runs and fuzz failures', () => {
  it('swf-sim run --timeline draws the run: its execution, its actors and the faults of its plan', async () => {
    const plan = join(directory, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify({
        faults: [{ kind: 'lostReply', at: { actor: 'worker', operation: 'PollForActivityTask', call: 1 } }],
      }),
    );
    const page = join(directory, 'run.html');
    const result = await runCommand(
      runScenarioCommand,
      `${FIXTURES}examples/retryWorkflow.ts`,
      '--seed',
      '3',
      '--faults',
      plan,
      '--timeline',
      page,
    );
    expect(result.out).toMatch(/\ntimeline: .*run\.html\n$/);
    const [execution, run] = laneLabels(page);
    expect(execution).toEqual(expect.arrayContaining(['workflow', 'decision tasks', 'activity attempt-1']));
    expect(run).toEqual(expect.arrayContaining(['actor worker', 'injected faults']));
    expect(readFileSync(page, 'utf8')).toContain('outcome: ok (closed)');
  });

  it('swf-sim fuzz draws each shrunk failure next to its plan; swf-sim timeline redraws it from the result file', async () => {
    const out = join(directory, 'fuzz');
    const results = join(directory, 'results.json');
    const scenario = `${FIXTURES}examples/retryIgnoresTimeout.ts`;
    const fuzzed = await runCommand(
      fuzzCommand,
      scenario,
      '--runs',
      '200',
      '--seed',
      '1',
      '--out',
      out,
      '--json',
      results,
    );
    const attached = join(out, 'fuzz-retryIgnoresTimeout-1.timeline.html');
    expect(fuzzed.out).toContain(`timeline: ${attached}\n`);
    const html = readFileSync(attached, 'utf8');
    expect(html).toContain('liveness failure: retry-example/retry-1');
    expect(html).toContain('reproduce: npx swf-sim fuzz');
    expect(laneLabels(attached)[1]).toContain('injected faults');

    const redrawn = join(directory, 'redrawn.html');
    const result = await timeline(results, '-o', redrawn);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(laneLabels(redrawn)).toEqual(laneLabels(attached));
    expect(readFileSync(redrawn, 'utf8')).toContain('liveness failure: retry-example/retry-1');
    expect((await timeline(results, '--failure', '2')).err).toMatch(/--failure must be 1\.\.1/);
  });
});
