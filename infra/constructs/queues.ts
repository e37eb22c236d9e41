import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue: encrypted, TLS only, kept the SQS maximum of 14 days so that an operator has
 * time to redrive. Every one is watched by an alarm (Observability). cdk-nag's SQS3 recognises a queue
 * that a Lambda or a redrive policy uses as its DLQ; one used only by an EventBridge target is
 * acknowledged where it is made.
 */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}
