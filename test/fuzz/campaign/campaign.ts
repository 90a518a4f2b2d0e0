/**
 * The long fuzz campaign (`npm run fuzz`, vitest.fuzz.config.ts; docs/fuzzing.md). Each
 * `<name>.<slice>.fuzz.ts` file fuzzes every campaign scenario over its own slice of fast-check
 * seeds, so vitest's worker pool spreads slices over the local cores and `--shard i/n` over
 * machines; each file writes a result file that the global teardown (or `swf-sim fuzz --merge`)
 * merges into one summary.
 *
 * Environment: FC_NUM_RUNS cases per seed and scenario (default 250); FUZZ_SEED_BASE the first seed
 * (default 0; rotate it per nightly run); FUZZ_SEEDS_PER_FILE (default 1). A failure prints the
 * line that replays it: FUZZ_SCENARIO=<name> FC_SEED=<seed> FC_PATH=<path> with the same command.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { RETRY_BUGS, retryBugScenario } from '../../../fixtures/examples/retryBugs.js';
import * as retry from '../../../fixtures/examples/retryWorkflow.js';
import {
  checkFuzz,
  createFuzzer,
  type FuzzReport,
  type FuzzScenario,
} from '../../../src/adapters/testing/fuzz/fuzz.js';
import { formatFuzzReport } from '../../../src/adapters/testing/fuzz/fuzzReport.js';
import { fuzzResultFile, type FuzzResultEntry } from '../../../src/adapters/testing/fuzz/fuzzResults.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where campaign files write their result files (set by globalSetup.ts). */
    fuzzResultsDir: string;
    /** Prefix of this campaign's result files. */
    fuzzCampaignId: string;
  }
}

/** What the campaign fuzzes: the correct retry workflow, and the correct decider of every bug scenario. */
export const CAMPAIGN_SCENARIOS: Readonly<Record<string, FuzzScenario>> = {
  retryWorkflow: retry,
  ...Object.fromEntries(RETRY_BUGS.map((bug) => [`${bug}Correct`, retryBugScenario(bug, { correct: true })])),
};

const env = process.env;
const RUNS = Number(env.FC_NUM_RUNS ?? 250);
const SEED_BASE = Number(env.FUZZ_SEED_BASE ?? 0);
const SEEDS_PER_FILE = Number(env.FUZZ_SEEDS_PER_FILE ?? 1);

/** Defines the campaign test of one slice file (`import.meta.url` of `<name>.<slice>.fuzz.ts`). */
export function fuzzCampaign(fileUrl: string): void {
  const file = fileURLToPath(fileUrl);
  const slice = Number(/\.(\d+)\.fuzz\.ts$/.exec(file)?.[1] ?? NaN);
  if (!Number.isInteger(slice)) throw new Error(`${file}: campaign files are named <name>.<slice>.fuzz.ts`);
  const seeds = Array.from({ length: SEEDS_PER_FILE }, (_, i) => SEED_BASE + slice * SEEDS_PER_FILE + i);
  const testFile = `test/fuzz/campaign/${basename(file)}`;
  const replayEnv = env.FC_PATH !== undefined && env.FC_SEED !== undefined;

  describe(`fuzz campaign, slice ${slice}`, () => {
    it(
      replayEnv
        ? `replays ${env.FUZZ_SCENARIO ?? '?'} seed ${env.FC_SEED} path ${env.FC_PATH}`
        : `seeds ${seeds.join(', ')}`,
      async () => {
        const entries: FuzzResultEntry[] = [];
        const failures: string[] = [];
        const scenarios = Object.entries(CAMPAIGN_SCENARIOS).filter(
          ([name]) => env.FUZZ_SCENARIO === undefined || env.FUZZ_SCENARIO === name,
        );
        for (const [name, scenario] of scenarios) {
          const fuzzer = await createFuzzer(scenario, { reorder: true, testFile });
          for (const seed of replayEnv ? [Number(env.FC_SEED)] : seeds) {
            const report: FuzzReport = await checkFuzz(
              fuzzer,
              replayEnv ? { seed, path: env.FC_PATH as string, endOnFailure: true } : { numRuns: RUNS, seed },
            );
            const replay = report.failed
              ? `FUZZ_SCENARIO=${name} FC_SEED=${report.seed} FC_PATH=${report.path} npx vitest run -c vitest.fuzz.config.ts ${testFile}`
              : undefined;
            entries.push({ scenario: name, report, ...(replay !== undefined && { replay }) });
            if (report.failed) failures.push(`${name}: ${formatFuzzReport(report)}\n  ${replay}`);
          }
        }
        if (!replayEnv) {
          const out = join(
            inject('fuzzResultsDir'),
            `${inject('fuzzCampaignId')}-${basename(file, '.ts')}.json`,
          );
          writeFileSync(out, `${JSON.stringify(fuzzResultFile(entries), null, 2)}\n`);
        }
        expect(failures, failures.join('\n\n')).toEqual([]);
      },
      60 * 60 * 1000,
    );
  });
}
