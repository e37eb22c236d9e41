import {
  backoff,
  cancellationCodes,
  getItem,
  isTransientConflict,
  type TransactItem,
  tableName,
  transact,
} from '../adapters/table/dynamo.js';
import { divRoundHalfUp, scaled } from '../domain/decimal.js';
import type { Case } from '../domain/model/case.js';
import type { Household } from '../domain/model/household.js';
import { Busy } from '../errors/appError.js';
import { fundKeys } from './keys.js';

/**
 * 收储 and surplus construction-land quota (节余建设用地指标). Areas are exact: m2 have at most 2 decimals,
 * so they are kept as integer centi-m2 (0.01 m2), the quota's accepted and sold area too. Quota is also
 * shown in integer 1/10 000 mu ("mu4"): 1 mu = 666.67 m2 = 66 667 centi-m2, so mu4 =
 * round-half-up(centiM2 × 10 000 / 66 667). The district's mu figures are computed from the exact sums
 * of area, never by adding rounded per-parcel or per-sale figures, so they do not drift however many
 * parcels are accepted or sales recorded.
 */
export const CENTI_M2_PER_MU = 66_667n;
export const MU4_PER_MU = 10_000n;

export function centiM2ToMu4(centiM2: bigint): bigint {
  return divRoundHalfUp(centiM2 * MU4_PER_MU, CENTI_M2_PER_MU);
}

/** "1.2345" for 12 345 mu4. */
export function formatMu4(mu4: number): string {
  const sign = mu4 < 0 ? '-' : '';
  const abs = Math.abs(mu4);
  return `${sign}${Math.floor(abs / 10_000)}.${String(abs % 10_000).padStart(4, '0')}`;
}

/** 12.34 (a JSON number, at most 2 decimals, as API.md writes areas) for 1 234 centi-m2. */
export function centiM2ToM2(centi: number): number {
  return centi / 100;
}

/** "12.34" for 1 234 centi-m2. */
export function formatCentiM2(centi: number): string {
  return `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
}

export interface ReserveRecord {
  caseId: string;
  districtCode: string;
  villageCode: string;
  householdId: string;
  parcels: { parcelId: string; certificateNo: string; areaM2: number }[];
  areaCentiM2: number;
  /** this case's own quota, rounded on its own (for display; the district total is computed exactly) */
  quotaMu4: number;
  recordedAt: string;
}

/**
 * A district's quota (the `FUND#{d}` / `QUOTA` item). The exact figures are integer centi-m2:
 * `accruedCentiM2` is the accepted area of every reclamation (节余建设用地指标 accrues only at `disposed`
 * with `reclaimed`, `quotaAccrualItems`), `soldCentiM2` the area sold (quota sales net of their
 * reversals). The limit of a sale is checked in these. The mu figures are one rounding each of the exact
 * m2 (never a sum of rounded figures), so accrued − sold = available holds in mu too and never drifts.
 */
export interface QuotaState {
  districtCode: string;
  reservedCases: number;
  reservedParcels: number;
  /** the accepted area (the item's `accruedCentiM2`) */
  accruedCentiM2: number;
  soldCentiM2: number;
  availableCentiM2: number;
  accruedMu4: number;
  soldMu4: number;
  availableMu4: number;
  /** the sold counters as stored, for the condition of the next sale or reversal (`quotaSoldUpdate`) */
  stored: { soldCentiM2: number | undefined; soldMu4: number };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : 0;
}

/** The area a quota stated in mu stands for: round-half-up(mu4 × 66 667 / 10 000) centi-m2. */
export function mu4ToCentiM2(mu4: bigint): bigint {
  return divRoundHalfUp(mu4 * CENTI_M2_PER_MU, MU4_PER_MU);
}

export async function readQuota(district: string): Promise<QuotaState> {
  const item = (await getItem(fundKeys.quota(district))) ?? {};
  const accruedCentiM2 = num(item.accruedCentiM2);
  const storedMu4 = num(item.soldMu4);
  const storedCenti = typeof item.soldCentiM2 === 'number' ? num(item.soldCentiM2) : undefined;
  // sales recorded before the m2 counter existed were stated in mu only: they count as their area
  const soldCentiM2 = storedCenti ?? Number(mu4ToCentiM2(BigInt(storedMu4)));
  const accruedMu4 = Number(centiM2ToMu4(BigInt(accruedCentiM2)));
  const soldMu4 = Number(centiM2ToMu4(BigInt(soldCentiM2)));
  return {
    districtCode: district,
    reservedCases: num(item.reservedCases),
    reservedParcels: num(item.reservedParcels),
    accruedCentiM2,
    soldCentiM2,
    availableCentiM2: accruedCentiM2 - soldCentiM2,
    accruedMu4,
    soldMu4,
    availableMu4: accruedMu4 - soldMu4,
    stored: { soldCentiM2: storedCenti, soldMu4: storedMu4 },
  };
}

/** `GET /quota`'s answer (shared/contract/fund.ts quotaViewSchema). */
export function quotaView(q: QuotaState) {
  return {
    districtCode: q.districtCode,
    acceptedM2: centiM2ToM2(q.accruedCentiM2),
    soldM2: centiM2ToM2(q.soldCentiM2),
    availableM2: centiM2ToM2(q.availableCentiM2),
    acceptedCentiM2: q.accruedCentiM2,
    soldCentiM2: q.soldCentiM2,
    availableCentiM2: q.availableCentiM2,
    acceptedMu: formatMu4(q.accruedMu4),
    soldMu: formatMu4(q.soldMu4),
    availableMu: formatMu4(q.availableMu4),
    reservedCases: q.reservedCases,
    reservedParcels: q.reservedParcels,
  };
}

function parseRecord(item: Record<string, unknown>): ReserveRecord {
  return {
    caseId: String(item.caseId),
    districtCode: String(item.districtCode),
    villageCode: String(item.villageCode),
    householdId: String(item.householdId),
    parcels: (item.parcels as ReserveRecord['parcels']) ?? [],
    areaCentiM2: num(item.areaCentiM2),
    quotaMu4: num(item.quotaMu4),
    recordedAt: String(item.recordedAt),
  };
}

export type ReserveResult =
  | { recorded: false; reason: 'no_construction_land' }
  | { recorded: true; record: ReserveRecord; replayed: boolean };

/**
 * Records a disbursed homestead case's parcels in the district reserve (收储), in one transaction keyed
 * by the case: a retried or re-driven workflow step finds the record and adds nothing. No quota accrues
 * here (wave 2): surplus construction-land quota exists only once the land is reclaimed and accepted,
 * from the accepted area (`quotaAccrualItems`, written with the `disposed` milestone). Contract land is
 * farmland, not construction land, so it records nothing.
 */
export async function recordReserve(c: Case, household: Household, at: string): Promise<ReserveResult> {
  const record = reserveRecord(c, household, at);
  if (!record) return { recorded: false, reason: 'no_construction_land' };
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await transact(reserveItems(record));
      return { recorded: true, record, replayed: false };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') {
        const existing = await getItem(fundKeys.reserve(c.districtCode, c.caseId));
        if (existing) return { recorded: true, record: parseRecord(existing), replayed: true };
      }
      if (!isTransientConflict(codes)) throw error;
      await backoff(attempt);
    }
  }
  throw new Busy({ zh: '收储记录正忙，请稍后再试。', en: 'the reserve is busy; try again' });
}

