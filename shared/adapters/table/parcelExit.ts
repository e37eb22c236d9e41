import type { Household } from '../../domain/model/household.js';
import { NotFound } from '../../errors/appError.js';
import { keys } from '../keys.js';
import { type TransactItem, tableName } from './dynamo.js';

/**
 * The registry side of the certificate cancellation (不动产注销登记): the parcel becomes `exited`, with the
 * case that exited it and when. The item is conditional on the parcel still being at the index read (a
 * registrar's PUT may have reordered the parcels) and on it not being exited by another case; a replay for
 * the same case passes and changes nothing that matters (status and case the same, `exitedAt` kept).
 * It bumps the household's revision, so a registrar's PUT that read the parcel before it was exited
 * fails its condition, reads again and is refused (./certificates.ts checkExitedParcels).
 *
 * A case write includes this item in its own transaction; registryRepository.markParcelExited writes it
 * on its own, with an audit entry.
 */
export function markParcelExitedItem(
  household: Household,
  parcelId: string,
  caseId: string,
  at: string,
): TransactItem {
  return markParcelsExitedItem(household, [parcelId], caseId, at);
}

/**
 * The same for every parcel a case exits, as ONE update of the household item: a transaction may touch an
 * item only once, and a case may exit several parcels of its household.
 */
export function markParcelsExitedItem(
  household: Household,
  parcelIds: readonly string[],
  caseId: string,
  at: string,
  /** 资格权: the household chose to surrender it (wave 2); a kept right stays in the registry untouched */
  surrenderQualification = false,
): TransactItem {
  const names: Record<string, string> = {
    '#data': 'data',
    '#homesteads': 'homesteads',
    '#status': 'status',
    '#by': 'exitedByCaseId',
    '#at': 'exitedAt',
    '#parcelId': 'parcelId',
    '#revision': 'revision',
    '#updatedAt': 'updatedAt',
  };
  const values: Record<string, unknown> = {
    ':exited': 'exited',
    ':case': caseId,
    ':at': at,
    ':zero': 0,
    ':one': 1,
  };
  const sets: string[] = [];
  const conditions: string[] = [];
  parcelIds.forEach((parcelId, i) => {
    const index = household.homesteads.findIndex((p) => p.parcelId === parcelId);
    if (index < 0) {
      throw new NotFound({
        zh: `农户 ${household.householdId} 名下没有宅基地 ${parcelId}。`,
        en: `household ${household.householdId} has no parcel ${parcelId}`,
      });
    }
    const parcel = `#data.#homesteads[${index}]`;
    values[`:parcel${i}`] = parcelId;
    sets.push(
      `${parcel}.#status = :exited`,
      `${parcel}.#by = :case`,
      `${parcel}.#at = if_not_exists(${parcel}.#at, :at)`,
    );
    conditions.push(
      `(${parcel}.#parcelId = :parcel${i} AND (${parcel}.#status <> :exited OR ${parcel}.#by = :case))`,
    );
  });
  if (surrenderQualification) {
    names['#rights'] = 'rights';
    names['#qualification'] = 'homesteadQualification';
    values[':false'] = false;
    sets.push('#data.#rights.#qualification = :false');
  }
  return {
    Update: {
      TableName: tableName(),
      Key: keys.household(household.householdId),
      UpdateExpression: `SET ${sets.join(', ')}, #revision = if_not_exists(#revision, :zero) + :one, #updatedAt = :at`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The registry side of a confirmed equity exit (集体资产股权有偿退出): the household's shares fall by the
 * shares exited, in the transaction that records the receipt. Conditional on the household still holding
 * them, so no share is bought back twice; it bumps the revision like every registry write from a case.
 */
export function cancelSharesItem(householdId: string, shares: number, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.household(householdId),
      UpdateExpression:
        'SET #data.#rights.#shares = #data.#rights.#shares - :n, #revision = if_not_exists(#revision, :zero) + :one, #updatedAt = :at',
      ConditionExpression: '#data.#rights.#shares >= :n',
      ExpressionAttributeNames: {
        '#data': 'data',
        '#rights': 'rights',
        '#shares': 'equityShares',
        '#revision': 'revision',
        '#updatedAt': 'updatedAt',
      },
      ExpressionAttributeValues: { ':n': shares, ':zero': 0, ':one': 1, ':at': at },
    },
  };
}
