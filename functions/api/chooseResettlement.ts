import { PutObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { s3Client } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { BadRequestError, ConflictError, RuleRefusedError } from '../../shared/adapters/errors.js';
import { saveCase } from '../../shared/adapters/table/caseRepository.js';
import { parametersVersion } from '../../shared/adapters/table/policyRepository.js';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { claimTargets, holdExactly, refuseIfLandHeld } from '../../shared/cases/landClaims.js';
import { caseEvent, moveCase } from '../../shared/cases/moveCase.js';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { plotsInScope } from '../../shared/domain/compensation/offers.js';
import { resettlementOptionSchema } from '../../shared/domain/model/offer.js';
import { rightsCheck } from '../../shared/domain/rights/rightsCheck.js';
import { events } from '../../shared/ports/events.js';
import { resumeDecided } from '../../shared/ports/workflow.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/resettlement (applicant): the household's choice among the offers; this is the
 * signature of the exit agreement (退出协议). The agreement id is derived from the case, so a case can
 * carry one agreement only, and it lists as surrendered only the rights inside the case's scope.
 */
const body = z.strictObject({ option: resettlementOptionSchema });

const SIGN_REFUSED = { zh: '不能签订退出协议', en: 'The agreement cannot be signed' };

export const agreementIdFor = (caseId: string) => `AG-${caseId.replace(/^C-/, '')}`;

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'chooseResettlement',
  method: 'POST',
  path: '/cases/{caseId}/resettlement',
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    const stored = await loadCaseFor('chooseResettlement', principal, params.caseId);
    const { case: c, pendingToken } = stored;
    if (c.status !== 'offers' || !pendingToken || pendingToken.status !== 'offers') {
      throw new ConflictError(
        c.status === 'offers'
          ? 'the offers are not yet open for a choice; try again shortly'
          : `the case is ${c.status}, not waiting for a choice`,
        {
          status: c.status,
        },
      );
    }
    if (!c.offers.some((o) => o.option === b.option)) {
      throw new BadRequestError('that option is not offered for this case', [
        { path: 'body.option', message: `offered: ${c.offers.map((o) => o.option).join(', ')}` },
      ]);
    }
    const household = await getHousehold(c.householdId);
    const params_ = c.parametersVersion
      ? await parametersVersion(c.districtCode, c.parametersVersion)
      : undefined;
    if (!household || !params_ || !c.offeredAt)
      throw new Error(`case ${c.caseId} lacks its household, parameters or offer time`);
    const agreementId = agreementIdFor(c.caseId);
    // One object per signing attempt: two racing choices must not overwrite each other's document, so
    // the case that wins the conditional write below points at the object that says what it signed.
    // The loser's object stays unreferenced (the bucket keeps every object; nothing is deleted).
    const documentKey = `cases/${c.caseId}/agreements/${agreementId}-${now.replace(/[^0-9]/g, '')}-${b.option}.json`;
    const agreement = signAgreement({
      agreementId,
      caseId: c.caseId,
      application: c.application,
      plotIdsInScope: plotsInScope(c.application, household).map((p) => p.plotId),
      offers: c.offers,
      option: b.option,
      offeredAt: c.offeredAt,
      rewardDays: params_.rewardDays,
      signedAt: now,
      parametersVersion: params_.version,
      documentKey,
    });
    // defence in depth: the agreement itself must pass the rights check (二(二)3 / 二(二)4(3))
    const rights = rightsCheck({ household, application: c.application, surrenders: agreement.surrendered });
    if (!rights.passed) {
      throw new RuleRefusedError(
        'the agreement would change a right outside this case',
        rights.violations.map((v) => ({ path: 'agreement.surrendered', message: v.messageEn })),
      );
    }
    // The claims are checked by the conditional write below; only a refusal reads who holds the land (to
    // name it in the 409), so an ordinary signature costs no extra reads. A refused signature leaves its
    // unreferenced agreement object behind, like a lost race.
    const land = claimTargets(c.application, household);
    await s3Client().send(
      new PutObjectCommand({
        Bucket: requireConfig('DOCUMENTS_BUCKET'),
        Key: documentKey,
        ContentType: 'application/json',
        Body: JSON.stringify(
          {
            agreement,
            offers: c.offers,
            household: { householdId: household.householdId, headMemberId: household.headMemberId },
          },
          null,
          2,
        ),
      }),
    );
    // The signature holds exactly the land it surrenders, for good: a plot registered after the
    // assessment (scope `all`) is claimed here, and a case stored before claims existed gets its claims.
    // Another case holding any of it fails the conditional write (409), so land is never signed away twice.
    const claims = holdExactly(c, land, now);
    const next = moveCase(c, 'agreement_signed', {
      actor: principal.sub,
      at: now,
      note: `已签订退出协议（${b.option}）/ agreement signed (${b.option})`,
      patch: { choice: b.option, agreement, pendingTask: undefined, landClaims: claims.landClaims },
    });
    try {
      await saveCase(stored, next, {
        consumeToken: true,
        extra: claims.extra,
        audit: {
          actor: principal.sub,
          action: 'agreement.signed',
          detail: {
            agreementId,
            option: b.option,
            amountFen: agreement.amountFen,
            payableFen: agreement.payableFen,
          },
        },
      });
    } catch (error) {
      // lost a race: to another case taking the land (say which), or to another write of this case
      if (error instanceof ConflictError) await refuseIfLandHeld(c, household, land, SIGN_REFUSED);
      throw error;
    }
    await events().publish([
      caseEvent('AgreementSigned', next, principal.sub, c.status, {
        agreementId,
        option: b.option,
        payableFen: agreement.payableFen,
      }),
    ]);
    await resumeDecided(pendingToken.token, { outcome: 'chosen' });
    return { status: 200, body: { agreementId, caseId: c.caseId, status: next.status, agreement } };
  },
};

export const handler = lambdaHandler(route);
