import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictFund } from '../../api/contract';
import { useFund, useFundOverview, useLedgerHistory, useQuarterlyReports, useQuota } from '../../api/hooks';
import { Link } from '../../app/router';
import { useSession } from '../../auth/session';
import { ReportDownloads } from '../../components/ExportPanels';
import { QuarterlyCollective } from '../../components/QuarterlyCollective';
import { QuarterlyLandLeg } from '../../components/QuarterlyLandLeg';
import { QuarterGrid } from '../../components/QuarterTable';
import { Alert, Loading, PageHeader, QueryError } from '../../components/ui';
import { formatCentiM2, formatDateTime, formatFen, formatWan } from '../../lib/format';
import { QueuePreview } from './QueuePreview';

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

/**
 * The district's surplus construction-land quota (节余建设用地指标, GET /quota): accepted, sold and
 * available m² (exact), each with its mu. Nothing is shown while it loads or when it cannot be read.
 */
function QuotaFigures() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const quota = useQuota();
  if (!quota.data) return null;
  const q = quota.data;
  const rows = [
    ['quotaAccepted', q.acceptedCentiM2, q.acceptedMu],
    ['quotaSold', q.soldCentiM2, q.soldMu],
    ['quotaAvailable', q.availableCentiM2, q.availableMu],
  ] as const;
  return (
    <section aria-labelledby="quota-title">
      <h2 id="quota-title">{t('dash.quotaTitle')}</h2>
      <div className="kpis">
        {rows.map(([key, centi, mu]) => (
          <div className="kpi" key={key}>
            <div className="kpi__label">{t(`dash.${key}`)}</div>
            <div className="kpi__value">{t('dash.quotaArea', { area: formatCentiM2(centi, lang) })}</div>
            <div className="kpi__sub">{t('dash.quotaMu', { mu })}</div>
          </div>
        ))}
      </div>
    </section>
  );
}

type Measure = 'advancedFen' | 'balanceFen';
type T = (key: string, options?: Record<string, unknown>) => string;

/** The reader's name of a district; the API's Chinese name when the portal has none. */
function districtName(d: DistrictFund, t: T): string {
  return t(`district.${d.districtCode}`, { defaultValue: d.districtName });
}
const OWN_COLOR = '#b3261e';
const OTHER_COLOR = '#1554b8';

/**
 * Advances (or balances) of every district's fund side by side, from `GET /fund/overview`; the
 * caller's own district is drawn in red and named "本区". Horizontal bars, so the eight names stay
 * readable on a phone; the table below carries every figure for screen readers and keyboard users.
 */
