import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { earlierTimeline, objectionPut, timelineKey } from '../../shared/adapters/table/caseHistory.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { caseWriteItems } from '../../shared/adapters/table/caseWrite.js';
import { getItem, type TransactItem, tableName, transact } from '../../shared/adapters/table/dynamo.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import type { Case } from '../../shared/domain/model/case.js';
import {
  MAX_TEXT_CHARS,
  MAX_TIMELINE_NOTE_CHARS,
  TIMELINE_ENTRIES_IN_CASE,
} from '../../shared/domain/model/limits.js';
import { allDistrictCases } from '../../shared/reports/source.js';
import { invoke, loadRoutes, useApiEnvironment } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { itemSize } from '../support/itemSize.js';
import { installDoubles, OWN_DISTRICT, principals, seedCase, seedRegistry } from '../support/seed.js';
import { maxReviewDecisions, words, worstCase } from '../support/worstCase.js';

/**
 * The case item cannot grow without bound (issue 16): the largest item the rules allow stays under
 * 350 KB by DynamoDB's own size rules, and DynamoDB Local (which refuses items over 400 KB) takes it;
 * the timeline moves out of the item into its own items as it grows, and every reader that needs the
 * whole of it still gets it.
 */
useApiEnvironment();
const { getCase: getCaseRoute } = await loadRoutes('getCase');

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
});

const KB = 1024;
const BUDGET = 350 * KB;
/** A Step Functions task token at the longest the service documents (the item stores the waiting one). */
const TOKEN = 't'.repeat(2048);

function putOf(items: TransactItem[], i = 0): Record<string, unknown> {
  const item = items[i]?.Put?.Item;
  if (!item) throw new Error(`no Put at ${i}`);
  return item;
}

describe('the item size rules of this test agree with DynamoDB Local', () => {
  it('an item just under 400 KB by them is taken, one just over is refused', async () => {
    const sized = (bytes: number) => {
      const item = { PK: `SIZE#${bytes}`, SK: 'X', pad: '' };
      item.pad = 'x'.repeat(bytes - itemSize(item));
      expect(itemSize(item)).toBe(bytes);
      return new PutCommand({ TableName: tableName(), Item: item });
    };
    await documentClient().send(sized(400 * KB - 64));
    await expect(documentClient().send(sized(400 * KB + 64))).rejects.toThrow(/size/i);
  });
});

describe('the largest case item the rules allow', () => {
  it.each(['homestead_exit', 'contract_land_exit', 'equity_exit'] as const)(
    '%s: every field at its bound, every list at its count, stays under 350 KB and is written and read back',
    async (type) => {
      const c = worstCase(type);
      // the histories at the most the rules allow
      expect(c.reviews).toHaveLength(maxReviewDecisions());
      expect(c.timeline).toHaveLength(TIMELINE_ENTRIES_IN_CASE);
      const items = caseWriteItems(
        undefined,
        c,
        { store: { token: TOKEN, status: c.status } },
        { actor: 'seed', action: 'case.seeded', reason: words(MAX_TEXT_CHARS) },
      );
      // nothing to move: the item holds exactly as many entries as it keeps
      expect(items).toHaveLength(2);
      const size = itemSize(putOf(items));
      expect(size, `${type}: ${Math.round(size / KB)} KB`).toBeLessThan(BUDGET);
      // the audit entry written with it is small, whatever the reason's words
      expect(itemSize(putOf(items, 1))).toBeLessThan(10 * KB);

      await transact(items);
      const back = await getCase(c.caseId);
      expect(back?.case.reviews).toHaveLength(c.reviews.length);
      expect(back?.case.timelineOffset).toBe(c.timelineOffset);
      expect(back?.pendingToken?.token).toBe(TOKEN);
    },
  );

  it('one more timeline entry moves the oldest out: the item keeps its size', async () => {
    const c = worstCase('homestead_exit');
    const stored = { ...c, caseId: `${c.caseId.slice(0, 60)}MORE` };
    await transact(caseWriteItems(undefined, stored, 'keep', { actor: 'seed', action: 'case.seeded' }));
    const read = await getCase(stored.caseId);
    if (!read) throw new Error('not stored');
    const next = touchCase(read.case, { actor: 'x', at: new Date().toISOString(), note: words(10_000) });
    const items = caseWriteItems(read, next, 'keep', { actor: 'x', action: 'case.touched' });
    expect(items).toHaveLength(3);
    expect(itemSize(putOf(items))).toBeLessThanOrEqual(
      itemSize(putOf(caseWriteItems(undefined, c, 'keep', { actor: 'seed', action: 'case.seeded' }))),
    );
    await transact(items);
    const after = await getCase(stored.caseId);
    expect(after?.case.timeline).toHaveLength(TIMELINE_ENTRIES_IN_CASE);
    expect(after?.case.timelineOffset).toBe((c.timelineOffset ?? 0) + 1);
    // the note a write adds is clipped: the system's words only
    expect(after?.case.timeline.at(-1)?.note.length).toBe(MAX_TIMELINE_NOTE_CHARS);
    expect(await getItem(timelineKey(stored.caseId, c.timelineOffset ?? 0))).toMatchObject({
      itemType: 'timeline',
      note: c.timeline[0]?.note,
    });
  });

  it('an objection item and a timeline item are small', () => {
    const objection = putOf([
      objectionPut({
        objectionId: 'O-20260630-00000000',
        caseId: 'C'.repeat(64),
        text: words(MAX_TEXT_CHARS),
        by: 's'.repeat(128),
        at: '2026-06-30T23:59:59.999+08:00',
        noticeStartedAt: '2026-06-30T23:59:59.999+08:00',
      }),
    ]);
    expect(itemSize(objection)).toBeLessThan(7 * KB);
  });
});

