/**
 * Builders for compensation tests. Every household goes through `householdSchema`, so a fixture that
 * the registry would refuse (3-decimal area, duplicate ids, ...) fails loudly instead of testing
 * something that cannot happen.
 */
import type { Application } from '../../shared/domain/model/application.js';
import type { Tier } from '../../shared/domain/model/common.js';
import type {
  AttachmentItem,
  ContractPlot,
  Homestead,
  Household,
  HouseholdInput,
  Structure,
} from '../../shared/domain/model/household.js';
import { householdSchema } from '../../shared/domain/model/household.js';
import type { PolicyParameters } from '../../shared/domain/model/policy.js';
import { policyParametersSchema } from '../../shared/domain/model/policy.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';

/** Offers are made on 1 March 2025 (UTC, as API.md says): offer year 2025. */
export const OFFERED_AT = '2025-03-01T02:00:00.000Z';
export const OFFER_YEAR = 2025;
export const DAY_MS = 86_400_000;

/** The illustrative default parameters of DOMAIN.md (Zichuan). */
export const PARAMS: PolicyParameters = illustrativeParameters('370302');

/** The defaults with some fields replaced, validated by the schema. */
export function paramsWith(overrides: Partial<PolicyParameters>): PolicyParameters {
  return policyParametersSchema.parse({ ...PARAMS, ...overrides });
}

export function isoPlusDays(iso: string, days: number, extraMs = 0): string {
  return new Date(new Date(iso).getTime() + days * DAY_MS + extraMs).toISOString();
}

export interface BuildingSpec {
  floorAreaM2: number;
  structure: Structure;
  yearBuilt: number;
}

export interface ParcelSpec {
  parcelId: string;
  areaM2: number;
  building?: BuildingSpec;
  attachments?: { item: AttachmentItem; quantity: number }[];
}

type HomesteadInput = NonNullable<HouseholdInput['homesteads']>[number];

export function parcel(spec: ParcelSpec): HomesteadInput {
  return {
    parcelId: spec.parcelId,
    certificateNo: `鲁(2020)淄川区不动产权第${spec.parcelId}号`,
    areaM2: spec.areaM2,
    status: 'registered',
    ...(spec.building ? { building: spec.building } : {}),
    attachments: spec.attachments ?? [],
  };
}

export interface PlotSpec {
  plotId: string;
  areaMu: number;
  termEnd: string;
}

export interface HouseholdSpec {
  members: number;
  homesteads?: ParcelSpec[];
  plots?: PlotSpec[];
}

function nationalId(i: number): string {
  return `370302198001${String(i + 1).padStart(2, '0')}123X`;
}

export function household(spec: HouseholdSpec): Household {
  const members = Array.from({ length: spec.members }, (_, i) => ({
    memberId: `M${i + 1}`,
    name: `成员${i + 1}`,
    nationalId: nationalId(i),
    birthDate: '1980-01-01',
    relation: i === 0 ? '户主' : '家庭成员',
  }));
  return householdSchema.parse({
    householdId: 'HH1',
    villageCode: '370302100001',
    headMemberId: 'M1',
    members,
    homesteads: (spec.homesteads ?? []).map(parcel),
    contractPlots: (spec.plots ?? []).map((p) => ({ ...p, status: 'normal' })),
    rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 10 },
    nonFarm: { socialInsuranceMonths: 48, urbanResidenceMonths: 36, businessLicenceMonths: 0 },
    socialInsurance: ['medical', 'pension'],
  } satisfies HouseholdInput);
}

const consents = [{ memberId: 'M1', consented: true as const, signedAt: '2025-01-10T02:00:00.000Z' }];

export function homesteadApplication(parcelIds: string[]): Application {
  return {
    type: 'homestead_exit',
    householdId: 'HH1',
    parcelIds,
    consents,
    declarations: { voluntary: true },
  };
}

export function contractLandApplication(
  scope: 'all' | 'partial',
  term: 'current_term' | 'permanent',
  plotIds?: string[],
): Application {
  return {
    type: 'contract_land_exit',
    householdId: 'HH1',
    scope,
    term,
    ...(plotIds ? { plotIds } : {}),
    consents,
    declarations: { voluntary: true },
  };
}

export function homesteadInput(h: Household, tier: Tier, parcelIds?: string[], params = PARAMS) {
  return {
    household: h,
    tier,
    parcelIds: parcelIds ?? h.homesteads.map((p: Homestead) => p.parcelId),
    params,
    offeredAt: OFFERED_AT,
  };
}

export function plots(h: Household): ContractPlot[] {
  return h.contractPlots;
}
