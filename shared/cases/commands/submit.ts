import type { StoredCase } from '../../adapters/table/caseRepository.js';
import { listDocuments } from '../../documents/documentStore.js';
import { qualificationChoice } from '../../domain/model/application.js';
import type { Case } from '../../domain/model/case.js';
import { IllegalTransition, ValidationFailed } from '../../errors/appError.js';
import { caseEvent, moveCase } from '../moveCase.js';
import type { CaseDecision } from './caseChange.js';
import { waitingToken } from './waiting.js';

/** The execution that carries a case from its submission; its name makes a repeated start harmless. */
export const startOf = (c: Pick<Case, 'caseId'>) => ({
  executionName: c.caseId,
  input: { caseId: c.caseId },
});

/**
 * POST /cases/{caseId}/submit: a draft starts the workflow; a returned case is resubmitted into its
 * waiting step. A repeated submit of a case still in `submitted` writes nothing and issues the start
 * again, so a lost start is healed by the household simply trying again.
 */
export function submitDecision(
  stored: StoredCase,
  actor: string,
  now: string,
  documents: readonly { kind: string; status: string }[] = [],
): CaseDecision {
  const c = stored.case;
  if (c.status === 'submitted') return { unchanged: stored, events: [], start: startOf(c) };
  if (c.status === 'draft' || c.status === 'returned') assertHousingProof(c, documents);
  if (c.status === 'draft') {
    const next = moveCase(c, 'submitted', {
      actor,
      at: now,
      note: '申请已提交 / application submitted',
      patch: { submittedAt: now },
    });
    return {
      read: stored,
      next,
      token: 'keep',
      audit: { actor, action: 'case.submitted' },
      events: [caseEvent('CaseSubmitted', next, actor, 'draft')],
      start: startOf(c),
    };
  }
  if (c.status === 'returned') {
    const token = waitingToken(stored, 'returned', { zh: '补正后重新提交', en: 'resubmission' });
    const next = moveCase(c, 'resubmitted', {
      actor,
      at: now,
      note: '已补正并重新提交 / corrected and resubmitted',
      patch: { pendingTask: undefined },
    });
    return {
      read: stored,
      next,
      token: 'consume',
      audit: { actor, action: 'case.resubmitted' },
      events: [caseEvent('CaseResubmitted', next, actor, 'returned')],
      resume: { token: token.token, output: { outcome: 'resubmitted' } },
    };
  }
  throw new IllegalTransition(
    { zh: `案件当前状态为“${c.status}”，不能提交。`, en: `a case in status ${c.status} cannot be submitted` },
    { caseStatus: c.status },
  );
}

/**
 * 保障资格权 (DOMAIN.md wave 2): a household surrenders its qualification right only with proof of other
 * lawful, stable housing — an accepted `housing_certificate` document — before the case goes anywhere.
 * 400 naming it; keeping the right (the default) needs nothing.
 */
export function assertHousingProof(c: Case, documents: readonly { kind: string; status: string }[]): void {
  if (qualificationChoice(c.application) !== 'surrender') return;
  if (documents.some((d) => d.kind === 'housing_certificate' && d.status === 'accepted')) return;
  throw new ValidationFailed(
    {
      zh: '放弃宅基地资格权须先上传并通过核验住房证明（城镇住房不动产权证书或安置房证明）',
      en: 'surrendering the qualification right needs an accepted housing_certificate document first',
    },
    [
      {
        path: 'documents.housing_certificate',
        message:
          'upload an urban housing certificate or proof of a resettlement flat (kind housing_certificate)',
        messageZh: '请上传住房证明（文件类型：住房证明 housing_certificate），核验通过后再提交',
      },
    ],
  );
}

/** The submission with what it must check read first: the documents, when the right is surrendered. */
export async function submitChange(stored: StoredCase, actor: string, now: string): Promise<CaseDecision> {
  const c = stored.case;
  const documents =
    qualificationChoice(c.application) === 'surrender' && (c.status === 'draft' || c.status === 'returned')
      ? await listDocuments(c.caseId)
      : [];
  return submitDecision(stored, actor, now, documents);
}
