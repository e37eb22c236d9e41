import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../local/services/awsClientConfig.js';
import { eachLimited } from '../../shared/adapters/eachLimited.js';
import type { Item } from './items.js';

/**
 * Writes items with BatchWriteItem: 25 per request, `inFlight` requests at once, UnprocessedItems sent
 * again after a short pause. Its own client (same marshalling options as the handlers'), so the fill
 * never shows in the handlers' request counts.
 */
const PER_REQUEST = 25;

/** One UpdateItem (lib-dynamodb's shape). */
export type UpdateInput = ConstructorParameters<typeof UpdateCommand>[0];
const MAX_ROUNDS = 50;

export class BatchWriter {
  private readonly client: DynamoDBDocumentClient;
  written = 0;
  requests = 0;
  retried = 0;

  constructor(
    endpoint: string,
    readonly table: string,
    private readonly inFlight = 8,
  ) {
    this.client = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(endpoint)), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  async write(items: readonly Item[]): Promise<void> {
    // a key twice in one request is refused: later puts of the same key win, as sequential puts would
    const byKey = new Map<string, Item>();
    for (const item of items) byKey.set(`${String(item.PK)}\u0000${String(item.SK)}`, item);
    const unique = [...byKey.values()];
    const chunks: Item[][] = [];
    for (let i = 0; i < unique.length; i += PER_REQUEST) chunks.push(unique.slice(i, i + PER_REQUEST));
    await eachLimited(chunks, this.inFlight, (chunk) => this.send(chunk));
  }

  /** UpdateItem requests (ADDs), `inFlight` at once: counters others may be adding to meanwhile. */
  async update(updates: readonly UpdateInput[]): Promise<void> {
    await eachLimited(updates, this.inFlight, async (u) => {
      this.requests += 1;
      await this.client.send(new UpdateCommand(u));
      this.written += 1;
    });
  }

  private async send(chunk: Item[]): Promise<void> {
    let pending: { PutRequest: { Item: Item } }[] = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round += 1) {
      if (round > 0) {
        this.retried += pending.length;
        await new Promise((r) => setTimeout(r, Math.min(1_000, 20 * 2 ** round)));
      }
      this.requests += 1;
      const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
      const left = out.UnprocessedItems?.[this.table] ?? [];
      this.written += pending.length - left.length;
      pending = left.flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
      );
    }
    if (pending.length > 0)
      throw new Error(`${pending.length} items still unprocessed after ${MAX_ROUNDS} rounds`);
  }
}
