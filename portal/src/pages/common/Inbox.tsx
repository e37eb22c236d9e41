import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItemView, Role } from '../../api/contract';
import { useInbox } from '../../api/hooks';
import { Link } from '../../app/router';
import { primaryRole, useSession } from '../../auth/session';
import { Empty, Loading, PageHeader, QueryError } from '../../components/ui';
import { formatDateTime } from '../../lib/format';

const SEEN = 'hx.inbox.seen';

const seenListeners = new Set<() => void>();

/** The newest notice time the person has seen, so the header can count what is new. */
export function lastSeenInbox(): string {
  return localStorage.getItem(SEEN) ?? '';
}

function markSeen(at: string) {
  localStorage.setItem(SEEN, at);
  for (const l of seenListeners) l();
}

export function useLastSeenInbox(): string {
  return useSyncExternalStore((l) => {
    seenListeners.add(l);
    return () => seenListeners.delete(l);
  }, lastSeenInbox);
}

const CASE_PATH: Partial<Record<Role, string>> = {
  applicant: '/cases/',
  village_reviewer: '/review/cases/',
  town_reviewer: '/town/cases/',
  district_approver: '/district/cases/',
  fund_admin: '/fund/cases/',
  auditor: '/fund/cases/',
};

/**
 * The in-app inbox (站内通知): what needs the reader's attention, newest first. Reads
 * `GET /notifications` (not yet in API.md); while the route is absent the page says so plainly.
 */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const role = primaryRole(session);
  const inbox = useInbox();
  const newest = inbox.data?.items[0]?.at;

  useEffect(() => {
    if (newest && newest > lastSeenInbox()) markSeen(newest);
  }, [newest]);

  const link = (item: InboxItemView) => {
    const base = role ? CASE_PATH[role] : undefined;
    return item.caseId && base ? `${base}${encodeURIComponent(item.caseId)}` : undefined;
  };

  return (
    <div className="narrow">
      <PageHeader title={t('inbox.title')} lead={t(`inbox.lead.${role ?? 'applicant'}`)} />
      {inbox.isPending && <Loading />}
      {inbox.isError && <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} />}
      {inbox.data && !inbox.data.available && (
        <Empty>
          <p>
            <strong>{t('inbox.unavailable')}</strong>
          </p>
          <p>{t('inbox.unavailableText')}</p>
        </Empty>
      )}
      {inbox.data?.available && inbox.data.items.length === 0 && <Empty>{t('inbox.empty')}</Empty>}
      <ul className="list">
        {(inbox.data?.items ?? []).map((item) => {
          const to = link(item);
          const title = lang === 'en' ? item.titleEn : item.titleZh;
          return (
            <li key={item.notificationId} className="list-item">
              <div className="list-item__top">
                {to ? (
                  <Link to={to} className="list-item__title">
                    {title}
                  </Link>
                ) : (
                  <strong>{title}</strong>
                )}
                <time className="meta" dateTime={item.at}>
                  {formatDateTime(item.at, lang)}
                </time>
              </div>
              <p style={{ margin: '4px 0 0' }}>{lang === 'en' ? item.bodyEn : item.bodyZh}</p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
