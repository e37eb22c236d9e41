import { useTranslation } from 'react-i18next';
import type { QuarterlyReportView } from '../api/contract';
import { formatFen } from '../lib/format';
import { type QuarterRow, QuarterTable } from './QuarterTable';

/**
 * Who pays (DOMAIN.md wave 2) per quarter of the year, on the fund dashboard beside the fund's own
 * figures and apart from them: what village collectives paid for contract land and equity (never from the
 * special fund, never in its ledger), the receipts confirmed and disputed, what is outstanding now, and
 * the equity shares bought back.
 */
export function QuarterlyCollective({
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
  if (!quarters.some((r) => r?.collective !== undefined)) return null;
  const money = (row: { count: number; amountFen: number }) =>
    t('dash.landLeg.paidCount', { count: row.count, amount: formatFen(row.amountFen, lang) });
  const rows: QuarterRow[] = [
    { key: 'recorded', label: t('dash.collective.recorded'), value: (r) => money(r.collective.recorded) },
    {
      key: 'contract',
      label: t('dash.collective.contractLand'),
      value: (r) => money(r.collective.recorded.contractLand),
    },
    { key: 'equity', label: t('dash.collective.equity'), value: (r) => money(r.collective.recorded.equity) },
    { key: 'confirmed', label: t('dash.collective.confirmed'), value: (r) => money(r.collective.confirmed) },
    { key: 'disputed', label: t('dash.collective.disputed'), value: (r) => money(r.collective.disputed) },
    {
      key: 'shares',
      label: t('dash.collective.shares'),
      value: (r) => String(r.collective.sharesRedeemed.shares),
    },
  ];
  const outstanding = quarters.find((r) => r?.collective)?.collective.outstanding;
  return (
    <QuarterTable
      id="collective-title"
      title={t('dash.collective.title', { year, district: districtName })}
      rows={rows}
      quarters={quarters.map((r) => (r?.collective ? r : undefined))}
      note={`${t('dash.collective.note')}${
        outstanding ? ` ${t('dash.collective.outstanding', { summary: money(outstanding) })}` : ''
      }`}
    />
  );
}
