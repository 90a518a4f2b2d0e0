import { describe, expect, it } from 'vitest';
import { ServerWorld } from '../../../src/adapters/http/ServerWorld.js';
import { StreamedImport } from '../../../src/adapters/http/StreamedImport.js';
import { DEFAULT_START_MS } from '../../../src/sim/service/SwfService.js';

const newWorld = (seed: string): ServerWorld =>
  new ServerWorld({ seed, accountId: '123456789012', startMs: DEFAULT_START_MS, maxRegions: 4 });

describe('ServerWorld imports', () => {
  it('orders regions named like numbers the same whether the document streams in or is parsed whole', async () => {
    const source = newWorld('regions');
    for (const region of ['us-east-1', '7']) {
      await source.service(region).dispatch('RegisterDomain', {
        name: 'd',
        workflowExecutionRetentionPeriodInDays: '1',
      });
    }
    expect(source.regions()).toEqual(['us-east-1', '7']);
    const { regions, ...header } = source.exportState();
    // Written out in the world's order, as an export does; JSON.parse puts "7" first.
    const text =
      JSON.stringify(header).slice(0, -1) +
      `,"regions":{"us-east-1":${JSON.stringify(regions['us-east-1'])},"7":${JSON.stringify(regions['7'])}}}`;
    const whole = newWorld('whole');
    whole.importState(JSON.parse(text));
    const streamed = newWorld('streamed');
    const feed = new StreamedImport(streamed);
    await feed.feed(Buffer.from(text));
    await feed.end();
    expect(whole.regions()).toEqual(['7', 'us-east-1']);
    expect(streamed.regions()).toEqual(whole.regions());
  });

  it('gives imports that overlap seeds of their own, as imports one after the other get', () => {
    const world = newWorld('overlap');
    const first = world.beginImport(DEFAULT_START_MS);
    const second = world.beginImport(DEFAULT_START_MS);
    expect([first.seedSuffix, second.seedSuffix]).toEqual(['/import-1', '/import-2']);
    world.adopt(first);
    world.adopt(second);
    const cut = world.cut(true);
    cut.release();
    expect(cut.durable).toMatchObject({ imports: 2, seedSuffix: '/import-2' });
    expect(world.beginImport(DEFAULT_START_MS).seedSuffix).toBe('/import-3');
  });
});
