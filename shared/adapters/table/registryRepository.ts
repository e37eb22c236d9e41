import { chinaDate } from '../../domain/chinaDate.js';
import { type Homestead, type Household, storedHouseholdSchema } from '../../domain/model/household.js';
import { type Village, villageSchema } from '../../domain/model/village.js';
import { AlreadyDecided, Busy, NotFound } from '../../errors/appError.js';
import { keys } from '../keys.js';
import { type AuditInput, auditPut } from './audit.js';
import {
  type CertificateHolder,
  certificateHeld,
  certificateItems,
  certificateKey,
  certificateNumbers,
  checkExitedParcels,
  holderOf,
  refuseRepeatedCertificates,
} from './certificates.js';
import {
  isUnclaimedCheck,
  readLandClaims,
  refuseTouchingClaimedLand,
  type TouchedLand,
  touchedLand,
  unclaimedChecks,
} from './claimedLand.js';
import {
  backoff,
  cancellationCodes,
  getItem,
  isConditionFailure,
  type TransactItem,
  tableName,
  transact,
} from './dynamo.js';
import { markParcelExitedItem } from './parcelExit.js';

export { markParcelExitedItem } from './parcelExit.js';

/** The rural real-estate registry (农村不动产登记) the rules check against: villages and households. */
export async function getVillage(villageCode: string): Promise<Village | undefined> {
  const item = await getItem(keys.village(villageCode));
  return item ? villageSchema.parse(item.data) : undefined;
}

export async function getHousehold(householdId: string): Promise<Household | undefined> {
  return (await readHousehold(householdId)).household;
}

/** A household item as read: the record, the revision it was read at, and the raw item (for its extra attributes). */
export interface StoredHousehold {
  /** undefined: no item */
  household: Household | undefined;
  /** undefined: no item, or one from before revisions */
  revision: number | undefined;
  item: Record<string, unknown> | undefined;
}

/** The stored record of a household item (read alone, or in a batch). */
export function storedHousehold(item: Record<string, unknown> | undefined): StoredHousehold {
  return {
    household: item ? storedHouseholdSchema.parse(item.data) : undefined,
    revision: typeof item?.revision === 'number' ? item.revision : undefined,
    item,
  };
}

/** The household as stored and the revision it was read at, read consistently. */
export async function readHousehold(householdId: string): Promise<StoredHousehold> {
  return storedHousehold(await getItem(keys.household(householdId)));
}

/** The stored village item (also what bench/scale writes in bulk). */
export function villageItem(village: Village, now: string): Record<string, unknown> {
  return {
    ...keys.village(village.villageCode),
    itemType: 'village',
    districtCode: village.districtCode,
    data: village,
    updatedAt: now,
  };
}

export async function putVillage(village: Village, actor: string, now: string): Promise<void> {
  const TableName = tableName();
  await transact([
    { Put: { TableName, Item: villageItem(village, now) } },
    auditPut(
      TableName,
      { actor, action: 'registry.village.put', entity: `village#${village.villageCode}` },
      now,
    ),
  ]);
}

/** Attempts of a household write that lost a race (same household, or the same certificate) before BUSY. */
const MAX_ATTEMPTS = 8;

/**
 * Writes a household record with its audit entry and its certificate items, in one transaction
 * (docs/registry-integrity.md). The household Put holds only while the stored record is the one read
 * (its revision), so the certificates released are exactly those the record held; each certificate Put
 * holds only while the number is free or this parcel's. Refused: a certificate another parcel or
 * household holds (409 CERTIFICATE_HELD, `heldBy`), a change to an exited parcel (409
 * ILLEGAL_TRANSITION), a parcel marked exited (400), dropping a parcel or plot a case holds under a land
 * claim or changing its certificate number or area (409 LAND_HELD, `heldBy`; each dropped or changed
 * parcel or plot is a ConditionCheck that no claim exists, ./claimedLand.ts). A lost race reads again and
 * decides again.
 */
