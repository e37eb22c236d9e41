import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/contract';
import { useInbox } from '../api/hooks';
import { hostedSignOutUrl, loadCognitoConfig, revokeRefreshToken } from '../auth/cognito';
import { getRefreshToken, primaryRole, type Session, signOut, useSession } from '../auth/session';
import { BellIcon } from '../components/icons';
import { Alert, Loading } from '../components/ui';
import { ApplicantHome } from '../pages/applicant/ApplicantHome';
import { Apply } from '../pages/applicant/Apply';
import { CaseStatusPage } from '../pages/applicant/CaseStatusPage';
import { AuditCase } from '../pages/audit/AuditCase';
import { AuditCases } from '../pages/audit/AuditCases';
import { Inbox, unreadCount } from '../pages/common/Inbox';
import { ObjectionPage } from '../pages/common/ObjectionPage';
import { RegistryLookup } from '../pages/common/RegistryLookup';
import { AuthCallback, HOME, SignIn, splitDisplayName } from '../pages/common/SignIn';
import { FundCase } from '../pages/fund/FundCase';
import { FundDashboard } from '../pages/fund/FundDashboard';
import { FundQueue } from '../pages/fund/FundQueue';
import { Ledger } from '../pages/fund/Ledger';
import { Replenish } from '../pages/fund/Replenish';
import { LandCase } from '../pages/land/LandCase';
import { LandQueue } from '../pages/land/LandQueue';
import { PolicyParameters } from '../pages/policy/PolicyParameters';
import { ReviewCase } from '../pages/reviewer/ReviewCase';
import { ReviewQueue } from '../pages/reviewer/ReviewQueue';
import { StepQueue } from '../pages/reviewer/StepQueue';
import { StepReviewCase } from '../pages/reviewer/StepReviewCase';
import { Link, match, navigate, useLocation } from './router';
import { TabIcon } from './tabIcons';

// the registrar's bulk import reads the wire contract's values (zod): its own chunk, out of the bundle
// every household downloads
const RegistryImport = lazy(() =>
  import('../pages/registry/RegistryImport').then((m) => ({ default: m.RegistryImport })),
);

interface RouteDef {
  path: string;
  roles?: Role[];
  render: (p: Record<string, string>) => ReactNode;
}

const ROUTES: RouteDef[] = [
  { path: '/signin', render: () => <SignIn /> },
  { path: '/auth/callback', render: () => <AuthCallback /> },
  { path: '/me', roles: ['applicant'], render: () => <ApplicantHome /> },
  { path: '/apply', roles: ['applicant'], render: () => <Apply /> },
  { path: '/cases/:caseId', roles: ['applicant'], render: (p) => <CaseStatusPage caseId={p.caseId ?? ''} /> },
  { path: '/inbox', render: () => <Inbox /> },
  // anyone signed in may object to a public notice (API.md)
  { path: '/objection', render: () => <ObjectionPage /> },
  { path: '/review', roles: ['village_reviewer'], render: () => <ReviewQueue /> },
  {
    path: '/review/cases/:caseId',
    roles: ['village_reviewer'],
    render: (p) => <ReviewCase caseId={p.caseId ?? ''} />,
  },
  // the review chain after the public notice: the town's audit, then the district's approval
  { path: '/town', roles: ['town_reviewer'], render: () => <StepQueue key="town" step="town_review" /> },
  {
    path: '/town/cases/:caseId',
    roles: ['town_reviewer'],
    render: (p) => <StepReviewCase key={p.caseId} caseId={p.caseId ?? ''} step="town_review" />,
  },
  {
    path: '/district',
    roles: ['district_approver'],
    render: () => <StepQueue key="district" step="district_approval" />,
  },
  {
    path: '/district/cases/:caseId',
    roles: ['district_approver'],
    render: (p) => <StepReviewCase key={p.caseId} caseId={p.caseId ?? ''} step="district_approval" />,
  },
  // the land leg after the payment (wave 2): the village confirms the vacating or the handover, the
  // district's land officer records the disposition, the registrar cancels the certificate
  { path: '/land', roles: ['village_reviewer'], render: () => <LandQueue key="village" desk="village" /> },
  {
    path: '/land/cases/:caseId',
    roles: ['village_reviewer'],
    render: (p) => <LandCase key={p.caseId} caseId={p.caseId ?? ''} desk="village" />,
  },
  { path: '/disposal', roles: ['land_officer'], render: () => <LandQueue key="disposal" desk="disposal" /> },
  {
    path: '/disposal/cases/:caseId',
    roles: ['land_officer'],
    render: (p) => <LandCase key={p.caseId} caseId={p.caseId ?? ''} desk="disposal" />,
  },
  {
    path: '/cancellation',
    roles: ['registrar'],
    render: () => <LandQueue key="cancellation" desk="cancellation" />,
  },
  {
    path: '/cancellation/cases/:caseId',
    roles: ['registrar'],
    render: (p) => <LandCase key={p.caseId} caseId={p.caseId ?? ''} desk="cancellation" />,
  },
  { path: '/fund', roles: ['fund_admin', 'auditor'], render: () => <FundDashboard /> },
  { path: '/fund/queue', roles: ['fund_admin', 'auditor'], render: () => <FundQueue /> },
  {
    path: '/fund/cases/:caseId',
    roles: ['fund_admin', 'auditor'],
    render: (p) => <FundCase caseId={p.caseId ?? ''} />,
  },
  { path: '/fund/ledger', roles: ['fund_admin', 'auditor'], render: () => <Ledger /> },
  { path: '/fund/replenish', roles: ['fund_admin'], render: () => <Replenish /> },
  { path: '/registry', roles: ['registrar', 'auditor'], render: () => <RegistryLookup /> },
  // issue 19 item 2: the registry loaded in bulk from the template's xlsx or CSV
  {
    path: '/registry/import',
    roles: ['registrar'],
    render: () => (
      <Suspense fallback={<Loading />}>
        <RegistryImport />
      </Suspense>
    ),
  },
  // issue 19: the district's parameter versions, proposed by one approver and approved by another
  { path: '/policy', roles: ['district_approver'], render: () => <PolicyParameters /> },
  { path: '/audit', roles: ['auditor'], render: () => <AuditCases /> },
  {
    path: '/audit/cases/:caseId',
    roles: ['auditor'],
    render: (p) => <AuditCase caseId={p.caseId ?? ''} />,
  },
];

