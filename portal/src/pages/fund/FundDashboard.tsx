import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseList, useFund, useLedgerHistory, useQuarterlyReports } from '../../api/hooks';
import { Link } from '../../app/router';
import { useSession } from '../../auth/session';
import { Alert, Loading, PageHeader, QueryError } from '../../components/ui';
import { formatDateTime, formatFen, formatWan } from '../../lib/format';

// ECharts is the largest dependency; only administrators' dashboards load it, in its own chunk
const EChart = lazy(() => import('../../charts/EChart'));

/** Axis ticks in 万 (zh) or k/M (en); small values stay in yuan so ticks never read "0万 0万 0万". */
function axisYuan(v: number, lang: string): string {
  if (lang === 'en') {
    if (v >= 1e6) return `¥${+(v / 1e6).toFixed(2)}M`;
    if (v >= 1e3) return `¥${+(v / 1e3).toFixed(1)}k`;
    return `¥${v}`;
  }
  return v >= 1e4 ? `${+(v / 1e4).toFixed(2)}万` : `${v}`;
}

function Kpi({ label, fen, sub, lang }: { label: string; fen: number; sub?: string; lang: string }) {
  return (
    <div className="kpi">
      <div className="kpi__label">{label}</div>
      <div className="kpi__value">{formatFen(fen, lang)}</div>
      <div className="kpi__sub">{sub ?? formatWan(fen, lang)}</div>
    </div>
  );
}

