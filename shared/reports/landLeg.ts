import { MILESTONE_KINDS } from '../domain/model/case.js';
import { TRANCHE_MILESTONES } from '../domain/model/tranche.js';
import { centiM2ToMu4, formatCentiM2, formatMu4 } from '../fund/reserve.js';
import { countRows } from './countRows.js';
import { DISPOSITION_LABELS, MILESTONE_LABELS, TRANCHE_MILESTONE_LABELS, trancheLabel } from './labels.js';
import { DISPOSITIONS, type ProjectionView } from './projection.js';
import type { AreaFigure, QuarterlyReport } from './quarterlyTypes.js';

/**
 * The figures of the quarter that the domain events give (shared/reports/projection.ts): the land
 * leg's milestones and dispositions, the accepted area, the quota it produces and the quota sold, the
 * tranches paid. Areas are exact: integer 0.01 m² summed as the events arrive; mu are computed once,
 * from the total (1 mu = 666.67 m², rounded half-up to 4 decimals, shared/fund/reserve.ts).
 */

function area(centiM2: number): AreaFigure {
  return { areaCentiM2: centiM2, areaM2: formatCentiM2(centiM2) };
}

function mu(centiM2: number, plusMu4 = 0): string {
  return formatMu4(Number(centiM2ToMu4(BigInt(centiM2))) + plusMu4);
}

export interface EventFigures {
  landLeg: QuarterlyReport['landLeg'];
  quotaProduced: QuarterlyReport['quota']['produced'];
  quotaSold: QuarterlyReport['quota']['sold'];
  tranches: QuarterlyReport['fund']['tranches'];
}

export function eventFigures(v: ProjectionView): EventFigures {
  const sold = v.quotaSold;
  const byTranche = v.tranches.map((t) => {
    const label = trancheLabel(t.tranche);
    return {
      tranche: t.tranche,
      labelZh: label.zh,
      labelEn: label.en,
      count: t.count,
      amountFen: t.amountFen,
    };
  });
  return {
    landLeg: {
      milestones: countRows(
        new Map(MILESTONE_KINDS.map((k) => [k, v.milestones[k]])),
        (k) => MILESTONE_LABELS[k],
        MILESTONE_KINDS,
      ),
      dispositions: countRows(
        new Map(DISPOSITIONS.map((d) => [d, v.dispositions[d]])),
        (d) => DISPOSITION_LABELS[d],
        DISPOSITIONS,
      ),
      accepted: area(v.acceptedCentiM2),
      basisZh:
        '按本季度（淄博日期）登记的土地退出节点事件统计；验收面积为处置节点的复垦验收面积，精确到0.01平方米',
      basisEn:
        'the land-leg milestones recorded in the quarter (by the date in Zibo), from their events; the accepted area is that of the disposed milestones, exact to 0.01 m²',
    },
    quotaProduced: { ...area(v.quotaProducedCentiM2), mu: mu(v.quotaProducedCentiM2) },
    quotaSold: {
      sales: sold.sales,
      ...area(sold.centiM2),
      mu: mu(sold.centiM2, sold.mu4),
      salesInMuOnly: sold.salesInMu4,
      salesWithoutQuota: sold.salesUnstated,
    },
    tranches: {
      count: byTranche.reduce((n, t) => n + t.count, 0),
      amountFen: byTranche.reduce((n, t) => n + t.amountFen, 0),
      byTranche,
      byMilestone: TRANCHE_MILESTONES.map((m) => ({
        milestone: m,
        labelZh: TRANCHE_MILESTONE_LABELS[m].zh,
        labelEn: TRANCHE_MILESTONE_LABELS[m].en,
        ...v.tranchesAt[m],
      })),
    },
  };
}
