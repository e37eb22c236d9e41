import { resolve } from 'node:path';
import { DISTRICT_CODES, districtCodeSchema } from '../shared/domain/model/common.js';
import { readFund } from '../shared/fund/ledger.js';
import { auditLedgerQuarters, type QuarterAudit } from '../shared/fund/ledgerQuarter.js';
import {
  foldEntries,
  ledgerEntries,
  type Reconciliation,
  reconcileRead,
  ZERO_SUMS,
} from '../shared/fund/reconcile.js';
import { readCheckpoint } from '../shared/fund/reconcileCheckpoint.js';
import { setEventPort } from '../shared/ports/events.js';

/**
 * The full re-check of the fund's ledger (issue 17; docs/fund.md invariant 7): `GET /fund` reconciles
 * incrementally, from a checkpoint, so an entry changed after it was checked is found here, by reading
 * every entry of the district again — the recomputation `reconcile` has always made — and by checking
 * the checkpoint itself against the entries it covers, and each quarter's sums (what the quarterly report
 * reads, shared/fund/ledgerQuarter.ts) against that quarter's entries.
 *
 *   TABLE_NAME=… [AWS_REGION=… AWS_ENDPOINT_URL_DYNAMODB=…] npm run audit:ledger -- [district…] [--publish]
 *
 * No district: all of them. Prints one JSON line per district; exit code 1 when any district differs.
 * It only reads; with `--publish` a difference also goes out as LedgerReconciliationFailed
 * (EVENT_BUS_NAME), as `GET /fund` would send it — without, nothing is published.
 */

export interface LedgerAudit {
  districtCode: string;
  matches: boolean;
  entryCount: number;
  entriesSumFen: number;
  balanceFen: number;
  differences: Reconciliation['differences'];
  chainIntact: boolean;
  duplicateAdvances: string[];
  /** the checkpoint's sums against entries 1…its seq recomputed (absent: no checkpoint yet) */
  checkpoint?: { seq: number; matches: boolean; differences: Reconciliation['differences'] };
  /** each quarter's stored sums (the quarterly report's fund figures) against its entries summed again */
  quarters: QuarterAudit[];
}

export async function auditLedger(district: string): Promise<LedgerAudit> {
  // the balance item first, then the entries once: the reconciliation, the quarters and the checkpoint
  const fund = await readFund(district);
  const entries = await ledgerEntries(district);
  const r = await reconcileRead(fund, entries);
  const out: LedgerAudit = {
    districtCode: district,
    matches: r.matches,
    entryCount: r.entryCount,
    entriesSumFen: r.entriesSumFen,
    balanceFen: r.fund.balanceFen,
    differences: r.differences,
    chainIntact: r.chainIntact,
    duplicateAdvances: r.duplicateAdvances,
    quarters: [],
  };
  out.quarters = await auditLedgerQuarters(district, entries);
  if (out.quarters.some((q) => !q.matches)) out.matches = false;
  const cp = await readCheckpoint(district);
  if (cp) {
    const sum = foldEntries(
      ZERO_SUMS,
      entries.filter((e) => e.seq <= cp.seq),
    );
    const differences = (['seq', 'balanceFen', 'advancedFen', 'replenishedFen', 'reversedFen'] as const)
      .filter((f) => cp[f] !== sum[f])
      .map((f) => ({ field: `checkpoint.${f}`, stored: cp[f], recomputed: sum[f] }));
    const matches = differences.length === 0 && sum.chainIntact;
    out.checkpoint = { seq: cp.seq, matches, differences };
    if (!matches) out.matches = false;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  if (!args.includes('--publish')) setEventPort({ publish: async () => {} });
  const named = args.filter((a) => !a.startsWith('--'));
  const districts = named.length > 0 ? named.map((d) => districtCodeSchema.parse(d)) : DISTRICT_CODES;
  let differing = 0;
  for (const d of districts) {
    const a = await auditLedger(d);
    if (!a.matches) differing += 1;
    console.log(JSON.stringify(a));
  }
  console.log(
    differing === 0
      ? 'ledger audit: every district matches'
      : `ledger audit: ${differing} district(s) differ`,
  );
  process.exitCode = differing === 0 ? 0 : 1;
}
