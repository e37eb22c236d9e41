import { chinaDate } from '../chinaDate.js';
import { divRoundHalfUp, fenToNumber, scaled } from '../decimal.js';
import type { QualificationChoice } from '../model/application.js';
import type { Tier } from '../model/common.js';
import type { Homestead, Household } from '../model/household.js';
import type { Breakdown, Offer, OfferLine, ResettlementOption } from '../model/offer.js';
import { type PolicyParameters, tierKey } from '../model/policy.js';
import { decimalText, groupedYuan, percentText, yuan } from './format.js';

/**
 * Homestead compensation (宅基地退出补偿, 二(二)3 and DOMAIN.md "Exact arithmetic"). Areas are scaled to
 * 0.01 m2 and ratios are basis points, so every component is an exact rational that is rounded half-up
 * to a whole fen on its own and only then summed.
 */
const AREA_DECIMALS = 2;
const AREA_UNIT = 100n;
const BP = 10_000n;

export interface HomesteadPricingInput {
  household: Pick<Household, 'homesteads' | 'members'>;
  tier: Tier;
  parcelIds: readonly string[];
  params: PolicyParameters;
  /** ISO date-time the offers are made; its year fixes building age */
  offeredAt: string;
  /** 资格权 (二(二)2 保障资格权): kept unless the household chose to surrender it; absent = keep */
  qualificationRight?: QualificationChoice;
}

export interface BaseValuation {
  landFen: bigint;
  buildingFen: bigint;
  attachmentsFen: bigint;
  baseFen: bigint;
  lines: OfferLine[];
}

function line(
  component: OfferLine['component'],
  subject: string,
  formula: string,
  amountFen: bigint,
): OfferLine {
  return { component, subject, formula, amountFen: fenToNumber(amountFen) };
}

/** Newness in basis points: min(1, max(minNewness, 1 − age × yearlyDepreciation)). */
export function newnessBp(
  age: number,
  params: Pick<PolicyParameters, 'yearlyDepreciationBp' | 'minNewnessBp'>,
): bigint {
  const depreciated = BP - BigInt(Math.max(0, age)) * BigInt(params.yearlyDepreciationBp);
  const floored = depreciated < BigInt(params.minNewnessBp) ? BigInt(params.minNewnessBp) : depreciated;
  return floored > BP ? BP : floored;
}

function valueParcel(
  parcel: Homestead,
  isFirst: boolean,
  input: HomesteadPricingInput,
  offerYear: number,
): BaseValuation {
  const { params, tier } = input;
  const lines: OfferLine[] = [];
  const landRate = BigInt(params.landRateFenPerM2[tierKey(tier)]);
  const excessBp = BigInt(params.excessRateBp);
  const area = scaled(parcel.areaM2, AREA_DECIMALS);
  const standard = scaled(params.standardAreaM2, AREA_DECIMALS);
  // 一户多宅: only the household's first homestead gets the standard area; the others are wholly excess
  const within = isFirst ? (area < standard ? area : standard) : 0n;
  const excess = area - within;
  let landFen = 0n;
  if (within > 0n) {
    const fen = divRoundHalfUp(within * landRate, AREA_UNIT);
    lines.push(
      line(
        'land_within_standard',
        parcel.parcelId,
        `${decimalText(within, 2)} m² × ${yuan(landRate)} 元/m²`,
        fen,
      ),
    );
    landFen += fen;
  }
  if (excess > 0n) {
    const fen = divRoundHalfUp(excess * landRate * excessBp, AREA_UNIT * BP);
    const why = isFirst ? '' : '（一户多宅，整宗按超标准面积）';
    lines.push(
      line(
        'land_excess',
        parcel.parcelId,
        `${decimalText(excess, 2)} m² × ${yuan(landRate)} 元/m² × ${percentText(params.excessRateBp)}${why}`,
        fen,
      ),
    );
    landFen += fen;
  }
  let buildingFen = 0n;
  if (parcel.building) {
    const b = parcel.building;
    const age = Math.max(0, offerYear - b.yearBuilt);
    const newness = newnessBp(age, params);
    const rate = BigInt(params.structureRateFenPerM2[b.structure]);
    const floor = scaled(b.floorAreaM2, AREA_DECIMALS);
    buildingFen = divRoundHalfUp(floor * rate * newness, AREA_UNIT * BP);
    lines.push(
      line(
        'building',
        parcel.parcelId,
        `${decimalText(floor, 2)} m² × ${yuan(rate)} 元/m² × 成新率 ${percentText(Number(newness))}（${age} 年）`,
        buildingFen,
      ),
    );
  }
  let attachmentsFen = 0n;
  parcel.attachments.forEach((a, i) => {
    const qty = scaled(a.quantity, 2);
    const rate = BigInt(params.attachmentRateFen[a.item]);
    const fen = divRoundHalfUp(qty * rate, 100n);
    lines.push(
      line(
        'attachment',
        `${parcel.parcelId}/${a.item}#${i + 1}`,
        `${decimalText(qty, 2)} × ${yuan(rate)} 元`,
        fen,
      ),
    );
    attachmentsFen += fen;
  });
  return { landFen, buildingFen, attachmentsFen, baseFen: landFen + buildingFen + attachmentsFen, lines };
}

