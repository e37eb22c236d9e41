import { appendFile } from 'node:fs/promises';
import { compilePattern, type EventMatcher, fromCdkEventPattern } from '../aws/eventPattern.js';
import { type PutEventsEntry, toEventBridgeEvent } from '../aws/eventsEndpoint.js';
import type { LambdaHost } from './lambdaHost.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalTopology } from './topology.js';

/**
 * EventBridge rules of the template, locally: every published event is matched against each rule on
 * its bus and delivered to the rule's Lambda targets, asynchronously and with retries as EventBridge
 * does; what still fails is written to a dead-letter file (the DLQ's stand-in). Targets with no local
 * implementation (SQS, SNS) are counted, not delivered.
 */
export class EventRouter {
  private readonly rules: { busName: string; match: EventMatcher; functions: string[] }[];
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
      functions: r.targets.flatMap((t) => (t.kind === 'lambda' ? [t.functionId] : [])),
    }));
  }

  /** Accepts events at once (PutEvents answers before delivery, as on AWS). */
  async accept(entries: PutEventsEntry[]): Promise<void> {
    for (const entry of entries) {
      const event = toEventBridgeEvent(entry, { account: LOCAL_ACCOUNT, region: LOCAL_REGION });
      for (const rule of this.rules) {
        if (rule.busName !== entry.EventBusName || !rule.match(event)) continue;
        for (const fn of rule.functions) this.track(this.deliver(fn, event));
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

  /** Resolves when every event accepted so far has been delivered (or dead-lettered). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
