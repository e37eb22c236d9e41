import { getHousehold, getVillage } from '../../adapters/table/registryRepository.js';
import type { Role } from '../../auth/principal.js';
import type { PaymentReceiptDocument } from '../../contract/documents.js';
import { scheduleOf } from '../../domain/compensation/schedule.js';
import type { Case } from '../../domain/model/case.js';
import { IllegalTransition, NotFound } from '../../errors/appError.js';
import { TRANCHE_MILESTONE_LABELS } from '../../reports/labels.js';
import { contentSha256 } from '../contentHash.js';
import { presignPdf, recordDownload, storePdf } from '../pdf/publish.js';
import { renderPdf } from '../pdf/render.js';
import { RECEIPTABLE, receiptContent } from './content.js';
import { receiptDefinition } from './layout.js';

const TRANCHE_STATUS_ZH: Record<string, string> = {
  scheduled: '尚未到支付节点',
  payable: '已到期、尚未支付',
  queued: '在专项基金排队等待资金',
  disputed: '农户对该笔支付提出异议、尚未确认收款',
};

export interface ReceiptRequest {
  tranche: number;
  actor: string;
  role: Role;
  now: string;
  requestId?: string;
}

/** Where a case's receipts are kept (the function's S3 grant: cases/*\/receipts/*). */
export const receiptPrefix = (caseId: string) => `cases/${caseId}/receipts`;

/**
 * GET /cases/{caseId}/receipts/{tranche}: the 付款凭证 of one paid tranche, set as a PDF, kept under its
 * SHA-256, the download audited, then a 5-minute presigned GET.
 *
 * Rendered on every download rather than looked up: the content holds no clock reading (its times are
 * the payment's and the confirmation's) and the PDF's creation date is the receipt's issue time, so the
 * same tranche always renders to the same bytes and storePdf writes the same key again (idempotent).
 * That costs one render (~0.1 s) but needs no index of issued receipts, and a receipt whose content
 * changed (the household confirmed the payment since) simply becomes a new object beside the old one.
 *
 * A tranche that is not paid (or whose payment the household disputes) has no receipt: 409 naming its
 * status; a tranche the schedule does not have: 404.
 */
export async function issuePaymentReceipt(c: Case, req: ReceiptRequest): Promise<PaymentReceiptDocument> {
  const schedule = scheduleOf(c);
  const t = schedule.find((x) => x.tranche === req.tranche);
  if (!t || !c.agreement) {
    const numbers = schedule.map((x) => x.tranche);
    throw new NotFound({
      zh: `本案没有第 ${req.tranche} 期款项${numbers.length ? `（共 ${numbers.length} 期）` : '（尚无付款计划）'}`,
      en: `case ${c.caseId} has no tranche ${req.tranche}${numbers.length ? ` (tranches: ${numbers.join(', ')})` : ' (no payment schedule yet)'}`,
    });
  }
  if (!RECEIPTABLE.has(t.status)) {
    throw new IllegalTransition(
      {
        zh: `第 ${t.tranche} 期（${TRANCHE_MILESTONE_LABELS[t.milestone].zh}）${TRANCHE_STATUS_ZH[t.status] ?? t.status}，暂不能出具付款凭证。`,
        en: `tranche ${t.tranche} is ${t.status}; a receipt is issued once it is paid`,
      },
      { tranche: t.tranche, trancheStatus: t.status },
    );
  }
  const [household, village] = await Promise.all([getHousehold(c.householdId), getVillage(c.village)]);
  const content = receiptContent({ case: c, household, village, tranche: t, trancheCount: schedule.length });
  const contentHash = contentSha256(content);
  const bytes = await renderPdf(receiptDefinition(content, contentHash), {
    title: `付款凭证 ${c.caseId} 第${t.tranche}期`,
    subject: `${content.caseType}补偿款付款凭证`,
    author: content.payerName,
    keywords: `content-sha256:${contentHash}`,
    createdAt: content.issuedAt,
  });
  const issued = await storePdf(receiptPrefix(c.caseId), bytes);
  const download = await presignPdf(issued.key, req.now, {
    ascii: `receipt-${c.caseId}-T${t.tranche}.pdf`,
    zh: `付款凭证-${c.caseId}-第${t.tranche}期.pdf`,
  });
  await recordDownload({
    actor: req.actor,
    role: req.role,
    at: req.now,
    action: 'receipt.downloaded',
    caseId: c.caseId,
    reason: `下载第${t.tranche}期付款凭证 / downloaded the receipt of tranche ${t.tranche}`,
    sha256: issued.sha256,
    key: issued.key,
    urlExpiresAt: download.expiresAt,
    ...(req.requestId ? { requestId: req.requestId } : {}),
    detail: { tranche: t.tranche, receiptNo: content.receiptNo, contentSha256: contentHash },
  });
  return {
    caseId: c.caseId,
    tranche: t.tranche,
    payer: t.payer,
    receiptNo: content.receiptNo,
    contentSha256: contentHash,
    url: download.url,
    method: 'GET',
    expiresAt: download.expiresAt,
    sha256: issued.sha256,
    sizeBytes: issued.sizeBytes,
  };
}