export async function putHousehold(household: Household, actor: string, now: string): Promise<void> {
  refuseRepeatedCertificates(household);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const read = await readHousehold(household.householdId);
    const holders = await readHolders(certificateNumbers(read.household, household));
    const write = await householdWrite(
      read,
      household,
      holders,
      { actor, action: 'registry.household.put', entity: `household#${household.householdId}` },
      now,
    );
    try {
      await transact(write.items);
      return;
    } catch (error) {
      await explainCancellation(error, household, write);
      await backoff(attempt);
    }
  }
  throw busy(household.householdId);
}

/** 409 BUSY after MAX_ATTEMPTS lost races. */
export function busy(householdId: string): Busy {
  return new Busy({
    zh: `农户 ${householdId} 的登记记录正被同时修改，请稍后再提交。`,
    en: `household ${householdId} is being written by others at the same moment; send the same request again shortly`,
  });
}

/** A household write decided: its transaction items, and the land it drops or changes. */
export interface HouseholdWrite {
  items: TransactItem[];
  touched: TouchedLand[];
}

/**
 * Decides a household write against what was read (`read`, and who holds each certificate number it
 * touches, `holders`): the items of its one transaction (household Put at the revision read, the audit
 * entry, certificate items, one unclaimed ConditionCheck per parcel or plot it drops or changes), or the
 * refusal, thrown: CERTIFICATE_HELD, ILLEGAL_TRANSITION (an exited parcel), VALIDATION_FAILED (a parcel
 * marked exited), LAND_HELD (the land claims are read only when land is dropped or changed). What
 * putHousehold and the bulk import (shared/registryImport) share; `extra` goes on the household item.
 */
export async function householdWrite(
  read: StoredHousehold,
  household: Household,
  holders: ReadonlyMap<string, CertificateHolder | undefined>,
  audit: AuditInput,
  now: string,
  extra: Record<string, unknown> = {},
): Promise<HouseholdWrite> {
  refuseRepeatedCertificates(household);
  checkExitedParcels(read.household, household);
  // land a case holds is neither dropped nor renumbered nor resized (./claimedLand.ts)
  const touched = touchedLand(read.household, household);
  if (touched.length > 0)
    await refuseTouchingClaimedLand(
      household.householdId,
      touched,
      await readLandClaims(household.householdId),
    );
  const certificates = certificateItems(read.household, household, holders, now);
  const items: TransactItem[] = [
    householdPut(
      household,
      read.household ? read.revision : undefined,
      read.household !== undefined,
      now,
      extra,
    ),
    auditPut(tableName(), audit, now),
    ...certificates,
    ...unclaimedChecks(household.householdId, touched),
  ];
  return { items, touched };
}

/**
 * After a household write's transaction failed: rethrows what is not a cancellation; throws the refusal
 * when a certificate was taken, or land claimed, since the read (naming the holder now rather than after
 * another round); returns when the write is worth deciding again (a lost race on the household itself).
 */
export async function explainCancellation(
  error: unknown,
  household: Household,
  write: HouseholdWrite,
): Promise<void> {
  const codes = cancellationCodes(error);
  if (!codes) throw error;
  const { items, touched } = write;
  for (const [i, code] of codes.entries()) {
    const put = items[i]?.Put;
    if (code !== 'ConditionalCheckFailed' || put?.Item?.itemType !== 'certificate') continue;
    const holder = holderOf(await getItem({ PK: String(put.Item.PK), SK: 'CERT' }));
    const index = household.homesteads.findIndex((p) => p.parcelId === put.Item?.parcelId);
    const parcel = household.homesteads[index];
    if (
      holder &&
      parcel &&
      !(holder.householdId === household.householdId && holder.parcelId === parcel.parcelId)
    )
      throw certificateHeld(holder, parcel, index);
  }
  // a case took land this write drops or changes since the claims were read: name it now
  if (codes.some((code, i) => code === 'ConditionalCheckFailed' && isUnclaimedCheck(items[i])))
    await refuseTouchingClaimedLand(
      household.householdId,
      touched,
      await readLandClaims(household.householdId),
    );
}

