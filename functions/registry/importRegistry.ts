import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { logger, withLambdaContext } from '../../shared/adapters/observability.js';
import { NotFound } from '../../shared/errors/appError.js';
import { importMessageSchema } from '../../shared/registryImport/handOff.js';
import { runImport } from '../../shared/registryImport/runImport.js';

/**
 * The registry import worker (issue 19): one message of the import queue (batch size 1) → runImport,
 * which reads the file, checks every row and applies the households, writing progress as it goes
 * (shared/registryImport/runImport.ts). A message that does not parse, or names no import, is dropped
 * with a log line (a retry could not mend it); a run that throws fails the message, which SQS delivers again after the
 * visibility timeout (the run is safe to repeat) and moves to the dead-letter queue after the last try.
 */
const recordSchema = z.object({ messageId: z.string(), body: z.string() });

export async function importRegistry(event: SQSEvent): Promise<void> {
  for (const raw of event.Records ?? []) {
    const record = recordSchema.safeParse(raw);
    let json: unknown;
    try {
      json = record.success ? JSON.parse(record.data.body) : undefined;
    } catch {
      json = undefined;
    }
    const message = importMessageSchema.safeParse(json);
    if (!message.success) {
      logger.error('registry import message dropped: not an import start', {
        messageId: record.data?.messageId,
      });
      continue;
    }
    const { importId } = message.data.detail;
    logger.info('registry import starts', { importId });
    try {
      await runImport(importId);
    } catch (error) {
      // no such import (the route records it before handing it off): a retry would find none either
      if (!(error instanceof NotFound)) throw error;
      logger.error('registry import message dropped: no such import', { importId });
      continue;
    }
    logger.info('registry import ended', { importId });
  }
}

export const handler = withLambdaContext(importRegistry);
