import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/ports/events.js';
import { acknowledge } from '../nag.js';
import { deadLetterQueue } from './queues.js';

export interface ObservabilityProps {
  stateMachine: StateMachine;
  bus: IEventBus;
  deadLetterQueues: Record<string, IQueue>;
  apiStage: HttpStage;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms that page operators through one encrypted SNS topic: failed, timed-out and throttled
 * executions, any message in a dead-letter queue, API 5xx answers, Lambda throttles, and a ledger
 * reconciliation that found a difference. Each is a case, a message or money that needs a person;
 * none of them is expected in normal operation.
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly opsDeadLetters: Queue;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const key = new Key(this, 'AlarmKey', {
      description: 'homestead-exit alarm topic',
      enableKeyRotation: true,
    });
    // CloudWatch cannot publish to a topic under the AWS-managed SNS key; this key lets it
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: 'homestead-exit alarms',
      masterKey: key,
      enforceSSL: true,
    });
    const action = new SnsAction(this.alarmTopic);

    // a ledger that does not add up is reported as an event (shared/fund/reconcile.ts); operators hear
    // of it at once, through the same topic as the alarms
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.opsDeadLetters = deadLetterQueue(this, 'OpsEventDeadLetters');
    acknowledge(
      this.opsDeadLetters,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the EventBridge target below; cdk-nag recognises Lambda and redrive DLQs but not rule-target ones. A DLQ of a DLQ would only move the same events again; its depth is alarmed.',
    );
    new Rule(this, 'LedgerDiscrepancy', {
      eventBus: props.bus,
      description: 'LedgerReconciliationFailed → operators',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['LedgerReconciliationFailed'] },
      targets: [
        new SnsTopic(this.alarmTopic, {
          deadLetterQueue: this.opsDeadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    const alarm = (id: string, metric: IMetric, description: string, threshold = 1) => {
      const a = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    const sm = props.stateMachine;
    alarm(
      'ExecutionsFailed',
      sm.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
      'A case execution failed: the case is marked failed with its cause (or could not even be marked).',
    );
    alarm(
      'ExecutionsTimedOut',
      sm.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
      'A case execution reached the Step Functions time limit while waiting on a person.',
    );
    alarm(
      'ExecutionsThrottled',
      sm.metricThrottled({ period: FIVE_MINUTES, statistic: 'Sum' }),
      'Step Functions throttled the case workflow.',
    );
    for (const [name, queue] of Object.entries({
      ...props.deadLetterQueues,
      OpsEvents: this.opsDeadLetters,
    })) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        `A message was given up on and waits in the ${name} dead-letter queue.`,
      );
    }
    alarm(
      'Api5xx',
      props.apiStage.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      'The HTTP API answered 5xx (a client can never cause one: API.md).',
    );
    alarm(
      'LambdaThrottles',
      new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      'Lambda throttled invocations in this account and region (API handlers answer 429/5xx, workflow tasks retry).',
    );
  }
}
