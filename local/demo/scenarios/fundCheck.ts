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
  // one advance per (agreement, tranche of its payment schedule), its id derived from both
  const byTranche = new Map<string, number>();
  for (const e of advances) {
    const agreement = e.agreementId ?? e.reference ?? e.entryId;
    const tranche = /-T(\d)$/.exec(e.entryId)?.[1];
    const key = tranche ? `${agreement}-T${tranche}` : agreement;
    byTranche.set(key, (byTranche.get(key) ?? 0) + 1);
    if (e.entryId !== `ADV-${key}`) problems.push(`advance entry ${e.entryId} is not ADV-${key}`);
  }
  for (const [key, n] of byTranche) if (n !== 1) problems.push(`${n} advances for ${key}`);
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
