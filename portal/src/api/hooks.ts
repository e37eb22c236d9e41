import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session';
import { ApiError, apiFetch } from './client';
import type {
  AuditTrail,
  CaseList,
  CaseStatus,
  CaseView,
  FundOverview,
  FundView,
  HouseholdRecord,
  Inbox,
  LedgerEntryView,
  LedgerPage,
  LocalUserView,
  PolicyParametersView,
  QuarterlyReportView,
  QuotaView,
} from './contract';

/** Statuses the workflow moves on its own: the screen polls while a case sits in one of them. */
const MOVING: ReadonlySet<CaseStatus> = new Set([
  'submitted',
  'eligibility',
  'resubmitted',
  'public_notice',
  'agreement_signed',
  // the cooling-off ends on its own (the fund review opens)
  'cooling_off',
  'disbursed',
  'reserved',
]);

const FINAL: ReadonlySet<CaseStatus> = new Set([
  'closed',
  'withdrawn',
  'rescinded',
  'ineligible',
  'rights_blocked',
  'rejected',
]);

export const keys = {
  cases: (scope: string, status?: string, district?: string) =>
    ['cases', scope, status ?? 'all', district ?? 'own'] as const,
  case: (id: string) => ['case', id] as const,
  household: (id: string) => ['household', id] as const,
  fund: ['fund'] as const,
  quota: ['fund', 'quota'] as const,
  ledger: ['ledger'] as const,
  inbox: ['inbox'] as const,
};

export function useCase(caseId: string | undefined) {
  return useQuery({
    queryKey: keys.case(caseId ?? ''),
    enabled: caseId !== undefined,
    queryFn: () => apiFetch<CaseView>(`/cases/${encodeURIComponent(caseId ?? '')}`),
    refetchInterval: (q) => {
      const c = q.state.data;
      if (!c) return false;
      const docsPending = c.documents.some((d) => d.status === 'pending');
      if (MOVING.has(c.status) || docsPending) return 1500;
      // someone else's step (village, fund) can end at any moment; a slower poll shows it without a reload
      return FINAL.has(c.status) ? false : 8000;
    },
  });
}

/**
 * A page at a time of `GET /cases`, scoped by the API to the reader. `district` is for the registrar,
 * who is city-wide and lists one district's certificates to cancel at a time (API.md wave 2); a list
 * that still lacks its district waits (`enabled`).
 */
export function useCaseList(
  status?: CaseStatus,
  limit = 20,
  opts: { district?: string | undefined; enabled?: boolean } = {},
) {
  const session = useSession();
  const { district } = opts;
  return useInfiniteQuery({
    queryKey: keys.cases(session?.sub ?? '', status, district),
    enabled: opts.enabled ?? true,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      apiFetch<CaseList>('/cases', { query: { status, limit, cursor: pageParam, district } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5000,
  });
}

/**
 * The audit trail of a case, oldest first, a page at a time. The route is newer than the portal's other
 * reads: where it is absent (404) the first page is `null` and the screen says so instead of failing.
 */
export function useCaseAudit(caseId: string, limit = 100) {
  return useInfiniteQuery({
    queryKey: ['case-audit', caseId, limit],
    initialPageParam: undefined as string | undefined,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    queryFn: async ({ pageParam }): Promise<AuditTrail | null> => {
      try {
        return await apiFetch<AuditTrail>(`/cases/${encodeURIComponent(caseId)}/audit`, {
          query: { cursor: pageParam, limit },
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && pageParam === undefined) return null;
        throw error;
      }
    },
    getNextPageParam: (last) => last?.nextCursor ?? undefined,
  });
}

export function useHousehold(householdId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: keys.household(householdId ?? ''),
    enabled: enabled && householdId !== undefined,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    queryFn: () => apiFetch<HouseholdRecord>(`/registry/households/${encodeURIComponent(householdId ?? '')}`),
  });
}

export function useFund() {
  return useQuery({
    queryKey: keys.fund,
    queryFn: () => apiFetch<FundView>('/fund'),
    refetchInterval: 10_000,
  });
}

/** The own district's surplus construction-land quota (GET /quota, API.md Wave 2): accepted, sold, available. */
export function useQuota() {
  return useQuery({
    queryKey: keys.quota,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    queryFn: () => apiFetch<QuotaView>('/quota'),
  });
}

/**
 * Every district's fund, for the "advances by district" chart. The route is an extension of API.md
 * (docs/api-conformance.md): where it is absent (404) the dashboard says so instead of failing.
 */
export function useFundOverview() {
  return useQuery({
    queryKey: [...keys.fund, 'overview'],
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    refetchInterval: 30_000,
    queryFn: async (): Promise<FundOverview | null> => {
      try {
        return await apiFetch<FundOverview>('/fund/overview');
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** The parameters in force in a district (the notice length, the four-eyes threshold). */
export function usePolicyParameters(district: string | undefined) {
  return useQuery({
    queryKey: ['policy', district],
    enabled: district !== undefined,
    staleTime: 10 * 60_000,
    retry: false,
    queryFn: () => apiFetch<PolicyParametersView>('/policy/parameters', { query: { district } }),
  });
}

export function useLedgerPage(cursor: string | undefined, limit = 20) {
  return useQuery({
    queryKey: [...keys.ledger, cursor ?? 'first', limit],
    queryFn: () => apiFetch<LedgerPage>('/fund/ledger', { query: { cursor, limit } }),
    placeholderData: (prev) => prev,
  });
}

/** Enough of the ledger to draw the balance line (newest first from the API, oldest first here). */
export function useLedgerHistory(maxPages = 5) {
  return useQuery({
    queryKey: [...keys.ledger, 'history', maxPages],
    queryFn: async () => {
      const all: LedgerEntryView[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < maxPages; i += 1) {
        const page = await apiFetch<LedgerPage>('/fund/ledger', { query: { cursor, limit: 100 } });
        all.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return all.reverse();
    },
  });
}

export function useQuarterlyReports(district: string | undefined, year: number) {
  return useQuery({
    queryKey: ['quarterly', district, year],
    enabled: district !== undefined,
    queryFn: () =>
      Promise.all(
        [1, 2, 3, 4].map((quarter) =>
          apiFetch<QuarterlyReportView>('/reports/quarterly', { query: { year, quarter, district } }).catch(
            () => undefined,
          ),
        ),
      ),
  });
}

/**
 * The inbox route is an extension of API.md (docs/api-conformance.md): where it is absent, a 404 means
 * "no inbox here" and the screen says so, instead of showing an error.
 */
export function useInbox() {
  const session = useSession();
  return useQuery({
    queryKey: [...keys.inbox, session?.sub],
    enabled: session !== undefined,
    retry: false,
    refetchInterval: 15_000,
    queryFn: async (): Promise<{ available: boolean; items: Inbox['items'] }> => {
      try {
        const page = await apiFetch<Inbox>('/notifications');
        return { available: true, items: page.items };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return { available: false, items: [] };
        throw error;
      }
    },
  });
}

export function useLocalUsers() {
  return useQuery({
    queryKey: ['local-users'],
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<LocalUserView[] | undefined> => {
      const res = await fetch('/api/local/users', { headers: { accept: 'application/json' } });
      if (!res.ok) return undefined;
      const type = res.headers.get('content-type') ?? '';
      if (!type.includes('json')) return undefined;
      return ((await res.json()) as { items: LocalUserView[] }).items;
    },
  });
}