export function FundDashboard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const district = session?.district;
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const fund = useFund();
  const history = useLedgerHistory();
  const reports = useQuarterlyReports(district, year);
  const queue = useCaseList('fund_review', 5);
  const districtName = district ? t(`district.${district}`, { defaultValue: district }) : '';

  const balanceOption = useMemo(() => {
    const points = (history.data ?? [])
      .filter((e) => e.balanceAfterFen !== undefined)
      .map((e) => [e.at, (e.balanceAfterFen ?? 0) / 100]);
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: '{MM}/{dd} {HH}:{mm}' } },
      yAxis: {
        type: 'value',
        min: 0,
        axisLabel: { formatter: (v: number) => axisYuan(v, lang) },
      },
      series: [
        {
          name: t('dash.balance'),
          type: 'line',
          step: 'end',
          showSymbol: true,
          data: points,
          lineStyle: { width: 3, color: '#1554b8' },
          itemStyle: { color: '#1554b8' },
          areaStyle: { color: 'rgba(21, 84, 184, 0.08)' },
        },
      ],
    };
  }, [history.data, lang, t]);

  const quarters = reports.data ?? [];
  const byDistrictOption = useMemo(() => {
    const colors = ['#1554b8', '#2f8f5b', '#c77700', '#b3261e'];
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: [districtName] },
      yAxis: {
        type: 'value',
        min: 0,
        minInterval: 1,
        axisLabel: { formatter: (v: number) => axisYuan(v, lang) },
      },
      series: [1, 2, 3, 4].map((q, i) => ({
        name: t('dash.quarter', { q }),
        type: 'bar',
        barMaxWidth: 48,
        itemStyle: { color: colors[i] },
        data: [(quarters[i]?.fund.advanced.amountFen ?? 0) / 100],
      })),
    };
  }, [quarters, districtName, lang, t]);

  return (
    <>
      <PageHeader title={t('dash.title')} lead={t('dash.lead', { district: districtName })} />
      {fund.isPending && <Loading />}
      {fund.isError && <QueryError error={fund.error} onRetry={() => void fund.refetch()} />}
      {fund.data && (
        <>
          <section aria-labelledby="kpi-title">
            <h2 id="kpi-title" className="visually-hidden">
              {t('dash.figures')}
            </h2>
            <div className="kpis">
              <Kpi label={t('dash.balance')} fen={fund.data.balanceFen} lang={lang} />
              <Kpi label={t('dash.advanced')} fen={fund.data.advancedFen} lang={lang} />
              <Kpi label={t('dash.replenished')} fen={fund.data.replenishedFen} lang={lang} />
              <Kpi
                label={t('dash.queued')}
                fen={fund.data.queuedFen}
                lang={lang}
                sub={t('dash.queueLength', { count: fund.data.queueLength })}
              />
            </div>
          </section>
          {fund.data.reconciled &&
            (fund.data.reconciled.matches ? (
              <Alert kind="ok">{t('dash.reconciled')}</Alert>
            ) : (
              <Alert kind="err" title={t('dash.notReconciled')}>
                <p>{t('dash.entriesSum', { amount: formatFen(fund.data.reconciled.entriesSumFen, lang) })}</p>
              </Alert>
            ))}
          {fund.data.queueLength > 0 && (
            <Alert kind="warn" title={t('dash.shortfall', { count: fund.data.queueLength })}>
              <Link to="/fund/replenish">{t('nav.replenish')}</Link>
            </Alert>
          )}
        </>
      )}
      <div className="grid-2">
        <section className="card" aria-labelledby="balance-chart-title">
          <h2 id="balance-chart-title">{t('dash.balanceChart')}</h2>
          {history.isPending ? (
            <Loading />
          ) : history.isError ? (
            <QueryError error={history.error} />
          ) : (
            <Suspense fallback={<Loading />}>
              <EChart
                option={balanceOption}
                label={t('dash.balanceChartLabel', {
                  count: history.data.length,
                  amount: formatFen(history.data.at(-1)?.balanceAfterFen ?? 0, lang),
                })}
              />
            </Suspense>
          )}
          <p className="meta">
            {t('dash.balanceChartNote', { date: formatDateTime(history.data?.at(-1)?.at, lang) })}{' '}
            <Link to="/fund/ledger">{t('nav.ledger')}</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="district-chart-title">
          <h2 id="district-chart-title">{t('dash.byDistrictChart', { year })}</h2>
          {reports.isPending ? (
            <Loading />
          ) : (
            <Suspense fallback={<Loading />}>
              <EChart
                option={byDistrictOption}
                label={t('dash.byDistrictLabel', { district: districtName, year })}
              />
            </Suspense>
          )}
          <div className="table-wrap">
            <table className="table--stack">
              <caption className="visually-hidden">{t('dash.byDistrictChart', { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.district')}</th>
                  {[1, 2, 3, 4].map((q) => (
                    <th scope="col" className="num" key={q}>
                      {t('dash.quarter', { q })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{districtName}</th>
                  {[0, 1, 2, 3].map((i) => (
                    <td className="num" key={i} data-label={t('dash.quarter', { q: i + 1 })}>
                      {quarters[i] ? formatFen(quarters[i]?.fund.advanced.amountFen ?? 0, lang) : '—'}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <p className="meta">{t('dash.byDistrictNote')}</p>
        </section>
      </div>
      <section className="card" aria-labelledby="queue-preview-title">
        <h2 id="queue-preview-title">{t('dash.queuePreview')}</h2>
        {queue.isSuccess && (queue.data.pages[0]?.items.length ?? 0) === 0 && (
          <p className="meta">{t('fq.empty')}</p>
        )}
        <ul className="list">
          {(queue.data?.pages[0]?.items ?? []).map((c) => (
            <li key={c.caseId}>
              <Link to={`/fund/cases/${encodeURIComponent(c.caseId)}`} className="list-item">
                <span className="list-item__top">
                  <span className="list-item__title">{c.householdId}</span>
                  <strong>{c.advance ? formatFen(c.advance.amountFen, lang) : ''}</strong>
                </span>
                <span className="meta">
                  {t('case.number', { id: c.caseId })}
                  {c.advance &&
                    ` · ${t('fq.approvals', { n: c.advance.approvals, required: c.advance.requiredApprovals })}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <Link to="/fund/queue">{t('dash.allQueue')}</Link>
      </section>
    </>
  );
}