/** land + building + attachments of the parcels in the case, with every priced line. */
export function valueHomesteads(input: HomesteadPricingInput): BaseValuation {
  // the offer year by the date in Zibo (DOMAIN.md): 20:00 UTC on 31 December is already next year there
  const offerYear = Number(chinaDate(input.offeredAt).slice(0, 4));
  const total: BaseValuation = { landFen: 0n, buildingFen: 0n, attachmentsFen: 0n, baseFen: 0n, lines: [] };
  // the household's first homestead is its first lawful one: an illegal occupation is never
  // recognised (二(二)2), so it can neither take the standard area nor make the real home "excess"
  const first = input.household.homesteads.find((p) => p.status !== 'illegal_occupation');
  input.household.homesteads.forEach((parcel) => {
    if (!input.parcelIds.includes(parcel.parcelId)) return;
    const v = valueParcel(parcel, parcel === first, input, offerYear);
    total.landFen += v.landFen;
    total.buildingFen += v.buildingFen;
    total.attachmentsFen += v.attachmentsFen;
    total.baseFen += v.baseFen;
    total.lines.push(...v.lines);
  });
  return total;
}

function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();
}

/**
 * 放弃宅基地资格权 (DOMAIN.md wave 2): registered members × the premium per member, an exact integer, when
 * the household surrenders the qualification right; nothing when it keeps it (the default: a surrender
 * never happens by default). Registered members, as for the housing entitlement.
 */
export function qualificationPremium(
  input: Pick<HomesteadPricingInput, 'household' | 'params' | 'qualificationRight'>,
): { fen: bigint; line?: OfferLine } {
  if ((input.qualificationRight ?? 'keep') !== 'surrender') return { fen: 0n };
  const members = BigInt(input.household.members.length);
  const rate = BigInt(input.params.qualificationFenPerMember);
  const fen = members * rate;
  return {
    fen,
    line: line(
      'qualification',
      'qualification_right',
      `${members} 人 × ${groupedYuan(rate)} 元/人（放弃宅基地资格权）`,
      fen,
    ),
  };
}

/**
 * The three offers of 二(二)3: 货币补偿, 城区住房安置, 镇区住房安置. A surrendered qualification right adds
 * the same premium to every offer (to a housing offer's compensation, so to its balance too); the cash
 * premium and the early-exit reward stay on the base (land + building + attachments) only, since the
 * qualification premium is a fixed sum per member, not compensation for the land.
 */
export function homesteadOffers(input: HomesteadPricingInput): Offer[] {
  const { params } = input;
  const v = valueHomesteads(input);
  const q = qualificationPremium(input);
  const qLines = q.line ? [q.line] : [];
  const premium = divRoundHalfUp(v.baseFen * BigInt(params.cashPremiumBp), BP);
  const reward = divRoundHalfUp(v.baseFen * BigInt(params.rewardRateBp), BP);
  const rewardDeadline = addDays(input.offeredAt, params.rewardDays);
  const premiumLine = line(
    'premium',
    'cash',
    `${yuan(v.baseFen)} × ${percentText(params.cashPremiumBp)}`,
    premium,
  );
  const rewardLine = line(
    'reward',
    'early_exit',
    `${yuan(v.baseFen)} × ${percentText(params.rewardRateBp)}（${params.rewardDays} 天内签约）`,
    reward,
  );
  // kept: no qualificationFen at all, as on every offer priced before the choice existed (and as the
  // contract-land and equity offers, which never carry one)
  const breakdown = (premiumFen: bigint): Breakdown => ({
    landFen: fenToNumber(v.landFen),
    buildingFen: fenToNumber(v.buildingFen),
    attachmentsFen: fenToNumber(v.attachmentsFen),
    premiumFen: fenToNumber(premiumFen),
    rewardFen: fenToNumber(reward),
    ...(q.line ? { qualificationFen: fenToNumber(q.fen) } : {}),
  });

  const cash: Offer = {
    option: 'cash',
    amountFen: fenToNumber(v.baseFen + premium + reward + q.fen),
    amountWithoutRewardFen: fenToNumber(v.baseFen + premium + q.fen),
    breakdown: breakdown(premium),
    lines: [...v.lines, premiumLine, rewardLine, ...qLines],
    rewardDeadline,
  };

  const perCapita = scaled(params.perCapitaAreaM2, AREA_DECIMALS);
  const maxArea = scaled(params.maxAreaM2, AREA_DECIMALS);
  const byMembers = BigInt(input.household.members.length) * perCapita;
  const entitled = byMembers < maxArea ? byMembers : maxArea;
  const housing = (option: Exclude<ResettlementOption, 'cash'>): Offer => {
    const unitPrice = BigInt(params.resettlementUnitPriceFenPerM2[option]);
    const price = divRoundHalfUp(entitled * unitPrice, AREA_UNIT);
    const amount = v.baseFen + reward + q.fen;
    const amountWithoutReward = v.baseFen + q.fen;
    return {
      option,
      amountFen: fenToNumber(amount),
      amountWithoutRewardFen: fenToNumber(amountWithoutReward),
      entitledAreaM2: Number(decimalText(entitled, 2)),
      priceFen: fenToNumber(price),
      balanceFen: fenToNumber(amount - price),
      balanceWithoutRewardFen: fenToNumber(amountWithoutReward - price),
      breakdown: breakdown(0n),
      lines: [
        ...v.lines,
        rewardLine,
        ...qLines,
        line('housing_price', option, `${decimalText(entitled, 2)} m² × ${yuan(unitPrice)} 元/m²`, price),
      ],
      rewardDeadline,
    };
  };
  return [cash, housing('urban_housing'), housing('town_housing')];
}
