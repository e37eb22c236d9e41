import { decimalText } from '../domain/compensation/format.js';
import { divRoundHalfUp, fenToNumber, toScaled } from '../domain/decimal.js';
import type { CaseType } from '../domain/model/application.js';
import type { Case } from '../domain/model/case.js';
import type { RightName } from '../domain/model/rights.js';
import type { CaseStatus } from '../domain/model/status.js';
import { quarterPeriod } from '../domain/period.js';
import type { LedgerQuarterSums } from '../fund/ledgerQuarter.js';
import { type Arrival, arrivals, inQuarter } from './arrivals.js';
import type { ExitPart } from './caseRowSchema.js';
import type { LandRecords, QuarterlyReport, QuarterlyReportInput } from './quarterlyTypes.js';

/** 1 mu = 666.67 m² (DOMAIN.md), in centi-m² so that the division is exact. */
const CENTI_M2_PER_MU = 66_667n;
const MU_DECIMALS = 4;
const EXIT_STATUSES: ReadonlySet<CaseStatus> = new Set(['disbursed', 'reserved', 'closed']);

/** The arrival at disbursed, reserved or closed that makes the case an exit, if any. */
export function exitArrival(c: Pick<Case, 'timeline'>): Arrival | undefined {
  return arrivals(c).find((a) => EXIT_STATUSES.has(a.status));
}

/** Cases of the district that exit in the quarter (the households whose registry records are needed). */
export function exitedCases(cases: readonly Case[], input: QuarterlyReportInput): Case[] {
  const p = quarterPeriod(input.year, input.quarter);
  return cases.filter((c) => {
    if (c.districtCode !== input.district) return false;
    const exit = exitArrival(c);
    return exit !== undefined && inQuarter(exit.ms, p);
  });
}

function exitedItemIds(c: Case): string[] {
  const right: RightName = c.type === 'homestead_exit' ? 'homestead_use' : 'contract_land';
  const surrendered = (c.agreement?.surrendered ?? [])
    .filter((s) => s.right === right)
    .flatMap((s) => s.items);
  if (surrendered.length > 0) return [...new Set(surrendered)];
  const app = c.application;
  if (app.type === 'equity_exit') return [];
  return app.type === 'homestead_exit' ? [...app.parcelIds] : [...(app.plotIds ?? [])];
}

const OFFER_AREA = {
  homestead_exit: { components: ['land_within_standard', 'land_excess'], pattern: /^(\d+)\.(\d{2}) m²/ },
  contract_land_exit: { components: ['plot_rent'], pattern: /^(\d+)\.(\d{4}) 亩/ },
} as const;

/**
 * The area priced in the signed offer: homestead land lines start "220.00 m² ×", plot lines "2.5000 亩 ×"
 * (shared/domain/compensation). A line that does not read that way gives no area rather than a wrong one.
 */
function offerArea(c: Case, id: string): bigint | undefined {
  const offer = c.offers.find((o) => o.option === c.agreement?.option) ?? c.offers[0];
  if (!offer) return undefined;
  if (c.type === 'equity_exit') return undefined;
  const rule = OFFER_AREA[c.type];
  let total: bigint | undefined;
  for (const line of offer.lines) {
    if (line.subject !== id || !(rule.components as readonly string[]).includes(line.component)) continue;
    const match = rule.pattern.exec(line.formula);
    if (!match) return undefined;
    total = (total ?? 0n) + BigInt(`${match[1]}${match[2]}`);
  }
  return total;
}

function registryArea(
  land: LandRecords | undefined,
  type: CaseType,
  householdId: string,
  id: string,
): bigint | undefined {
  const household = land?.households.find((h) => h.householdId === householdId);
  if (!household) return undefined;
  if (type === 'homestead_exit') {
    const parcel = household.homesteads.find((h) => h.parcelId === id);
    return parcel ? toScaled(parcel.areaM2, 2) : undefined;
  }
  const plot = household.contractPlots.find((p) => p.plotId === id);
  return plot ? toScaled(plot.areaMu, MU_DECIMALS) : undefined;
}

/** A household's registry record, as far as the areas of its parcels and plots go. */
export type LandRecord = LandRecords['households'][number];

/**
 * What one case that exits adds to the exits of its quarter: equity shares, or the parcels (homestead)
 * or plots (contract land) that left the household and their areas, registry first, then the signed
 * offer, never a guess (an item in neither is listed as unknown).
 */
