import { z } from 'zod';
import { ConflictError } from '../../shared/adapters/errors.js';
import { saveCase } from '../../shared/adapters/table/caseRepository.js';
import { parametersVersion } from '../../shared/adapters/table/policyRepository.js';
import { caseEvent, moveCase } from '../../shared/cases/moveCase.js';
import { appealTarget } from '../../shared/domain/lifecycle/appeal.js';
import { IllegalTransitionError } from '../../shared/domain/lifecycle/transition.js';
import type { Case } from '../../shared/domain/model/case.js';
import { openAdvance } from '../../shared/fund/advance.js';
import { events } from '../../shared/ports/events.js';
import { workflow } from '../../shared/ports/workflow.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/appeal (applicant): every terminal rejection can be appealed once. The appeal
 * reopens the step that rejected the case and starts a new execution there.
 */
const body = z.strictObject({ text: z.string().trim().min(1).max(4000) });

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'appealCase',
  method: 'POST',
  path: '/cases/{caseId}/appeal',
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    const stored = await loadCaseFor('appealCase', principal, params.caseId);
    const c = stored.case;
    let target: ReturnType<typeof appealTarget>;
    try {
      target = appealTarget(c);
    } catch (error) {
      if (error instanceof IllegalTransitionError)
        throw new ConflictError(`${error.reasonZh} / ${error.reasonEn}`, { caseStatus: c.status });
      throw error;
    }
    const stage = c.status === 'rejected' ? (c.rejectedAt ?? 'village_review') : 'eligibility';
    // a fund rejection reopens the advance itself: a fresh request with no approvals
    let reopenedAdvance: Case['advance'];
    if (target === 'fund_review') {
      const agreement = c.agreement;
      const params = agreement
        ? await parametersVersion(c.districtCode, agreement.parametersVersion)
        : undefined;
      if (!agreement || !params) throw new Error(`case ${c.caseId} lacks the agreement or its parameters`);
      reopenedAdvance = openAdvance(agreement, params, now);
    }
    const next = moveCase(c, target, {
      actor: principal.sub,
      at: now,
      note: `申请人提出申诉 / appeal lodged: ${b.text}`,
      patch: {
        appeals: [...c.appeals, { stage, text: b.text, at: now, actor: principal.sub }],
        rejectedAt: undefined,
        ...(reopenedAdvance ? { advance: reopenedAdvance } : {}),
      },
    });
    await saveCase(stored, next, {
      audit: { actor: principal.sub, action: 'case.appealed', reason: b.text, detail: { stage } },
    });
    await events().publish([caseEvent('CaseAppealed', next, principal.sub, c.status, { stage })]);
    await workflow().startCase(`${c.caseId}-appeal-${stage}`, { caseId: c.caseId, resumeFrom: target });
    return { status: 201, body: { caseId: c.caseId, status: next.status } };
  },
};

export const handler = lambdaHandler(route);
