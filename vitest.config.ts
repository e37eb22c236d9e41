import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** What every test file gets, isolated or not. */
const common = {
  testTimeout: 30_000,
  hookTimeout: 120_000,
  env: {
    // Node 20 on these machines; the SDK's reminder that it will need Node 22 drowns the test output
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // the handlers' level in a local runtime (local/runtime/lambdaHost.ts gives them WARN), from the start:
    // Powertools' logger is made when shared/adapters/observability.ts is first imported, before the
    // runtime sets the variable, and each invocation puts it back to that first level, so the run printed
    // ≈ 2 000 INFO lines (notifications, projections) around the failures. Files that test the logging
    // set their own level (test/support/api.ts, test/api/edgeObservability.test.ts).
    POWERTOOLS_LOG_LEVEL: 'WARN',
  },
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
  'test/registryImport/{parse,template}.test.ts',
  'test/portal/{applyChoices,collectivePayment,downloadName,forms,landLeg,reviewChain,wave2Labels}.test.ts',
];

/**
 * The files that synthesize the CDK app. A first synthesis in a process costs ≈ 14 s of CPU, a later one
 * ≈ 3 s: most of the first is loading and compiling aws-cdk-lib and cdk-nag. Isolated, each of these
 * files paid it (six processes); run several to a worker process (`isolate: false`), only each worker's
 * first file does, and the stack, nag and edge files share their syntheses (test/infra/synth.ts,
 * `synthesizeShared`, `synthesizeWithPortal`): on these six files 174 → 101 s of CPU (session 9,
 * docs/performance.md). Vitest runs projects in the order of their names, so these run first. They keep
 * no module state that one file could leave to the next but the shared syntheses, which they only read.
 */
const CDK = ['test/infra/{synth,stack,nag,edge,cfnLint}.test.ts', 'test/local/templateCache.test.ts'];

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
          exclude: [...PURE, ...CDK],
          // one DynamoDB Local for every file that uses test/support/localServices.ts (a table each) and
          // for the local runtimes the end-to-end and browser files start
          globalSetup: ['test/support/sharedDynamo.ts'],
        },
      },
      { test: { ...common, name: 'pure', include: PURE, isolate: false } },
      { test: { ...common, name: 'cdk', include: CDK, isolate: false } },
    ],
  },
});
