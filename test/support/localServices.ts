import { basename } from 'node:path';
import { inject } from 'vitest';
import type { DynamoLocal } from '../../local/services/dynamoLocal.js';
import { startDynamoLocal } from '../../local/services/dynamoLocal.js';
import type { S3EventRecordLike, S3Local } from '../../local/services/s3Local.js';
import { startS3Local } from '../../local/services/s3Local.js';

export interface LocalServices {
  dynamo: DynamoLocal;
  s3: S3Local;
  stop(): Promise<void>;
}

export interface LocalServicesOptions {
  onObjectCreated?: (event: S3EventRecordLike) => void | Promise<void>;
  buckets?: string[];
}

/** The run's shared DynamoDB Local (./sharedDynamo.ts), when vitest's globalSetup started one. */
export function sharedDynamoEndpoint(): string | undefined {
  return inject('sharedDynamoEndpoint') || undefined;
}

/**
 * The options that put a local runtime's table in the run's shared DynamoDB Local, named after its data
 * directory (a fresh temporary folder per system, the same one again for a restart), instead of a JVM
 * of its own: each JVM cost seconds of CPU to start and to warm up. `npm start`, the bench and
 * test/local/demoCases.test.ts still start their own on disk.
 */
export function sharedRuntimeDynamo(dataDir: string): { dynamoEndpoint?: string; stackName?: string } {
  const endpoint = sharedDynamoEndpoint();
  return endpoint ? { dynamoEndpoint: endpoint, stackName: basename(dataDir).replace(/[^\w.-]/g, '-') } : {};
}

/**
 * A temp-dir s3rver on a free port and DynamoDB Local: the run's shared instance when vitest's
 * globalSetup started one (./sharedDynamo.ts; callers create their own table in it), otherwise an
 * in-memory one of its own. Call from beforeAll and always stop() in afterAll.
 */
export async function withLocalServices(opts: LocalServicesOptions = {}): Promise<LocalServices> {
  // s3rver is up in milliseconds, so starting it first costs nothing and keeps cleanup on a JVM
  // failure simple.
  const s3 = await startS3Local({ onObjectCreated: opts.onObjectCreated, buckets: opts.buckets });
  let dynamo: DynamoLocal;
  try {
    // the run's shared instance (./sharedDynamo.ts): this file's stop() leaves it running for the others
    const shared = sharedDynamoEndpoint();
    dynamo = shared
      ? { endpoint: shared, port: Number(new URL(shared).port), stop: async () => undefined }
      : await startDynamoLocal({});
  } catch (error) {
    await s3.stop();
    throw error;
  }
  return {
    dynamo,
    s3,
    stop: async () => {
      await Promise.all([dynamo.stop(), s3.stop()]);
    },
  };
}
