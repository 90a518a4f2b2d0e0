import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { runCommand } from './runCommand.js';

const SCENARIO = 'fixtures/examples/retryWorkflow.ts';

const cli = (...args: string[]) => runCommand(run, ...args);

describe('swf-sim run', () => {
  it('prints the settings, the history and the outcome; the same seed prints the same bytes', async () => {
    const first = await cli(SCENARIO, '--seed', '1');
    const second = await cli(SCENARIO, '--seed', '1');
    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
    expect(first.out).toMatch(
      /^swf-sim run fixtures\/examples\/retryWorkflow\.ts\nseed: 1 {2}reorder: off {2}faults: none\n/,
    );
    expect(first.out).toContain('COMPLETED result="done on attempt 2", 22 events');
    expect(first.out).toContain('WorkflowExecutionCompleted  result=done on attempt 2');
    expect(first.out).toMatch(/\noutcome: ok \(closed\)\n$/);
  });

  it('saves a trace that --replay-trace re-runs identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-sim-run-'));
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify({ rates: { lostReplyRatio: 0.2, throttleRatio: 0.2 } }));
    const trace = join(dir, 'trace.json');
    const recorded = await cli(SCENARIO, '--seed', '7', '--reorder', '--faults', plan, '--trace', trace);
    expect(recorded.code).toBe(0);
    expect(readFileSync(trace, 'utf8')).toMatch(/^\{\n {2}"format": "swf-sim-trace",\n/);
    const replayed = await cli(SCENARIO, '--replay-trace', trace);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toMatch(/\nreplay: identical to .*trace\.json \(\d+ trace entries\)\n$/);
  });

  it('exits 1 with the reproducing command when the expected outcome is not met', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-sim-run-'));
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify({ faults: [{ kind: 'activityFailure', attempts: [1, 2, 3, 4] }] }));
    const { code, out } = await cli(SCENARIO, '--seed', 'x', '--faults', plan);
    expect(code).toBe(1);
    expect(out).toContain('outcome: failure (expectation): retry-1 (');
    expect(out).toContain('ended FAILED, expected COMPLETED');
    expect(out).toContain(`reproduce: swf-sim run ${SCENARIO} --seed "x" --faults ${plan}\n`);
  });

  it('exits 2 on a bad fault plan, naming every problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-sim-run-'));
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify({ rates: { crashRatio: 2 } }));
    const { code, err } = await cli(SCENARIO, '--seed', '1', '--faults', plan);
    expect(code).toBe(2);
    expect(err).toBe(
      'swf-sim run: Invalid fault plan:\n  - plan.rates.crashRatio: expected a ratio in [0, 1], got 2\n',
    );
  });

  it('exits 2 on a module that is not a scenario, or no module', async () => {
    const notScenario = await cli('fixtures/examples/helloWorld.ts', '--seed', '1');
    expect(notScenario.code).toBe(2);
    expect(notScenario.err).toContain('is not a scenario module');
    expect((await cli()).code).toBe(2);
  });
});
