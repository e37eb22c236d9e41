import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../api/contract';
import { useCaseList } from '../../api/hooks';
import { navigate, useLocation } from '../../app/router';
import { useSession } from '../../auth/session';
import { byDueDate, matchesFilter, type QueueFilter, QueueFilters } from '../../components/caseList';
import { DeskTable } from '../../components/DeskTable';
import { Empty, Field, Loading, LoadMore, PageHeader, QueryError } from '../../components/ui';
import { LAND_DESKS, type LandDesk, landCasePath, ZIBO_DISTRICTS } from './desks';

/**
 * A land-leg desk's queue: the cases waiting for its milestones (the village: 腾退确认 and 承包地交回;
 * the district's land officer: 处置登记; the registrar: 注销登记, one district at a time), the most
 * urgent first, with the days left by the Zibo calendar and an overdue badge. The status filter narrows
 * the desk's own statuses on the page; the lists themselves are the API's, scoped to the reader.
 */
export function LandQueue({ desk }: { desk: LandDesk }) {
  const { t } = useTranslation();
  const session = useSession();
  const { search } = useLocation();
  const def = LAND_DESKS[desk];
  // the registrar's district lives in the address, so that "back to the queue" returns to it
  const district = def.needsDistrict ? (search.get('district') ?? '') : undefined;
  const [filter, setFilter] = useState<QueueFilter>({ status: '', type: '', text: '' });
  const [first, second = first] = def.statuses;
  const enabled = !def.needsDistrict || Boolean(district);
  // two statuses at most (the village's); one desk asks the same query twice, which is one request
  const a = useCaseList(first, 50, { district, enabled });
  const b = useCaseList(second, 50, { district, enabled });
  const lists = first === second ? [a] : [a, b];
  const now = Date.now();
  const items = lists
    .flatMap((l) => l.data?.pages.flatMap((p) => p.items) ?? [])
    .filter((c) => matchesFilter(c, filter) && (!filter.status || c.status === filter.status))
    .sort(byDueDate);
  const title = t(`land.desk.${desk}.title`);
  const where =
    desk === 'village'
      ? (session?.village ?? '')
      : t(`district.${session?.district ?? ''}`, { defaultValue: session?.district ?? '' });
  const failed = lists.find((l) => l.isError);
  const pending = enabled && lists.some((l) => l.isPending);
  const loaded = enabled && lists.every((l) => l.isSuccess);
  const statuses: readonly (CaseStatus | '')[] = def.statuses.length > 1 ? ['', ...def.statuses] : [first];

  return (
    <>
      <PageHeader title={title} lead={t(`land.desk.${desk}.lead`, { where })} />
      {def.needsDistrict && (
        <section className="card" aria-labelledby="district-title">
          <h2 id="district-title" className="visually-hidden">
            {t('land.district')}
          </h2>
          <Field label={t('land.district')} hint={t('land.districtHint')}>
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={district}
                onChange={(e) =>
                  navigate(`${def.base}${e.target.value ? `?district=${e.target.value}` : ''}`, {
                    replace: true,
                  })
                }
              >
                <option value="">{t('land.chooseDistrict')}</option>
                {ZIBO_DISTRICTS.map((d) => (
                  <option key={d} value={d}>
                    {t(`district.${d}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>
      )}
      {enabled && <QueueFilters value={filter} onChange={setFilter} statuses={statuses} />}
      {!enabled && <Empty>{t('land.pickDistrictFirst')}</Empty>}
      {pending && <Loading />}
      {failed && <QueryError error={failed.error} onRetry={() => void failed.refetch()} />}
      {loaded && (
        <p className="meta" aria-live="polite">
          {t('queue.count', { count: items.length })}
        </p>
      )}
      {loaded && items.length === 0 && <Empty>{t('queue.empty')}</Empty>}
      {items.length > 0 && (
        <DeskTable
          items={items}
          caption={title}
          linkTo={(c) => landCasePath(desk, c.caseId, district)}
          now={now}
        />
      )}
      {lists.map((l, i) => (
        <LoadMore key={def.statuses[i] ?? i} list={l} />
      ))}
    </>
  );
}
