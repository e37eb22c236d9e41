import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary, Role } from '../api/contract';
import { useDeskClaim } from '../api/deskHooks';
import { Link } from '../app/router';
import { useSession } from '../auth/session';
import { formatDate } from '../lib/format';
import { DaysLeft } from './caseList';
import { Field, ProblemBanner, StatusBadge } from './ui';
import './deskTable.css';

/**
 * The one queue table of every desk (issue 18): the village's, the town's, the district's, the fund's
 * and the land leg's. Whose case (the head of household's name when the summary carries it), the
 * village, what is to be done (事项), when it was filed, the days left by the Zibo calendar with an
 * overdue badge, and who has claimed it (认领), with the claim and release buttons. Every column sorts;
 * "mine / unassigned / all" narrows the rows on the page (the queues are a page or two of 50, so the
 * filter needs no request of its own). On a phone each row becomes a card (table--stack).
 */

/** The names the case summary gains from the names work of issue 18, read when present. */
type Named = CaseSummary & { householdHeadName?: string; villageName?: string; caseNumber?: string };

export type ClaimFilter = 'mine' | 'unassigned' | 'all';
const SORT_KEYS = ['due', 'name', 'village', 'task', 'submitted', 'claim'] as const;
type SortKey = (typeof SORT_KEYS)[number];
const SORT_LABEL: Record<SortKey, string> = {
  due: 'desk.col.daysLeft',
  name: 'desk.col.name',
  village: 'desk.col.village',
  task: 'desk.col.task',
  submitted: 'desk.col.submitted',
  claim: 'desk.col.claim',
};

export interface DeskColumn {
  key: string;
  label: string;
  cell: (c: CaseSummary) => ReactNode;
  className?: string;
}

const nameOf = (c: Named) => c.householdHeadName ?? c.householdId;
const villageOf = (c: Named) => c.villageName ?? c.village;
const numberOf = (c: Named) => c.caseNumber ?? c.caseId;
const submittedOf = (c: CaseSummary) => c.submittedAt ?? c.createdAt;

/** Whether the reader holds the role that acts on the case's step, so that a claim button makes sense. */
function claimable(c: CaseSummary, roles: readonly Role[]): boolean {
  const role = c.pendingTask?.role;
  return role !== undefined && role !== 'applicant' && roles.includes(role);
}

export function matchesClaim(c: CaseSummary, filter: ClaimFilter, sub: string | undefined): boolean {
  if (filter === 'mine') return c.claimedBy?.sub === sub;
  if (filter === 'unassigned') return c.claimedBy === undefined;
  return true;
}

function sortValue(c: Named, key: SortKey, claimer: (c: CaseSummary) => string): string {
  switch (key) {
    case 'name':
      return nameOf(c);
    case 'village':
      return villageOf(c);
    case 'task':
      return c.pendingTask?.kind ?? c.status;
    case 'submitted':
      return submittedOf(c);
    case 'due':
      // cases without a deadline last
      return c.pendingTask?.dueAt ?? '9';
    case 'claim':
      return claimer(c);
  }
}

