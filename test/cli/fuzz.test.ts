import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/fuzz.js';
import { runCommand } from './runCommand.js';
import { parseFaultPlan } from '../../src/sim/faults/FaultPlan.js';
import { parseFuzzResultFile } from '../../src/adapters/testing/fuzz/fuzzResults.js';

const cli = (...args: string[]) => runCommand(run, ...args);

const EXAMPLES = 'fixtures/examples';

describe('swf-sim fuzz', () => {
  it('finds a liveness bug: prints the seed first, the shrunk plan and the reproduce lines, writes the plan; exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-sim-fuzz-'));
    const module = `${EXAMPLES}/retryIgnoresTimeout.ts`;
    const { code, out, err } = await cli(module, '--runs', '200', '--seed', '1', '--out', dir);
    expect(code).toBe(3);
    expect(out).toMatch(
      /^swf-sim fuzz fixtures\/examples\/retryIgnoresTimeout\.ts\nseed: 1 {2}runs: 200 {2}reorder: off {2}max faults: 3 {2}liveness budget: 3600 s {2}properties: 3\nfault targets: decider PollForDecisionTask ≤4/,
    );
    const path = /fast-check seed 1, path "([\d:]+)": FAILED after \d+ run\(s\)/.exec(out)?.[1];
    expect(path).toBeDefined();
    expect(out).toContain('liveness failure (budget)');
    expect(out).toContain(`  npx swf-sim fuzz ${module} --seed 1 --path ${path}\n`);
    const planFile = join(dir, 'fuzz-retryIgnoresTimeout-1.plan.json');
    expect(out).toContain(`--faults ${planFile}`);
    expect(out).toMatch(
      /\nruns: \d+ \(\+\d+ shrinking\) in [\d.]+ s, \d+ runs\/s; failures: 1 \(safety 0, liveness 1\)\n$/,
    );
    const plan = parseFaultPlan(JSON.parse(readFileSync(planFile, 'utf8')));
    expect(plan.faults?.length).toBe(1);
    // Not a terminal: plain progress lines.
    expect(err).toMatch(/^progress: \d+\/200 runs/);

    // The path replays the shrunk case, printing its histories in full.
    const replay = await cli(module, '--seed', '1', '--path', path as string);
    expect(replay.code).toBe(3);
    expect(replay.out).toContain(`runs: path ${path}`);
    expect(replay.out).toContain('execution retry-example/retry-1 (runId ');
    expect(replay.out).toContain('ActivityTaskTimedOut');
  });

  it('finds safety bugs (a property, an actor error): exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-sim-fuzz-'));
    const cap = await cli(`${EXAMPLES}/retryWithoutCap.ts`, '--runs', '200', '--seed', '1', '--out', dir);
    expect(cap.code).toBe(1);
    expect(cap.out).toContain('safety failure: property "schedules at most maxAttempts attempts"');
    const lost = await cli(
      `${EXAMPLES}/retryFatalOnLostReply.ts`,
      '--runs',
      '200',
      '--seed',
      '1',
      '--out',
      dir,
    );
    expect(lost.code).toBe(1);
    expect(lost.out).toContain('safety failure (actorError): actor ');
  });

  it('passes the correct retry workflow: exit 0', async () => {
    const { code, out } = await cli(
      `${EXAMPLES}/retryWorkflow.ts`,
      '--runs',
      '60',
      '--seed',
      '1',
      '--reorder',
    );
    expect(code).toBe(0);
    expect(out).toContain('reorder: on');
    expect(out).toMatch(
      /\nruns: 60 \(\+0 shrinking\) in [\d.]+ s, \d+ runs\/s; failures: 0 \(safety 0, liveness 0\)\n$/,
    );
  });

  it('runs a seed range, writes a result file, and merges result files with the worst exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-sim-fuzz-'));
    const ok = join(dir, 'ok.json');
    const bad = join(dir, 'bad.json');
    const range = await cli(
      `${EXAMPLES}/retryWorkflow.ts`,
      '--runs',
      '10',
      '--seed-range',
      '3..5',
      '--json',
      ok,
    );
    expect(range.code).toBe(0);
    expect(range.out).toContain('seed: 3..5 (3 seeds)  runs: 10 per seed');
    expect(parseFuzzResultFile(JSON.parse(readFileSync(ok, 'utf8')))).toMatchObject({
      seeds: [3, 4, 5],
      runs: 30,
    });
    const failing = await cli(
      `${EXAMPLES}/retryIgnoresTimeout.ts`,
      '--runs',
      '200',
      '--seed',
      '1',
      '--json',
      bad,
      '--out',
      dir,
    );
    expect(failing.code).toBe(3);
    expect(parseFuzzResultFile(JSON.parse(readFileSync(bad, 'utf8'))).failures).toMatchObject([
      { key: 'liveness', livenessBudgetMs: 3600_000 }, // the module's fuzz option
    ]);

    const merged = await cli('--merge', ok, bad);
    expect(merged.code).toBe(3);
    expect(merged.out).toMatch(/^fuzz summary: 2 result file\(s\), 2 scenario\(s\), 4 seed\(s\)\n/);
    expect(merged.out).toMatch(/failures: 1 \(safety 0, liveness 1\) — liveness 1\n/);
    expect(merged.out).toMatch(
      /replay: npx swf-sim fuzz fixtures\/examples\/retryIgnoresTimeout\.ts --seed 1 --path [\d:]+\n/,
    );
  });

  it('exits 2 on bad usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swf-sim-fuzz-'));
    const notResult = join(dir, 'x.json');
    writeFileSync(notResult, '{}');
    const cases: [string[], string][] = [
      [[], 'expected exactly one scenario module'],
      [[`${EXAMPLES}/retryWorkflow.ts`, '--seed', 'x'], '--seed must be an integer'],
      [[`${EXAMPLES}/retryWorkflow.ts`, '--seed-range', '5..3'], '--seed-range must be A..B with A <= B'],
      [[`${EXAMPLES}/retryWorkflow.ts`, '--seed', '1', '--seed-range', '1..2'], 'not both'],
      [[`${EXAMPLES}/retryWorkflow.ts`, '--path', '1:2'], '--path P replays one case'],
      [[`${EXAMPLES}/retryWorkflow.ts`, '--runs', '0'], '--runs must be an integer >= 1'],
      [[`${EXAMPLES}/helloWorld.ts`], 'is not a scenario module'],
      [['--merge', notResult], 'Not a swf-sim fuzz result file'],
      [['--merge'], '--merge needs result files'],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await cli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(err, args.join(' ')).toContain(message);
    }
    expect(existsSync(join(dir, 'fuzz-retryWorkflow-1.plan.json'))).toBe(false);
  });
});
