import { createHash, randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { compilePattern, type EventMatcher, fromCdkEventPattern } from '../aws/eventPattern.js';
import { type PutEventsEntry, toEventBridgeEvent } from '../aws/eventsEndpoint.js';
import type { LambdaHost } from './lambdaHost.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalTopology, type RuleTarget } from './topology.js';

/** The event a queue-triggered Lambda receives for one message carrying an EventBridge event. */
function sqsEvent(queueArn: string, event: unknown) {
  const body = JSON.stringify(event);
  return {
    Records: [
      {
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
      },
    ],
  };
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
  delivered = 0;
  undeliverable = 0;

  constructor(
    topology: LocalTopology,
    private readonly host: LambdaHost,
    private readonly deadLetterFile: string,
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
          if (target.kind === 'queue')
            this.track(this.deliver(target.functionId, sqsEvent(target.queueArn, event)));
        }
      }
    }
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async deliver(functionId: string, event: unknown): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      try {
        const result = (await this.host.invoke(functionId, event)) as
          | { batchItemFailures?: unknown[] }
          | undefined;
        // an SQS consumer reports a failed message instead of throwing; it is redelivered like one
        if ((result?.batchItemFailures?.length ?? 0) > 0)
          throw new Error('the consumer reported a batch item failure');
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

  /** Resolves when every event accepted so far has been delivered (or dead-lettered). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
