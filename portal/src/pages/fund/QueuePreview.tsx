import { useTranslation } from 'react-i18next';
import { useCaseList } from '../../api/hooks';
import { Link } from '../../app/router';
import { formatFen } from '../../lib/format';

/** The first cases of the fund's review queue on the dashboard, with a link to the whole queue. */
export function QueuePreview() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queue = useCaseList('fund_review', 5);
  return (
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
                <span className="list-item__title">{c.householdHeadName ?? c.householdId}</span>
                <strong>{c.advance ? formatFen(c.advance.amountFen, lang) : ''}</strong>
              </span>
              <span className="meta">
                {t('case.number', { id: c.caseNumber ?? c.caseId })}
                {c.advance &&
                  ` · ${t('fq.approvals', { n: c.advance.approvals, required: c.advance.requiredApprovals })}`}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <Link to="/fund/queue">{t('dash.allQueue')}</Link>
    </section>
  );
}