describe('the timeline beyond the case item', () => {
  /** `n` writes on a seeded case, each adding one entry, as escalations of a forgotten step would. */
  async function grow(n: number, patch: Partial<Case> = {}) {
    const seeded = await seedCase({ status: 'village_review', patch });
    for (let i = 0; i < n; i++) {
      const read = await getCase(seeded.caseId);
      if (!read) throw new Error('gone');
      const at = new Date(Date.parse(read.case.updatedAt) + 1000).toISOString();
      await saveCase(read, touchCase(read.case, { actor: 'system:workflow', at, note: `督办 ${i + 1}` }), {
        audit: { actor: 'system:workflow', action: 'task.escalated' },
      });
    }
    return seeded.caseId;
  }

  it('keeps the latest entries in the item and every entry in the case view, in order', async () => {
    const writes = TIMELINE_ENTRIES_IN_CASE + 25;
    const caseId = await grow(writes);
    const stored = await getCase(caseId);
    expect(stored?.case.timeline).toHaveLength(TIMELINE_ENTRIES_IN_CASE);
    // one seeded entry and one per write
    expect(stored?.case.timelineOffset).toBe(writes + 1 - TIMELINE_ENTRIES_IN_CASE);
    expect(stored?.case.timeline.at(-1)?.note).toBe(`督办 ${writes}`);

    const view = await invoke(getCaseRoute, { principal: principals.applicant, pathParameters: { caseId } });
    expect(view.status, view.text).toBe(200);
    expect(view.json.timeline).toHaveLength(writes + 1);
    expect(view.json.timeline.slice(1).map((t: { note: string }) => t.note)).toEqual(
      Array.from({ length: writes }, (_, i) => `督办 ${i + 1}`),
    );
  });

  it('the reports read the whole timeline of a long case', async () => {
    const caseId = await grow(TIMELINE_ENTRIES_IN_CASE + 3);
    const c = (await allDistrictCases(OWN_DISTRICT)).find((x) => x.caseId === caseId);
    expect(c?.timeline).toHaveLength(TIMELINE_ENTRIES_IN_CASE + 4);
    expect(c?.timeline[0]?.status).toBe('village_review');
  });

  it('a case stored with a longer timeline inside it (before issue 16) still reads, and gives it up ten entries a write', async () => {
    const at = (i: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();
    const legacy = Array.from({ length: 80 }, (_, i) => ({
      at: at(i),
      status: 'village_review' as const,
      actor: 'system:workflow',
      note: `旧 ${i}`,
    }));
    const { caseId } = await seedCase({ status: 'village_review' });
    const read = await getCase(caseId);
    if (!read) throw new Error('gone');
    // as an item written before the timeline moved: the whole list inside the case, no offset
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...(putOf(caseWriteItems(undefined, read.case, 'keep', { actor: 'x', action: 'x' })) as object),
          data: { ...read.case, timeline: legacy },
        },
      }),
    );
    const old = await getCase(caseId);
    expect(old?.case.timeline).toHaveLength(80);
    if (!old) throw new Error('gone');
    await saveCase(old, touchCase(old.case, { actor: 'x', at: at(100), note: '新' }), {
      audit: { actor: 'x', action: 'case.touched' },
    });
    const after = await getCase(caseId);
    expect(after?.case.timeline).toHaveLength(71);
    expect(after?.case.timelineOffset).toBe(10);
    expect((await earlierTimeline({ caseId, timelineOffset: 10 })).map((t) => t.note)).toEqual(
      legacy.slice(0, 10).map((t) => t.note),
    );
    const view = await invoke(getCaseRoute, { principal: principals.applicant, pathParameters: { caseId } });
    expect(view.json.timeline.map((t: { note: string }) => t.note)).toEqual([
      ...legacy.map((t) => t.note),
      '新',
    ]);
  });
});
