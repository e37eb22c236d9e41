import { heldByText } from '../../domain/eligibility/context.js';
import { hasExited } from '../../domain/lifecycle/exited.js';
import type { LandClaimRef } from '../../domain/model/case.js';
import { type Household, normaliseCertificateNo } from '../../domain/model/household.js';
import { LandHeld } from '../../errors/appError.js';
import { keys, LAND_CLAIM_PREFIX } from '../keys.js';
import { getCase } from './caseRepository.js';
import { queryAll, type TransactItem, tableName } from './dynamo.js';

/**
 * Land a case holds stays in the registry as it is (docs/registry-integrity.md, "Land a case holds"). A
 * parcel or contract plot under a land claim (keys.landClaim, shared/cases/landClaims.ts) cannot be dropped
 * from its household, nor have its certificate number or its area changed, by a registrar's PUT: otherwise
 * the land could leave the record as P1 and come back as P9 with the same certificate, and a new case for
 * P9 would pass the duplicate-case check and be paid a second time. Other edits of the household (a
 * member, a new parcel, a parcel no case holds) stay allowed.
 *
 * The claims are read before the household's transaction, so a claimed parcel is refused at once, naming
 * the case; the transaction carries one ConditionCheck per parcel or plot it drops or changes that its
 * claim item does not exist, so a claim taken between the read and the write cancels the write.
 */

/** Land of the stored record the next record drops or changes, and how. */
export interface TouchedLand extends LandClaimRef {
  change: 'dropped' | 'certificate' | 'area';
  /** the parcel's certificate number as stored (parcels only) */
  certificateNo?: string;
}

/** What the next record does to the stored record's land that a case holding it would not allow. */
export function touchedLand(stored: Household | undefined, next: Household): TouchedLand[] {
  if (!stored) return [];
  const parcels = stored.homesteads.flatMap((before): TouchedLand[] => {
    const after = next.homesteads.find((p) => p.parcelId === before.parcelId);
    const ref = { kind: 'parcel' as const, id: before.parcelId, certificateNo: before.certificateNo };
    if (!after) return [{ ...ref, change: 'dropped' }];
    // the same number spelt otherwise is the same certificate (its item does not move)
    if (normaliseCertificateNo(after.certificateNo) !== normaliseCertificateNo(before.certificateNo))
      return [{ ...ref, change: 'certificate' }];
    if (after.areaM2 !== before.areaM2) return [{ ...ref, change: 'area' }];
    return [];
  });
  const plots = stored.contractPlots.flatMap((before): TouchedLand[] => {
    const after = next.contractPlots.find((p) => p.plotId === before.plotId);
    const ref = { kind: 'plot' as const, id: before.plotId };
    if (!after) return [{ ...ref, change: 'dropped' }];
    if (after.areaMu !== before.areaMu) return [{ ...ref, change: 'area' }];
    return [];
  });
  return [...parcels, ...plots];
}

const claimKey = (kind: 'parcel' | 'plot', id: string) => `${kind}#${id}`;

/** The household's land claims, read consistently: `kind#id` → the case holding it. */
export async function readLandClaims(householdId: string): Promise<Map<string, string>> {
  const claims = new Map<string, string>();
  for (const item of await queryAll(keys.household(householdId).PK, LAND_CLAIM_PREFIX)) {
    const { kind, landId, caseId } = item;
    if ((kind === 'parcel' || kind === 'plot') && typeof landId === 'string' && typeof caseId === 'string')
      claims.set(claimKey(kind, landId), caseId);
  }
  return claims;
}

/** One ConditionCheck per touched parcel or plot: no case holds it when the household is written. */
export function unclaimedChecks(householdId: string, touched: readonly TouchedLand[]): TransactItem[] {
  const TableName = tableName();
  return touched.map((land) => ({
    ConditionCheck: {
      TableName,
      Key: keys.landClaim(householdId, land.kind, land.id),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  }));
}

/** Whether a transaction item is one of unclaimedChecks' (to read its cancellation reason). */
export function isUnclaimedCheck(item: TransactItem | undefined): boolean {
  const sk = item?.ConditionCheck?.Key?.SK;
  return typeof sk === 'string' && sk.startsWith(LAND_CLAIM_PREFIX);
}

/**
 * 409 LAND_HELD when a case holds any of the touched land, naming each parcel or plot and its case in
 * `heldBy` (the list of cases that LAND_HELD carries everywhere: kind, id, caseId, exited), in Chinese and
 * English. Nothing is written.
 */
export async function refuseTouchingClaimedLand(
  householdId: string,
  touched: readonly TouchedLand[],
  claims: ReadonlyMap<string, string>,
): Promise<void> {
  const held = touched.flatMap((land) => {
    const caseId = claims.get(claimKey(land.kind, land.id));
    return caseId ? [{ ...land, caseId }] : [];
  });
  if (held.length === 0) return;
  const exited = new Map<string, boolean>();
  for (const caseId of new Set(held.map((h) => h.caseId))) {
    const holder = (await getCase(caseId))?.case;
    exited.set(caseId, holder ? hasExited(holder) : false);
  }
  const parts = held.map((land) => {
    const holder = { caseId: land.caseId, exited: exited.get(land.caseId) ?? false };
    const why = heldByText(land.kind, land.id, holder);
    const zhLand =
      land.kind === 'parcel' ? `宅基地 ${land.id}（证书号 ${land.certificateNo}）` : `地块 ${land.id}`;
    const enLand =
      land.kind === 'parcel' ? `parcel ${land.id} (certificate ${land.certificateNo})` : `plot ${land.id}`;
    const act = {
      dropped: { zh: '不能从登记簿删除', en: 'cannot be removed from the record' },
      certificate: { zh: '不能更改证书号', en: 'cannot have its certificate number changed' },
      area: { zh: '不能更改面积', en: 'cannot have its area changed' },
    }[land.change];
    return { zh: `${zhLand}${act.zh}：${why.zh}`, en: `${enLand} ${act.en}: ${why.en}` };
  });
  throw new LandHeld(
    {
      zh: `农户 ${householdId} 的登记记录不能这样修改：${parts.map((p) => p.zh).join('；')}。案件占用的宗地（地块）须按原样保留；只有该案件撤回、签约前被驳回或解除协议后才能修改，以免同一块地以新编号再次退出、重复补偿。`,
      en: `The record of household ${householdId} cannot be changed this way: ${parts.map((p) => p.en).join('; ')}. Land a case holds stays in the registry as it is; it can change only once that case is withdrawn, rejected before signing or rescinded, so that the same land cannot be exited and paid for again under a new id.`,
    },
    {
      heldBy: held.map((land) => ({
        kind: land.kind,
        id: land.id,
        caseId: land.caseId,
        exited: exited.get(land.caseId) ?? false,
      })),
    },
  );
}
