/**
 * Shared AWS SDK v3 client settings for talking to the local emulators (DynamoDB Local, s3rver).
 * The same object is accepted by DynamoDBClient and S3Client; each client ignores the keys it
 * does not know (forcePathStyle, checksum modes), so callers need not keep two variants in step.
 */

export const LOCAL_REGION = 'us-east-1';

export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });

export interface LocalClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: true;
  requestChecksumCalculation: 'WHEN_REQUIRED';
  responseChecksumValidation: 'WHEN_REQUIRED';
}

export function localClientConfig(endpoint: string, region: string = LOCAL_REGION): LocalClientConfig {
  return {
    region,
    endpoint,
    // A fresh copy so a client that mutates its config cannot leak into the next one.
    credentials: { ...LOCAL_CREDENTIALS },
    // s3rver only understands path-style URLs; virtual-host style would need wildcard DNS for 127.0.0.1.
    forcePathStyle: true,
    // Since SDK 3.729 the default (WHEN_SUPPORTED) adds CRC32 checksums, streams bodies as aws-chunked
    // with trailers and bakes an empty-body checksum into presigned PUT URLs; s3rver stores the chunk
    // framing verbatim, so uploads would be corrupted.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