/** The reserve record of a disbursed homestead case (its parcels' registered areas); none for contract land. */
export function reserveRecord(c: Case, household: Household, at: string): ReserveRecord | undefined {
  if (c.application.type !== 'homestead_exit') return undefined;
  const byId = new Map(household.homesteads.map((h) => [h.parcelId, h]));
  const parcels = c.application.parcelIds.map((id) => {
    const h = byId.get(id);
    // a reserve without the parcel's area would accrue wrong quota; the step must stop, not guess
    if (!h) throw new Error(`parcel ${id} of case ${c.caseId} is not in household ${household.householdId}`);
    return { parcelId: h.parcelId, certificateNo: h.certificateNo, areaM2: h.areaM2 };
  });
  const centi = parcels.reduce((sum, p) => sum + scaled(p.areaM2, 2), 0n);
  return {
    caseId: c.caseId,
    districtCode: c.districtCode,
    villageCode: c.village,
    householdId: c.householdId,
    parcels,
    areaCentiM2: Number(centi),
    quotaMu4: Number(centiM2ToMu4(centi)),
    recordedAt: at,
  };
}

/**
 * The reserve record's Put (once per case: its condition) and the district's reserve counts, for one
 * transaction: recordReserve's own, or the Reserve step's case write (the record and the case's move
 * then commit together or not at all).
 */
export function reserveItems(record: ReserveRecord): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...fundKeys.reserve(record.districtCode, record.caseId), itemType: 'reserve', ...record },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: fundKeys.quota(record.districtCode),
        UpdateExpression:
          'ADD reservedParcels :parcels, reservedCases :one SET soldMu4 = if_not_exists(soldMu4, :zero), accruedCentiM2 = if_not_exists(accruedCentiM2, :zero), districtCode = :district, itemType = :itemType',
        ExpressionAttributeValues: {
          ':parcels': record.parcels.length,
          ':one': 1,
          ':zero': 0,
          ':district': record.districtCode,
          ':itemType': 'quota',
        },
      },
    },
  ];
}

export async function getReserve(district: string, caseId: string): Promise<ReserveRecord | undefined> {
  const item = await getItem(fundKeys.reserve(district, caseId));
  return item ? parseRecord(item) : undefined;
}

/**
 * The quota a reclamation produces (wave 2, 节余建设用地指标): the accepted area of the `disposed`
 * milestone with disposition `reclaimed` accrues to the district, once per case (the accrual item's
 * condition), in the milestone's own transaction. Direct use or development produces none.
 */
export function quotaAccrualItems(c: Pick<Case, 'caseId' | 'districtCode'>, acceptedM2: number, at: string) {
  const centi = Number(scaled(acceptedM2, 2));
  return [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...fundKeys.quotaAccrual(c.districtCode, c.caseId),
          itemType: 'quotaAccrual',
          caseId: c.caseId,
          districtCode: c.districtCode,
          acceptedCentiM2: centi,
          at,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: fundKeys.quota(c.districtCode),
        UpdateExpression:
          'ADD accruedCentiM2 :area SET soldMu4 = if_not_exists(soldMu4, :zero), districtCode = :district, itemType = :itemType',
        ExpressionAttributeValues: {
          ':area': centi,
          ':zero': 0,
          ':district': c.districtCode,
          ':itemType': 'quota',
        },
      },
    },
  ];
}
