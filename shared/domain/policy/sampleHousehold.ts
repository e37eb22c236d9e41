import { homesteadOffers } from '../compensation/homestead.js';
import { type Household, type HouseholdInput, householdSchema } from '../model/household.js';
import type { PolicyParameters } from '../model/policy.js';

/**
 * The household an approver weighs a proposal against (样例户): four people, one 200 m² homestead in a
 * tier-2 village with a 120 m² brick-concrete house built in 2000, a well and 30 m of wall. A made-up
 * record, never a real family's; chosen to touch every line of the cash offer (land within the standard
 * area, building with depreciation, attachments, premium, reward, the qualification right kept).
 */
const SAMPLE: HouseholdInput = {
  householdId: 'SAMPLE',
  villageCode: '370302100001',
  headMemberId: 'M1',
  members: ['户主', '配偶', '子女', '子女'].map((relation, i) => ({
    memberId: `M${i + 1}`,
    name: `样例成员${i + 1}`,
    nationalId: ['11010519491231002X', '110105194912310029', '110105194912310037', '110105194912310045'][
      i
    ] as string,
    birthDate: i < 2 ? '1970-05-01' : '1998-09-01',
    relation,
  })),
  homesteads: [
    {
      parcelId: 'SAMPLE-1',
      certificateNo: '样例证书',
      areaM2: 200,
      status: 'registered',
      building: { floorAreaM2: 120, structure: 'brick_concrete', yearBuilt: 2000 },
      attachments: [
        { item: 'well', quantity: 1 },
        { item: 'wall', quantity: 30 },
      ],
    },
  ],
  contractPlots: [],
  rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 0 },
  nonFarm: { socialInsuranceMonths: 48, urbanResidenceMonths: 36, businessLicenceMonths: 0 },
  socialInsurance: ['medical', 'pension'],
};

export const SAMPLE_HOUSEHOLD: Household = householdSchema.parse(SAMPLE);
export const SAMPLE_TIER = 2 as const;

/** The sample household's cash offer (reward included) under a version, priced on a Zibo instant. */
export function sampleCashOfferFen(
  params: Omit<PolicyParameters, 'version' | 'districtCode' | 'effectiveFrom'>,
  at: string,
): number {
  const offers = homesteadOffers({
    household: SAMPLE_HOUSEHOLD,
    tier: SAMPLE_TIER,
    parcelIds: ['SAMPLE-1'],
    params: { ...params, version: 'sample', districtCode: '370302', effectiveFrom: at.slice(0, 10) },
    offeredAt: at,
  });
  const cash = offers.find((o) => o.option === 'cash');
  if (!cash) throw new Error('the sample household has no cash offer');
  return cash.amountFen;
}
