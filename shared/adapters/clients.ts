import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One SDK client per service per container (reused across invocations). Endpoints and credentials
 * come from the standard SDK environment (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, …).
 */
let dynamo: DynamoDBDocumentClient | undefined;
let rawDynamo: DynamoDBClient | undefined;
let s3: S3Client | undefined;
let sfn: SFNClient | undefined;
let events: EventBridgeClient | undefined;

export function dynamoClient(): DynamoDBClient {
  rawDynamo ??= new DynamoDBClient({});
  return rawDynamo;
}

export function documentClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return dynamo;
}

export function s3Client(): S3Client {
  s3 ??= new S3Client({
    // path-style keeps presigned URLs valid against any endpoint, including a local one
    forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
    // the SDK's default CRC32 checksums put an empty-body checksum into presigned PUT URLs, which
    // then refuse the browser's real upload; checksums only where an operation requires them
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return s3;
}

export function sfnClient(): SFNClient {
  sfn ??= new SFNClient({});
  return sfn;
}

export function eventBridgeClient(): EventBridgeClient {
  events ??= new EventBridgeClient({});
  return events;
}

/** For tests and the local runtime, which point the environment elsewhere between runs. */
export function resetClients(): void {
  dynamo = undefined;
  rawDynamo = undefined;
  s3 = undefined;
  sfn = undefined;
  events = undefined;
}
