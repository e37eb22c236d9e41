// Minimal typings for s3rver 3.7.1, which ships none; only what local/services uses is declared.

declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { AddressInfo } from 'node:net';

  namespace S3rver {
    interface BucketConfig {
      name: string;
      /** Raw CORSConfiguration or WebsiteConfiguration XML documents. */
      configs?: Array<string | Buffer>;
    }

    interface Options {
      address?: string;
      port?: number;
      silent?: boolean;
      serviceEndpoint?: string;
      directory?: string;
      resetOnClose?: boolean;
      allowMismatchedSignatures?: boolean;
      vhostBuckets?: boolean;
      configureBuckets?: BucketConfig[];
    }

    /** The S3 notification document s3rver emits as `event`; always exactly one record. */
    interface EventPayload {
      Records: Array<{
        eventVersion: string;
        eventSource: string;
        awsRegion: string;
        eventTime: string;
        eventName: string;
        s3: {
          s3SchemaVersion: string;
          configurationId: string;
          bucket: { name: string; arn: string; ownerIdentity: { principalId: string } };
          object: { key: string; size?: number; eTag?: string; sequencer: string };
        };
        [extra: string]: unknown;
      }>;
    }
  }

  // s3rver extends Koa; only the EventEmitter surface is needed here.
  class S3rver extends EventEmitter {
    constructor(options?: S3rver.Options);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    reset(): void;
    on(event: 'event', listener: (payload: S3rver.EventPayload) => void): this;
    on(event: string | symbol, listener: (...args: unknown[]) => void): this;
    off(event: 'event', listener: (payload: S3rver.EventPayload) => void): this;
    off(event: string | symbol, listener: (...args: unknown[]) => void): this;
  }

  export = S3rver;
}

declare module 's3rver/lib/models/account.js' {
  interface AWSAccount {
    id: number;
    displayName: string;
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
  }
  const account: { DUMMY_ACCOUNT: AWSAccount };
  export = account;
}
