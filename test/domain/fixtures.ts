/**
 * Builders for a valid household, village, application and policy parameters (the illustrative demo
 * defaults of DOMAIN.md). Every builder validates its result with the model's zod schema, so a test that
 * starts from a fixture starts from something the registry or the API would accept; tests then override
 * only what the case is about.
 */
import type {
  Consent,
  ContractLandApplication,
  ContractPlot,
  EligibilityContext,
  Homestead,
  HomesteadApplication,
  Household,
  HouseholdInput,
  Member,
  PolicyParameters,
  Village,
} from '../../shared/domain/index.js';
import {
  applicationSchema,
  contractPlotSchema,
  homesteadSchema,
  householdSchema,
  illustrativeParameters,
  policyParametersSchema,
  villageSchema,
} from '../../shared/domain/index.js';

/** The day of the check used by default; ages below are counted against it. */
export const AS_OF = '2025-06-15';
export const SIGNED_AT = '2025-06-01T09:00:00+08:00';
export const VILLAGE_CODE = '370302101201';
export const DISTRICT_CODE = '370302';
export const HOUSEHOLD_ID = 'H-370302-0001';

/** Head 张三 (55), spouse 李四 (53), son 张小明 (14, a minor who need not consent). */
export const HEAD: Member = {
  memberId: 'm1',
  name: '张三',
  nationalId: '370302197003081234',
  birthDate: '1970-03-08',
  relation: 'head',
};
export const SPOUSE: Member = {
  memberId: 'm2',
  name: '李四',
  nationalId: '37030219720520242X',
  birthDate: '1972-05-20',
  relation: 'spouse',
};
export const MINOR: Member = {
  memberId: 'm3',
  name: '张小明',
  nationalId: '370302201009013456',
  birthDate: '2010-09-01',
  relation: 'son',
};

export function member(overrides: Partial<Member> & Pick<Member, 'memberId'>): Member {
  return {
    name: `成员${overrides.memberId}`,
    nationalId: '370302199001011111',
    birthDate: '1990-01-01',
    relation: 'child',
    ...overrides,
  };
}

export function homestead(overrides: Partial<Homestead> & Pick<Homestead, 'parcelId'>): Homestead {
  return homesteadSchema.parse({
    certificateNo: `鲁(2020)淄川区不动产权第${overrides.parcelId}号`,
    areaM2: 220,
    status: 'registered',
    mortgageeConsent: false,
    building: { floorAreaM2: 150, structure: 'brick_concrete', yearBuilt: 2005 },
    attachments: [{ item: 'well', quantity: 1 }],
    ...overrides,
  });
}

export function plot(overrides: Partial<ContractPlot> & Pick<ContractPlot, 'plotId'>): ContractPlot {
  return contractPlotSchema.parse({
    areaMu: 2.5,
    termEnd: '2057-12-31',
    status: 'normal',
    mortgageeConsent: false,
    ...overrides,
  });
}

/** A household that is eligible for both a homestead exit of P1 and a contract-land exit. */
export function makeHousehold(overrides: Partial<HouseholdInput> = {}): Household {
  return householdSchema.parse({
    householdId: HOUSEHOLD_ID,
    villageCode: VILLAGE_CODE,
    headMemberId: HEAD.memberId,
    members: [HEAD, SPOUSE, MINOR],
    homesteads: [homestead({ parcelId: 'P1' })],
    contractPlots: [plot({ plotId: 'C1' }), plot({ plotId: 'C2', areaMu: 1.2, termEnd: '2057-12-31' })],
    rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 3 },
    nonFarm: { socialInsuranceMonths: 48, urbanResidenceMonths: 30, businessLicenceMonths: 0 },
    socialInsurance: ['medical', 'pension'],
    ...overrides,
  });
}

export function makeVillage(overrides: Partial<Village> = {}): Village {
  return villageSchema.parse({
    villageCode: VILLAGE_CODE,
    name: '西河村',
    townName: '西河镇',
    districtCode: DISTRICT_CODE,
    tier: 2,
    ...overrides,
  });
}

export function makeParams(overrides: Partial<PolicyParameters> = {}): PolicyParameters {
  const base = illustrativeParameters(overrides.districtCode ?? DISTRICT_CODE);
  return policyParametersSchema.parse({ ...base, ...overrides });
}

export function consentsFor(memberIds: readonly string[], signedAt = SIGNED_AT): Consent[] {
  return memberIds.map((memberId) => ({ memberId, consented: true, signedAt }));
}

/** Consents of the two adults of the default household. */
export const ADULT_CONSENTS: readonly string[] = [HEAD.memberId, SPOUSE.memberId];

export function homesteadApp(overrides: Partial<HomesteadApplication> = {}): HomesteadApplication {
  const app = applicationSchema.parse({
    type: 'homestead_exit',
    householdId: HOUSEHOLD_ID,
    parcelIds: ['P1'],
    consents: consentsFor(ADULT_CONSENTS),
    declarations: { voluntary: true },
    ...overrides,
  });
  if (app.type !== 'homestead_exit') throw new Error('fixture: not a homestead application');
  return app;
}

export function contractApp(overrides: Partial<ContractLandApplication> = {}): ContractLandApplication {
  const app = applicationSchema.parse({
    type: 'contract_land_exit',
    householdId: HOUSEHOLD_ID,
    scope: 'all',
    term: 'current_term',
    consents: consentsFor(ADULT_CONSENTS),
    declarations: { voluntary: true },
    ...overrides,
  });
  if (app.type !== 'contract_land_exit') throw new Error('fixture: not a contract-land application');
  return app;
}

/** A complete eligibility context for a homestead exit of P1 that passes every rule. */
export function makeContext(overrides: Partial<EligibilityContext> = {}): EligibilityContext {
  return {
    application: homesteadApp(),
    household: makeHousehold(),
    village: makeVillage(),
    params: makeParams(),
    asOf: AS_OF,
    otherOpenCases: [],
    ...overrides,
  };
}

/** The same for a contract-land exit of all plots. */
export function makeContractContext(overrides: Partial<EligibilityContext> = {}): EligibilityContext {
  return makeContext({ application: contractApp(), ...overrides });
}

/** The date `years` years before `day` (YYYY-MM-DD), plus `extraDays` days. */
export function yearsBefore(day: string, years: number, extraDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d + extraDays));
  return date.toISOString().slice(0, 10);
}
