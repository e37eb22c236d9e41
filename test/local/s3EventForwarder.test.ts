import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3EventForwarder, decodeEventKey } from '../../local/aws/s3EventForwarder.js';
import { localClientConfig } from '../../local/services/awsClientConfig.js';
import { type S3Local, startS3Local } from '../../local/services/s3Local.js';

const BUCKET = 'documents';

describe('s3EventForwarder with s3rver', () => {
  let s3: S3Local;
  let client: S3Client;
  const delivered: S3Event[] = [];

  beforeAll(async () => {
    s3 = await startS3Local({
      buckets: [BUCKET, 'elsewhere'],
      onObjectCreated: createS3EventForwarder({
        filter: { prefix: 'cases/' },
        buckets: [BUCKET],
        configurationId: 'verify-upload',
        deliver: async (event) => {
          delivered.push(event);
        },
      }),
    });
    client = new S3Client(localClientConfig(s3.endpoint));
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  beforeEach(() => {
    delivered.length = 0;
  });

  const put = async (bucket: string, key: string, body = 'hello') => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    await s3.drain();
  };

  it('delivers an upload under the prefix as the S3 event a Lambda gets', async () => {
    await put(BUCKET, 'cases/C1/documents/D1 scan.pdf');
    expect(delivered).toHaveLength(1);
    const records = delivered[0]?.Records ?? [];
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: expect.stringMatching(/^ObjectCreated:/),
      awsRegion: expect.any(String),
      s3: {
        configurationId: 'verify-upload',
        bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
        object: {
          key: 'cases/C1/documents/D1+scan.pdf',
          size: 5,
          eTag: expect.stringMatching(/^[0-9a-f]{32}$/),
        },
      },
    });
    expect(decodeEventKey(records[0]?.s3.object.key ?? '')).toBe('cases/C1/documents/D1 scan.pdf');
  });

  it('gives later events a later sequencer', async () => {
    await put(BUCKET, 'cases/C1/a');
    await put(BUCKET, 'cases/C1/a', 'again');
    const [first, second] = delivered.map((e) => e.Records[0]?.s3.object.sequencer ?? '');
    expect(second && first && second > first).toBe(true);
  });

  it('skips keys outside the prefix and other buckets', async () => {
    await put(BUCKET, 'quarantine/cases/C1/x');
    await put('elsewhere', 'cases/C1/x');
    expect(delivered).toEqual([]);
  });
});
