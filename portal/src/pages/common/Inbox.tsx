import { useTranslation } from 'react-i18next';
import type { InboxEntryView, Role } from '../../api/contract';
import { useMarkRead } from '../../api/deskHooks';
import { useInbox } from '../../api/hooks';
import { Link } from '../../app/router';
import { primaryRole, useSession } from '../../auth/session';
import { Empty, Loading, PageHeader, ProblemBanner, QueryError } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import '../../components/deskTable.css';

const CASE_PATH: Partial<Record<Role, string>> = {
  applicant: '/cases/',
  village_reviewer: '/review/cases/',
  town_reviewer: '/town/cases/',
  district_approver: '/district/cases/',
  fund_admin: '/fund/cases/',
  auditor: '/fund/cases/',
};

/** How many notices of the reader's inbox page they have not read (the header's badge). */
export function unreadCount(items: readonly Pick<InboxEntryView, 'read'>[] | undefined): number {
  return (items ?? []).filter((i) => !i.read).length;
}

/**
 * The in-app inbox (站内通知): what needs the reader's attention, newest first, each unread notice
 * marked in words ("未读") and by a bar, never by colour alone. Opening a notice's case, or "标为已读",
 * marks it read for the reader only (`POST /notifications/{id}/read`): a colleague who shares the
 * role's inbox keeps their own markers. While the route is absent the page says so plainly.
 */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const role = primaryRole(session);
  const inbox = useInbox();
  const markRead = useMarkRead();
  const items = inbox.data?.items ?? [];
  const unread = unreadCount(items);

  const link = (item: InboxEntryView) => {
    const base = role ? CASE_PATH[role] : undefined;
    return item.caseId && base ? `${base}${encodeURIComponent(item.caseId)}` : undefined;
  };
  const read = (item: InboxEntryView) => {
    if (!item.read) markRead.mutate({ notificationId: item.notificationId, at: item.at });
  };

  return (
    <div className="narrow">
      <PageHeader title={t('inbox.title')} lead={t(`inbox.lead.${role ?? 'applicant'}`)} />
      {inbox.isPending && <Loading />}
      {inbox.isError && <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} />}
      {markRead.isError && <ProblemBanner error={markRead.error} />}
      {inbox.data && !inbox.data.available && (
        <Empty>
          <p>
            <strong>{t('inbox.unavailable')}</strong>
          </p>
          <p>{t('inbox.unavailableText')}</p>
        </Empty>
      )}
      {inbox.data?.available && items.length === 0 && <Empty>{t('inbox.empty')}</Empty>}
      {items.length > 0 && (
        <p className="meta" aria-live="polite">
          {t('desk.unreadCount', { count: unread })}
        </p>
      )}
      <ul className="list">
        {items.map((item) => {
          const to = link(item);
          const title = lang === 'en' ? item.titleEn : item.titleZh;
          return (
            <li
              key={item.notificationId}
              className={`list-item${item.read ? '' : ' inbox-item--unread'}`}
              data-notification-id={item.notificationId}
              data-read={item.read ? 'true' : 'false'}
            >
              <div className="list-item__top">
                <span>
                  {!item.read && <span className="unread-badge">{t('desk.unread')}</span>}
                  {to ? (
                    <Link to={to} className="list-item__title" onClick={() => read(item)}>
                      {title}
                    </Link>
                  ) : (
                    <strong>{title}</strong>
                  )}
                </span>
                <time className="meta" dateTime={item.at}>
                  {formatDateTime(item.at, lang)}
                </time>
              </div>
              <p style={{ margin: '4px 0 0' }}>{lang === 'en' ? item.bodyEn : item.bodyZh}</p>
              {!item.read && (
                <button
                  type="button"
                  className="btn btn--secondary desk-claim__btn"
                  style={{ marginLeft: 0, marginTop: 6 }}
                  aria-label={t('desk.markReadFor', { title })}
                  disabled={markRead.isPending && markRead.variables?.notificationId === item.notificationId}
                  onClick={() => read(item)}
                >
                  {t('desk.markRead')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
