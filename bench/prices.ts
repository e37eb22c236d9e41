/**
 * Public list prices the cost model (bench/cost.ts, docs/performance.md "What a case costs") multiplies
 * the measured figures by. No internet here: each price says where it was read and how sure it is.
 * - `page`: the provider's own pricing page (a stored copy; such copies carry no date);
 * - `aws-doc`: a cost table AWS wrote for one of its solutions, with the date it gives;
 * - `third-party`: a blog or README quoting the price, with its date;
 * - `unverified`: remembered from the price list after AWS's on-demand price cut of November 2024, not
 *   read anywhere here. Check these against the pricing pages before quoting a budget.
 * The research notes with every quotation and address: /work/helpers/prices.md (session 9).
 */
export type PriceSource = 'page' | 'aws-doc' | 'third-party' | 'unverified';

export interface Price {
  /** per one unit of `unit` */
  amount: number;
  unit: string;
  source: PriceSource;
  /** where it was read, and the date that source shows */
  note: string;
}

export interface PriceList {
  region: string;
  currency: 'USD' | 'CNY';
  dynamoWriteUnit: Price;
  dynamoReadUnit: Price;
  dynamoStorageGbMonth: Price;
  stateTransition: Price;
  lambdaRequest: Price;
  /** arm64 (infra/constructs/appFunction.ts) */
  lambdaGbSecond: Price;
  httpApiRequest: Price;
  s3Put: Price;
  s3Get: Price;
  s3StorageGbMonth: Price;
  eventBridgeEvent: Price;
  sqsRequest: Price;
  cloudFrontHttpsRequest: Price;
  wafRequest: Price;
}

const M = 1_000_000;

/** US East (N. Virginia), us-east-1, USD: the region whose prices most sources quote. */
export const US_EAST_1: PriceList = {
  region: 'us-east-1',
  currency: 'USD',
  dynamoWriteUnit: {
    amount: 0.625 / M,
    unit: 'write request unit (on-demand, Standard)',
    source: 'third-party',
    note: 'airbyte.com "DynamoDB pricing", 2025-07-21 (after the 50 % cut of Nov 2024); the AWS page renders it by script',
  },
  dynamoReadUnit: {
    amount: 0.125 / M,
    unit: 'read request unit (on-demand, Standard)',
    source: 'third-party',
    note: 'same source as the write unit',
  },
  dynamoStorageGbMonth: {
    amount: 0.25,
    unit: 'GB-month (first 25 GB free)',
    source: 'page',
    note: 'aws.amazon.com/dynamodb/pricing (stored copy, no date)',
  },
  stateTransition: {
    amount: 0.025 / 1000,
    unit: 'state transition (Standard; 4 000 a month free)',
    source: 'page',
    note: 'aws.amazon.com/step-functions/pricing (stored copy, no date)',
  },
  lambdaRequest: {
    amount: 0.2 / M,
    unit: 'invocation',
    source: 'page',
    note: 'aws.amazon.com/lambda/pricing (stored copy, no date)',
  },
  lambdaGbSecond: {
    amount: 0.0000133334,
    unit: 'GB-second, arm64',
    source: 'unverified',
    note: 'x86 is $0.0000166667 on the stored page; arm64 is 20 % less',
  },
  httpApiRequest: {
    amount: 1 / M,
    unit: 'HTTP API request (first 300 million a month)',
    source: 'third-party',
    note: 'learnaws.org "API Gateway pricing", 2021-01-10',
  },
  s3Put: { amount: 0.005 / 1000, unit: 'PUT request', source: 'unverified', note: 'S3 Standard' },
  s3Get: { amount: 0.0004 / 1000, unit: 'GET request', source: 'unverified', note: 'S3 Standard' },
  s3StorageGbMonth: {
    amount: 0.023,
    unit: 'GB-month (Standard, first 50 TB)',
    source: 'third-party',
    note: 'a README quoting the AWS page, undated',
  },
  eventBridgeEvent: {
    amount: 1 / M,
    unit: 'custom event published (64 KB chunk)',
    source: 'third-party',
    note: 'AWS Price List API extract, retrieved 2025-10-28',
  },
  sqsRequest: {
    amount: 0.4 / M,
    unit: 'request (Standard queue; 1 million a month free)',
    source: 'third-party',
    note: 'cloudburn.io "Amazon SQS pricing", prices as of March 2026',
  },
  cloudFrontHttpsRequest: {
    amount: 0.01 / 10_000,
    unit: 'HTTPS request (North America)',
    source: 'third-party',
    note: 'wring.co CloudFront pricing guide, undated',
  },
  wafRequest: {
    amount: 0.6 / M,
    unit: 'request inspected (plus $5 a web ACL and $1 a rule a month)',
    source: 'third-party',
    note: 'awsnegotiations.com, 2026; AWS says WAF costs the same in every region',
  },
};
