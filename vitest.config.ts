import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // two files at a time even on a 2-core machine (vitest's default there is one): the browser and
    // end-to-end files spend much of their time waiting on the local workflow, Chromium and DynamoDB
    // Local, and a second file fills those waits (751 s → 581 s for the suite on the 2-core CI size)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 120_000,
    // one DynamoDB Local for every file that uses test/support/localServices.ts (a table each)
    globalSetup: ['test/support/sharedDynamo.ts'],
    // Node 20 on these machines; the SDK's reminder that it will need Node 22 drowns the test output
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
