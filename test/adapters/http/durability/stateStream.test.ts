import { describe, expect, it } from 'vitest';
import { CONTROL_HEADERS, raw, stateText, swfCall, testServer } from '../helpers.js';

describe('state export and import stream', () => {
  it('serves exactly the exported state, and loads it back sent in small chunks', async () => {
    const server = await testServer({ clock: 'manual', seed: 'stream' });
    expect(
      (await swfCall(server, 'RegisterDomain', { name: 'd', workflowExecutionRetentionPeriodInDays: '1' }))
        .status,
    ).toBe(200);
    await swfCall(server, 'RegisterWorkflowType', {
      domain: 'd',
      name: 'wf',
      version: '1',
      defaultTaskList: { name: 'tl' },
      defaultExecutionStartToCloseTimeout: '600',
      defaultTaskStartToCloseTimeout: '60',
      defaultChildPolicy: 'TERMINATE',
    });
    for (let i = 0; i < 30; i++) {
      const started = await swfCall(server, 'StartWorkflowExecution', {
        domain: 'd',
        workflowId: `w${i}`,
        workflowType: { name: 'wf', version: '1' },
      });
      expect(started.status).toBe(200);
      if (i % 3 === 0)
        await swfCall(server, 'TerminateWorkflowExecution', { domain: 'd', workflowId: `w${i}` });
    }
    const exported = await raw(server, { method: 'GET', path: '/_swf-sim/state', headers: CONTROL_HEADERS });
    expect(exported.status).toBe(200);
    expect(exported.headers['transfer-encoding']).toBe('chunked');
    expect(exported.json).toEqual(JSON.parse(stateText(server)));

    const other = await testServer({ clock: 'manual', seed: 'stream' });
    const loaded = await raw(other, {
      method: 'PUT',
      path: '/_swf-sim/state',
      headers: CONTROL_HEADERS,
      body: exported.text,
      chunked: true,
    });
    expect(loaded.status, loaded.text).toBe(200);
    // Identical but for queue order numbers, which each service counts for itself.
    const withoutSeq = (text: string): unknown =>
      JSON.parse(text, (key, value: unknown) => (key === 'seq' ? undefined : value));
    expect(withoutSeq(stateText(other))).toEqual(withoutSeq(exported.text));
  });
});
