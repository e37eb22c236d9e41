import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** What every test file gets, isolated or not. */
const common = {
  testTimeout: 30_000,
  hookTimeout: 120_000,
  // Node 20 on these machines; the SDK's reminder that it will need Node 22 drowns the test output
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
};

/**
 * Files that only call pure functions (the rules, the wire contract, labels, parsers): no table, no
 * runtime, no environment variables, no module state that one file could leave to the next. They run
 * several to a worker process without a fresh module graph each (`isolate: false`): starting a process
 * and importing zod and the domain again for each of them cost ≈ 20 s of CPU in a run (issue 17, the
 * suite's time). Every other file, and every new one until it is listed here, stays isolated.
 */
const PURE = [
  'test/domain/**/*.test.ts',
  'test/contract/**/*.test.ts',
  'test/architecture/**/*.test.ts',
  'test/bench/cost.test.ts',
  'test/documents/{agreementContent,uploadVerification,uploadVerificationBundle}.test.ts',
  'test/fund/advance.test.ts',
  'test/infra/routes.test.ts',
  'test/local/{awsJsonProtocol,demoCertificates,demoData,eventPattern,progressLine}.test.ts',
  'test/registryImport/parse.test.ts',
  'test/portal/{applyChoices,collectivePayment,downloadName,forms,landLeg,reviewChain,wave2Labels}.test.ts',
];

export default defineConfig({
  test: {
    // two files at a time even on a 2-core machine (vitest's default there is one): the browser and
    // end-to-end files spend much of their time waiting on the local workflow, Chromium and DynamoDB
    // Local, and a second file fills those waits (751 s → 581 s for the suite on the 2-core CI size)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          ...common,
          name: 'isolated',
          include: ['test/**/*.test.ts'],
          exclude: PURE,
          // one DynamoDB Local for every file that uses test/support/localServices.ts (a table each) and
          // for the local runtimes the end-to-end and browser files start
          globalSetup: ['test/support/sharedDynamo.ts'],
        },
      },
      { test: { ...common, name: 'pure', include: PURE, isolate: false } },
    ],
  },
});
