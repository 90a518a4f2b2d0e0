/**
 * The published shape, not the repository's: `npm pack` the package (dist as `npm test` just built
 * it), install the tarball into two fresh projects — one on the oldest release of every peer
 * dependency range in package.json, one on the newest (what the lock file pins) — and run there
 * what a user runs: a HelloWorld test with vitest on the project's own SDK client, `tsc` over it
 * against the shipped type declarations, and the `swf-sim` command from `node_modules/.bin`.
 *
 * Installs come from the npm registry through npm's own cache (`--prefer-offline`): after the first
 * run, or after `npm ci` for the newest end, they take seconds. On a developer machine that cannot
 * reach the registry (`npm ping` fails) with a release missing from the cache, the tests are skipped
 * with a notice; in CI (CI=true) that is a failure.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEMPLATE = join(ROOT, 'test/package/consumer');
const HELLO_HISTORY = 'node_modules/swf-sim/fixtures/histories/hello-world_boto-tutorial.json';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string }>;
};

/** The version the lock file pins for a package of the repository. */
function locked(name: string): string {
  const entry = lock.packages[`node_modules/${name}`];
  if (entry === undefined) throw new Error(`${name} is not in package-lock.json`);
  return entry.version;
}

/** The lowest release a range admits: its first version (`^3.2.0 || ^4.0.0` → 3.2.0). */
function floor(range: string): string {
  const match = /\d+\.\d+\.\d+/.exec(range);
  if (match === null) throw new Error(`no version in range ${range}`);
  return match[0];
}

const PEERS = Object.keys(manifest.peerDependencies);
/** What a TypeScript project has anyway, at the repository's versions (in npm's cache after `npm ci`). */
const TOOLING = { typescript: locked('typescript'), '@types/node': locked('@types/node') };
const ENDS = [
  {
    end: 'oldest',
    versions: Object.fromEntries(PEERS.map((p) => [p, floor(manifest.peerDependencies[p] ?? '')])),
  },
  { end: 'newest', versions: Object.fromEntries(PEERS.map((p) => [p, locked(p)])) },
];

/**
 * The environment of a user's shell: without the `npm_*` settings of the `npm test` around this
 * test (its local prefix would point npm at this repository), keeping where npm's cache, registry
 * and certificates are; and without the SDK notice switch that vitest.config.ts sets.
 */
function userEnv(): NodeJS.ProcessEnv {
  const keep =
    /^npm_config_(cache|userconfig|globalconfig|registry|cafile|proxy|https_proxy|noproxy|strict_ssl)$/;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') || keep.test(key)),
  );
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  delete env.VITEST;
  delete env.NODE_OPTIONS;
  return env;
}

interface Ran {
  code: number;
  out: string;
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 180_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: userEnv(), timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

let workDir = '';
const projects = new Map<string, string>();
/** Offline on a developer machine, with a release missing from npm's cache; in CI, a failure. */
let unreachable = false;
const inCi = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'swf-sim-consumer-'));
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], ROOT);
  expect(pack.code, pack.out).toBe(0);
  const [{ filename }] = JSON.parse(pack.out.slice(pack.out.indexOf('['))) as [{ filename: string }];
  const installs = ENDS.map(async ({ end, versions }) => {
    const dir = join(workDir, end);
    mkdirSync(dir);
    const dependencies = { 'swf-sim': `file:../${filename}`, ...versions, ...TOOLING };
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `consumer-${end}`, private: true, type: 'module', dependencies }, null, 2),
    );
    for (const file of ['helloWorld.spec.ts', 'tsconfig.json'])
      copyFileSync(join(TEMPLATE, file), join(dir, file));
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
    if (install.code !== 0 && !inCi && (await run('npm', ['ping'], dir, 60_000)).code !== 0) {
      unreachable = true;
      return;
    }
    expect(install.code, install.out).toBe(0);
    projects.set(end, dir);
  });
  await Promise.all(installs);
  if (unreachable) {
    process.stderr.write(
      'package: consumer tests skipped: the npm registry is unreachable and npm’s cache lacks a peer release; CI=true makes this a failure\n',
    );
  }
}, 300_000);

afterAll(() => {
  if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
}, 120_000);

describe.each(ENDS)('a project on the $end peer releases', ({ end, versions }) => {
  const dir = (): string => projects.get(end) ?? '';
  const bin = (): string => join(dir(), 'node_modules/.bin/swf-sim');

  beforeEach((context) => {
    if (unreachable) context.skip();
  });

  test('swf-sim uses the project’s own SDK: one copy, the version the project chose', () => {
    const sdk = JSON.parse(
      readFileSync(join(dir(), 'node_modules/@aws-sdk/client-swf/package.json'), 'utf8'),
    ) as { version: string };
    expect(sdk.version).toBe(versions['@aws-sdk/client-swf']);
    expect(existsSync(join(dir(), 'node_modules/swf-sim/node_modules/@aws-sdk'))).toBe(false);
  });

  test('the HelloWorld test passes under vitest', async () => {
    const result = await run('node', ['node_modules/vitest/vitest.mjs', 'run'], dir());
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/2 passed/);
  }, 180_000);

  test('tsc accepts it against the shipped type declarations', async () => {
    const result = await run('node', ['node_modules/typescript/bin/tsc', '-p', '.'], dir());
    expect(result.code, result.out).toBe(0);
  }, 180_000);

  test('the swf-sim command runs from node_modules/.bin', async () => {
    const demo = await run(bin(), ['demo'], dir());
    expect(demo.code, demo.out).toBe(0);
    expect(demo.out).toContain('Hello, World!');
    const check = await run(bin(), ['check', HELLO_HISTORY], dir());
    expect(check.code, check.out).toBe(0);
    const timeline = await run(bin(), ['timeline', HELLO_HISTORY, '-o', 'hello.html'], dir());
    expect(timeline.code, timeline.out).toBe(0);
    expect(statSync(join(dir(), 'hello.html')).size).toBeGreaterThan(1000);
    const scenario = 'node_modules/swf-sim/dist/fixtures/examples/retryWorkflow.js';
    const fuzz = await run(bin(), ['fuzz', scenario, '--runs', '5', '--seed', '1'], dir());
    expect(fuzz.code, fuzz.out).toBe(0);
  }, 180_000);
});
