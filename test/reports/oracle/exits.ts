// The quarterly report as it was computed before issue 17 (every case of the district in memory), kept
// unchanged as the oracle the projection is compared with (test/reports/projectionRows.test.ts). Not product code.
import { decimalText } from '../../../shared/domain/compensation/format.js';
import { divRoundHalfUp, fenToNumber, toScaled } from '../../../shared/domain/decimal.js';
import type { CaseType } from '../../../shared/domain/model/application.js';
import type { Case } from '../../../shared/domain/model/case.js';
import type { RightName } from '../../../shared/domain/model/rights.js';
import type { CaseStatus } from '../../../shared/domain/model/status.js';
import { quarterPeriod } from '../../../shared/domain/period.js';
import { type Arrival, arrivals, inQuarter } from '../../../shared/reports/arrivals.js';
import type {
  LandRecords,
  QuarterlyReport,
  QuarterlyReportInput,
  ReportLedgerEntry,
} from '../../../shared/reports/quarterlyTypes.js';

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

/**
 * The exits of the quarter and the quota they yield: parcels and plots that left their households, their
 * areas (registry first, then the signed offer, never a guess), the quota produced from the homestead
 * area and the quota sold on the quarter's ledger entries.
 */
export function exitFigures(
  exited: readonly Case[],
  entries: readonly ReportLedgerEntry[],
  reserve?: LandRecords,
): Pick<QuarterlyReport, 'exits'> & { quota: Omit<QuarterlyReport['quota'], 'produced' | 'sold'> } {
  const homestead = { cases: 0, parcels: 0, centiM2: 0n };
  const contract = { cases: 0, plots: 0, mu4: 0n };
  const equity = { cases: 0, shares: 0 };
  const sources = { registry: 0, agreementOffer: 0, unknown: 0 };
  const unknownAreaItems: string[] = [];
  for (const c of exited) {
    const ids = exitedItemIds(c);
    if (c.application.type === 'equity_exit') {
      // shares, not land: no area, no quota
      equity.cases += 1;
      equity.shares += c.application.shares;
      continue;
    }
    if (c.type === 'homestead_exit') {
      homestead.cases += 1;
      homestead.parcels += ids.length;
    } else {
      contract.cases += 1;
      contract.plots += ids.length;
    }
    for (const id of ids) {
      const fromRegistry = registryArea(reserve, c.type, c.householdId, id);
      const area = fromRegistry ?? offerArea(c, id);
      if (area === undefined) {
        sources.unknown += 1;
        unknownAreaItems.push(`${c.caseId}/${id}`);
        continue;
      }
      if (fromRegistry !== undefined) sources.registry += 1;
      else sources.agreementOffer += 1;
      if (c.type === 'homestead_exit') homestead.centiM2 += area;
      else contract.mu4 += area;
    }
  }
  const soldMu4 = entries.reduce(
    (sum, e) => (e.kind === 'replenishment' && e.quotaMu4 !== undefined ? sum + BigInt(e.quotaMu4) : sum),
    0n,
  );
  const quotaMu4 = divRoundHalfUp(homestead.centiM2 * 10n ** BigInt(MU_DECIMALS), CENTI_M2_PER_MU);
  return {
    exits: {
      cases: exited.length,
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
