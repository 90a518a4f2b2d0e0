import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/apiCoverage.setup.ts'],

    // Property tests read FC_SEED / FC_NUM_RUNS from the environment; nothing here is timed.
    testTimeout: 30_000,
    // The pinned SDK works on Node 20; its notice about future releases would drown the output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