function DistrictOverview({ own }: { own: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const overview = useFundOverview();
  const [measure, setMeasure] = useState<Measure>('advancedFen');
  const items: DistrictFund[] = overview.data?.items ?? [];
  const name = (d: DistrictFund) => districtName(d, t);

  const option = useMemo(() => {
    const name = (d: DistrictFund) => districtName(d, t);
    // top to bottom in code order: ECharts draws the first category at the bottom of a y axis
    const rows = [...items].reverse();
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number) => formatFen(Math.round(v * 100), lang),
      },
      xAxis: {
        type: 'value',
        min: 0,
        axisLabel: { hideOverlap: true, formatter: (v: number) => axisYuan(v, lang) },
      },
      yAxis: {
        type: 'category',
        data: rows.map((d) => (d.districtCode === own ? `{own|${name(d)} ${t('dash.ownTag')}}` : name(d))),
        axisLabel: { rich: { own: { color: OWN_COLOR, fontWeight: 'bold' } } },
      },
      series: [
        {
          name: t(measure === 'advancedFen' ? 'dash.advanced' : 'dash.balance'),
          type: 'bar',
          barMaxWidth: 22,
          data: rows.map((d) => ({
            value: d[measure] / 100,
            itemStyle: { color: d.districtCode === own ? OWN_COLOR : OTHER_COLOR },
          })),
        },
      ],
    };
  }, [items, measure, own, lang, t]);

  const ownRow = items.find((d) => d.districtCode === own);
  const top = [...items].sort((a, b) => b[measure] - a[measure])[0];
  const label = t('dash.overviewLabel', {
    measure: t(measure === 'advancedFen' ? 'dash.advanced' : 'dash.balance'),
    top: top ? `${name(top)} ${formatFen(top[measure], lang)}` : '—',
    own: ownRow ? `${name(ownRow)} ${formatFen(ownRow[measure], lang)}` : '—',
  });

  return (
    <section className="card" aria-labelledby="overview-title" id="district-overview">
      <h2 id="overview-title">{t('dash.overviewTitle')}</h2>
      {overview.isPending && <Loading />}
      {overview.isError && <QueryError error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.data === null && <Alert kind="info">{t('dash.overviewUnavailable')}</Alert>}
      {overview.data && (
        <>
          <fieldset>
            <legend className="visually-hidden">{t('dash.overviewShow')}</legend>
            <div className="role-tabs">
              {(['advancedFen', 'balanceFen'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  className="role-tab"
                  aria-pressed={measure === m}
                  onClick={() => setMeasure(m)}
                >
                  {t(m === 'advancedFen' ? 'dash.advanced' : 'dash.balance')}
                </button>
              ))}
            </div>
          </fieldset>
          <Suspense fallback={<Loading />}>
            <EChart option={option} label={label} height={Math.max(260, items.length * 40)} />
          </Suspense>
          <div className="table-wrap">
            <table className="table--stack" id="district-table">
              <caption>
                {t('dash.overviewCaption', { date: formatDateTime(overview.data.asOf, lang) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.district')}</th>
                  <th scope="col" className="num">
                    {t('dash.advanced')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.balance')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.replenished')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.queued')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.districtCode} className={d.districtCode === own ? 'row--own' : undefined}>
                    <th scope="row">
                      {name(d)}
                      {d.districtCode === own && <span className="tag tag--own">{t('dash.ownTag')}</span>}
                    </th>
                    <td className="num" data-label={t('dash.advanced')}>
                      {formatFen(d.advancedFen, lang)}
                    </td>
                    <td className="num" data-label={t('dash.balance')}>
                      {formatFen(d.balanceFen, lang)}
                    </td>
                    <td className="num" data-label={t('dash.replenished')}>
                      {formatFen(d.replenishedFen, lang)}
                    </td>
                    <td className="num" data-label={t('dash.queued')}>
                      {d.queueLength > 0
                        ? `${formatFen(d.queuedFen, lang)}（${t('dash.queueLength', { count: d.queueLength })}）`
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
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
  const quarterlyOption = useMemo(() => {
    const colors = ['#1554b8', '#2f8f5b', '#c77700', '#6b4fa0'];
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
      <QuotaFigures />
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
          <h2 id="district-chart-title">{t('dash.quarterlyChart', { year, district: districtName })}</h2>
          {reports.isPending ? (
            <Loading />
          ) : (
            <Suspense fallback={<Loading />}>
              <EChart
                option={quarterlyOption}
                label={t('dash.quarterlyLabel', { district: districtName, year })}
              />
            </Suspense>
          )}
          <QuarterGrid
            caption={t('dash.quarterlyChart', { year, district: districtName })}
            figureHeader={t('dash.district')}
            rows={[
              {
                key: 'advanced',
                label: districtName,
                value: (r) => formatFen(r.fund.advanced.amountFen, lang),
              },
            ]}
            quarters={quarters}
          />
        </section>
      </div>
      {!reports.isPending && <QuarterlyLandLeg quarters={quarters} year={year} districtName={districtName} />}
      {!reports.isPending && (
        <QuarterlyCollective quarters={quarters} year={year} districtName={districtName} />
      )}
      <ReportDownloads district={district} />
      <DistrictOverview own={district} />
      <QueuePreview />
    </>
  );
}
