import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient } from '../adapters/clients.js';
import { auditPut } from '../adapters/table/audit.js';
import {
  cancellationCodes,
  getItem,
  isConditionFailure,
  queryBetween,
  tableName,
  transact,
} from '../adapters/table/dynamo.js';
import {
  type RegistryImportError,
  type RegistryImportFormat,
  type RegistryImportView,
  registryImportErrorSchema,
  registryImportFormatSchema,
  registryImportStatusSchema,
  registryImportViewSchema,
} from '../contract/registryImports.js';

/**
 * The import record (docs/registry-import.md "Applying, conflicts and progress"), in the single table:
 *
 * | PK                       | SK         | what                                                               |
 * | ------------------------ | ---------- | ------------------------------------------------------------------ |
 * | `IMPORT#<importId>`      | `IMPORT`   | status, counts, progress, who started it, failure                  |
 * | `IMPORT#<importId>`      | `ERR#0000` | findings, in row order, as many a chunk as fit in ERROR_CHUNK_BYTES |
 * | `IMPORTDOC#<documentId>` | `IMPORT`   | the one import of that document (its importId)                     |
 *
 * A finding is a few hundred bytes (both languages), a refused file of 10 000 households may have tens of
 * thousands: they go in chunk items (an item holds 400 KB at most), written once at the end; the record
 * says how many chunks hold the findings of its last run, so a rerun's fewer chunks hide older ones.
 */
const importKey = (importId: string) => ({ PK: `IMPORT#${importId}`, SK: 'IMPORT' });
const documentKey = (documentId: string) => ({ PK: `IMPORTDOC#${documentId}`, SK: 'IMPORT' });
const ERROR_PREFIX = 'ERR#';
const chunkKey = (importId: string, n: number) => ({
  PK: `IMPORT#${importId}`,
  SK: `${ERROR_PREFIX}${String(n).padStart(4, '0')}`,
});
/** Bytes of findings (as JSON) an error chunk holds at most: well under the item limit of 400 KB. */
export const ERROR_CHUNK_BYTES = 256 * 1024;

export interface NewImport {
  importId: string;
  documentId: string;
  format: RegistryImportFormat;
  startedBy: string;
  /** the registrar's name (the `name` claim, issue 18), shown instead of the user id where there is one */
  startedByName?: string;
  startedAt: string;
}

/** The counts an import writes as it goes and at its end (the view's names). */
export interface ImportProgress {
  rows: number;
  households: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  rejected: number;
}

const ZERO: ImportProgress = {
  rows: 0,
  households: 0,
  processed: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  conflicts: 0,
  rejected: 0,
};

/**
 * Records a new import of a document, status `running`, with an audit entry; one import per document: a
 * second call naming the same document creates nothing and answers the first import's id
 * (`created: false`), so a POST sent twice starts one import.
 */
