import { randomBytes } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { S3EventRecordLike } from '../services/s3Local.js';

/**
 * Turns s3rver's ObjectCreated notifications (startS3Local's `onObjectCreated`) into the S3 event a
 * bucket notification delivers to a Lambda on AWS, one record per event, with the notification's key
 * filter applied. The key stays URL-encoded, as S3 sends it.
 */

export interface S3NotificationFilter {
  /** Matched against the decoded key, as S3 does. */
  prefix?: string;
  suffix?: string;
}

export interface S3EventForwarderOptions {
  deliver: (event: S3Event) => Promise<void>;
  filter?: S3NotificationFilter;
  /** Names the notification in `configurationId`; free text. */
  configurationId?: string;
  /** Only these buckets; all when absent. */
  buckets?: readonly string[];
}

export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

let sequence = 0;

export function toS3EventRecord(record: S3EventRecordLike, configurationId = 'local'): S3EventRecord {
  // S3's sequencer orders events for one key; a hex counter keeps that property within a run.
  sequence += 1;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: record.awsRegion,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: 'local' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-amz-id-2': randomBytes(24).toString('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: {
        name: record.s3.bucket.name,
        ownerIdentity: { principalId: 'local' },
        arn: `arn:aws:s3:::${record.s3.bucket.name}`,
      },
      object: {
        key: record.s3.object.key,
        size: record.s3.object.size,
        eTag: (record.s3.object.eTag ?? '').replace(/"/g, ''),
        sequencer: sequence.toString(16).toUpperCase().padStart(16, '0'),
      },
    },
  };
}

/** The `onObjectCreated` callback for startS3Local. */
export function createS3EventForwarder(
  options: S3EventForwarderOptions,
): (record: S3EventRecordLike) => Promise<void> {
  const { prefix = '', suffix = '' } = options.filter ?? {};
  return async (record) => {
    if (options.buckets !== undefined && !options.buckets.includes(record.s3.bucket.name)) return;
    const key = decodeEventKey(record.s3.object.key);
    if (!key.startsWith(prefix) || !key.endsWith(suffix)) return;
    await options.deliver({ Records: [toS3EventRecord(record, options.configurationId)] });
  };
}
