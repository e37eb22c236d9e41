import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_KEYS } from '../../shared/adapters/tableDesign.js';
import { BROWSER_SET_HEADERS, UPLOAD_SIGNED_HEADERS } from '../../shared/documents/documentModel.js';

/** Powertools idempotency writes its expiry here (7 days, functions/api/http/idempotency.ts). */
export const TTL_ATTRIBUTE = 'expiration';

/**
 * What must outlive every deployment: the single table (cases, audit trail, ledger, registry) and the
 * private documents bucket, plus the bucket that receives the access logs. All three are retained
 * when the stack is deleted, so no `cdk destroy` can erase a household's case or the fund's ledger.
 */
export class Data extends Construct {
  readonly table: Table;
  readonly documents: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // the same index list that test/support/createTable.ts gives DynamoDB Local
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // ACLs stay enabled (bucket owner preferred) because CloudFront standard logs are delivered with one
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { expiration: Duration.days(365 * 2), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    this.documents = new Bucket(this, 'Documents', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // a rejected upload is evidence of the attempt for a while, not forever
        { prefix: 'quarantine/', expiration: Duration.days(180) },
        // an agreement preview is set again on every request; a signed agreement is never under previews/
        { prefix: 'previews/', expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });
  }

  /** Browsers PUT uploads straight to S3 with the presigned URL, from the portal's origin only. */
  allowUploadsFrom(origins: string[]): void {
    this.documents.addCorsRule({
      allowedMethods: [HttpMethods.PUT],
      allowedOrigins: origins,
      // every header the upload ticket signs that a page may set (if-none-match: write-once); without one
      // of them the browser's preflight fails on AWS, though s3rver, which checks no CORS, lets it pass
      allowedHeaders: UPLOAD_SIGNED_HEADERS.filter((h) => !BROWSER_SET_HEADERS.includes(h)),
      maxAge: 3000,
    });
  }
}
