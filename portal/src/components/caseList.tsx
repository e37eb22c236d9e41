import { useTranslation } from 'react-i18next';
import type { CaseStatus, CaseSummary } from '../api/contract';
import { Link } from '../app/router';
import { formatDate, formatDateTime } from '../lib/format';
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

/** Most urgent first: the case whose pending task is due soonest; cases without one last. */
export function byDueDate(a: CaseSummary, b: CaseSummary): number {
  return (a.pendingTask?.dueAt ?? '9').localeCompare(b.pendingTask?.dueAt ?? '9');
}

/** One case of a list as a link to its page: what, whose, its status, and the deadline of its open task. */
export function CaseListItem({ c, to, now }: { c: CaseSummary; to: string; now: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const overdue = c.pendingTask && Date.parse(c.pendingTask.dueAt) < now;
  return (
    <Link to={to} className="list-item">
      <span className="list-item__top">
        <span className="list-item__title">
          {c.type ? t(`caseType.${c.type}`) : ''} · {c.householdId}
        </span>
        <StatusBadge status={c.status} />
      </span>
      <span className="meta">
        {t('case.number', { id: c.caseId })} · {t('home.created', { date: formatDate(c.createdAt, lang) })}
      </span>
      {c.pendingTask && (
        <span className={overdue ? 'overdue' : 'meta'} style={{ display: 'block' }}>
          {overdue ? t('queue.overdue') : t('queue.due')} {formatDateTime(c.pendingTask.dueAt, lang)}
        </span>
      )}
    </Link>
  );
}