const NAV: Record<Role, { to: string; key: string }[]> = {
  applicant: [
    { to: '/me', key: 'nav.myCases' },
    { to: '/apply', key: 'nav.apply' },
    { to: '/inbox', key: 'nav.inbox' },
    { to: '/objection', key: 'nav.objection' },
  ],
  village_reviewer: [
    { to: '/review', key: 'nav.reviewQueue' },
    { to: '/land', key: 'nav.landVillage' },
    { to: '/inbox', key: 'nav.inbox' },
    { to: '/objection', key: 'nav.objection' },
  ],
  fund_admin: [
    { to: '/fund', key: 'nav.fundDashboard' },
    { to: '/fund/queue', key: 'nav.fundQueue' },
    { to: '/fund/ledger', key: 'nav.ledger' },
    { to: '/fund/replenish', key: 'nav.replenish' },
    { to: '/objection', key: 'nav.objection' },
  ],
  auditor: [
    { to: '/audit', key: 'nav.auditCases' },
    { to: '/fund', key: 'nav.fundDashboard' },
    { to: '/fund/queue', key: 'nav.fundQueue' },
    { to: '/fund/ledger', key: 'nav.ledger' },
    { to: '/registry', key: 'nav.registry' },
    { to: '/objection', key: 'nav.objection' },
  ],
  registrar: [
    { to: '/cancellation', key: 'nav.landCancellation' },
    { to: '/registry', key: 'nav.registry' },
    { to: '/registry/import', key: 'nav.registryImport' },
    { to: '/inbox', key: 'nav.inbox' },
    { to: '/objection', key: 'nav.objection' },
  ],
  town_reviewer: [
    { to: '/town', key: 'nav.townQueue' },
    { to: '/inbox', key: 'nav.inbox' },
    { to: '/objection', key: 'nav.objection' },
  ],
  district_approver: [
    { to: '/district', key: 'nav.districtQueue' },
    { to: '/policy', key: 'nav.policy' },
    { to: '/inbox', key: 'nav.inbox' },
    { to: '/objection', key: 'nav.objection' },
  ],
  land_officer: [
    { to: '/disposal', key: 'nav.landDisposal' },
    { to: '/inbox', key: 'nav.inbox' },
    { to: '/objection', key: 'nav.objection' },
  ],
};

/** The demo users' names carry their scenario ("王建国（cash）"); it is shown in the reader's language. */
function personName(s: Session, t: (k: string, o?: Record<string, unknown>) => string): string {
  const { name, scenario } = splitDisplayName({ userId: s.sub, displayName: s.name ?? s.sub });
  return scenario ? `${name}（${t(`scenario.${scenario}`, { defaultValue: scenario })}）` : name;
}

function HouseMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="12" fill="#b3261e" />
      <path d="M12 32 32 14l20 18v18H38V38H26v12H12z" fill="#fff" />
    </svg>
  );
}

function InboxButton() {
  const { t } = useTranslation();
  const inbox = useInbox();
  // the reader's own read markers (issue 18), not a time seen on this device
  const unread = unreadCount(inbox.data?.items);
  return (
    <Link to="/inbox" className="header-btn">
      <BellIcon />
      <span className="visually-hidden">{t('nav.inbox')}</span>
      {unread > 0 && (
        <span className="badge-dot">
          {unread}
          <span className="visually-hidden">{t('inbox.unread')}</span>
        </span>
      )}
    </Link>
  );
}

function Header({ session }: { session: Session | undefined }) {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand">
          <HouseMark />
          <span className="brand__text">
            <span className="brand__title">{t('app.title')}</span>
            <span className="brand__sub">{t('app.subtitle')}</span>
          </span>
        </Link>
        <div className="header-tools">
          <button
            type="button"
            className="header-btn"
            lang={other}
            onClick={() => void i18n.changeLanguage(other)}
          >
            {other === 'en' ? 'English' : '中文'}
          </button>
          {session && <InboxButton />}
          {session && (
            <button
              type="button"
              className="header-btn"
              onClick={async () => {
                const refreshToken = getRefreshToken();
                signOut();
                // on a shared village computer the next person must not be signed in silently by
                // Cognito's own session: end that too when the portal signs in through Cognito
                const config = await loadCognitoConfig();
                // and the refresh token ends at the user pool, not only in this browser: a copy of it
                // (a backup, a shared profile) must not sign anyone in for the rest of its 30 days
                if (config && refreshToken) await revokeRefreshToken(config, refreshToken);
                if (config) window.location.assign(hostedSignOutUrl(config));
                else navigate('/signin');
              }}
            >
              <TabIcon navKey="nav.signOut" />
              <span className="header-btn__text">{t('nav.signOut')}</span>
            </button>
          )}
        </div>
      </div>
    </header>
  );
}

/**
 * Whether a nav entry is the page shown (the fund's overview only on its own path: its pages share the
 * prefix); of entries that both match (/registry and /registry/import), the longer one is.
 */
const matches = (to: string, path: string) => path === to || (to !== '/fund' && path.startsWith(`${to}/`));
const isCurrent = (to: string, path: string, all: readonly { to: string }[]) =>
  matches(to, path) && !all.some((n) => n.to.length > to.length && matches(n.to, path));

/**
 * The main nav: under the header on a desktop; on a phone a tab bar at the bottom of the screen, within
 * the thumb's reach, as in the government service apps (爱山东), so the header stays one short line.
 * One element styled by width (CSS), never two copies of it, so each link is in the page once.
 */
function Nav({ role, path }: { role: Role; path: string }) {
  const { t } = useTranslation();
  return (
    <nav className="main-nav tab-bar" aria-label={t('nav.label')}>
      <ul>
        {NAV[role].map((n) => (
          <li key={n.to}>
            <Link to={n.to} aria-current={isCurrent(n.to, path, NAV[role]) ? 'page' : undefined}>
              <TabIcon navKey={n.key} />
              <span className="tab-bar__label">{t(n.key)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const { path } = useLocation();
  const role = primaryRole(session);

  const found = ROUTES.map((r) => ({ r, params: match(r.path, path) })).find((x) => x.params);
  const needsSignIn = !session && path !== '/signin' && path !== '/auth/callback';
  const goHomeFromRoot = session && role && path === '/';

  useEffect(() => {
    if (needsSignIn) navigate('/signin', { replace: true });
    else if (goHomeFromRoot && role) navigate(HOME[role], { replace: true });
  }, [needsSignIn, goHomeFromRoot, role]);

  let content: ReactNode;
  if (needsSignIn || goHomeFromRoot) content = null;
  else if (!found) content = <Alert kind="warn" title={t('errors.pageNotFound')} />;
  else if (found.r.roles && !found.r.roles.some((r) => session?.roles.includes(r)))
    content = <Alert kind="warn" title={t('errors.notForRole')} />;
  else content = found.r.render(found.params ?? {});

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header session={session} />
      {session && role && <Nav role={role} path={path} />}
      {session && (
        <p className="user-line">
          {t('nav.signedInAs', { name: personName(session, t), role: role ? t(`role.${role}`) : '' })}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {content}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
