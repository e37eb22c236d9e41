/**
 * The single table's key schema and secondary indexes, as data: the CDK stack declares the table from
 * it, and tests create the same table in DynamoDB Local from it. See docs/data-model.md.
 */
export const TABLE_KEYS = { partitionKey: 'PK', sortKey: 'SK' } as const;

export const TABLE_INDEXES = [
  /** reviewer queue: cases of a village by status and last change */
  { indexName: 'ByVillage', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** an applicant's own cases (by household), newest first */
  { indexName: 'ByHousehold', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  /** auditor: cases of a district by status */
  { indexName: 'ByDistrict', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  /** fund queue: advances by status and approval time (FIFO) */
  { indexName: 'FundQueue', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  /**
   * town reviewer queue (issue 17): cases of a town by status and last change. Added after the others:
   * case items written before it have no GSI5 keys until scripts/backfillIndexKeys.ts gives them theirs.
   */
  { indexName: 'ByTown', partitionKey: 'GSI5PK', sortKey: 'GSI5SK' },
] as const;

export type IndexName = (typeof TABLE_INDEXES)[number]['indexName'];

/** Every key attribute is a string. */
export const KEY_ATTRIBUTES: readonly string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
];

/** Powertools idempotency records live in the same table under this partition prefix. */
export const IDEMPOTENCY_PK_PREFIX = 'IDEMPOTENCY#';
