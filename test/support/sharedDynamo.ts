import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../local/services/dynamoLocal.js';

/**
 * One DynamoDB Local for the whole run (vitest globalSetup), instead of one JVM per test file: the API,
 * workflow and fund test files each used to start their own (24 JVMs, each spending seconds of CPU to
 * start and to warm its JIT on a 2-core machine). Each file still has a table of its own (a name made
 * per file in test/support/api.ts), so files running side by side never see each other's items.
 * The end-to-end and browser files start the local runtime, which keeps its own DynamoDB Local.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoLocal({});
  project.provide('sharedDynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedDynamoEndpoint: string;
  }
}
