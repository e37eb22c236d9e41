import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalUserView, Role } from '../../api/contract';
import { useLocalUsers } from '../../api/hooks';
import { navigate } from '../../app/router';
import { completeHostedSignIn, loadCognitoConfig, startHostedSignIn } from '../../auth/cognito';
import { primaryRole, signIn, signInWithoutRefresh } from '../../auth/session';
import { Alert, Field, Loading, PageHeader } from '../../components/ui';

export const HOME: Record<Role, string> = {
  applicant: '/me',
  village_reviewer: '/review',
  fund_admin: '/fund',
  // the auditor's work is following cases and their audit trail (DOMAIN.md); the fund is one tap away
  auditor: '/audit',
  // the registrar's daily work in the land leg is the certificates to cancel; the lookup is one tap away
  registrar: '/cancellation',
  // the review chain (村 → 镇 → 区): each reviewer lands on its queue
  town_reviewer: '/town',
  district_approver: '/district',
  // the land leg (API.md Wave 2): the district's dispositions to record
  land_officer: '/disposal',
};

// the review chain in its order (村 → 镇 → 区), then the land leg, the fund and the overseers
const TABS: Role[] = [
  'applicant',
  'village_reviewer',
  'town_reviewer',
  'district_approver',
  'land_officer',
  'fund_admin',
  'auditor',
  'registrar',
];

/** "王建国（cash）" → name and scenario, so the scenario can be said in the reader's language. */
export function splitDisplayName(u: Pick<LocalUserView, 'displayName' | 'userId'>): {
  name: string;
  scenario?: string;
} {
  const m = /^(.*)（([a-z_0-9]+)）$/.exec(u.displayName ?? '');
  if (m?.[1] && m[2]) return { name: m[1], scenario: m[2] };
  return { name: u.displayName ?? u.userId };
}

function goHome(token: string, refreshToken?: string) {
  const s = refreshToken ? signIn(token, refreshToken) : signInWithoutRefresh(token);
  const role = primaryRole(s);
  navigate(role ? HOME[role] : '/', { replace: true });
}

export function SignIn() {
  const { t } = useTranslation();
  const users = useLocalUsers();
  // the user pool's OAuth endpoints (AWS) or the runtime's stand-in for them (local): one code path
  const cognito = useQuery({
    queryKey: ['cognito-config'],
    queryFn: async () => (await loadCognitoConfig()) ?? null,
  });
  const [tab, setTab] = useState<Role>('applicant');
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (users.data ?? [])
      .filter((u) => u.groups.includes(tab))
      .filter((u) => {
        if (!f) return true;
        const { name, scenario } = splitDisplayName(u);
        const label = scenario ? t(`scenario.${scenario}`, { defaultValue: scenario }) : '';
        return [u.userId, name, label, u.householdId ?? '', u.village ?? '', u.district ?? '']
          .join(' ')
          .toLowerCase()
          .includes(f);
      });
  }, [users.data, tab, filter, t]);

  const login = async (userId: string) => {
    setBusy(userId);
    setError(undefined);
    try {
      // the user pool's code flow, as on AWS, the demo user named as the login hint (the local
      // runtime's stand-in signs them in at once): the session then refreshes itself (auth/refresh.ts)
      if (cognito.data) return await startHostedSignIn(cognito.data, { loginHint: userId });
      // no configuration (the Vite dev server): the runtime's direct sign-in, an hour without refresh
      const res = await fetch('/api/local/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      if (!res.ok) throw new Error(String(res.status));
      goHome(((await res.json()) as { token: string }).token);
    } catch {
      setError('signIn.failed');
      setBusy(undefined);
    }
  };

  if (users.isPending || cognito.isPending) return <Loading />;

  if (!users.data) {
    return (
      <div className="narrow">
        <PageHeader title={t('signIn.title')} lead={t('signIn.leadAws')} />
        <div className="card">
          {cognito.data ? (
            <button
              type="button"
              className="btn btn--primary btn--block"
              onClick={() => cognito.data && void startHostedSignIn(cognito.data)}
            >
              {t('signIn.hosted')}
            </button>
          ) : (
            <Alert kind="warn">{t('signIn.notConfigured')}</Alert>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="narrow">
      <PageHeader title={t('signIn.title')} lead={t('signIn.leadLocal')} />
      {error && (
        <Alert kind="err" live>
          {t(error)}
        </Alert>
      )}
      <div className="card">
        <fieldset>
          <legend>
            <h2>{t('signIn.chooseRole')}</h2>
          </legend>
          <div className="role-tabs">
            {TABS.map((r) => (
              <button
                key={r}
                type="button"
                className="role-tab"
                aria-pressed={tab === r}
                onClick={() => setTab(r)}
              >
                {t(`role.${r}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <p className="hint">{t(`signIn.roleHint.${tab}`)}</p>
        <Field label={t('signIn.filter')}>
          {({ id }) => (
            <input
              id={id}
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
        <h2 className="visually-hidden">{t('signIn.users')}</h2>
        <ul className="list" aria-label={t('signIn.users')}>
          {shown.map((u) => {
            const { name, scenario } = splitDisplayName(u);
            return (
              <li key={u.userId}>
                <button
                  type="button"
                  className="user-btn"
                  onClick={() => void login(u.userId)}
                  disabled={busy !== undefined}
                  data-user-id={u.userId}
                >
                  <span>
                    <span className="user-btn__name">{name}</span>
                    {scenario && (
                      <span className="tag">{t(`scenario.${scenario}`, { defaultValue: scenario })}</span>
                    )}
                    <br />
                    <span className="user-btn__id">{u.userId}</span>
                  </span>
                  {busy === u.userId ? (
                    <span className="spinner" aria-hidden="true" />
                  ) : (
                    <span aria-hidden="true">›</span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
        {shown.length === 0 && <p className="meta">{t('signIn.noMatch')}</p>}
      </div>
    </div>
  );
}

export function AuthCallback() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['auth-callback'],
    retry: false,
    queryFn: async () => {
      const config = await loadCognitoConfig();
      if (!config) throw new Error('not configured');
      const tokens = await completeHostedSignIn(config, new URLSearchParams(window.location.search));
      goHome(tokens.idToken, tokens.refreshToken);
      return true;
    },
  });
  if (q.isError)
    return (
      <Alert kind="err" title={t('signIn.failed')} live>
        <a href="/signin">{t('signIn.again')}</a>
      </Alert>
    );
  return <Loading label={t('signIn.completing')} />;
}
