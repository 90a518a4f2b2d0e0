import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineCommand, EXIT, UsageError } from '../../src/cli/command.js';
import { run as demo } from '../../src/cli/demo.js';
import { FaultPlanError } from '../../src/sim/faults/FaultPlan.js';
import { runCommand } from './runCommand.js';

const USAGE = 'usage: swf-sim probe [--level N] <thing>\n';

/** A command that fails in the way its first argument names. */
const probe = defineCommand({
  name: 'probe',
  usage: USAGE,
  options: { level: { type: 'string' } },
  inputErrors: [FaultPlanError],
  execute({ positionals, values }, io) {
    switch (positionals[0] ?? '') {
      case 'usage':
        throw new UsageError('no thing given', true);
      case 'value':
        throw new UsageError(`--level ${String(values.level)} is not a level`);
      case 'input':
        throw new FaultPlanError(['plan.rates: not an object']);
      case 'bug':
        throw new TypeError('a bug');
      default:
        io.out(`probed ${String(positionals[0])}\n`);
        return Promise.resolve(EXIT.ok);
    }
  },
});

describe('swf-sim command template', () => {
  it('runs the command with its parsed arguments', async () => {
    expect(await runCommand(probe, 'x', '--level', '3')).toEqual({ code: 0, out: 'probed x\n', err: '' });
  });

  it('prints the usage for -h and --help and exits 0 without running', async () => {
    expect(await runCommand(probe, '--help', 'bug')).toEqual({ code: 0, out: USAGE, err: '' });
    expect((await runCommand(probe, '-h')).out).toBe(USAGE);
  });

  it('reports an option the parser rejects with the usage, exit 2', async () => {
    const { code, out, err } = await runCommand(probe, '--colour', 'red');
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    expect(err).toMatch(/^swf-sim probe: Unknown option '--colour'.*\n\nusage: swf-sim probe/s);
  });

  it('reports usage errors and bad input on one line, with the usage only when asked, exit 2', async () => {
    expect(await runCommand(probe, 'usage')).toEqual({
      code: 2,
      out: '',
      err: `swf-sim probe: no thing given\n\n${USAGE}`,
    });
    expect((await runCommand(probe, 'value', '--level', 'x')).err).toBe(
      'swf-sim probe: --level x is not a level\n',
    );
    const input = await runCommand(probe, 'input');
    expect(input.code).toBe(2);
    expect(input.err).toBe('swf-sim probe: Invalid fault plan:\n  - plan.rates: not an object\n');
  });

  it('lets any other error through: a bug, printed with its stack by main', async () => {
    await expect(runCommand(probe, 'bug')).rejects.toThrow(TypeError);
  });
});

describe('swf-sim exit codes', () => {
  it('are the table the README documents', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d+) \| `(\w+)` \|/gm)].map(([, code, name]) => [
      name,
      Number(code),
    ]);
    expect(rows).toEqual(Object.entries(EXIT));
  });
});

describe('swf-sim demo', () => {
  it("runs the tutorial's HelloWorld and prints its history", async () => {
    const { code, out } = await runCommand(demo, '--seed', 'test');
    expect(code).toBe(0);
    expect(out).toContain('Hello, World!');
    expect(out).toMatch(/\nHistory of HelloWorkflow-1\.0-demo \(runId [^)]+\), \d+ events:\n/);
    expect(out).toContain('WorkflowExecutionCompleted');
    expect((await runCommand(demo, 'extra')).code).toBe(2);
  });
});