export function exitPart(c: Case, household: LandRecord | undefined): ExitPart {
  if (c.application.type === 'equity_exit') return { kind: 'equity', shares: c.application.shares };
  const ids = exitedItemIds(c);
  const land = household ? { households: [household] } : undefined;
  let area = 0n;
  let registry = 0;
  let agreementOffer = 0;
  const unknownItems: string[] = [];
  for (const id of ids) {
    const fromRegistry = registryArea(land, c.type, c.householdId, id);
    const found = fromRegistry ?? offerArea(c, id);
    if (found === undefined) {
      unknownItems.push(`${c.caseId}/${id}`);
      continue;
    }
    if (fromRegistry !== undefined) registry += 1;
    else agreementOffer += 1;
    area += found;
  }
  return {
    kind: c.type === 'homestead_exit' ? 'homestead' : 'contract_land',
    items: ids.length,
    area: area.toString(),
    registry,
    agreementOffer,
    unknownItems,
  };
}

/** The exits of a quarter summed (what exitFigures prints): counts and exact areas. */
export interface ExitTotals {
  cases: number;
  homestead: { cases: number; parcels: number; centiM2: bigint };
  contract: { cases: number; plots: number; mu4: bigint };
  equity: { cases: number; shares: number };
  sources: { registry: number; agreementOffer: number; unknown: number };
  unknownAreaItems: string[];
}

/** What the exiting cases add (exitPart), summed in the order given. */
export function exitTotals(parts: readonly ExitPart[]): ExitTotals {
  const t: ExitTotals = {
    cases: parts.length,
    homestead: { cases: 0, parcels: 0, centiM2: 0n },
    contract: { cases: 0, plots: 0, mu4: 0n },
    equity: { cases: 0, shares: 0 },
    sources: { registry: 0, agreementOffer: 0, unknown: 0 },
    unknownAreaItems: [],
  };
  for (const part of parts) {
    if (part.kind === 'equity') {
      // shares, not land: no area, no quota
      t.equity.cases += 1;
      t.equity.shares += part.shares;
      continue;
    }
    if (part.kind === 'homestead') {
      t.homestead.cases += 1;
      t.homestead.parcels += part.items;
      t.homestead.centiM2 += BigInt(part.area);
    } else {
      t.contract.cases += 1;
      t.contract.plots += part.items;
      t.contract.mu4 += BigInt(part.area);
    }
    t.sources.registry += part.registry;
    t.sources.agreementOffer += part.agreementOffer;
    t.sources.unknown += part.unknownItems.length;
    t.unknownAreaItems.push(...part.unknownItems);
  }
  return t;
}

/**
 * The exits of the quarter and the quota they yield, from their totals (exitTotals, or the projection's
 * aggregate of the quarter): the quota produced from the homestead area and the quota sold on the
 * quarter's ledger sums.
 */
export function exitFigures(
  totals: ExitTotals,
  ledger: Pick<LedgerQuarterSums, 'soldMu4'>,
): Pick<QuarterlyReport, 'exits'> & { quota: Omit<QuarterlyReport['quota'], 'produced' | 'sold'> } {
  const { homestead, contract, equity, sources, unknownAreaItems } = totals;
  const soldMu4 = BigInt(ledger.soldMu4);
  const quotaMu4 = divRoundHalfUp(homestead.centiM2 * 10n ** BigInt(MU_DECIMALS), CENTI_M2_PER_MU);
  return {
    exits: {
      cases: totals.cases,
      homestead: {
        cases: homestead.cases,
        parcels: homestead.parcels,
        areaCentiM2: fenToNumber(homestead.centiM2),
        areaM2: decimalText(homestead.centiM2, 2),
      },
      contractLand: {
        cases: contract.cases,
        plots: contract.plots,
        areaMu: decimalText(contract.mu4, MU_DECIMALS),
      },
      equity,
      areaSources: sources,
      unknownAreaItems,
    },
    quota: {
      mu: decimalText(quotaMu4, MU_DECIMALS),
      soldMu: decimalText(soldMu4, MU_DECIMALS),
      basisZh: '本季度退出宅基地面积 ÷ 666.67 平方米/亩，四舍五入保留4位小数（承包地不产生建设用地指标）',
      basisEn:
        'homestead area exited in the quarter ÷ 666.67 m²/mu, rounded half-up to 4 decimals (contract land yields no construction-land quota)',
    },
  };
}
