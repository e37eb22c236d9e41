import { getItem } from '../adapters/table/dynamo.js';
import { type LedgerEntry, ledgerEntrySchema } from '../domain/model/ledger.js';
import { fundKeys } from './keys.js';
import { storedFigure } from './limits.js';

/**
 * A ledger entry as it is stored and read back: the entry, its place in the chain, and what the API
 * shows of it. Writing entries is ledger.ts's; reading one is all this file does.
 */

/** A stored ledger entry: the entry itself plus its place in the chain. */
export interface StoredEntry extends LedgerEntry {
  seq: number;
  balanceAfterFen: number;
  /** quota sales (and their reversals): the quota sold, in 1/10 000 mu */
  quotaMu4?: number;
  /** quota sales (and their reversals): the quota sold, exact, in 0.01 m2 (entries since API.md Wave 2) */
  quotaCentiM2?: number;
}

const storedEntryKeys = [
  ...Object.keys(ledgerEntrySchema.shape),
  'seq',
  'balanceAfterFen',
  'quotaMu4',
  'quotaCentiM2',
];

export function parseStoredEntry(item: Record<string, unknown>): StoredEntry {
  const entry = ledgerEntrySchema.parse(
    Object.fromEntries(Object.entries(item).filter(([k]) => k in ledgerEntrySchema.shape)),
  );
  const where = `${String(item.PK)}/${String(item.SK)}`;
  const out: StoredEntry = {
    ...entry,
    seq: storedFigure(item, 'seq', where, { min: 1 }),
    balanceAfterFen: storedFigure(item, 'balanceAfterFen', where),
  };
  if (typeof item.quotaMu4 === 'number') out.quotaMu4 = item.quotaMu4;
  if (typeof item.quotaCentiM2 === 'number') out.quotaCentiM2 = item.quotaCentiM2;
  return out;
}

/** Exposed for the API: the stored fields only, never table keys; a quota sale's area also in m2. */
export function entryView(e: StoredEntry): Record<string, unknown> {
  const view = Object.fromEntries(
    storedEntryKeys.flatMap((k) => (k in e ? [[k, e[k as keyof StoredEntry]]] : [])),
  );
  return e.quotaCentiM2 === undefined ? view : { ...view, quotaM2: e.quotaCentiM2 / 100 };
}

/** Reads an entry by id through its guard (the entry key contains the time, the guard does not). */
export async function getEntry(district: string, entryId: string): Promise<StoredEntry | undefined> {
  const guard = await getItem(fundKeys.guard(entryId));
  if (!guard || guard.districtCode !== district || typeof guard.entrySK !== 'string') return undefined;
  const item = await getItem({ PK: `FUND#${district}`, SK: guard.entrySK });
  return item ? parseStoredEntry(item) : undefined;
}
