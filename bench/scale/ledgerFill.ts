import type { DomainEvent } from '../../shared/domain/model/event.js';
import type { LedgerEntry } from '../../shared/domain/model/ledger.js';
import {
  entryDeltas,
  type FundState,
  fundBalanceItem,
  ledgerEntryItem,
  ledgerGuardItem,
} from '../../shared/fund/ledger.js';
import { ledgerQuarterAdd, ledgerQuarterOf, type SumsStart } from '../../shared/fund/ledgerQuarter.js';
import { replenishmentEntryId } from '../../shared/fund/replenish.js';
import type { StoredEntry } from '../../shared/fund/storedEntry.js';
import type { UpdateInput } from './batchWriter.js';
import type { FundPayment } from './cases.js';
import type { Item } from './items.js';

/**
 * A district's ledger grown by the benchmark's payments, continuing the chain stored (the fund's balance
 * item as read: the seed's replenishment and whatever was written since): each tranche the cases paid
 * is one advance entry; an appropriation comes first whenever the balance would not cover the next
 * advance, so the balance never goes below zero. Entries are numbered on from the stored seq, each with
 * the balance after it, and the balance item's counters are the sums of the entries (entryDeltas), so
 * GET /fund's reconciliation finds them equal. Items come from ledger.ts's own builders.
 */
export interface LedgerFill {
  items: Item[];
  /** what the entries add to their quarters' sums (UpdateItem ADDs, after the items) */
  quarterAdds: UpdateInput[];
  entries: number;
  advances: number;
  replenishments: number;
  fund: FundState;
  /** FundReplenished / AdvanceDisbursed events for the reporting projection */
  events: DomainEvent[];
}

const REPLENISH_FEN = 3_000_000_000; // ¥30 000 000 an appropriation

export function growLedger(
  start: FundState,
  payments: readonly FundPayment[],
  queued: { count: number; fen: number },
  fillTag: string,
  sumsStart: SumsStart,
): LedgerFill {
  let fund: FundState = {
    ...start,
    queuedCount: start.queuedCount + queued.count,
    queuedFen: start.queuedFen + queued.fen,
    queueVersion: start.queueVersion + queued.count,
  };
  const district = start.districtCode;
  const items: Item[] = [];
  const events: DomainEvent[] = [];
  let replenishments = 0;
  // the quarter sums the entries add to (ledgerQuarter.ts), added to the stored ones at the end
  const byQuarter = new Map<string, StoredEntry[]>();
  const append = (entry: LedgerEntry) => {
    const d = entryDeltas(entry);
    const stored: StoredEntry = {
      ...entry,
      seq: fund.seq + 1,
      balanceAfterFen: fund.balanceFen + d.balanceFen,
    };
    fund = {
      ...fund,
      seq: stored.seq,
      balanceFen: stored.balanceAfterFen,
      advancedFen: fund.advancedFen + d.advancedFen,
      replenishedFen: fund.replenishedFen + d.replenishedFen,
      reversedFen: fund.reversedFen + d.reversedFen,
    };
    items.push(ledgerGuardItem(district, entry), ledgerEntryItem(district, stored));
    const quarter = ledgerQuarterOf(stored.at);
    const list = byQuarter.get(quarter);
    if (list) list.push(stored);
    else byQuarter.set(quarter, [stored]);
  };
  const sorted = [...payments].sort((a, b) => a.at.localeCompare(b.at));
  for (const p of sorted) {
    if (fund.balanceFen < p.amountFen) {
      replenishments += 1;
      const reference = `SCALE-${fillTag}-${district}-${replenishments}`;
      // a minute before the advance it makes possible
      const at = new Date(Date.parse(p.at) - 60_000).toISOString();
      const entryId = replenishmentEntryId(district, 'appropriation', reference);
      append({
        entryId,
        at,
        kind: 'replenishment',
        amountFen: REPLENISH_FEN,
        debit: 'fund_cash',
        credit: 'appropriations',
        actor: `fund-${district}-a`,
        reference,
        source: 'appropriation',
      });
      events.push({
        eventId: `FundReplenished:${entryId}`,
        type: 'FundReplenished',
        at,
        actor: `fund-${district}-a`,
        districtCode: district,
        detail: { amountFen: REPLENISH_FEN, source: 'appropriation', entryId },
      });
    }
    append({
      entryId: p.entryId,
      at: p.at,
      kind: 'advance',
      amountFen: p.amountFen,
      debit: 'advances',
      credit: 'fund_cash',
      actor: 'system:fund',
      caseId: p.caseId,
      agreementId: p.agreementId,
      tranche: p.tranche,
    });
    events.push({
      eventId: `AdvanceDisbursed:${p.entryId}`,
      type: 'AdvanceDisbursed',
      at: p.at,
      actor: 'system:fund',
      caseId: p.caseId,
      districtCode: district,
      detail: { amountFen: p.amountFen, tranche: p.tranche, milestone: p.milestone, entryId: p.entryId },
    });
  }
  // where counting began, as the stored balance item says (the seed's first entry), kept by the Put; a
  // ledger this fill starts counts from its first entry, written now (as ledger.ts would record it)
  const from =
    start.seq === 0 && fund.seq > 0 ? { sumsFromSeq: 1, sumsFromAt: new Date().toISOString() } : sumsStart;
  items.push({ ...fundBalanceItem(fund), ...from });
  return {
    items,
    quarterAdds: [...byQuarter].map(
      ([quarter, entries]) => ledgerQuarterAdd(district, quarter, entries).Update as UpdateInput,
    ),
    entries: sorted.length + replenishments,
    advances: sorted.length,
    replenishments,
    fund,
    events,
  };
}
