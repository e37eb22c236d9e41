import { expect, vi } from 'vitest';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import type { RouteId } from '../../shared/auth/authorization.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import type { InvokeResult } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { answerFaults, clip } from './answers.js';
import { ITEM_LIMIT_BYTES, tableItemSizes } from './itemSize.js';

const unhandled: string[] = [];
let capturing = false;

/**
 * Keeps what the pipeline logs as 'unhandled error' (functions/api/http/route.ts, the error behind a
 * 500), so a failure report carries the stack and not only "INTERNAL". Call once per file (beforeAll).
 */
export async function captureUnhandledErrors(): Promise<void> {
  if (capturing) return;
  capturing = true;
  // imported here, not at the top: the handlers' modules must load after test/support/api.ts set the env
  const { logger } = await import('../../functions/api/http/observability.js');
  vi.spyOn(logger, 'error').mockImplementation((...args: unknown[]) => {
    const e = args[1];
    unhandled.push(e instanceof Error ? (e.stack ?? e.message) : String(e ?? args[0]));
  });
}

/** The errors logged since the last call (and forgets them). */
export function takeUnhandledErrors(): string[] {
  return unhandled.splice(0);
}

/** Asserts ./answers.ts for one answer, with the request named in the message (and the stack of a 500). */
export function expectSound(id: RouteId, res: InvokeResult, what: string): void {
  const faults = answerFaults(id, res);
  const stacks =
    res.status >= 500
      ? takeUnhandledErrors()
          .slice(-1)
          .map((s) => `\n  logged: ${clip(s, 1500)}`)
      : [];
  expect(faults, `${what} → ${res.status} ${clip(res.text)}${stacks.join('')}`).toEqual([]);
}

/** Asserts that no item of the table is over 350 KB by DynamoDB's size rules. */
export async function expectNoItemOver350KB(endpoint: string, tableName: string): Promise<void> {
  const sizes = await tableItemSizes(endpoint, tableName);
  expect(sizes.count).toBeGreaterThan(0);
  expect(
    sizes.over,
    `items over ${ITEM_LIMIT_BYTES} bytes; largest: ${JSON.stringify(sizes.largest)}`,
  ).toEqual([]);
}

/** The size of one case's item (PK CASE#id, SK the case's own row), by DynamoDB's rules. */
export async function caseItemBytes(endpoint: string, tableName: string, caseId: string): Promise<number> {
  const sizes = await tableItemSizes(endpoint, tableName, { largest: Number.POSITIVE_INFINITY });
  const own = sizes.all.filter((s) => s.key.startsWith(`CASE#${caseId} /`));
  return Math.max(0, ...own.map((s) => s.bytes));
}

/**
 * What the workflow does when a returned case is resubmitted and reaches the village review again:
 * the case back in village_review with a new task token (test/support/seed.ts does the same for a
 * seeded case).
 */
export async function backToVillageReview(caseId: string, round: number): Promise<void> {
  const read = await getCase(caseId);
  if (!read) throw new Error(`no case ${caseId}`);
  const at = new Date(Date.parse(read.case.updatedAt) + 1).toISOString();
  const waiting = touchCase(
    read.case,
    {
      actor: 'system:workflow',
      at,
      note: `resubmitted, waiting for village_review (round ${round})`,
      patch: {
        pendingTask: {
          kind: 'village_review',
          dueAt: new Date(Date.parse(at) + 15 * 86_400_000).toISOString(),
          escalated: false,
        },
      },
    },
    'village_review',
  );
  await saveCase(read, waiting, {
    newToken: { token: `task-token-${caseId}-round-${round}`, status: 'village_review' },
    audit: { actor: 'system:workflow', action: 'task.waiting', detail: { kind: 'village_review' } },
  });
}

/** Runs the tasks with at most `limit` at once, answers in the tasks' order. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}
