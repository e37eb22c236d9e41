import type { StoredCase } from '../../adapters/table/caseRepository.js';
import { parametersVersion } from '../../adapters/table/policyRepository.js';
import { getHousehold } from '../../adapters/table/registryRepository.js';
import { appealTarget } from '../../domain/lifecycle/appeal.js';
import type { Case, LandClaimRef } from '../../domain/model/case.js';
import type { Household } from '../../domain/model/household.js';
import { openAdvance } from '../../fund/advance.js';
import { claimTargets, holdExactly, refuseIfLandHeld } from '../landClaims.js';
import { caseEvent, moveCase } from '../moveCase.js';
import type { CaseChange } from './caseChange.js';
import { lifecycle } from './waiting.js';

const APPEAL_REFUSED = { zh: '申诉不能重新开启本案件', en: 'The appeal cannot reopen this case' };

/**
 * POST /cases/{caseId}/appeal: every terminal rejection can be appealed once. The appeal reopens the
 * step that rejected the case and starts a new execution there. A fund rejection reopens the advance
 * itself (a fresh request, no approvals). Reopening a village rejection takes the case's land claims
 * again in the same write; if another case holds any of that land by then, the appeal is refused (409,
 * naming the land and the case) and nothing is written.
 */
export async function appealChange(
  stored: StoredCase,
  text: string,
  actor: string,
  now: string,
): Promise<CaseChange> {
  const c = stored.case;
  const target = lifecycle(c.status, () => appealTarget(c));
  const stage = c.status === 'rejected' ? (c.rejectedAt ?? 'village_review') : 'eligibility';
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
    actor,
    at: now,
    // the appeal's words are stored once, in `appeals`
    note: '申请人提出申诉 / appeal lodged',
    patch: {
      appeals: [...c.appeals, { stage, text, at: now, actor }],
      rejectedAt: undefined,
      ...(reopenedAdvance ? { advance: reopenedAdvance } : {}),
      ...(claims ? { landClaims: claims.landClaims } : {}),
    },
  });
  return {
    read: stored,
    next,
    token: 'keep',
    audit: { actor, action: 'case.appealed', reason: text, detail: { stage } },
    ...(claims && claims.extra.length > 0 ? { extra: claims.extra } : {}),
    events: [caseEvent('CaseAppealed', next, actor, c.status, { stage })],
    start: { executionName: `${c.caseId}-appeal-${stage}`, input: { caseId: c.caseId, resumeFrom: target } },
    // lost a race: to another case taking the land (say which), or to another write of this case
    ...(land ? { explainRefusal: () => refuseIfHeld(c, land) } : {}),
  };
}

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

function refuseIfHeld(c: Case, land: LandToRetake): Promise<void> {
  return refuseIfLandHeld(c, land.household, land.targets, APPEAL_REFUSED);
}
