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

/**
 * Starts in-memory DynamoDB Local and a temp-dir s3rver on free ports. Call from beforeAll (the
 * JVM needs a few seconds, covered by vitest's hookTimeout) and always stop() in afterAll.
 */
export async function withLocalServices(opts: LocalServicesOptions = {}): Promise<LocalServices> {
  // s3rver is up in milliseconds, so starting it first costs nothing and keeps cleanup on a JVM
  // failure simple.
  const s3 = await startS3Local({ onObjectCreated: opts.onObjectCreated, buckets: opts.buckets });
  let dynamo: DynamoLocal;
  try {
    dynamo = await startDynamoLocal({});
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
