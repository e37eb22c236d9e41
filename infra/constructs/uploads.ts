import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REGISTRY_UPLOAD_PREFIX } from '../../shared/registryImport/documentRecord.js';
import { acknowledge } from '../nag.js';
import { AppFunction } from './appFunction.js';
import { deadLetterQueue } from './queues.js';

export interface UploadsProps {
  table: ITable;
  documents: Bucket;
  bus: IEventBus;
}

/** Prefix under which households upload evidence (shared/documents/documentModel.ts). */
export const UPLOAD_PREFIX = 'cases/';

/**
 * Server-side verification of every upload: S3 ObjectCreated under `cases/` invokes verifyUpload
 * (size and magic bytes against what was declared); a rejected object moves to `quarantine/`.
 */
export class Uploads extends Construct {
  readonly verify: AppFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: UploadsProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters');
    this.verify = new AppFunction(this, 'VerifyUpload', {
      entry: 'functions/documents/verifyUpload.ts',
      description: 'S3 ObjectCreated under cases/ and registry-imports/ → upload verification',
      timeout: Duration.seconds(30),
      deadLetterQueue: this.deadLetters,
      // pdf-lib's parser (every uploaded PDF is parsed) from the document library layer
      documentLibraries: true,
    })
      .bindTable(props.table, 'readWrite')
      .bindEvents(props.bus)
      .bindDocuments(props.documents, {
        get: [`${UPLOAD_PREFIX}*`, `${REGISTRY_UPLOAD_PREFIX}*`],
        put: ['quarantine/*'],
        delete: [`${UPLOAD_PREFIX}*`, `${REGISTRY_UPLOAD_PREFIX}*`],
      });
    // case evidence, and the registry's import files (issue 19: shared/registryImport/verifyRegistryUpload.ts)
    for (const prefix of [UPLOAD_PREFIX, REGISTRY_UPLOAD_PREFIX]) {
      props.documents.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.verify.fn), {
        prefix,
      });
    }

    // CDK manages bucket notifications with one singleton custom-resource function per stack
    const handler = Stack.of(this).node.tryFindChild(
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
    );
    const role = handler?.node.tryFindChild('Role');
    if (role) {
      acknowledge(
        role,
        'AwsSolutions-IAM4',
        "CDK's bucket-notifications custom resource (runs only at deployment) uses AWSLambdaBasicExecutionRole for its own logs.",
        ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      );
    }
  }
}
