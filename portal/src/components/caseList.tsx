import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, CaseSummary, CaseType } from '../api/contract';
import { Link } from '../app/router';
import { deadline, formatDate, formatDeadline } from '../lib/format';
import { Field, StatusBadge } from './ui';

/** The status filter of a case list; '' is "every status". */
export function StatusFilter({
  value,
  onChange,
  statuses,
}: {
  value: CaseStatus | '';
  onChange: (s: CaseStatus | '') => void;
  statuses: readonly (CaseStatus | '')[];
}) {
  const { t } = useTranslation();
  return (
    <Field label={t('queue.status')}>
      {({ id }) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as CaseStatus | '')}>
          {statuses.map((s) => (
            <option key={s || 'all'} value={s}>
              {s ? t(`status.${s}`) : t('queue.allStatuses')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** What a reviewer's queue is narrowed to: a status (asked of the API), a type and words (on the page). */
export interface QueueFilter {
  status: CaseStatus | '';
  type: CaseType | '';
  text: string;
}

/** The case as the type and search filters of a queue see it. */
export function matchesFilter(c: CaseSummary, f: QueueFilter): boolean {
  const words = f.text.trim().toLowerCase();
  return (
    (!f.type || c.type === f.type) &&
    (!words ||
      [c.caseId, c.caseNumber, c.householdId, c.householdHeadName, c.village, c.villageName]
        .filter(Boolean)
        .join(' ')
        .toLowerCase()
        .includes(words))
  );
}

/** A queue's filters (status, type, case number or household), in a card of their own. */
export function QueueFilters({
  value,
  onChange,
  statuses,
}: {
  value: QueueFilter;
  onChange: (f: QueueFilter) => void;
  statuses: readonly (CaseStatus | '')[];
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="filters-title">
      <h2 id="filters-title" className="visually-hidden">
        {t('queue.filters')}
      </h2>
      <div className="filters">
        <StatusFilter
          value={value.status}
          onChange={(status) => onChange({ ...value, status })}
          statuses={statuses}
        />
        <Field label={t('queue.type')}>
          {({ id }) => (
            <select
              id={id}
              value={value.type}
              onChange={(e) => onChange({ ...value, type: e.target.value as CaseType | '' })}
            >
              <option value="">{t('queue.allTypes')}</option>
              <option value="homestead_exit">{t('caseType.homestead_exit')}</option>
              <option value="contract_land_exit">{t('caseType.contract_land_exit')}</option>
              <option value="equity_exit">{t('caseType.equity_exit')}</option>
            </select>
          )}
        </Field>
        <Field label={t('queue.search')}>
          {({ id }) => (
            <input
              id={id}
              type="search"
              value={value.text}
              onChange={(e) => onChange({ ...value, text: e.target.value })}
            />
          )}
        </Field>
      </div>
    </section>
  );
}

/** Most urgent first: the case whose pending task is due soonest; cases without one last. */
export function byDueDate(a: CaseSummary, b: CaseSummary): number {
  return (a.pendingTask?.dueAt ?? '9').localeCompare(b.pendingTask?.dueAt ?? '9');
}

/**
 * One case of a list as a link to its page: what, whose, its status, and the deadline of its open task;
 * `note` says what the case waits for where the list needs it said.
 */
export function CaseListItem({
  c,
  to,
  now,
  note,
}: {
  c: CaseSummary;
  to: string;
  now: number;
  note?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const overdue = c.pendingTask && Date.parse(c.pendingTask.dueAt) < now;
  return (
    <Link to={to} className="list-item">
      <span className="list-item__top">
        <span className="list-item__title">
          {c.type ? t(`caseType.${c.type}`) : ''} · {c.householdHeadName ?? c.householdId}
        </span>
        <StatusBadge status={c.status} />
      </span>
      <span className="meta">
        {t('case.number', { id: c.caseNumber ?? c.caseId })}
        {c.villageName ? ` · ${c.villageName}` : ''} ·{' '}
        {t('home.created', { date: formatDate(c.createdAt, lang) })}
      </span>
      {note && <span style={{ display: 'block', marginTop: 6 }}>{note}</span>}
      {c.pendingTask && (
        <span className={overdue ? 'overdue' : 'meta'} style={{ display: 'block' }}>
          {overdue ? t('queue.overdue') : t('queue.due')} {formatDeadline(c.pendingTask.dueAt, lang)}
        </span>
      )}
    </Link>
  );
}

/**
 * How long is left on a pending task, by the Zibo calendar: "3 days left", "due today", or an overdue
 * badge with how many days late. The badge says it in words, never by colour alone.
 */
export function DaysLeft({ dueAt, now }: { dueAt: string; now: number }) {
  const { t, i18n } = useTranslation();
  const d = deadline(dueAt, now);
  if (!d) return <>—</>;
  const when = formatDeadline(dueAt, i18n.language);
  if (!d.overdue) {
    return (
      <span>
        {d.days <= 0 ? t('queue.dueToday') : t('queue.daysLeft', { count: d.days })}
        <span className="meta queue-due">{t('queue.dueAt', { date: when })}</span>
      </span>
    );
  }
  return (
    <span>
      <span className="status status--stop">{t('queue.overdueBadge')}</span>
      {d.days < 0 ? ` ${t('queue.daysLate', { count: -d.days })}` : ''}
      <span className="meta queue-due">{t('queue.dueAt', { date: when })}</span>
    </span>
  );
}
