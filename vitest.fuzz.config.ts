import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The long fuzz campaign (`npm run fuzz`; docs/fuzzing.md): not part of `npm test`. Each campaign
 * file fuzzes its own slice of seeds; vitest runs the files on every local core, and
 * `--shard i/n` splits them across machines.
 */
export default defineConfig({
  test: {
    include: ['test/fuzz/campaign/*.fuzz.ts'],
    globalSetup: ['test/fuzz/campaign/globalSetup.ts'],
    maxWorkers: availableParallelism(),
    testTimeout: 60 * 60 * 1000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
