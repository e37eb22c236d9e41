import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../local/services/awsClientConfig.js';
import { findFreePort, startDynamoLocal } from '../local/services/dynamoLocal.js';
import type { S3EventRecordLike } from '../local/services/s3Local.js';
import { ensureBucket } from '../local/services/s3Local.js';
import type { LocalServices } from './support/localServices.js';
import { withLocalServices } from './support/localServices.js';

// a name of its own: the run's DynamoDB Local is shared with every other file (test/support/sharedDynamo.ts)
const TABLE = `Cases-${process.pid}`;
const BUCKET = 'case-documents';

async function createCasesTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'caseId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'caseId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

describe('local AWS services', () => {
  const created: S3EventRecordLike[] = [];
  let services: LocalServices;
  let dynamoRaw: DynamoDBClient;
  let dynamo: DynamoDBDocumentClient;
  let s3: S3Client;

  beforeAll(async () => {
    services = await withLocalServices({ onObjectCreated: (event) => void created.push(event) });
    dynamoRaw = new DynamoDBClient(localClientConfig(services.dynamo.endpoint));
    dynamo = DynamoDBDocumentClient.from(dynamoRaw);
    s3 = new S3Client(localClientConfig(services.s3.endpoint));
  });

  afterAll(async () => {
    dynamoRaw?.destroy();
    s3?.destroy();
    await services?.stop();
  });

  it('stores and reads back a DynamoDB item', async () => {
    await createCasesTable(dynamoRaw);
    const item = { caseId: 'ZB-2024-0001', village: '淄川区 某村', areaSqm: 212.5, parcels: ['A-1', 'A-2'] };
    await dynamo.send(new PutCommand({ TableName: TABLE, Item: item }));

    const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE, Key: { caseId: item.caseId } }));
    expect(Item).toEqual(item);
  });

  // the race CI once lost: a port found free is taken before the JVM binds it (here by this file's
  // DynamoDB Local, which answers the readiness poll as if it were the new one; the test before made
  // the table in it)
  it('starts on another port when the one it found is taken before the JVM binds it', {
    timeout: 120_000,
  }, async () => {
    const taken = services.dynamo.port;
    const ports = [taken];
    const second = await startDynamoLocal({
      pickPort: async () => {
        const port = ports.length === 0 ? await findFreePort() : taken;
        ports.length = 0;
        return port;
      },
    });
    const client = new DynamoDBClient(localClientConfig(second.endpoint));
    try {
      expect(second.port).not.toBe(taken);
      // its own, empty database, not the shared one where this file made its table
      const names = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
      expect(names).not.toContain(TABLE);
      expect((await dynamoRaw.send(new ListTablesCommand({}))).TableNames).toContain(TABLE);
    } finally {
      client.destroy();
      await second.stop();
    }
    // the taken port's DynamoDB Local still answers: the failed attempt stopped only its own JVM
    expect((await dynamoRaw.send(new ListTablesCommand({}))).TableNames).toContain(TABLE);
  });

  it('accepts a browser-style upload to a presigned PUT URL and reports ObjectCreated', async () => {
    await ensureBucket(services.s3.endpoint, BUCKET);
    // Idempotent: the local runtime calls it on every start.
    await ensureBucket(services.s3.endpoint, BUCKET);

    const key = 'cases/ZB-2024-0001/land-certificate.pdf';
    const body = new TextEncoder().encode('%PDF-1.4 fake certificate');
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: 'application/pdf' }),
      { expiresIn: 300 },
    );

    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');

    const upload = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/pdf', Origin: 'http://localhost:5173' },
      body,
    });
    expect(upload.status).toBe(200);
    await services.s3.drain();

    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: BUCKET }, object: { key, size: body.byteLength } },
    });

    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await stored.Body?.transformToByteArray()).toEqual(body);
  });

  it('URL-encodes event keys the way S3 notifications do', async () => {
    const key = 'cases/ZB-2024-0002/宅基地 证明.jpg';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'jpeg' }));

    const event = created.at(-1);
    expect(event?.s3.object.key).toBe(
      `cases/ZB-2024-0002/${encodeURIComponent('宅基地')}+${encodeURIComponent('证明')}.jpg`,
    );
    expect(decodeURIComponent(event?.s3.object.key.replace(/\+/g, ' ') ?? '')).toBe(key);
  });
});

describe('DynamoDB Local with dbPath', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'homestead-ddb-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Two JVM start-ups in one test: allow for a loaded CI machine beyond the 30 s default.
  it('keeps items across a stop and restart', { timeout: 120_000 }, async () => {
    const first = await startDynamoLocal({ dbPath: dir });
    const firstRaw = new DynamoDBClient(localClientConfig(first.endpoint));
    const firstClient = DynamoDBDocumentClient.from(firstRaw);
    try {
      await createCasesTable(firstRaw);
      await firstClient.send(
        new PutCommand({ TableName: TABLE, Item: { caseId: 'ZB-persist', status: 'SIGNED' } }),
      );
    } finally {
      firstRaw.destroy();
      await first.stop();
    }

    const second = await startDynamoLocal({ dbPath: dir });
    const secondRaw = new DynamoDBClient(localClientConfig(second.endpoint));
    const secondClient = DynamoDBDocumentClient.from(secondRaw);
    try {
      const { Item } = await secondClient.send(
        new GetCommand({ TableName: TABLE, Key: { caseId: 'ZB-persist' } }),
      );
      expect(Item).toEqual({ caseId: 'ZB-persist', status: 'SIGNED' });
    } finally {
      secondRaw.destroy();
      await second.stop();
    }
  });
});
