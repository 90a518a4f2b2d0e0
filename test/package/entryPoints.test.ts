/**
 * The package's entry points as Node loads them from the built `dist/` (which `npm test` builds
 * first): what each one pulls in, and what importing swf-sim prints.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOTICE_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Runs an ES module script with node in the repository (so `swf-sim/…` resolves to this package). */
function node(script: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  const childEnv = { ...process.env, ...env };
  delete childEnv[NOTICE_SWITCH];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: ROOT, env: childEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error === null) resolve({ stdout, stderr });
        else reject(new Error(`${error.message}\n${stderr}`));
      },
    );
  });
}

/**
 * Every module URL an import of `specifier` resolves, recorded by a module resolution hook that
 * reports through a message port (hooks run on their own thread).
 */
async function modulesLoadedBy(specifier: string): Promise<string[]> {
  const hook = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`;
  const script = `
import { register } from 'node:module';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
await import(${JSON.stringify(specifier)});
const urls = [];
for (let message; (message = receiveMessageOnPort(port1)); ) urls.push(message.message);
console.log(JSON.stringify(urls));
port1.close();`;
  const { stdout } = await node(script);
  return JSON.parse(stdout) as string[];
}

const fromPackage = (urls: readonly string[], name: string): string[] =>
  urls.filter((url) => url.includes(`/node_modules/${name}/`));

describe('entry points', () => {
  test('importing swf-sim loads neither fast-check nor vitest; swf-sim/fuzz loads fast-check', async () => {
    const [main, fuzz] = await Promise.all([modulesLoadedBy('swf-sim'), modulesLoadedBy('swf-sim/fuzz')]);
    expect(main.some((url) => url.endsWith('/dist/src/index.js'))).toBe(true);
    expect(fromPackage(main, 'fast-check')).toEqual([]);
    expect(fromPackage(main, 'vitest')).toEqual([]);
    expect(fromPackage(fuzz, 'fast-check')).not.toEqual([]);
  }, 60_000);

  test('every sub-path in package.json exports resolves to a built module', async () => {
    const { exports } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const specifiers = Object.keys(exports)
      .filter((path) => path !== './package.json')
      .map((path) => `swf-sim${path.slice(1)}`);
    expect(specifiers).toEqual([
      'swf-sim',
      'swf-sim/fuzz',
      'swf-sim/vitest',
      'swf-sim/replay',
      'swf-sim/server',
      'swf-sim/timeline',
    ]);
    const { stdout } = await node(
      `for (const s of ${JSON.stringify(specifiers)}) console.log(s, Object.keys(await import(s)).length);`,
    );
    for (const specifier of specifiers) expect(stdout).toMatch(new RegExp(`^${specifier} [1-9]`, 'm'));
  }, 60_000);
});

describe('the swf-sim command', () => {
  test('is executable as built: `npx swf-sim` in a clone runs dist/src/cli/main.js itself', () => {
    // npm links a dependency's bin with the mode fixed, but not the project's own: the build sets it.
    expect(statSync(`${ROOT}dist/src/cli/main.js`).mode & 0o111).toBe(0o111);
  });
});

describe('the documentation', () => {
  test('imports only what each entry point exports', async () => {
    const pages = ['README.md', ...readdirSync(`${ROOT}docs`).map((file) => `docs/${file}`)];
    const imports: { page: string; entry: string; names: string[] }[] = [];
    for (const page of pages.filter((file) => file.endsWith('.md'))) {
      const text = readFileSync(`${ROOT}${page}`, 'utf8');
      for (const match of text.matchAll(/import \{([^}]*)\} from '(swf-sim(?:\/[a-z]+)?)'/g)) {
        const names = (match[1] ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '' && !name.startsWith('type '));
        imports.push({ page, entry: match[2] ?? '', names });
      }
    }
    expect(imports.length).toBeGreaterThan(5);
    const { stdout } = await node(`
const imports = ${JSON.stringify(imports)};
for (const { page, entry, names } of imports) {
  const module = await import(entry);
  for (const name of names) if (!(name in module)) console.log(page + ': ' + entry + ' has no export ' + name);
}`);
    expect(stdout).toBe('');
  }, 60_000);
});

describe("the SDK's Node-version notice", () => {
  const simulate = `
import { ListDomainsCommand } from '@aws-sdk/client-swf';
import { createRunner, createSimulation } from 'swf-sim';
const sim = createSimulation();
await sim.client().send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
sim.close();
const runner = createRunner();
await runner.setup((swf) => swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' })));
runner.close();
console.log(JSON.stringify(process.env.${NOTICE_SWITCH} ?? null));`;

  test('is not printed by swf-sim’s clients, and the environment is left as it was', async () => {
    const { stdout, stderr } = await node(simulate);
    expect(stderr).not.toContain('NodeVersionSupportWarning');
    expect(stdout.trim()).toBe('null');
  }, 60_000);

  test('is printed by a client of the SDK alone on Node < 22 (what the test above would see)', async () => {
    const major = Number(process.versions.node.split('.')[0]);
    const { stderr } = await node(`
import { SWFClient } from '@aws-sdk/client-swf';
new SWFClient({ region: 'us-east-1' });`);
    if (major < 22) expect(stderr).toContain('NodeVersionSupportWarning');
    else expect(stderr).not.toContain('NodeVersionSupportWarning');
  }, 60_000);
});
