import { capitalAmount } from '../../domain/compensation/capitalAmount.js';
import { groupedYuan } from '../../domain/compensation/format.js';
import type { Case } from '../../domain/model/case.js';
import { DISTRICTS } from '../../domain/model/common.js';
import type { Household } from '../../domain/model/household.js';
import type { Tranche } from '../../domain/model/tranche.js';
import type { Village } from '../../domain/model/village.js';
import { derivedId } from '../../fund/advance.js';
import { CASE_TYPE_LABELS, TRANCHE_MILESTONE_LABELS } from '../../reports/labels.js';
import { beijingDateTime, maskedNationalId } from '../words.js';

/**
 * What a payment receipt (付款凭证) says, as plain data: the layout (./layout.ts) only sets it, and its
 * canonical JSON is what the verification line's SHA-256 is taken of. Nothing here reads a clock: the
 * receipt of one payment is the same data whoever downloads it and whenever, so the same PDF.
 */
export interface ReceiptContent {
  /** 凭证编号, derived from the ledger entry or the collective's payment record (one per tranche, ever) */
  receiptNo: string;
  caseId: string;
  caseType: string;
  agreementId: string;
  tranche: number;
  trancheCount: number;
  /** 第1期（共3期）· 基金批准时 */
  trancheWords: string;
  payer: 'fund' | 'collective';
  payerName: string;
  payeeName: string;
  /** the head's identity number with the birth date hidden */
  payeeIdMasked: string;
  householdId: string;
  villageName: string;
  amountFen: number;
  /** ¥12,345.67 */
  amountFigures: string;
  /** 人民币壹万贰仟叁佰肆拾伍元陆角柒分 */
  amountCapital: string;
  /** 基金台账分录号 (fund) or 银行流水号 (collective) */
  referenceLabel: string;
  reference: string;
  recordedBy?: string;
  paidAt: string;
  paidAtText: string;
  /** the household confirmed the collective's payment (collective tranches only) */
  confirmedAtText?: string;
  /**
   * When the receipt's content became final: the confirmation of a collective payment, else the payment.
   * Not the download time, so every download of one receipt is the same file (the download itself is in
   * the audit trail).
   */
  issuedAt: string;
  issuedAtText: string;
}

/** The statuses a receipt can be issued in: paid (the fund paid, or the village recorded it) or confirmed. */
export const RECEIPTABLE: ReadonlySet<Tranche['status']> = new Set(['paid', 'confirmed']);

export interface ReceiptSource {
  case: Pick<Case, 'caseId' | 'type' | 'districtCode' | 'agreement'>;
  household: Household | undefined;
  village: Village | undefined;
  tranche: Tranche;
  trancheCount: number;
}

/** The receipt of a paid tranche (the caller has checked the status: RECEIPTABLE). */
export function receiptContent(src: ReceiptSource): ReceiptContent {
  const { case: c, tranche: t, household: h } = src;
  const agreementId = c.agreement?.agreementId ?? '';
  const paidAt = t.paidAt ?? '';
  const fund = t.payer === 'fund';
  // the fund's ledger entry or the collective's payment record: either is unique per (agreement, tranche)
  const sourceId = (fund ? t.entryId : t.paymentId) ?? `${agreementId}-T${t.tranche}`;
  const head = h?.members.find((m) => m.memberId === h.headMemberId);
  const villageName = src.village?.name ?? c.caseId;
  const district = DISTRICTS[c.districtCode as keyof typeof DISTRICTS]?.zh ?? c.districtCode;
  const issuedAt = t.confirmedAt && t.confirmedAt > paidAt ? t.confirmedAt : paidAt;
  return {
    receiptNo: derivedId('RC', sourceId),
    caseId: c.caseId,
    caseType: CASE_TYPE_LABELS[c.type].zh,
    agreementId,
    tranche: t.tranche,
    trancheCount: src.trancheCount,
    trancheWords: `第${t.tranche}期（共${src.trancheCount}期）· ${TRANCHE_MILESTONE_LABELS[t.milestone].zh}支付 ${t.sharePct}%`,
    payer: t.payer,
    payerName: fund ? `${district}宅基地退出补偿专项基金` : `${src.village?.name ?? '村'}集体经济组织`,
    payeeName: head?.name ?? '（户籍登记缺失）',
    payeeIdMasked: head ? maskedNationalId(head.nationalId) : '—',
    householdId: h?.householdId ?? '',
    villageName,
    amountFen: t.amountFen,
    amountFigures: `¥${groupedYuan(t.amountFen)}`,
    amountCapital: `人民币${capitalAmount(t.amountFen)}`,
    referenceLabel: fund ? '基金台账分录号' : '银行流水号',
    reference: (fund ? t.entryId : t.bankReference) ?? '—',
    ...(t.recordedBy && !fund ? { recordedBy: t.recordedBy } : {}),
    paidAt,
    paidAtText: beijingDateTime(paidAt),
    ...(t.confirmedAt ? { confirmedAtText: beijingDateTime(t.confirmedAt) } : {}),
    issuedAt,
    issuedAtText: beijingDateTime(issuedAt),
  };
}
