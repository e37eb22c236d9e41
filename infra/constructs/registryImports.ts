import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REGISTRY_UPLOAD_PREFIX } from '../../shared/registryImport/documentRecord.js';
import { IMPORT_EVENT_SOURCE } from '../../shared/registryImport/handOff.js';
import { AppFunction } from './appFunction.js';
import { deadLetterQueue } from './queues.js';

export interface RegistryImportsProps {
  table: ITable;
  documents: IBucket;
  bus: IEventBus;
}

/** Lambda's longest timeout: an import of the city's whole registry is a long, one-off run. */
export const IMPORT_TIMEOUT = Duration.minutes(15);
/** exceljs holds the workbook in memory; the bench (bench/) measures 10 000 households within it. */
export const IMPORT_MEMORY_MB = 1024;

/**
 * The bulk registry import's worker (issue 19, docs/registry-import.md): `POST /registry/imports` puts an
 * event of its own source on the bus (shared/registryImport/handOff.ts), which only this rule matches →
 * the import queue → functions/registry/importRegistry.ts, one import per invocation. The queue's
 * visibility timeout is six times the function's timeout, as AWS recommends for an SQS event source
 * (90 min, under SQS's 12-hour cap); a run that fails is delivered again after it (the run is safe to
 * repeat) and, after the third try, kept in the dead-letter queue, which Observability watches.
 */
export class RegistryImports extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly worker: AppFunction;

  constructor(scope: Construct, id: string, props: RegistryImportsProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters');
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(6 * IMPORT_TIMEOUT.toSeconds()),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    new Rule(this, 'ToImports', {
      eventBus: props.bus,
      description: 'registry import starts → the import queue',
      eventPattern: { source: [IMPORT_EVENT_SOURCE] },
      targets: [
        new SqsQueue(this.queue, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    this.worker = new AppFunction(this, 'Worker', {
      entry: 'functions/registry/importRegistry.ts',
      description: 'registry import queue → read, check and apply an import file',
      timeout: IMPORT_TIMEOUT,
      memorySize: IMPORT_MEMORY_MB,
      // exceljs reads the xlsx
      documentLibraries: true,
    })
      // households, their certificate numbers (moved as PUT /registry/households moves them) and the
      // import's progress
      .bindTable(props.table, 'readWrite', ['certificates'])
      // the stored households of a file are read in bulk before they are compared (the applying side)
      .bindTableBatchRead(props.table)
      .bindDocuments(props.documents, { get: [`${REGISTRY_UPLOAD_PREFIX}*`] });
    this.worker.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: false,
        // imports of different files touch different households mostly; two at once is plenty
        maxConcurrency: 2,
      }),
    );
  }
}
