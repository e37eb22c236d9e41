import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/ports/events.js';
import { AppFunction } from './appFunction.js';
import { deadLetterQueue } from './queues.js';

export interface EventsProps {
  table: ITable;
}

/**
 * The domain-event backbone: a custom EventBridge bus on which every status change is published
 * (shared/ports/events.ts, source "homestead-exit"), an archive of everything for replay and audit, and
 * two consumers, each with a dead-letter queue:
 * - notify (functions/events/notify.ts): in-app inbox items in the table, SMS through an SNS topic;
 * - the reporting projection (functions/events/reportingProjection.ts): a durable queue of every event,
 *   consumed in batches into per-district, per-quarter counters for the monitoring reports (四(四)).
 */
export class Events extends Construct {
  readonly bus: EventBus;
  readonly notify: AppFunction;
  readonly smsTopic: Topic;
  readonly notifyDeadLetters: Queue;
  readonly projectionQueue: Queue;
  readonly projectionDeadLetters: Queue;
  readonly reportingProjection: AppFunction;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'homestead-exit domain events' });
    new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      eventPattern: { source: [EVENT_SOURCE] },
      description: 'every domain event, kept indefinitely (nothing is deleted)',
      retention: Duration.days(0),
    });

    // SMS leaves through subscriptions of this topic; publishing straight to phone numbers would need
    // sns:Publish on "*". The AWS-managed SNS key needs no grant for a publisher in the account.
    this.smsTopic = new Topic(this, 'Sms', {
      displayName: 'homestead-exit notifications',
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    this.notifyDeadLetters = deadLetterQueue(this, 'NotifyDeadLetters');
    this.notify = new AppFunction(this, 'Notify', {
      entry: 'functions/events/notify.ts',
      description: 'domain events → in-app inbox items and SMS',
      timeout: Duration.seconds(30),
      deadLetterQueue: this.notifyDeadLetters,
    })
      .bindTable(props.table, 'readWrite')
      .bindTopic(this.smsTopic, 'SMS_TOPIC_ARN');
    new Rule(this, 'ToNotify', {
      eventBus: this.bus,
      description: 'every domain event → notify (audit/notification consumer)',
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [
        new LambdaFunction(this.notify.fn, {
          deadLetterQueue: this.notifyDeadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    this.projectionDeadLetters = deadLetterQueue(this, 'ProjectionDeadLetters');
    this.projectionQueue = new Queue(this, 'Projection', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // six times the consumer's timeout plus its batching window, as AWS recommends (below)
      visibilityTimeout: Duration.seconds(6 * 30 + 10),
      deadLetterQueue: { queue: this.projectionDeadLetters, maxReceiveCount: 5 },
    });
    new Rule(this, 'ToProjection', {
      eventBus: this.bus,
      description: 'every domain event → reporting projection queue',
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [
        new SqsQueue(this.projectionQueue, {
          deadLetterQueue: this.projectionDeadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    // 30 s: a batch of 10 is one read and one write transaction (plus retries on conflicts); the queue's
    // visibility timeout (190 s) is six times that plus the batching window, as AWS recommends for an SQS
    // event source
    this.reportingProjection = new AppFunction(this, 'ReportingProjection', {
      entry: 'functions/events/reportingProjection.ts',
      description: 'domain events (Projection queue) → per-district, per-quarter report counters',
      timeout: Duration.seconds(30),
    }).bindTable(props.table, 'readWrite');
    // grants exactly receive/delete/change-visibility/attributes on this queue; a failed message is
    // retried by SQS and moved to projectionDeadLetters by the queue's redrive policy
    this.reportingProjection.fn.addEventSource(
      new SqsEventSource(this.projectionQueue, {
        batchSize: 10,
        // the projection writes a batch in one transaction per (district, quarter) (issue 17): waiting up to
        // 10 s for more events lets a step's few events, and a busy district's many, share it; a report
        // is read quarterly, so 10 s of lag costs nothing
        maxBatchingWindow: Duration.seconds(10),
        reportBatchItemFailures: true,
        // every message of a district and quarter updates one item: more pollers would mostly conflict
        maxConcurrency: 2,
      }),
    );
  }

  /** Every queue whose depth means a message was given up on. */
  get deadLetterQueues(): Queue[] {
    return [this.notifyDeadLetters, this.projectionDeadLetters];
  }
}
