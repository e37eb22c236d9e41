import { batchGetItems, itemAt } from '../adapters/table/batchGet.js';
import { getItem, queryAll, type TransactItem, tableName } from '../adapters/table/dynamo.js';
import { cashEffectFen, type LedgerEntry } from '../domain/model/ledger.js';
import { quarterPeriod, ziboQuarterOf } from '../domain/period.js';
import { fundKeys } from './keys.js';
import { MAX_FUND_FEN, storedFigure } from './limits.js';

/*
 * The ledger's sums per Zibo calendar quarter (issue 17): what the quarterly report needs of the fund's
 * movements (advances, replenishments by source, reversals by account, the effect on the fund's cash, the
 * quota sold), kept in one item per district and quarter, `FUND#{d}` / `LEDGERQ#{Y}-Q{q}`, by an ADD in
 * the very transaction that appends the entry (ledger.ts). The entry's id guard makes that transaction
 * happen once, so each entry is counted exactly once, in the quarter of its own instant. The report then
 * reads one item instead of every entry of the quarter (shared/reports/source.ts).
 *
 * Entries written before this existed are in no quarter's sums: the balance item records the first entry
 * that was counted (`sumsFromSeq`, `sumsFromAt`), and a quarter is read from its sums only when no earlier
 * entry can belong to it (sumsComplete); otherwise the report reads the quarter's entries as before.
 */

/** An entry as the sums see it: the stored entry, with the quota a quota sale sold. */
export type SummedEntry = Pick<LedgerEntry, 'kind' | 'amountFen' | 'debit' | 'credit' | 'source'> & {
  quotaMu4?: number | undefined;
};

/** The buckets an entry is counted in: each has a count (`n`) and a sum in fen (`f`). */
export const LEDGER_BUCKETS = [
  'advanced',
  'replenished',
  'source_quota_sale',
  'source_appropriation',
  'source_unspecified',
  'reversals',
  'account_advances',
  'account_quota_sales',
  'account_appropriations',
] as const;
export type LedgerBucket = (typeof LEDGER_BUCKETS)[number];

/** A quarter's sums, as integers (fen, counts, 1/10 000 mu). */
export interface LedgerQuarterSums {
  count: Record<LedgerBucket, number>;
  fen: Record<LedgerBucket, number>;
  /** the effect of the quarter's entries on the fund's cash, in fen (negative when more went out) */
  netCashFen: number;
  /** the quota the quarter's quota sales sold, in 1/10 000 mu */
  soldMu4: number;
}

export function emptyLedgerSums(): LedgerQuarterSums {
  const zeros = () => Object.fromEntries(LEDGER_BUCKETS.map((b) => [b, 0])) as Record<LedgerBucket, number>;
  return { count: zeros(), fen: zeros(), netCashFen: 0, soldMu4: 0 };
}

/** The buckets one entry is counted in: the one place that says what an entry adds to the figures. */
export function bucketsOf(e: SummedEntry): LedgerBucket[] {
  if (e.kind === 'advance') return ['advanced'];
  if (e.kind === 'replenishment') {
    const source =
      e.source ??
      (e.credit === 'quota_sales'
        ? 'quota_sale'
        : e.credit === 'appropriations'
          ? 'appropriation'
          : undefined);
    return ['replenished', `source_${source ?? 'unspecified'}`];
  }
  const other = e.debit === 'fund_cash' ? e.credit : e.debit;
  return other === 'fund_cash' ? ['reversals'] : ['reversals', `account_${other}`];
}

/** What a quota sale sold (only replenishments carry it into the report's "sold"). */
function soldMu4Of(e: SummedEntry): number {
  return e.kind === 'replenishment' && e.quotaMu4 !== undefined ? e.quotaMu4 : 0;
}

