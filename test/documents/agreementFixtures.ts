/**
 * Inputs of the agreement for the four kinds of case the document tests render: a signed homestead
 * cash agreement, a preview of a housing option whose flat costs more than the compensation (a
 * negative balance), a signed partial contract-land agreement and a signed equity agreement. Built with
 * the domain fixtures and the domain's own pricing and signing, and each case is parsed with the case
 * schema, so they are cases the system could hold.
 */
import type { AgreementContentInput } from '../../shared/documents/agreement/agreementContent.js';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { offersFor, plotsInScope } from '../../shared/domain/compensation/offers.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import {
  type Application,
  type Case,
  caseSchema,
  type Household,
  type PolicyParameters,
  type ResettlementOption,
  type Village,
} from '../../shared/domain/index.js';
import {
  ADULT_CONSENTS,
  consentsFor,
  contractApp,
  homesteadApp,
  makeHousehold,
  makeParams,
  makeVillage,
} from '../domain/fixtures.js';

/** 2026-11-20 10:00 in Zibo; the reward window (90 days) runs to 2027-02-18 */
export const OFFERED_AT = '2026-11-20T02:00:00.000Z';
/** 2026-12-06 16:30 in Zibo */
export const SIGNED_AT = '2026-12-06T08:30:00.000Z';

interface Built {
  application: Application;
  household?: Household;
  village?: Village;
  params?: PolicyParameters;
  option: ResettlementOption;
  caseId: string;
  signed: boolean;
  issuedAt?: string;
  patch?: Partial<Case>;
}

export function agreementInput(b: Built): AgreementContentInput {
  const household = b.household ?? makeHousehold();
  const village = b.village ?? makeVillage();
  const params = b.params ?? makeParams();
  const equity = village.shareValueFen === undefined ? undefined : { shareValueFen: village.shareValueFen };
  const offers = offersFor(b.application, household, village.tier, params, OFFERED_AT, equity);
  const issuedAt = b.issuedAt ?? SIGNED_AT;
  const agreement = b.signed
    ? signAgreement({
        agreementId: `AG-${b.caseId.replace(/^C-/, '')}`,
        caseId: b.caseId,
        application: b.application,
        plotIdsInScope: plotsInScope(b.application, household).map((p) => p.plotId),
        offers,
        option: b.option,
        offeredAt: OFFERED_AT,
        rewardDays: params.rewardDays,
        signedAt: issuedAt,
        parametersVersion: params.version,
        documentKey: `cases/${b.caseId}/agreements/test.json`,
      })
    : undefined;
  const c = caseSchema.parse({
    caseId: b.caseId,
    type: b.application.type,
    householdId: household.householdId,
    village: village.villageCode,
    districtCode: village.districtCode,
    application: b.application,
    status: agreement ? 'agreement_signed' : 'offers',
    version: 7,
    createdAt: '2026-09-01T01:00:00.000Z',
    updatedAt: issuedAt,
    submittedAt: '2026-09-01T01:00:00.000Z',
    offers,
    offeredAt: OFFERED_AT,
    parametersVersion: params.version,
    ...(agreement
      ? {
          choice: agreement.option,
          agreement,
          paymentSchedule: paymentSchedule(b.application.type, agreement.payableFen),
        }
      : {}),
    ...b.patch,
  });
  return {
    case: c,
    household,
    village,
    params,
    option: b.option,
    ...(agreement ? { agreement, schedule: c.paymentSchedule ?? [] } : {}),
    issuedAt,
  };
}

export const cashCase = () =>
  agreementInput({ application: homesteadApp(), option: 'cash', caseId: 'C-20260901-0001', signed: true });

/** 3 members × 35 m² × 4 500 元 = 472 500 元 for a flat, far more than the homestead's 13 万 */
export const housingPreview = () =>
  agreementInput({
    application: homesteadApp(),
    option: 'urban_housing',
    caseId: 'C-20260901-0002',
    signed: false,
    issuedAt: '2026-12-01T03:15:00.000Z',
  });

/** C1 (2.5 亩) of the household's two plots, for the rest of the current term */
export const contractCase = () =>
  agreementInput({
    application: contractApp({ scope: 'partial', plotIds: ['C1'] }),
    option: 'cash',
    caseId: 'C-20260901-0003',
    signed: true,
  });

export const EQUITY_VILLAGE = () => makeVillage({ shareValueFen: 1_234_567, totalShares: 1_000 });

export const equityCase = () =>
  agreementInput({
    application: {
      type: 'equity_exit',
      householdId: makeHousehold().householdId,
      shares: 2,
      consents: consentsFor(ADULT_CONSENTS),
      declarations: { voluntary: true },
    },
    village: EQUITY_VILLAGE(),
    option: 'cash',
    caseId: 'C-20260901-0004',
    signed: true,
    patch: { equity: { sharesGoTo: 'members', shareValueFen: 1_234_567 } },
  });

/** Every string the content holds: what the PDF can show. */
export function contentStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(contentStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(contentStrings);
  return [];
}
