import { DISTRICT_CODES, type DistrictCode } from '../model/common.js';
import { type PolicyParameters, policyParametersSchema } from '../model/policy.js';

/**
 * The illustrative demo parameters of DOMAIN.md, identical for every district (yuan converted to fen,
 * percentages to basis points). They are data that administrators replace with a new version, never
 * constants in the rules.
 */
const PILOT_LEVEL: Record<DistrictCode, PolicyParameters['pilotLevel']> = {
  '370302': 'national',
  '370304': 'national',
  '370306': 'provincial',
  '370321': 'provincial',
  '370322': 'provincial',
  '370303': 'none',
  '370305': 'none',
  '370323': 'none',
};

export const DEFAULT_EFFECTIVE_FROM = '2020-01-01';

export function illustrativeParameters(districtCode: DistrictCode): PolicyParameters {
  return policyParametersSchema.parse({
    version: `${districtCode}-2020-01`,
    districtCode,
    effectiveFrom: DEFAULT_EFFECTIVE_FROM,
    programmeOpen: true,
    pilotLevel: PILOT_LEVEL[districtCode],
    landRateFenPerM2: { '1': 50_000, '2': 30_000, '3': 15_000 },
    excessRateBp: 2_200,
    standardAreaM2: 200,
    structureRateFenPerM2: { brick_concrete: 80_000, brick_wood: 55_000, earth_wood: 30_000, simple: 15_000 },
    yearlyDepreciationBp: 200,
    minNewnessBp: 4_000,
    attachmentRateFen: { well: 150_000, wall: 6_000, tree: 8_000, shed: 12_000 },
    cashPremiumBp: 1_000,
    rewardRateBp: 500,
    rewardDays: 90,
    perCapitaAreaM2: 35,
    maxAreaM2: 140,
    resettlementUnitPriceFenPerM2: { urban_housing: 450_000, town_housing: 320_000 },
    annualRentFenPerMu: { '1': 100_000, '2': 90_000, '3': 80_000 },
    permanentYears: 30,
    publicNoticeDays: 7,
    coolingOffDays: 15,
    fourEyesThresholdFen: 50_000_000,
    replenishmentFourEyesThresholdFen: 100_000_000,
    qualificationFenPerMember: 2_000_000,
    equityPremiumBp: 0,
    equityRedemptionCapBp: 500,
    nonFarmIncomeMonths: 36,
    urbanResidenceMonths: 24,
    deadlines: {
      reviewDays: 15,
      townReviewDays: 10,
      districtApprovalDays: 10,
      resubmissionDays: 30,
      choiceDays: 30,
      fundReviewDays: 10,
      reEscalationDays: 5,
      vacatedDays: 90,
      disposedDays: 180,
      cancelledDays: 30,
      handedOverDays: 30,
      collectivePaymentDays: 30,
    },
  });
}

/** Every district's illustrative version, as seeded data. */
export const ILLUSTRATIVE_PARAMETERS: readonly PolicyParameters[] =
  DISTRICT_CODES.map(illustrativeParameters);