export async function createImport(input: NewImport): Promise<{ importId: string; created: boolean }> {
  const TableName = tableName();
  try {
    await transact([
      {
        Put: {
          TableName,
          Item: {
            ...documentKey(input.documentId),
            itemType: 'registryImportDocument',
            importId: input.importId,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName,
          Item: {
            ...importKey(input.importId),
            itemType: 'registryImport',
            ...input,
            status: 'running',
            ...ZERO,
            errorChunks: 0,
            updatedAt: input.startedAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      auditPut(
        TableName,
        {
          actor: input.startedBy,
          action: 'registry.import.started',
          entity: `registryImport#${input.importId}`,
          detail: { documentId: input.documentId, format: input.format },
        },
        input.startedAt,
      ),
    ]);
    return { importId: input.importId, created: true };
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] !== 'ConditionalCheckFailed') throw error;
    const existing = await getItem(documentKey(input.documentId));
    return { importId: z.string().parse(existing?.importId), created: false };
  }
}

const recordSchema = z.object({
  importId: z.string(),
  documentId: z.string(),
  format: registryImportFormatSchema,
  startedBy: z.string(),
  startedByName: z.string().optional(),
  startedAt: z.string(),
  status: registryImportStatusSchema,
  rows: z.number().int(),
  households: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  conflicts: z.number().int(),
  rejected: z.number().int(),
  errorChunks: z.number().int(),
  finishedAt: z.string().optional(),
  failure: z.object({ messageZh: z.string(), messageEn: z.string() }).optional(),
});
export type ImportRecord = z.infer<typeof recordSchema>;

const chunkSchema = z.object({ SK: z.string(), errors: z.array(registryImportErrorSchema) });

/** The import's record alone (no findings): what a run reads first. */
export async function getImportRecord(importId: string): Promise<ImportRecord | undefined> {
  const item = await getItem(importKey(importId));
  return item ? recordSchema.parse(item) : undefined;
}

/** `GET /registry/imports/{importId}`: the record and every finding of its last run, in row order. */
export async function getImport(importId: string): Promise<RegistryImportView | undefined> {
  // one Query: the chunks (ERR#…) and the record (IMPORT) sort side by side
  const items = await queryBetween(importKey(importId).PK, ERROR_PREFIX, 'IMPORT');
  const head = items.find((i) => i.SK === 'IMPORT');
  if (!head) return undefined;
  const record = recordSchema.parse(head);
  const chunks = items
    .filter((i) => typeof i.SK === 'string' && i.SK.startsWith(ERROR_PREFIX))
    .map((i) => chunkSchema.parse(i))
    .filter((c) => Number(c.SK.slice(ERROR_PREFIX.length)) < record.errorChunks)
    .sort((a, b) => a.SK.localeCompare(b.SK));
  const { errorChunks: _chunks, ...view } = record;
  return registryImportViewSchema.parse({ ...view, errors: chunks.flatMap((c) => c.errors) });
}

/** Progress while it runs (counts so far); a finished import is not touched. */
export async function writeProgress(importId: string, progress: ImportProgress, at: string): Promise<void> {
  const names = Object.keys(progress) as (keyof ImportProgress)[];
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: importKey(importId),
      UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, #updatedAt = :at`,
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
        '#status': 'status',
        '#updatedAt': 'updatedAt',
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((n) => [`:${n}`, progress[n]])),
        ':running': 'running',
        ':at': at,
      },
    }),
  );
}

/** Findings in chunks of at most ERROR_CHUNK_BYTES (each chunk holds at least one). */
export function errorChunks(errors: readonly RegistryImportError[]): RegistryImportError[][] {
  const chunks: RegistryImportError[][] = [];
  let current: RegistryImportError[] = [];
  let bytes = 0;
  for (const error of errors) {
    const size = Buffer.byteLength(JSON.stringify(error));
    if (current.length > 0 && bytes + size > ERROR_CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(error);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The end of a run: its findings in chunks, then the record `done` (or `failed` with why) with the final
 * counts and the number of chunks, conditional on it still running (a second run that finished first
 * wins; this one's chunks are the same).
 */
export async function finishImport(
  importId: string,
  end: {
    status: 'done' | 'failed';
    progress: ImportProgress;
    errors: readonly RegistryImportError[];
    failure?: { messageZh: string; messageEn: string };
    at: string;
  },
): Promise<void> {
  const TableName = tableName();
  const chunks = errorChunks(end.errors);
  for (const [n, errors] of chunks.entries()) {
    await documentClient().send(
      new PutCommand({
        TableName,
        Item: { ...chunkKey(importId, n), itemType: 'registryImportErrors', errors },
      }),
    );
  }
  const values: Record<string, unknown> = {
    ...end.progress,
    status: end.status,
    errorChunks: chunks.length,
    finishedAt: end.at,
    updatedAt: end.at,
    ...(end.failure ? { failure: end.failure } : {}),
  };
  const names = Object.keys(values);
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName,
        Key: importKey(importId),
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ConditionExpression: '#status = :running',
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
          ':running': 'running',
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
