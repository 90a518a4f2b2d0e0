import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHistoryFile } from '../../src/adapters/formats/loadHistoryFile.js';
import { formatReenactResult, reenactHistory } from '../../src/adapters/testing/reenact/reenact.js';
import { replayHistory } from '../../src/adapters/testing/replay/replayHistory.js';
import { decide as elifeDecide } from '../../fixtures/examples/elifeSumDecider.js';
import { decider as helloDecider } from '../../fixtures/examples/helloWorldDecider.js';

const FIXTURES = new URL('../../fixtures/histories/', import.meta.url).pathname;
/**
 * The shared collection the fixtures were copied from, when a checkout has it next to it
 * (`../shared/histories`, relative to the repository's root); the tests below run only then.
 */
const SHARED = new URL('../../../shared/histories/', import.meta.url).pathname;

/**
 * The recordings that re-enact only up to documented divergences (docs/divergences.md,
 * "Re-enactment"), with the divergences each shows. Every other recording re-enacts identically.
 */
const KNOWN_DIVERGENCES: Record<string, string[]> = {
  'aws_devguide__workflow_history_example.json': ['unreachable-heartbeat-details'],
};

const jsonFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

describe('re-enactment of every recorded history in fixtures/histories', () => {
  const files = jsonFiles(FIXTURES);
  it('has the recordings', () => {
    expect(files.length).toBeGreaterThanOrEqual(29); // the 28 shared recordings and the tutorial's
    for (const name of Object.keys(KNOWN_DIVERGENCES)) expect(files).toContain(name);
  });
  for (const file of files) {
    const known = KNOWN_DIVERGENCES[file];
    it(`${file}: ${known === undefined ? 'identical' : `identical but for ${known.join(', ')}`}`, async () => {
      const result = await reenactHistory(await loadHistoryFile(FIXTURES + file), {
        strict: known === undefined,
      });
      expect(result.status, formatReenactResult(result)).toBe(
        known === undefined ? 'identical' : 'knownDivergences',
      );
      expect(result.stoppedAt).toBeUndefined();
      const ids = [...new Set(result.comparison?.differences.map((d) => d.known?.id))];
      expect(ids).toEqual(known ?? []);
      // Nothing real SWF wrote later than the simulator would; nothing more than 0.5 s earlier.
      expect(result.comparison?.maxTimestampDeltaMs ?? 0).toBeLessThanOrEqual(500);
    });
  }
});

describe.runIf(existsSync(SHARED))('re-enactment of the shared recordings (../shared/histories)', () => {
  for (const file of existsSync(SHARED) ? jsonFiles(SHARED) : []) {
    it(`${file} re-enacts like its fixture copy`, async () => {
      const result = await reenactHistory(await loadHistoryFile(SHARED + file), { strict: false });
      expect(result.ok, formatReenactResult(result)).toBe(true);
      expect(result.status).toBe(KNOWN_DIVERGENCES[file] === undefined ? 'identical' : 'knownDivergences');
    });
  }
});

describe('replay of the recordings with a decider written for them', () => {
  it('hello-world_boto-tutorial.json through the tutorial decider', async () => {
    const result = await replayHistory(
      await loadHistoryFile(`${FIXTURES}hello-world_boto-tutorial.json`),
      helloDecider,
    );
    expect(result.compared).toBe(2);
  });

  it('elifesciences_elife-bot__test_data_decision.json through the elife Sum decider', async () => {
    const file = 'elifesciences_elife-bot__test_data_decision.json';
    const result = await replayHistory(await loadHistoryFile(FIXTURES + file), { decide: elifeDecide });
    expect(result.decisionPoints.map((p) => p.status)).toEqual(['match', 'match', 'match', 'notRecorded']);
  });
});
