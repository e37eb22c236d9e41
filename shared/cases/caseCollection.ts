import { historyItemKind, withHistoryFrom } from '../adapters/table/caseHistory.js';
import { parseStored, type StoredCase } from '../adapters/table/caseRepository.js';
import { queryFrom } from '../adapters/table/dynamo.js';
import { type DocumentRecord, documentRecordSchema } from '../documents/documentModel.js';
import type { Case } from '../domain/model/case.js';

/**
 * A case's item collection in one Query (issue 17): its partition from the case item on, which is the
 * case item (`CASE`), its documents (`DOC#`), the timeline entries moved out of the item (`TIMELINE#`)
 * and the objections stored beside it (`OBJECTION#`), in that key order; the audit trail (`AUDIT#`) sorts
 * before and is not read. Before, the case view read the case (GetItem), its documents (Query) and, for
 * a long history, its timeline and its objections (a Query each).
 */
export interface CaseCollection extends StoredCase {
  /** the case with its whole history (every timeline entry, every objection), as the view shows it */
  full: Case;
  documents: DocumentRecord[];
}

const CASE_SK = 'CASE';
const DOCUMENT_PREFIX = 'DOC#';

export async function readCaseCollection(caseId: string): Promise<CaseCollection | undefined> {
  const items = await queryFrom(`CASE#${caseId}`, CASE_SK);
  const item = items.find((i) => i.SK === CASE_SK);
  if (!item) return undefined;
  const stored = parseStored(item);
  const documents: DocumentRecord[] = [];
  const timeline: Record<string, unknown>[] = [];
  const objections: Record<string, unknown>[] = [];
  for (const i of items) {
    const sk = typeof i.SK === 'string' ? i.SK : '';
    if (sk.startsWith(DOCUMENT_PREFIX)) documents.push(documentRecordSchema.parse(i));
    else if (historyItemKind(sk) === 'timeline') timeline.push(i);
    else if (historyItemKind(sk) === 'objection') objections.push(i);
    // anything else (collective payments, fund resume records) is not the view's
  }
  return { ...stored, full: withHistoryFrom(stored.case, timeline, objections), documents };
}