/** The sums of entries, as the stored item would hold them (the report's figures from either). */
export function sumEntries(entries: readonly SummedEntry[]): LedgerQuarterSums {
  const sums = emptyLedgerSums();
  for (const e of entries) {
    for (const b of bucketsOf(e)) {
      sums.count[b] += 1;
      sums.fen[b] += e.amountFen;
    }
    sums.netCashFen += cashEffectFen(e);
    sums.soldMu4 += soldMu4Of(e);
  }
  return sums;
}

/** The Zibo quarter of an instant, as the item's key writes it: `2026-Q3`. */
export function ledgerQuarterOf(at: string): string {
  const { year, quarter } = ziboQuarterOf(Date.parse(at));
  return `${year}-Q${quarter}`;
}

export const ledgerQuarterKey = (district: string, quarter: string) => ({
  PK: `FUND#${district}`,
  SK: `LEDGERQ#${quarter}`,
});

const countAttr = (b: LedgerBucket) => `n_${b}`;
const fenAttr = (b: LedgerBucket) => `f_${b}`;

/**
 * The additions `entries` make to the quarter item of `quarter` (ADDs: unconditional, so a quarter's
 * item is made by its first entry; the entry's own guard in the same transaction keeps it to once).
 */
export function ledgerQuarterAdd(
  district: string,
  quarter: string,
  entries: readonly SummedEntry[],
): TransactItem {
  const sums = sumEntries(entries);
  const adds: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const add = (attr: string, v: number) => {
    if (v === 0) return;
    names[`#${attr}`] = attr;
    values[`:${attr}`] = v;
    adds.push(`#${attr} :${attr}`);
  };
  for (const b of LEDGER_BUCKETS) {
    add(countAttr(b), sums.count[b]);
    add(fenAttr(b), sums.fen[b]);
  }
  add('netCashFen', sums.netCashFen);
  add('soldMu4', sums.soldMu4);
  // every entry has a positive amount and a bucket, so there is always something to add
  names['#itemType'] = 'itemType';
  names['#districtCode'] = 'districtCode';
  values[':itemType'] = 'ledger_quarter';
  values[':district'] = district;
  return {
    Update: {
      TableName: tableName(),
      Key: ledgerQuarterKey(district, quarter),
      UpdateExpression: `SET #itemType = :itemType, #districtCode = :district ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A stored quarter item read back (zeros when the quarter had no entry). */
export function parseLedgerQuarter(
  item: Record<string, unknown> | undefined,
  where: string,
): LedgerQuarterSums {
  const sums = emptyLedgerSums();
  if (!item) return sums;
  for (const b of LEDGER_BUCKETS) {
    sums.count[b] = storedFigure(item, countAttr(b), where);
    sums.fen[b] = storedFigure(item, fenAttr(b), where);
  }
  // the quarter's cash can go down: as far as the fund's figures can go up
  sums.netCashFen = storedFigure(item, 'netCashFen', where, { min: -MAX_FUND_FEN });
  sums.soldMu4 = storedFigure(item, 'soldMu4', where);
  return sums;
}

/** Where the balance item says counting began (absent: no entry has been written since). */
export interface SumsStart {
  sumsFromSeq?: number;
  sumsFromAt?: string;
}

/**
 * Whether a quarter's sums hold every entry of it: counting began with the first entry of the ledger,
 * or the quarter starts more than a day after the first counted entry was written (an entry is stamped
 * with the server's time at or before its write, so none written before that can fall in the quarter).
 * A ledger with no record of where counting began (empty, or written before the sums) is read from its
 * entries.
 */
export function sumsComplete(start: SumsStart, quarterStartMs: number): boolean {
  if (start.sumsFromSeq === 1) return true;
  if (start.sumsFromAt === undefined) return false;
  return quarterStartMs > Date.parse(start.sumsFromAt) + 86_400_000;
}

/** Where the balance item says counting began. */
export function parseSumsStart(item: Record<string, unknown> | undefined, where: string): SumsStart {
  const start: SumsStart = {};
  if (item?.sumsFromSeq !== undefined)
    start.sumsFromSeq = storedFigure(item, 'sumsFromSeq', where, { min: 1 });
  if (typeof item?.sumsFromAt === 'string') start.sumsFromAt = item.sumsFromAt;
  return start;
}

/**
 * A quarter's item and where counting began, in one BatchGetItem (both are items of `FUND#{d}`), strongly
 * consistent as the ledger's other reads are.
 */
export async function readLedgerQuarter(
  district: string,
  quarter: string,
): Promise<{ sums: LedgerQuarterSums; start: SumsStart }> {
  const sumsKey = ledgerQuarterKey(district, quarter);
  const balanceKey = fundKeys.balance(district);
  const items = await batchGetItems([sumsKey, balanceKey]);
  return {
    sums: parseLedgerQuarter(itemAt(items, sumsKey), `${sumsKey.PK}/${sumsKey.SK}`),
    start: parseSumsStart(itemAt(items, balanceKey), `${balanceKey.PK}/${balanceKey.SK}`),
  };
}

/** Where counting began, as the balance item says (one GetItem). */
export async function readSumsStart(district: string): Promise<SumsStart> {
  const key = fundKeys.balance(district);
  return parseSumsStart(await getItem(key), `${key.PK}/${key.SK}`);
}

/** A stored quarter's sums against its entries summed again (the ledger audit). */
export interface QuarterAudit {
  quarter: string;
  matches: boolean;
  differences: { field: string; stored: number; recomputed: number }[];
}

/** The fields of two sums that differ, named as the stored item names them. */
export function sumsDifferences(
  stored: LedgerQuarterSums,
  recomputed: LedgerQuarterSums,
): QuarterAudit['differences'] {
  const out: QuarterAudit['differences'] = [];
  const compare = (field: string, a: number, b: number) => {
    if (a !== b) out.push({ field, stored: a, recomputed: b });
  };
  for (const b of LEDGER_BUCKETS) {
    compare(countAttr(b), stored.count[b], recomputed.count[b]);
    compare(fenAttr(b), stored.fen[b], recomputed.fen[b]);
  }
  compare('netCashFen', stored.netCashFen, recomputed.netCashFen);
  compare('soldMu4', stored.soldMu4, recomputed.soldMu4);
  return out;
}

/** The first instant of a quarter key `2026-Q3` (its Zibo midnight), in epoch milliseconds. */
function quarterStartMs(quarter: string): number {
  const [year, q] = quarter.split('-Q').map(Number);
  return quarterPeriod(year ?? 0, q ?? 0).startMs;
}

/**
 * Every quarter's stored sums of a district against its entries summed again, for the quarters whose
 * sums hold all of them (sumsComplete); a stored item of a quarter without entries differs too.
 */
export async function auditLedgerQuarters(
  district: string,
  entries: readonly (SummedEntry & Pick<LedgerEntry, 'at'>)[],
): Promise<QuarterAudit[]> {
  const stored = new Map(
    (await queryAll(`FUND#${district}`, 'LEDGERQ#')).map((item) => [
      String(item.SK).slice('LEDGERQ#'.length),
      parseLedgerQuarter(item, `FUND#${district}/${String(item.SK)}`),
    ]),
  );
  const byQuarter = new Map<string, SummedEntry[]>();
  for (const e of entries) {
    const q = ledgerQuarterOf(e.at);
    const list = byQuarter.get(q);
    if (list) list.push(e);
    else byQuarter.set(q, [e]);
  }
  const start = await readSumsStart(district);
  const quarters = [...new Set([...stored.keys(), ...byQuarter.keys()])].sort();
  return quarters
    .filter((q) => sumsComplete(start, quarterStartMs(q)))
    .map((quarter) => {
      const differences = sumsDifferences(
        stored.get(quarter) ?? emptyLedgerSums(),
        sumEntries(byQuarter.get(quarter) ?? []),
      );
      return { quarter, matches: differences.length === 0, differences };
    });
}
