import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { eventBridgeClient } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';

/**
 * How `POST /registry/imports` hands an import to its worker (functions/registry/importRegistry.ts): an
 * event on the app's bus with a source of its own, which only the import rule matches (the notify and
 * reporting rules match the domain events' source "homestead-exit" exactly) → the import queue (with a
 * dead-letter queue) → the worker, one import at a time (infra/constructs/registryImports.ts). The
 * event carries the import's id only; the worker reads the rest from the import record.
 */
export const IMPORT_EVENT_SOURCE = 'homestead-exit.registry-import';
export const IMPORT_EVENT_TYPE = 'RegistryImportStarted';

export const importStartedDetailSchema = z.object({ importId: z.string().min(1).max(64) });

/** The SQS message the worker receives: the EventBridge event as the rule delivered it. */
export const importMessageSchema = z.object({
  source: z.literal(IMPORT_EVENT_SOURCE),
  'detail-type': z.literal(IMPORT_EVENT_TYPE),
  detail: importStartedDetailSchema,
});

export async function handOffImport(importId: string, at: string): Promise<void> {
  const out = await eventBridgeClient().send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: requireConfig('EVENT_BUS_NAME'),
          Source: IMPORT_EVENT_SOURCE,
          DetailType: IMPORT_EVENT_TYPE,
          Detail: JSON.stringify({ importId }),
          Time: new Date(at),
        },
      ],
    }),
  );
  if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`EventBridge refused the start of import ${importId}`);
}
