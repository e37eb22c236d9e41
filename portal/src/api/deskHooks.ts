import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { CaseClaimAnswer, NotificationRead } from './contract';
import { keys } from './hooks';

/**
 * 认领 / 释放 a case's current step (`POST /cases/{caseId}/claim|release`, issue 18). The queues are
 * read again once it is done, so the row shows the claim as the API now holds it, for everyone.
 */
export function useDeskClaim() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, action }: { caseId: string; action: 'claim' | 'release' }) =>
      apiFetch<CaseClaimAnswer>(`/cases/${encodeURIComponent(caseId)}/${action}`, {
        method: 'POST',
        body: {},
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['cases'] }),
  });
}

/** Marks a notice of the inbox read for the reader (`POST /notifications/{id}/read`, issue 18). */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ notificationId, at }: { notificationId: string; at: string }) =>
      apiFetch<NotificationRead>(`/notifications/${encodeURIComponent(notificationId)}/read`, {
        method: 'POST',
        body: { at },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.inbox }),
  });
}
