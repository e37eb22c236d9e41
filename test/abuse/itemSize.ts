import { type AttributeValue, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../../local/services/awsClientConfig.js';

/**
 * An item's size as DynamoDB counts it against its 400 KB limit ("DynamoDB item sizes and formats",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * - a name and a string are their UTF-8 bytes;
 * - a number is (1 byte per two significant digits) + 1 byte, leading and trailing zeroes trimmed;
 * - a binary value is its raw bytes; null and a boolean 1 byte;
 * - a list or a map is 3 bytes of overhead + its elements + 1 byte per element;
 * - a set is the sum of its elements (by the rules above).
 * The bound is 350 KB: 50 KB under the hard limit, so that what a case still gains later (an
 * audit line, a timeline entry, a review) is never the write that fails.
 */
export const ITEM_LIMIT_BYTES = 350 * 1024;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

export function numberSize(n: string): number {
  const digits = n
    .replace(/^[+-]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (v.NS) return v.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (v.BS) return v.BS.reduce((sum, b) => sum + b.length, 0);
  if (v.L) return 3 + v.L.reduce((sum, e) => sum + valueSize(e) + 1, 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((sum, [k, e]) => sum + utf8(k) + valueSize(e) + 1, 0);
  throw new Error(`an attribute value of no known type: ${JSON.stringify(v)}`);
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, v]) => sum + utf8(name) + valueSize(v), 0);
}

export interface ItemSizes {
  count: number;
  largest: { key: string; bytes: number }[];
  over: { key: string; bytes: number }[];
  all: { key: string; bytes: number }[];
}

/** Scans the whole table (a test's table holds thousands of items at most) and sizes every item. */
export async function tableItemSizes(
  endpoint: string,
  tableName: string,
  opts: { largest?: number } = {},
): Promise<ItemSizes> {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const sizes: { key: string; bytes: number }[] = [];
  try {
    for await (const page of paginateScan({ client }, { TableName: tableName })) {
      for (const item of page.Items ?? []) {
        sizes.push({ key: `${item.PK?.S ?? '?'} / ${item.SK?.S ?? '?'}`, bytes: itemSize(item) });
      }
    }
  } finally {
    client.destroy();
  }
  sizes.sort((a, b) => b.bytes - a.bytes);
  return {
    count: sizes.length,
    largest: sizes.slice(0, opts.largest ?? 5),
    over: sizes.filter((s) => s.bytes > ITEM_LIMIT_BYTES),
    all: sizes,
  };
}
