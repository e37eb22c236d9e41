import { cashEffectFen } from '../domain/model/ledger.js';
import type { StoredEntry } from '../fund/storedEntry.js';
import { LEDGER_ACCOUNT_LABELS, LEDGER_KIND_LABELS, SOURCE_LABELS, trancheLabel } from '../reports/labels.js';
import { bi, type Cell, type Section } from './cells.js';

/**
 * The fund ledger as one table for finance staff: one row per entry, oldest first (the order of a
 * ledger book), amounts in yuan, the signed effect on the fund's cash beside the gross amount, every
 * code (kind, accounts, source, tranche) in words, times in Beijing time. Free text (the reference a
 * fund administrator typed) is written as it is and escaped by the CSV writer.
 */
export const LEDGER_HEADER = [
  bi('序号', 'seq'),
  bi('记账时间（北京时间）', 'time (Beijing, UTC+8)'),
  bi('类型', 'kind'),
  bi('金额（元）', 'amount (yuan)'),
  bi('基金现金变动（元）', 'cash effect (yuan)'),
  bi('变动后余额（元）', 'balance after (yuan)'),
  bi('借方科目', 'debit'),
  bi('贷方科目', 'credit'),
  bi('资金来源', 'source'),
  bi('分期', 'tranche'),
  bi('案件编号', 'case'),
  bi('协议编号', 'agreement'),
  bi('冲正的分录', 'reverses entry'),
  bi('交易指标（平方米）', 'quota sold (m2)'),
  bi('交易指标（亩）', 'quota sold (mu)'),
  bi('凭证号/摘要', 'reference'),
  bi('经办人', 'recorded by'),
  bi('分录编号', 'entry id'),
] as const;

const WIDTHS = [8, 20, 10, 16, 16, 16, 14, 14, 20, 8, 22, 22, 22, 14, 12, 30, 20, 30];

/** An integer in 1/10^places units as exact decimal text: (12345, 2) → "123.45". */
function scaled(n: number, places: number): string {
  const unit = 10 ** places;
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${sign}${Math.trunc(abs / unit)}.${String(abs % unit).padStart(places, '0')}`;
}

const words = (l: { zh: string; en: string } | undefined): Cell => (l ? bi(l.zh, l.en) : null);

export function ledgerRow(e: StoredEntry): Cell[] {
  return [
    e.seq || null,
    { at: e.at },
    words(LEDGER_KIND_LABELS[e.kind]),
    { fen: e.amountFen },
    { fen: cashEffectFen(e) },
    { fen: e.balanceAfterFen },
    words(LEDGER_ACCOUNT_LABELS[e.debit]),
    words(LEDGER_ACCOUNT_LABELS[e.credit]),
    e.source ? words(SOURCE_LABELS[e.source]) : null,
    e.tranche ? words(trancheLabel(e.tranche)) : null,
    e.caseId ?? null,
    e.agreementId ?? null,
    e.reversesEntryId ?? null,
    e.quotaCentiM2 !== undefined ? { decimal: scaled(e.quotaCentiM2, 2) } : null,
    e.quotaMu4 !== undefined ? { decimal: scaled(e.quotaMu4, 4) } : null,
    e.reference ?? null,
    e.actor,
    e.entryId,
  ];
}

export function ledgerSection(entries: readonly StoredEntry[], title: string): Section {
  return { title, sheet: '资金台账', header: LEDGER_HEADER, rows: entries.map(ledgerRow), widths: WIDTHS };
}
