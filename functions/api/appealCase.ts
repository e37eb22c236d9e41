import * as z from 'zod';
import { ConflictError } from '../../shared/adapters/errors.js';
import { saveCase } from '../../shared/adapters/table/caseRepository.js';
import { parametersVersion } from '../../shared/adapters/table/policyRepository.js';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { claimTargets, holdExactly, refuseIfLandHeld } from '../../shared/cases/landClaims.js';
import { caseEvent, moveCase } from '../../shared/cases/moveCase.js';
import { appealTarget } from '../../shared/domain/lifecycle/appeal.js';
import { IllegalTransitionError } from '../../shared/domain/lifecycle/transition.js';
import type { Case, LandClaimRef } from '../../shared/domain/model/case.js';
import type { Household } from '../../shared/domain/model/household.js';
import { openAdvance } from '../../shared/fund/advance.js';
import { events } from '../../shared/ports/events.js';
import { workflow } from '../../shared/ports/workflow.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/appeal (applicant): every terminal rejection can be appealed once. The appeal
 * reopens the step that rejected the case and starts a new execution there. Reopening a village
 * rejection takes the case's land claims again in the same write; if another case holds any of that land
 * by then, the appeal is refused (409, naming the land and the case) and nothing is written.
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
    // a village rejection gave the land back; reopening the review (no assessment runs) takes it again,
    // unless another case has taken it meanwhile. A fund rejection came after signing: the claims stayed.
    const land = target === 'village_review' ? await landToRetake(c) : undefined;
    const claims = land ? holdExactly(c, land.targets, now) : undefined;
    const next = moveCase(c, target, {
      actor: principal.sub,
      at: now,
      note: `申请人提出申诉 / appeal lodged: ${b.text}`,
      patch: {
        appeals: [...c.appeals, { stage, text: b.text, at: now, actor: principal.sub }],
        rejectedAt: undefined,
        ...(reopenedAdvance ? { advance: reopenedAdvance } : {}),
        ...(claims ? { landClaims: claims.landClaims } : {}),
      },
    });
    try {
      await saveCase(stored, next, {
        audit: { actor: principal.sub, action: 'case.appealed', reason: b.text, detail: { stage } },
        ...(claims && claims.extra.length > 0 ? { extra: claims.extra } : {}),
      });
    } catch (error) {
      // lost a race: to another case taking the land (say which), or to another write of this case
      if (error instanceof ConflictError && land) await refuseIfHeld(c, land);
      throw error;
    }
    await events().publish([caseEvent('CaseAppealed', next, principal.sub, c.status, { stage })]);
    await workflow().startCase(`${c.caseId}-appeal-${stage}`, { caseId: c.caseId, resumeFrom: target });
    return { status: 201, body: { caseId: c.caseId, status: next.status } };
  },
};

interface LandToRetake {
  household: Household;
  targets: LandClaimRef[];
}

async function landToRetake(c: Case): Promise<LandToRetake> {
  const household = await getHousehold(c.householdId);
  if (!household) throw new Error(`household ${c.householdId} of case ${c.caseId} is not in the registry`);
  const land = { household, targets: claimTargets(c.application, household) };
  await refuseIfHeld(c, land);
  return land;
}

const APPEAL_REFUSED = { zh: '申诉不能重新开启本案件', en: 'The appeal cannot reopen this case' };

function refuseIfHeld(c: Case, land: LandToRetake): Promise<void> {
  return refuseIfLandHeld(c, land.household, land.targets, APPEAL_REFUSED);
}

export const handler = lambdaHandler(route);
