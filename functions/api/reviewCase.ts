import * as z from 'zod';
import { BadRequestError, ConflictError, RuleRefusedError } from '../../shared/adapters/errors.js';
import { saveCase } from '../../shared/adapters/table/caseRepository.js';
import { releaseAll } from '../../shared/cases/landClaims.js';
import { caseEvent, moveCase } from '../../shared/cases/moveCase.js';
import { resolutionSchema, reviewDecisionSchema } from '../../shared/domain/model/case.js';
import { conditionalSurrenderGuard } from '../../shared/domain/rights/conditionalGuard.js';
import { events } from '../../shared/ports/events.js';
import { resumeDecided } from '../../shared/ports/workflow.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/review (village reviewer, own village): the collective's decision with the
 * members' meeting resolution. Refused (422) when a reason makes the exit conditional on giving up
 * another right (二(二)3, 二(二)4(3)). The decision consumes the step's task token in the same
 * conditional write, so of two reviewers deciding at once exactly one wins and the other gets 409.
 */
const body = z.strictObject({
  decision: reviewDecisionSchema,
  reasons: z.array(z.string().trim().min(1).max(2000)).max(50),
  resolution: resolutionSchema,
});

const OUTCOME = { approve: 'approved', reject: 'rejected', return: 'returned' } as const;
const NEXT = { approve: 'public_notice', reject: 'rejected', return: 'returned' } as const;
const NOTE = {
  approve: '村集体审核通过，进入公示 / approved by the village, public notice begins',
  reject: '村集体审核不予通过 / rejected by the village',
  return: '退回补正 / returned for correction',
} as const;

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'reviewCase',
  method: 'POST',
  path: '/cases/{caseId}/review',
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    const r = b.resolution;
    const fieldErrors = [];
    if (r.votesFor + r.votesAgainst > r.membersPresent) {
      fieldErrors.push({
        path: 'body.resolution.votesFor',
        message: 'votes for and against exceed the members present',
      });
    }
    if (b.decision !== 'approve' && b.reasons.length === 0) {
      fieldErrors.push({
        path: 'body.reasons',
        message: 'a rejection or return must give at least one reason',
      });
    }
    if (fieldErrors.length > 0) throw new BadRequestError('the decision is incomplete', fieldErrors);

    const stored = await loadCaseFor('reviewCase', principal, params.caseId);
    const { case: c, pendingToken } = stored;
    if (c.status !== 'village_review' || !pendingToken || pendingToken.status !== 'village_review') {
      throw new ConflictError(
        c.status === 'village_review'
          ? 'the case is not yet waiting for review; try again shortly'
          : `the case is ${c.status}, not in village review`,
        { caseStatus: c.status },
      );
    }
    const guard = conditionalSurrenderGuard(c.type, b.reasons);
    if (!guard.allowed) {
      throw new RuleRefusedError(
        '不得以放弃其他权利作为退出条件 / an exit may not be made conditional on giving up another right',
        guard.violations.map((v) => ({ path: 'body.reasons', message: `${v.messageZh} ${v.messageEn}` })),
        { violations: guard.violations },
      );
    }
    if (b.decision === 'approve' && r.votesFor * 2 <= r.membersPresent) {
      throw new RuleRefusedError('approval needs a majority of the members present at the meeting', [
        {
          path: 'body.resolution.votesFor',
          message: `${r.votesFor} of ${r.membersPresent} is not a majority`,
        },
      ]);
    }
    const review = {
      decision: b.decision,
      reasons: b.reasons,
      resolution: r,
      reviewer: principal.sub,
      at: now,
    };
    // a rejection gives the land back (nothing is signed at review); an appeal has to take it again
    const claims = b.decision === 'reject' ? releaseAll(c) : undefined;
    const next = moveCase(c, NEXT[b.decision], {
      actor: principal.sub,
      at: now,
      note: [NOTE[b.decision], ...b.reasons].join('；'),
      patch: {
        reviews: [...c.reviews, review],
        pendingTask: undefined,
        // objections heard by this review are settled by it
        objections: c.objections.map((o) => ({ ...o, resolved: true })),
        ...(b.decision === 'reject' ? { rejectedAt: 'village_review' as const } : {}),
        ...(claims ? { landClaims: claims.landClaims } : {}),
      },
    });
    await saveCase(stored, next, {
      consumeToken: true,
      audit: {
        actor: principal.sub,
        action: `review.${b.decision}`,
        reason: b.reasons.join('; '),
        detail: { resolution: r },
      },
      ...(claims && claims.extra.length > 0 ? { extra: claims.extra } : {}),
    });
    await events().publish([
      caseEvent('ReviewDecided', next, principal.sub, c.status, { decision: b.decision, reasons: b.reasons }),
    ]);
    await resumeDecided(pendingToken.token, { outcome: OUTCOME[b.decision] });
    return { status: 200, body: { caseId: c.caseId, status: next.status, decision: b.decision } };
  },
};

export const handler = lambdaHandler(route);
