/**
 * `swf-sim serve --state-dir` builds a large import in a worker, which writes the new world's
 * snapshot while the old state still serves and takes the directory over with a rename: its
 * generation's journal (the handover first) is durable before the snapshot is in place. A restart
 * must find the import and what followed; a process that died between the two, the state before.
 */
import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exportedText,
  importState,
  isolatedTestServer,
  registerWorkflow,
  swfCall,
  tempDir,
} from '../helpers.js';

const SETTINGS = { clock: 'manual', seed: 'succession' } as const;

/** A domain with a workflow type, a run, and a task token issued before the import. */
async function someWork(target: { url: string }, domain: string): Promise<void> {
  await registerWorkflow(target, domain);
  await swfCall(target, 'StartWorkflowExecution', {
    domain,
    workflowId: 'w',
    workflowType: { name: 'wf', version: '1' },
  });
  await swfCall(target, 'PollForDecisionTask', { domain, taskList: { name: 'tl' } });
}

/** The generations in `dir`, newest last, and what else is there. */
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name !== 'lock' && name !== 'settings.json').sort();
}

describe('an import built aside takes the state directory over', () => {
  it('with the snapshot it wrote aside: the handover journaled first, and a restart has it all', async () => {
    const dir = await tempDir('swf-sim-succession-');
    const server = await isolatedTestServer({ ...SETTINGS, stateDir: dir });
    await someWork(server, 'saved');
    const saved = await exportedText(server);
    await someWork(server, 'later');
    expect((await importState(server, saved)).status).toBe(200);

    expect(await files(dir)).toEqual([
      'journal-000001.ndjson',
      'journal-000002.ndjson',
      'snapshot-000002.json',
    ]);
    const journal = (await readFile(join(dir, 'journal-000002.ndjson'), 'utf8')).trim().split('\n');
    expect(JSON.parse(journal[0] as string)).toMatchObject({ generation: 2, requiresSnapshot: true });
    // The token counts of the state it replaced, so that none of its tokens is issued again.
    expect(JSON.parse(journal[1] as string)).toMatchObject({ n: 0, succeeded: { imports: 0 } });
    expect(journal).toHaveLength(2);

    await swfCall(server, 'StartWorkflowExecution', {
      domain: 'saved',
      workflowId: 'after',
      workflowType: { name: 'wf', version: '1' },
    });
    const poll = await swfCall(server, 'PollForDecisionTask', {
      domain: 'saved',
      taskList: { name: 'tl' },
    });
    expect(poll.json).toMatchObject({ workflowExecution: { workflowId: 'after' } });
    const before = await exportedText(server);
    await server.close();

    const again = await isolatedTestServer({ ...SETTINGS, stateDir: dir });
    expect(await exportedText(again)).toBe(before);
  });

  it('not at all when the process died before its snapshot was in place: a restart has the state before', async () => {
    const dir = await tempDir('swf-sim-succession-');
    const server = await isolatedTestServer({ ...SETTINGS, stateDir: dir });
    await someWork(server, 'saved');
    const saved = await exportedText(server);
    await someWork(server, 'later');
    const beforeImport = await exportedText(server);
    expect((await importState(server, saved)).status).toBe(200);
    await server.close();
    // As the directory was between the handover's journal and the rename.
    await rename(join(dir, 'snapshot-000002.json'), join(dir, 'snapshot-aside.json'));

    const again = await isolatedTestServer({ ...SETTINGS, stateDir: dir });
    expect(await exportedText(again)).toBe(beforeImport);
    expect(await files(dir)).not.toContain('snapshot-aside.json');
  });
});
