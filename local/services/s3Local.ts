import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import s3rverAccounts from 's3rver/lib/models/account.js';
import { LOCAL_CREDENTIALS, localClientConfig } from './awsClientConfig.js';

/** The subset of an AWS S3 notification record that local consumers may rely on. */
export interface S3EventRecordLike {
  eventName: string;
  eventTime: string;
  awsRegion: string;
  s3: {
    bucket: { name: string };
    object: {
      /** URL-encoded as in real S3 notifications (space as '+'), so handlers decode it the same way. */
      key: string;
      size: number;
      eTag?: string;
    };
  };
}

export interface S3LocalOptions {
  port?: number;
  /** Where objects are stored; when absent a fresh temp dir is used and removed on stop. */
  directory?: string;
  /** Called synchronously while s3rver handles the upload, before the client gets its response. */
  onObjectCreated?: (event: S3EventRecordLike) => void | Promise<void>;
  /** Buckets to create (with the permissive CORS rules) before the server starts listening. */
  buckets?: string[];
}

export interface S3Local {
  endpoint: string;
  port: number;
  /** Resolves once every promise returned by onObjectCreated so far has settled. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

// Browsers need preflight to succeed for PUTs to presigned URLs from the portal's origin; ETag is
// exposed so multipart uploads from the browser can read part ETags.
const ALLOW_ALL_CORS_XML = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>DELETE</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

// s3rver only accepts its hard-coded S3RVER/S3RVER key (it rejects unknown key ids even though it
// never verifies V4 signatures); registering ours lets every client share localClientConfig().
let credentialsRegistered = false;
function registerLocalCredentials(): void {
  if (credentialsRegistered) return;
  s3rverAccounts.DUMMY_ACCOUNT.createKeyPair(
    LOCAL_CREDENTIALS.accessKeyId,
    LOCAL_CREDENTIALS.secretAccessKey,
  );
  credentialsRegistered = true;
}

/** Mirrors S3's notification encoding of keys (form-style: '%XX', space as '+', '/' kept). */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

export async function startS3Local(opts: S3LocalOptions = {}): Promise<S3Local> {
  registerLocalCredentials();
  const ownsDirectory = opts.directory === undefined;
  const directory =
    opts.directory === undefined ? await mkdtemp(join(tmpdir(), 'homestead-s3-')) : resolve(opts.directory);

  const server = new S3rver({
    address: HOST,
    // Port 0 lets the kernel choose atomically; s3rver reports the real port from run().
    port: opts.port ?? 0,
    directory,
    silent: true,
    // 'localhost' and IPs are never treated as virtual hosts anyway; this stops any other Host header
    // (e.g. a LAN name used by a phone testing the portal) from being mistaken for a bucket name.
    vhostBuckets: false,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name, configs: [ALLOW_ALL_CORS_XML] })),
  });

  const pending = new Set<Promise<void>>();
  const onObjectCreated = opts.onObjectCreated;
  if (onObjectCreated !== undefined) {
    server.on('event', (payload) => {
      for (const record of payload.Records) {
        if (!record.eventName.startsWith('ObjectCreated:')) continue;
        const event: S3EventRecordLike = {
          eventName: record.eventName,
          eventTime: record.eventTime,
          awsRegion: record.awsRegion,
          s3: {
            bucket: { name: record.s3.bucket.name },
            object: {
              key: encodeEventKey(record.s3.object.key),
              size: Number(record.s3.object.size ?? 0),
              ...(record.s3.object.eTag === undefined ? {} : { eTag: record.s3.object.eTag }),
            },
          },
        };
        // The listener runs inside s3rver's request handler: a throw would turn the upload into a
        // 500 and a rejection would be unhandled, whereas real S3 notifications are fire-and-forget.
        const track = (work: Promise<void>): void => {
          const settled = work.catch((error: unknown) => {
            console.error(`[s3Local] onObjectCreated failed for ${event.s3.object.key}:`, error);
          });
          pending.add(settled);
          void settled.finally(() => pending.delete(settled));
        };
        try {
          const result = onObjectCreated(event);
          if (result !== undefined) track(Promise.resolve(result));
        } catch (error) {
          track(Promise.reject(error));
        }
      }
    });
  }

  let address: Awaited<ReturnType<S3rver['run']>>;
  try {
    address = await server.run();
  } catch (error) {
    if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const port = address.port;
  const endpoint = `http://${HOST}:${port}`;

  const drain = async (): Promise<void> => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await server.close();
      await drain();
      if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    })();
    return stopping;
  };

  return { endpoint, port, drain, stop };
}

function isMissingBucket(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NotFound' || error.name === 'NoSuchBucket' || error.$metadata.httpStatusCode === 404;
}

/** Creates the bucket if needed and (re)applies the allow-all CORS rules the browser portal relies on. */
export async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  const client = new S3Client(localClientConfig(endpoint));
  try {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!isMissingBucket(error)) throw error;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    // s3rver applies CORS per bucket, so buckets created after startup would otherwise reject preflights.
    await client.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['*'],
              AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 3000,
            },
          ],
        },
      }),
    );
  } finally {
    client.destroy();
  }
}
