import type { PriceList } from './prices.js';

/**
 * The cost model (issue 17): what one closed case uses of each billed service, as the bench measured it
 * at ×1, multiplied by public list prices (bench/prices.ts). Only what a case causes is here; the
 * monthly fixed costs (web ACL and its rules, sign-ins, logs, alarms) are listed apart in
 * docs/performance.md, since they do not grow with cases.
 */
export interface CaseUsage {
  /** capacity units DynamoDB reported for the case's own work (workflow, commands, events) */
  writeUnits: number;
  readUnits: number;
  /** read units of the people's reads (the bench's drivers reading the case view and their queues) */
  peopleReadUnits: number;
  /** states entered by the case's executions (Step Functions Standard bills each transition) */
  stateTransitions: number;
  /** invocations per case and mean handler milliseconds, by function */
  invocations: Record<string, number>;
  handlerMs: Record<string, number>;
  /** memory of each function (MB), from the template */
  memoryMb: Record<string, number>;
  /** requests through CloudFront, the web ACL and the HTTP API: every API function's invocation */
  apiRequests: number;
  /** S3 requests by the handlers and by the clients that use the presigned URLs */
  s3Puts: number;
  s3Gets: number;
  /** entries put on the event bus */
  eventsPut: number;
  /** events a rule delivers to a queue (the projection queue); each is sent, received and deleted */
  queuedEvents: number;
}

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  cost: number;
}

/** Billed Lambda duration: each invocation's milliseconds times its memory, in GB-seconds. */
export function lambdaGbSeconds(u: CaseUsage): number {
  let gbs = 0;
  for (const [fn, n] of Object.entries(u.invocations)) {
    const ms = u.handlerMs[fn] ?? 0;
    const mb = u.memoryMb[fn] ?? 512;
    gbs += (n * Math.max(1, Math.ceil(ms)) * mb) / 1024 / 1000;
  }
  return gbs;
}

export function costPerCase(u: CaseUsage, p: PriceList): { lines: CostLine[]; total: number } {
  const invocations = Object.values(u.invocations).reduce((a, b) => a + b, 0);
  const gbs = lambdaGbSeconds(u);
  // SQS: the rule's SendMessage, then the event source mapping's ReceiveMessage and DeleteMessage
  // (counted one each per event: the ×1 level delivers events one at a time; larger batches cost less)
  const sqs = u.queuedEvents * 3;
  const lines: CostLine[] = [
    {
      item: 'DynamoDB writes',
      quantity: u.writeUnits,
      unit: 'WRU',
      cost: u.writeUnits * p.dynamoWriteUnit.amount,
    },
    {
      item: 'DynamoDB reads (workflow, commands, events)',
      quantity: u.readUnits,
      unit: 'RRU',
      cost: u.readUnits * p.dynamoReadUnit.amount,
    },
    {
      item: 'DynamoDB reads (people reading the case and their queues)',
      quantity: u.peopleReadUnits,
      unit: 'RRU',
      cost: u.peopleReadUnits * p.dynamoReadUnit.amount,
    },
    {
      item: 'Step Functions Standard',
      quantity: u.stateTransitions,
      unit: 'transitions',
      cost: u.stateTransitions * p.stateTransition.amount,
    },
    {
      item: 'Lambda invocations',
      quantity: invocations,
      unit: 'requests',
      cost: invocations * p.lambdaRequest.amount,
    },
    { item: 'Lambda duration', quantity: gbs, unit: 'GB-s', cost: gbs * p.lambdaGbSecond.amount },
    {
      item: 'HTTP API',
      quantity: u.apiRequests,
      unit: 'requests',
      cost: u.apiRequests * p.httpApiRequest.amount,
    },
    {
      item: 'CloudFront (HTTPS) and the web ACL',
      quantity: u.apiRequests,
      unit: 'requests',
      cost: u.apiRequests * (p.cloudFrontHttpsRequest.amount + p.wafRequest.amount),
    },
    {
      item: 'S3 requests',
      quantity: u.s3Puts + u.s3Gets,
      unit: 'requests',
      cost: u.s3Puts * p.s3Put.amount + u.s3Gets * p.s3Get.amount,
    },
    {
      item: 'EventBridge',
      quantity: u.eventsPut,
      unit: 'events',
      cost: u.eventsPut * p.eventBridgeEvent.amount,
    },
    { item: 'SQS', quantity: sqs, unit: 'requests', cost: sqs * p.sqsRequest.amount },
  ];
  return { lines, total: lines.reduce((a, l) => a + l.cost, 0) };
}
