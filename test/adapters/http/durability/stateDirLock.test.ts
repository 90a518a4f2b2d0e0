/**
 * One server per state directory: a second one — in another process, or in this one — is refused,
 * since two servers on one journal would each lose the other's calls; a lock left by a process
 * that is gone is taken over; a start that fails gives the directory back.
 */
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateDirError } from '../../../../src/adapters/http/durability/stateDir.js';
import { startServer } from '../../../../src/adapters/http/startServer.js';
import { swfCall, tempDir } from '../helpers.js';

const stateDir = (): Promise<string> => tempDir('swf-sim-lock-');

const start = (dir: string) => startServer({ port: 0, clock: 'manual', seed: 'lock', stateDir: dir });

describe('state directory lock', () => {
  it('refuses a second server of this process on the same directory, and frees it on close', async () => {
    const dir = await stateDir();
    const first = await start(dir);
    try {
      await expect(start(dir)).rejects.toThrow(
        new StateDirError(`${dir} is in use by another server of this process`),
      );
      const answer = await swfCall(first, 'RegisterDomain', {
        name: 'd',
        workflowExecutionRetentionPeriodInDays: '1',
      });
      expect(answer.status).toBe(200);
    } finally {
      await first.close();
    }
    const again = await start(dir);
    expect(again.recovered?.entries).toBe(1);
    await again.close();
  });

  it('gives the directory back when the start fails', async () => {
    const dir = await stateDir();
    await (await start(dir)).close();
    await writeFile(join(dir, 'journal-000009.ndjson'), 'not a journal\n');
    await expect(start(dir)).rejects.toThrow(/no journal header/);
    expect(await readdir(dir)).not.toContain('lock');
  });

  it('refuses a directory a live process holds, and takes over one whose process is gone', async () => {
    const dir = await stateDir();
    await (await start(dir)).close();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(join(dir, 'lock'), `${holder.pid}\n`);
      await expect(start(dir)).rejects.toThrow(`${dir} is in use by process ${holder.pid}`);
    } finally {
      const exited = new Promise((resolve) => holder.on('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
    }
    const taken = await start(dir);
    await taken.close();
  });
});
