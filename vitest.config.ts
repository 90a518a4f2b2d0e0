import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests read FC_SEED / FC_NUM_RUNS from the environment; nothing here is timed.
    testTimeout: 30_000,
  },
});
