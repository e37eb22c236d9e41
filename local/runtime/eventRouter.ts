import { createHash, randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { compilePattern, type EventMatcher, fromCdkEventPattern } from '../aws/eventPattern.js';
import { type PutEventsEntry, toEventBridgeEvent } from '../aws/eventsEndpoint.js';
import type { LambdaHost } from './lambdaHost.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalTopology, type RuleTarget } from './topology.js';

/** One SQS message carrying an EventBridge event, as a queue-triggered Lambda receives it. */
type SqsRecord = ReturnType<typeof sqsRecord>;

function sqsRecord(queueArn: string, event: unknown) {
  const body = JSON.stringify(event);
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'events.amazonaws.com',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}

/** Messages waiting for a queue's consumer: delivered together when the batch is full or its window ends. */
interface QueueBatch {
  target: Extract<RuleTarget, { kind: 'queue' }>;
  records: SqsRecord[];
  timer?: NodeJS.Timeout;
}

/**
 * EventBridge rules of the template, locally: every published event is matched against each rule on
 * its bus and delivered to the rule's Lambda targets, asynchronously and with retries as EventBridge
 * does; what still fails is written to a dead-letter file (the DLQ's stand-in). A queue target is delivered
 * to the queue's consumer (its event source mapping) as an SQS event; targets with no local
 * implementation (SNS) are left out.
 */
export class EventRouter {
  private readonly rules: { busName: string; match: EventMatcher; targets: RuleTarget[] }[];
  private pending = new Set<Promise<void>>();
  private readonly batches = new Map<string, QueueBatch>();
  delivered = 0;
  undeliverable = 0;

  /**
   * `maxBatchingWindowSeconds` caps the event source mappings' batching windows (fast waits: a second,
   * as every other wait).
   */
  constructor(
    topology: LocalTopology,
    private readonly host: LambdaHost,
    private readonly deadLetterFile: string,
    private readonly opts: { maxBatchingWindowSeconds?: number } = {},
  ) {
    this.rules = topology.rules.map((r) => ({
      busName: r.busName,
      match: compilePattern(fromCdkEventPattern(r.pattern)),
      targets: r.targets.filter((t) => t.kind !== 'unsupported'),
    }));
  }

  /** Accepts events at once (PutEvents answers before delivery, as on AWS). */
  async accept(entries: PutEventsEntry[]): Promise<void> {
    for (const entry of entries) {
      const event = toEventBridgeEvent(entry, { account: LOCAL_ACCOUNT, region: LOCAL_REGION });
      for (const rule of this.rules) {
        if (rule.busName !== entry.EventBusName || !rule.match(event)) continue;
        for (const target of rule.targets) {
          if (target.kind === 'lambda') this.track(this.deliver(target.functionId, event));
          if (target.kind === 'queue') this.enqueue(target, sqsRecord(target.queueArn, event));
        }
      }
    }
  }

  /**
   * A queue's consumer gets its messages as its event source mapping would poll them: up to the batch
   * size at once, waiting up to the batching window for more (at once when the mapping sets none).
   */
  private enqueue(target: QueueBatch['target'], record: SqsRecord) {
    let batch = this.batches.get(target.queueArn);
    if (!batch) {
      batch = { target, records: [] };
      this.batches.set(target.queueArn, batch);
    }
    batch.records.push(record);
    const windowSeconds = Math.min(
      target.batchingWindowSeconds,
      this.opts.maxBatchingWindowSeconds ?? Number.POSITIVE_INFINITY,
    );
    if (batch.records.length >= target.batchSize || windowSeconds <= 0) this.flush(batch);
    else batch.timer ??= setTimeout(() => this.flush(batch), windowSeconds * 1000);
  }

  private flush(batch: QueueBatch) {
    clearTimeout(batch.timer);
    batch.timer = undefined;
    while (batch.records.length > 0) {
      const records = batch.records.splice(0, batch.target.batchSize);
      this.track(this.deliverBatch(batch.target.functionId, records));
    }
  }

  /** Delivers a batch; the messages the consumer reports as failed are delivered again, as SQS would. */
  private async deliverBatch(functionId: string, records: SqsRecord[]): Promise<void> {
    let left = records;
    let error = 'the consumer reported a batch item failure';
    for (let attempt = 1; attempt <= 3 && left.length > 0; attempt += 1) {
      try {
        const result = (await this.host.invoke(functionId, { Records: left })) as
          | { batchItemFailures?: { itemIdentifier?: string }[] }
          | undefined;
        const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        this.delivered += left.filter((r) => !failed.has(r.messageId)).length;
        left = left.filter((r) => failed.has(r.messageId));
      } catch (thrown) {
        // a thrown error fails the whole batch
        error = String(thrown);
      }
      if (left.length > 0 && attempt < 3) await new Promise((r) => setTimeout(r, 100 * attempt));
    }
    for (const record of left) {
      this.undeliverable += 1;
      await appendFile(
        this.deadLetterFile,
        `${JSON.stringify({ at: new Date().toISOString(), functionId, error, event: JSON.parse(record.body) })}\n`,
      );
    }
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** A rule's Lambda target (queue targets go through `deliverBatch`). */
  private async deliver(functionId: string, event: unknown): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      try {
        await this.host.invoke(functionId, event);
        this.delivered += 1;
        return;
      } catch (error) {
        if (attempt === 3) {
          this.undeliverable += 1;
          await appendFile(
            this.deadLetterFile,
            `${JSON.stringify({ at: new Date().toISOString(), functionId, error: String(error), event })}\n`,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  /** Resolves when every event accepted so far has been delivered (or dead-lettered); waiting batches go now. */
  async drain(): Promise<void> {
    for (const batch of this.batches.values()) this.flush(batch);
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
