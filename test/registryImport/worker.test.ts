import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { importRegistry } from '../../functions/registry/importRegistry.js';
import { IMPORT_EVENT_SOURCE, IMPORT_EVENT_TYPE } from '../../shared/registryImport/handOff.js';
import { useApiEnvironment } from '../support/api.js';

/**
 * The registry import's worker (functions/registry/importRegistry.ts) against DynamoDB Local: a message a
 * retry could not mend (not an import start, or naming no import) is dropped rather than thrown, so it
 * does not go round the queue three times into the dead letters; the run itself is the applying side's
 * (test/registryImport/apply.test.ts), and the whole chain runs over HTTP in test/api/registryImport.ts.
 */
useApiEnvironment();

const sqs = (...bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body })) }) as unknown as SQSEvent;
const start = (importId: string) =>
  JSON.stringify({ source: IMPORT_EVENT_SOURCE, 'detail-type': IMPORT_EVENT_TYPE, detail: { importId } });

describe('the import worker', () => {
  it('drops messages that are not an import start, and starts of no import, without throwing', async () => {
    await expect(
      importRegistry(
        sqs(
          'not json',
          JSON.stringify({ source: 'homestead-exit', 'detail-type': 'CaseCreated', detail: {} }),
          JSON.stringify({ source: IMPORT_EVENT_SOURCE, 'detail-type': IMPORT_EVENT_TYPE, detail: {} }),
          start('RI-20260101-00000000'),
        ),
      ),
    ).resolves.toBeUndefined();
  });
});
