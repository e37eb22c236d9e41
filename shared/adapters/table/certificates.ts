import { isDeepStrictEqual } from 'node:util';
import { chinaDate } from '../../domain/chinaDate.js';
import { type Homestead, type Household, normaliseCertificateNo } from '../../domain/model/household.js';
import { CertificateHeld, IllegalTransition, ValidationFailed } from '../../errors/appError.js';
import { type TransactItem, tableName } from './dynamo.js';

/**
 * Registry integrity (docs/registry-integrity.md): a homestead certificate number belongs to one parcel of
 * one household. Each number held has an item of its own, keyed by its normalised form, written and
 * released in the same transaction as the household item (registryRepository.putHousehold), so that two
 * registrars entering the same certificate at the same moment cannot both succeed.
 */
export const certificateKey = (certificateNo: string) => ({
  PK: `CERT#${normaliseCertificateNo(certificateNo)}`,
  SK: 'CERT',
});

/** Who holds a certificate number: one parcel of one household, and the number as it was entered. */
export interface CertificateHolder {
  householdId: string;
  parcelId: string;
  certificateNo: string;
}

export function holderOf(item: Record<string, unknown> | undefined): CertificateHolder | undefined {
  if (!item) return undefined;
  return {
    householdId: String(item.householdId),
    parcelId: String(item.parcelId),
    certificateNo: String(item.certificateNo),
  };
}

const sameHolder = (h: CertificateHolder, householdId: string, parcelId: string) =>
  h.householdId === householdId && h.parcelId === parcelId;

/** The refusal that names the holder: 409 CERTIFICATE_HELD, `heldBy` for clients, the field in `errors`. */
export function certificateHeld(
  holder: CertificateHolder,
  parcel: { parcelId: string; certificateNo: string },
  index: number,
): CertificateHeld {
  const zh = `宅基地证书号 ${parcel.certificateNo} 已登记在农户 ${holder.householdId} 的宗地 ${holder.parcelId} 名下（登记为 ${holder.certificateNo}），不能再登记给宗地 ${parcel.parcelId}：同一证书号只能对应一户的一宗宅基地。`;
  const en = `Homestead certificate ${parcel.certificateNo} already belongs to parcel ${holder.parcelId} of household ${holder.householdId} (registered as ${holder.certificateNo}), so it cannot be entered for parcel ${parcel.parcelId}: a certificate number belongs to one parcel of one household.`;
  return new CertificateHeld(
    { zh, en },
    [{ path: `body.homesteads.${index}.certificateNo`, message: en, messageZh: zh }],
    { heldBy: holder },
  );
}

/** The same certificate twice in one household record (under two parcel ids) is refused before any read. */
export function refuseRepeatedCertificates(next: Household): void {
  const first = new Map<string, Homestead>();
  next.homesteads.forEach((parcel, i) => {
    const key = normaliseCertificateNo(parcel.certificateNo);
    const earlier = first.get(key);
    if (earlier) {
      throw certificateHeld(
        { householdId: next.householdId, parcelId: earlier.parcelId, certificateNo: earlier.certificateNo },
        parcel,
        i,
      );
    }
    first.set(key, parcel);
  });
}

/** Plain data, so that an absent optional and a default read back from the table compare equal. */
export const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * What a registrar's PUT may do with exited parcels: nothing. An exited parcel stays exactly as stored
 * (a GET → PUT round trip sends it back unchanged, which is fine); dropping, changing or un-exiting it is
 * 409; marking any other parcel exited is 400, since only the certificate cancellation does that.
 */
