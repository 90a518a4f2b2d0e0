/**
 * Global setup of the fuzz campaign (vitest.fuzz.config.ts): hands every campaign file the results
 * directory (FUZZ_RESULTS_DIR, default a fresh temporary one) and a campaign id; at the end merges
 * this campaign's result files into one summary (as `swf-sim fuzz --merge` does across machines).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  formatFuzzSummary,
  mergeFuzzResults,
  parseFuzzResultFile,
} from '../../../src/adapters/testing/fuzz/fuzzResults.js';

export default function setup(project: TestProject): () => void {
  const dir = process.env.FUZZ_RESULTS_DIR ?? mkdtempSync(join(tmpdir(), 'swf-sim-fuzz-'));
  mkdirSync(dir, { recursive: true });
  const id = `campaign-${Date.now()}`;
  project.provide('fuzzResultsDir', dir);
  project.provide('fuzzCampaignId', id);
  const started = performance.now();
  return () => {
    const files = readdirSync(dir)
      .filter((f) => f.startsWith(`${id}-`) && f.endsWith('.json'))
      .sort()
      .map((f) => parseFuzzResultFile(JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown));
    if (files.length === 0) return;
    const summary = formatFuzzSummary(mergeFuzzResults(files), { wallMs: performance.now() - started });
    process.stdout.write(`\n${summary}\n  result files: ${dir}/${id}-*.json\n`);
  };
}