/** The stored household item at a revision (also what bench/scale writes in bulk). */
export function householdItem(household: Household, revision: number, now: string): Record<string, unknown> {
  return {
    ...keys.household(household.householdId),
    itemType: 'household',
    villageCode: household.villageCode,
    data: household,
    revision,
    updatedAt: now,
  };
}

function householdPut(
  household: Household,
  revision: number | undefined,
  exists: boolean,
  now: string,
  extra: Record<string, unknown> = {},
): TransactItem {
  // a record from before revisions holds while it still has none: the first write of it sets one
  const condition = !exists
    ? { ConditionExpression: 'attribute_not_exists(PK)' }
    : revision === undefined
      ? { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#revision)' }
      : {
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeValues: { ':revision': revision },
        };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...householdItem(household, (revision ?? 0) + 1, now), ...extra },
      ...condition,
      ...(exists ? { ExpressionAttributeNames: { '#revision': 'revision' } } : {}),
    },
  };
}

/** Who holds each number, one consistent read each (the import reads them in batches instead). */
export async function readHolders(
  numbers: Map<string, string>,
): Promise<Map<string, CertificateHolder | undefined>> {
  const entries = await Promise.all(
    [...numbers].map(
      async ([norm, entered]) => [norm, holderOf(await getItem(certificateKey(entered)))] as const,
    ),
  );
  return new Map(entries);
}

/**
 * The certificate cancellation's registry write (not a registrar's): parcel `parcelId` becomes `exited`,
 * recording `exitedByCaseId` and `exitedAt`, with an audit entry. Idempotent for the same case (a replay
 * writes nothing and answers `changed: false`); refused with 409 ALREADY_DECIDED when another case
 * exited the parcel; 404 when there is no such household or parcel. Callers that write a case in the
 * same transaction use markParcelExitedItem instead.
 */
export async function markParcelExited(
  householdId: string,
  parcelId: string,
  caseId: string,
  at: string,
  actor = 'system:certificate-cancellation',
): Promise<{ changed: boolean; parcel: Homestead }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { household } = await readHousehold(householdId);
    if (!household)
      throw new NotFound({ zh: `没有农户 ${householdId}。`, en: `no household ${householdId}` });
    const parcel = household.homesteads.find((p) => p.parcelId === parcelId);
    if (parcel?.status === 'exited') {
      if (parcel.exitedByCaseId === caseId) return { changed: false, parcel };
      throw exitedByAnother(parcel, caseId);
    }
    const item = markParcelExitedItem(household, parcelId, caseId, at);
    try {
      await transact([
        item,
        auditPut(
          tableName(),
          {
            actor,
            action: 'registry.parcel.exited',
            entity: `household#${householdId}`,
            detail: { parcelId, caseId },
          },
          at,
        ),
      ]);
      const exited = {
        ...(parcel as Homestead),
        status: 'exited' as const,
        exitedByCaseId: caseId,
        exitedAt: at,
      };
      return { changed: true, parcel: exited };
    } catch (error) {
      // the parcel moved (a registrar's PUT), or another case exited it first: read again, decide again
      if (!isConditionFailure(error)) throw error;
      await backoff(attempt);
    }
  }
  throw new Busy({
    zh: `农户 ${householdId} 的登记记录正被同时修改，请稍后再试。`,
    en: `household ${householdId} is being written by others at the same moment; try again shortly`,
  });
}

function exitedByAnother(parcel: Homestead, caseId: string): AlreadyDecided {
  const when = parcel.exitedAt ? chinaDate(parcel.exitedAt) : '—';
  return new AlreadyDecided(
    {
      zh: `宅基地 ${parcel.parcelId} 已于 ${when} 在案件 ${parcel.exitedByCaseId} 中退出并注销登记，不能再由案件 ${caseId} 注销。`,
      en: `parcel ${parcel.parcelId} was already exited in case ${parcel.exitedByCaseId} on ${when}; case ${caseId} cannot exit it again`,
    },
    {
      exitedParcel: {
        parcelId: parcel.parcelId,
        certificateNo: parcel.certificateNo,
        exitedByCaseId: parcel.exitedByCaseId,
        exitedAt: parcel.exitedAt,
      },
    },
  );
}
