import { describe, expect, it } from 'vitest';
import { ServerWorld } from '../../../src/adapters/http/ServerWorld.js';
import { DEFAULT_START_MS } from '../../../src/sim/service/SwfService.js';

describe('ServerWorld imports', () => {
  it('gives imports that overlap seeds of their own, as imports one after the other get', () => {
    const world = new ServerWorld({
      seed: 'overlap',
      accountId: '123456789012',
      startMs: DEFAULT_START_MS,
      maxRegions: 4,
    });
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
