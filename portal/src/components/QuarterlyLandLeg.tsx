import { useTranslation } from 'react-i18next';
import type { QuarterlyReportView } from '../api/contract';
import { formatFen } from '../lib/format';
import { type QuarterRow, QuarterTable } from './QuarterTable';

/**
 * The land leg per quarter of the year (四(四) monitoring, from the quarterly reports; on the fund
 * dashboard): milestones recorded, accepted area, quota produced and sold, tranches paid by the milestone
 * they fell due at. A quarter whose report could not be read shows —.
 */
export function QuarterlyLandLeg({
  quarters,
  year,
  districtName,
}: {
  quarters: (QuarterlyReportView | undefined)[];
  year: number;
  districtName: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const en = lang === 'en';
  // row labels come with the reports (both languages); any report of the year lists every row
  const sample = quarters.find((r) => r?.landLeg !== undefined);
  if (!sample) return null;
  const label = (row: { labelZh: string; labelEn: string }) => (en ? row.labelEn : row.labelZh);
  const rows: QuarterRow[] = [
    ...sample.landLeg.milestones.map((m) => ({
      key: `milestone-${m.key}`,
      label: label(m),
      value: (r: QuarterlyReportView) =>
        String(r.landLeg.milestones.find((x) => x.key === m.key)?.count ?? 0),
    })),
    { key: 'accepted', label: t('dash.landLeg.acceptedArea'), value: (r) => r.landLeg.accepted.areaM2 },
    { key: 'produced', label: t('dash.landLeg.quotaProduced'), value: (r) => r.quota.produced.mu },
    {
      key: 'sold',
      label: t('dash.landLeg.quotaSold'),
      // a sale whose event states no quota is not in the figure: say so rather than under-report silently
      value: (r) =>
        r.quota.sold.salesWithoutQuota > 0
          ? `${r.quota.sold.mu} ${t('dash.landLeg.salesWithoutQuota', { count: r.quota.sold.salesWithoutQuota })}`
          : r.quota.sold.mu,
    },
    // by the milestone the payments fell due at: tranche 2 is `disposed` for a homestead, `handed_over`
    // for contract land
    ...sample.fund.tranches.byMilestone.map((tr) => ({
      key: `paid-${tr.milestone}`,
      label: t('dash.landLeg.paidAt', { when: label(tr) }),
      value: (r: QuarterlyReportView) => {
        const paid = r.fund.tranches.byMilestone.find((x) => x.milestone === tr.milestone);
        return t('dash.landLeg.paidCount', {
          count: paid?.count ?? 0,
          amount: formatFen(paid?.amountFen ?? 0, lang),
        });
      },
    })),
  ];
  return (
    <QuarterTable
      id="land-leg-title"
      title={t('dash.landLeg.title', { year, district: districtName })}
      rows={rows}
      // a report from before the land leg has no figures for it
      quarters={quarters.map((r) => (r?.landLeg ? r : undefined))}
      note={t('dash.landLeg.note')}
    />
  );
}