export function checkExitedParcels(stored: Household | undefined, next: Household): void {
  for (const before of stored?.homesteads ?? []) {
    if (before.status !== 'exited') continue;
    const after = next.homesteads.find((p) => p.parcelId === before.parcelId);
    if (after && isDeepStrictEqual(plain(after), plain(before))) continue;
    const when = before.exitedAt ? chinaDate(before.exitedAt) : '—';
    const caseId = before.exitedByCaseId ?? '—';
    throw new IllegalTransition(
      {
        zh: `宅基地 ${before.parcelId}（证书号 ${before.certificateNo}）已于 ${when} 在案件 ${caseId} 中退出并注销登记，登记簿中的这宗宅基地不能再${after ? '修改或恢复' : '删除'}；请按原样保留。`,
        en: `Parcel ${before.parcelId} (certificate ${before.certificateNo}) was exited and its registration cancelled in case ${caseId} on ${when}; an exited parcel cannot be ${after ? 'changed or restored' : 'removed'} and must be sent back exactly as it is.`,
      },
      {
        exitedParcel: {
          parcelId: before.parcelId,
          certificateNo: before.certificateNo,
          exitedByCaseId: before.exitedByCaseId,
          exitedAt: before.exitedAt,
        },
      },
    );
  }
  const errors = next.homesteads.flatMap((parcel, i) => {
    const wasExited = stored?.homesteads.some((p) => p.parcelId === parcel.parcelId && p.status === 'exited');
    if (wasExited) return [];
    const fields = [
      ...(parcel.status === 'exited' ? ['status'] : []),
      ...(parcel.exitedByCaseId !== undefined ? ['exitedByCaseId'] : []),
      ...(parcel.exitedAt !== undefined ? ['exitedAt'] : []),
    ];
    return fields.map((field) => ({
      path: `body.homesteads.${i}.${field}`,
      message: `parcel ${parcel.parcelId}: only the certificate cancellation (注销登记) of a case marks a parcel exited; a registry record cannot set ${field}`,
      messageZh: `宗地 ${parcel.parcelId}：只有案件的注销登记才能把宅基地标记为已退出，登记簿录入不能设置 ${field}`,
    }));
  });
  if (errors.length > 0) {
    throw new ValidationFailed(
      {
        zh: '登记簿录入不能把宅基地标记为已退出（exited）；已退出由案件的注销登记记录。',
        en: 'A registry record cannot mark a parcel exited; only the certificate cancellation of a case does.',
      },
      errors,
    );
  }
}

/**
 * The certificate items of a household write, given who holds each number now (`holders`, by normalised
 * number, read before): one Put per parcel, held only where the number is free or already this parcel's;
 * one Delete per number the household's parcels held before and no longer do, only while still this
 * parcel's. A holder other than the parcel itself is refused here, before anything is written; the
 * conditions refuse the same thing when another write slips in between.
 */
export function certificateItems(
  stored: Household | undefined,
  next: Household,
  holders: ReadonlyMap<string, CertificateHolder | undefined>,
  now: string,
): TransactItem[] {
  const TableName = tableName();
  const householdId = next.householdId;
  const kept = new Set<string>();
  const puts = next.homesteads.map((parcel, i): TransactItem => {
    const norm = normaliseCertificateNo(parcel.certificateNo);
    kept.add(norm);
    const holder = holders.get(norm);
    if (holder && !sameHolder(holder, householdId, parcel.parcelId)) throw certificateHeld(holder, parcel, i);
    return {
      Put: {
        TableName,
        Item: {
          ...certificateKey(parcel.certificateNo),
          itemType: 'certificate',
          householdId,
          parcelId: parcel.parcelId,
          certificateNo: parcel.certificateNo,
          updatedAt: now,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR (householdId = :h AND parcelId = :p)',
        ExpressionAttributeValues: { ':h': householdId, ':p': parcel.parcelId },
      },
    };
  });
  const releases = (stored?.homesteads ?? []).flatMap((parcel): TransactItem[] => {
    const norm = normaliseCertificateNo(parcel.certificateNo);
    const holder = holders.get(norm);
    // a number still in the record is Put above; one held by nobody (written before this item existed) or by
    // someone else is not this parcel's to release
    if (kept.has(norm) || !holder || !sameHolder(holder, householdId, parcel.parcelId)) return [];
    return [
      {
        Delete: {
          TableName,
          Key: certificateKey(parcel.certificateNo),
          ConditionExpression: 'householdId = :h AND parcelId = :p',
          ExpressionAttributeValues: { ':h': householdId, ':p': parcel.parcelId },
        },
      },
    ];
  });
  return [...puts, ...releases];
}

/** Every normalised number a household write touches: the record's before and after. */
export function certificateNumbers(stored: Household | undefined, next: Household): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of [...(stored?.homesteads ?? []), ...next.homesteads])
    out.set(normaliseCertificateNo(p.certificateNo), p.certificateNo);
  return out;
}