export function DeskTable({
  items,
  caption,
  linkTo,
  now,
  extraColumns = [],
}: {
  items: CaseSummary[];
  caption: string;
  linkTo: (c: CaseSummary) => string;
  now: number;
  /** a desk's own columns after the common ones (the fund's amount and four-eyes state) */
  extraColumns?: DeskColumn[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const claim = useDeskClaim();
  const [filter, setFilter] = useState<ClaimFilter>('all');
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'due', asc: true });
  const who = (c: CaseSummary) => {
    const by = c.claimedBy;
    if (!by) return '';
    return by.sub === session?.sub ? t('desk.me') : (by.name ?? by.sub);
  };
  const counts = {
    mine: items.filter((c) => matchesClaim(c, 'mine', session?.sub)).length,
    unassigned: items.filter((c) => matchesClaim(c, 'unassigned', session?.sub)).length,
    all: items.length,
  };
  const rows = items
    .filter((c) => matchesClaim(c, filter, session?.sub))
    .map((c) => ({ c, v: sortValue(c, sort.key, who) }))
    .sort(
      (a, b) => (sort.asc ? 1 : -1) * a.v.localeCompare(b.v, lang) || a.c.caseId.localeCompare(b.c.caseId),
    )
    .map(({ c }) => c as Named);

  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.asc ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="sort-btn"
          onClick={() => setSort({ key, asc: active ? !sort.asc : true })}
        >
          {label}
          <span aria-hidden="true" className="sort-btn__mark">
            {active ? (sort.asc ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="desk">
      <fieldset className="desk-filter">
        <legend className="visually-hidden">{t('desk.show')}</legend>
        <div className="role-tabs">
          {(['mine', 'unassigned', 'all'] as const).map((f) => (
            <button
              key={f}
              type="button"
              className="role-tab"
              aria-pressed={filter === f}
              data-claim-filter={f}
              onClick={() => setFilter(f)}
            >
              {t(`desk.filter.${f}`, { count: counts[f] })}
            </button>
          ))}
        </div>
      </fieldset>
      {/* on a phone the table's header is hidden (one card per row): the sort is chosen here */}
      <div className="filters desk-sort">
        <Field label={t('desk.sortBy')}>
          {({ id }) => (
            <select
              id={id}
              value={sort.key}
              onChange={(e) => setSort({ key: e.target.value as SortKey, asc: sort.asc })}
            >
              {SORT_KEYS.map((k) => (
                <option key={k} value={k}>
                  {t(SORT_LABEL[k])}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('desk.order')}>
          {({ id }) => (
            <select
              id={id}
              value={sort.asc ? 'asc' : 'desc'}
              onChange={(e) => setSort({ key: sort.key, asc: e.target.value === 'asc' })}
            >
              <option value="asc">{t('desk.asc')}</option>
              <option value="desc">{t('desk.desc')}</option>
            </select>
          )}
        </Field>
      </div>
      {claim.isError && <ProblemBanner error={claim.error} />}
      <div className="table-wrap">
        <table className="table--stack queue-table desk-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {header('name', t('desk.col.name'))}
              {header('village', t('desk.col.village'))}
              {header('task', t('desk.col.task'))}
              {header('submitted', t('desk.col.submitted'))}
              {header('due', t('desk.col.daysLeft'))}
              {extraColumns.map((x) => (
                <th key={x.key} scope="col" className={x.className}>
                  {x.label}
                </th>
              ))}
              {header('claim', t('desk.col.claim'))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={7 + extraColumns.length}>{t('desk.noneHere')}</td>
              </tr>
            )}
            {rows.map((c) => {
              const overdue = c.pendingTask ? Date.parse(c.pendingTask.dueAt) < now : false;
              const mine = c.claimedBy?.sub === session?.sub;
              const busy = claim.isPending && claim.variables?.caseId === c.caseId;
              return (
                <tr
                  key={c.caseId}
                  data-case-id={c.caseId}
                  data-claimed-by={c.claimedBy?.sub ?? ''}
                  className={overdue ? 'row--overdue' : undefined}
                >
                  <th scope="row">
                    <Link to={linkTo(c)}>{nameOf(c)}</Link>
                    <span className="meta queue-due">
                      {t(`caseType.${c.type}`)} · {numberOf(c)}
                    </span>
                  </th>
                  <td data-label={t('desk.col.village')}>{villageOf(c)}</td>
                  <td data-label={t('desk.col.task')}>
                    {c.pendingTask ? t(`task.${c.pendingTask.kind}`) : <StatusBadge status={c.status} />}
                  </td>
                  <td data-label={t('desk.col.submitted')}>
                    <time dateTime={submittedOf(c)}>{formatDate(submittedOf(c), lang)}</time>
                  </td>
                  <td data-label={t('desk.col.daysLeft')}>
                    {c.pendingTask ? <DaysLeft dueAt={c.pendingTask.dueAt} now={now} /> : '—'}
                  </td>
                  {extraColumns.map((x) => (
                    <td key={x.key} data-label={x.label} className={x.className}>
                      {x.cell(c)}
                    </td>
                  ))}
                  <td data-label={t('desk.col.claim')} className="desk-claim">
                    <span className={c.claimedBy ? 'desk-claim__who' : 'meta'}>
                      {c.claimedBy ? who(c) : t('desk.unassigned')}
                    </span>
                    {claimable(c, session?.roles ?? []) && (
                      <button
                        type="button"
                        className="btn btn--secondary desk-claim__btn"
                        disabled={busy}
                        aria-label={t(
                          mine ? 'desk.releaseFor' : c.claimedBy ? 'desk.takeOverFor' : 'desk.claimFor',
                          { name: nameOf(c) },
                        )}
                        // a takeover says so on the button itself ("改由我办理") and is audited: no dialog
                        onClick={() => claim.mutate({ caseId: c.caseId, action: mine ? 'release' : 'claim' })}
                      >
                        {t(mine ? 'desk.release' : c.claimedBy ? 'desk.takeOver' : 'desk.claim')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
