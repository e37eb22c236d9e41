import { describe, expect, it } from 'vitest';
import { type CaseUsage, costPerCase, lambdaGbSeconds } from '../../bench/cost.js';
import { US_EAST_1 } from '../../bench/prices.js';

const usage: CaseUsage = {
  writeUnits: 400,
  readUnits: 200,
  peopleReadUnits: 100,
  stateTransitions: 40,
  invocations: { reviewCase: 3, getAgreement: 1 },
  handlerMs: { reviewCase: 99.2, getAgreement: 1500 },
  memoryMb: { reviewCase: 512, getAgreement: 1024 },
  apiRequests: 30,
  s3Puts: 4,
  s3Gets: 6,
  eventsPut: 20,
  queuedEvents: 20,
};

describe('the cost model', () => {
  it('bills each invocation by its whole milliseconds times its memory', () => {
    // 3 × 100 ms × 0.5 GB + 1 × 1 500 ms × 1 GB = 0.15 + 1.5 GB-s
    expect(lambdaGbSeconds(usage)).toBeCloseTo(1.65, 10);
  });

  it('multiplies every measured quantity by its price and sums the lines', () => {
    const { lines, total } = costPerCase(usage, US_EAST_1);
    const line = (item: string) => lines.find((l) => l.item.startsWith(item));
    expect(line('DynamoDB writes')?.cost).toBeCloseTo(400 * 0.625e-6, 12);
    expect(line('Step Functions')?.cost).toBeCloseTo(40 * 0.000025, 12);
    expect(line('SQS')?.quantity).toBe(60);
    expect(line('Lambda invocations')?.quantity).toBe(4);
    expect(total).toBeCloseTo(
      lines.reduce((a, l) => a + l.cost, 0),
      15,
    );
    // by hand: DynamoDB 0.2875, Step Functions 1.000, Lambda 0.0008 + 0.0220, HTTP API 0.030, edge 0.048,
    // S3 0.0224, EventBridge 0.020, SQS 0.024 (thousandths of a dollar)
    expect(total * 1000).toBeCloseTo(1.4547, 3);
  });
});
