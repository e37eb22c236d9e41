import { cashEffectFen } from '../client.js';
import { as, fundAdmin } from './parties.js';
import type { DemoContext } from './types.js';

export interface FundCheck {
  district: string;
  balanceFen: number;
  entriesSumFen: number;
  entries: number;
  advances: number;
  reconciled: boolean;
  problems: string[];
}

/** GET /fund against the whole ledger: balance = Σ entries, reconciled, one advance per agreement. */
export async function checkFund(ctx: DemoContext, district: string): Promise<FundCheck> {
  const f = await as(ctx, fundAdmin(district));
  const [fund, ledger] = await Promise.all([f.fund(), f.ledger()]);
  const problems: string[] = [];
  const sum = ledger.reduce((s, e) => s + cashEffectFen(e), 0);
  if (sum !== fund.balanceFen) problems.push(`balance ${fund.balanceFen} ≠ Σ ledger ${sum}`);
  if (fund.reconciled && !fund.reconciled.matches)
    problems.push('GET /fund reports a reconciliation mismatch');
  const advances = ledger.filter((e) => e.kind === 'advance');
  const byAgreement = new Map<string, number>();
  for (const e of advances) {
    const key = e.agreementId ?? e.reference ?? e.entryId;
    byAgreement.set(key, (byAgreement.get(key) ?? 0) + 1);
    if (e.entryId !== `ADV-${key}`) problems.push(`advance entry ${e.entryId} is not ADV-${key}`);
  }
  for (const [agreement, n] of byAgreement)
    if (n !== 1) problems.push(`${n} advances for agreement ${agreement}`);
  if (new Set(ledger.map((e) => e.entryId)).size !== ledger.length) problems.push('repeated entry ids');
  return {
    district,
    balanceFen: fund.balanceFen,
    entriesSumFen: sum,
    entries: ledger.length,
    advances: advances.length,
    reconciled: fund.reconciled?.matches ?? false,
    problems,
  };
}
