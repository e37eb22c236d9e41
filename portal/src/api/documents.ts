import { apiFetch } from './client';
import type { AgreementDocument, NoticeListDocument, PaymentReceiptDocument } from './contract';

/**
 * The documents the system issues (issue 15): each call answers a 5-minute presigned GET of a PDF
 * (and its SHA-256), so it is made on each click and never cached.
 */

/** `GET /cases/{caseId}/agreement?option=`: the signed agreement, or before signing an offer's preview. */
export function fetchAgreement(caseId: string, option?: string): Promise<AgreementDocument> {
  const query = option ? `?option=${encodeURIComponent(option)}` : '';
  return apiFetch<AgreementDocument>(`/cases/${encodeURIComponent(caseId)}/agreement${query}`);
}

/** `GET /cases/{caseId}/receipts/{tranche}`: the 付款凭证 of a paid tranche. */
export function fetchPaymentReceipt(caseId: string, tranche: number): Promise<PaymentReceiptDocument> {
  return apiFetch<PaymentReceiptDocument>(
    `/cases/${encodeURIComponent(caseId)}/receipts/${encodeURIComponent(String(tranche))}`,
  );
}

/** `GET /villages/{villageCode}/public-notice`: the village's 公示名单 of today, to print and post. */
export function fetchNoticeList(villageCode: string): Promise<NoticeListDocument> {
  return apiFetch<NoticeListDocument>(`/villages/${encodeURIComponent(villageCode)}/public-notice`);
}

/** The tranche statuses that have a receipt: paid (by the fund, or recorded by the village) and confirmed. */
export const hasReceipt = (status: string) => status === 'paid' || status === 'confirmed';
