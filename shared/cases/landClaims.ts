import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { requireConfig } from '../adapters/config.js';
import { keys, LAND_CLAIM_PREFIX } from '../adapters/keys.js';
import { allCases, getCase } from '../adapters/table/caseRepository.js';
import { queryAll, queryBetween } from '../adapters/table/dynamo.js';
import { plotsInScope } from '../domain/compensation/offers.js';
import { heldByText, type OpenCaseRef } from '../domain/eligibility/context.js';
import { hasExited } from '../domain/lifecycle/exited.js';
import { OPEN_STATUSES } from '../domain/lifecycle/transitions.js';
import type { Application } from '../domain/model/application.js';
import type { Case, LandClaimRef } from '../domain/model/case.js';
import { type Household, storedHouseholdSchema } from '../domain/model/household.js';
import type { CaseStatus } from '../domain/model/status.js';
import { LandHeld } from '../errors/appError.js';

/**
 * Land claims (退出占用): one item per parcel (宅基地) or contract plot (承包地) naming the one case that
 * holds it, so that no parcel or plot is exited, and paid for, twice (H-NO-DUPLICATE / C-NO-DUPLICATE).
 *
 * - Taken when the assessment sends a case to village review, and when an appeal reopens a village
 *   rejection (no assessment runs then), each item conditioned on "free, or already this case's", in the
 *   same transaction as the case write. Two cases racing for a parcel: one transaction wins, the other
 *   fails, reads again and finds the winner.
 * - Given back (deleted, conditioned on this case being the holder) in the transaction that withdraws the
 *   case or rejects it before anything was signed (village rejection, ineligible, rights_blocked).
 * - Never given back once the agreement is signed: signed, paid, closed, even rejected by the fund
 *   afterwards, the parcel stays spoken for.
 *
 * The case records what it holds (`landClaims`), so a release deletes only those. Cases stored before
 * claims existed (no `landClaims`) hold nothing in the table; they are judged by their status instead
 * (`holdsByStatus`), so they still protect their land.
 */

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** A claim as stored: which land, and the case that holds it. */
export interface LandClaim extends LandClaimRef {
  caseId: string;
}

/** A clash: land this case wants that another case holds, and whether that case has exited it. */
export interface LandClash extends LandClaim {
  exited: boolean;
}

/** The land a case takes on its way to village review: its parcels, or every plot in its scope. */
export function claimTargets(
  application: Application,
  household: Pick<Household, 'contractPlots'>,
): LandClaimRef[] {
  if (application.type === 'homestead_exit') {
    return application.parcelIds.map((id) => ({ kind: 'parcel', id }));
  }
  return plotsInScope(application, household).map((p) => ({ kind: 'plot', id: p.plotId }));
}

const sameRef = (a: LandClaimRef, b: LandClaimRef) => a.kind === b.kind && a.id === b.id;

/** Whether the case has exited its land (signed and not rescinded); the registry asks the same. */
export { hasExited } from '../domain/lifecycle/exited.js';

/**
 * Statuses in which a case holds its land under claims: from village review on, until it is withdrawn
 * or rejected before signing. Before the assessment (submitted, eligibility) a case holds nothing yet,
 * which is what lets two cases assessed at once be told apart by the claims instead of both failing.
 */
const HOLDING_STATUSES: readonly CaseStatus[] = [
  ...OPEN_STATUSES.filter((x) => x !== 'submitted' && x !== 'eligibility' && x !== 'failed'),
  'closed',
];

/**
 * Whether a case stored before claims existed (no `landClaims`) holds its land: it is in a holding
 * status (a failed case: the status it failed in), or it signed (a fund rejection after signing too).
 */
export function holdsByStatus(c: Case): boolean {
  if (c.landClaims !== undefined) return false;
  const status = c.status === 'failed' ? c.statusBeforeFailure : c.status;
  return hasExited(c) || (status !== undefined && HOLDING_STATUSES.includes(status));
}

// ---------------------------------------------------------------------------------------------------
// transaction items

/** The stored claim item. */
export function claimItem(householdId: string, ref: LandClaimRef, caseId: string, at: string) {
  return {
    ...keys.landClaim(householdId, ref.kind, ref.id),
    itemType: 'landClaim',
    householdId,
    kind: ref.kind,
    landId: ref.id,
    caseId,
    at,
  };
}

/** Puts that take each claim for the case, each failing the transaction if another case holds it. */
export function acquireItems(
  c: Pick<Case, 'caseId' | 'householdId'>,
  refs: readonly LandClaimRef[],
  at: string,
): TransactItem[] {
  const TableName = requireConfig('TABLE_NAME');
  return refs.map((ref) => ({
    Put: {
      TableName,
      Item: claimItem(c.householdId, ref, c.caseId, at),
      ConditionExpression: 'attribute_not_exists(PK) OR caseId = :case',
      ExpressionAttributeValues: { ':case': c.caseId },
    },
  }));
}

/**
 * Deletes that give back claims of the case. The condition never lets a case delete another's claim (the
 * transaction fails instead); a claim already gone is no obstacle.
 */
export function releaseItems(
  c: Pick<Case, 'caseId' | 'householdId'>,
  refs: readonly LandClaimRef[],
): TransactItem[] {
  const TableName = requireConfig('TABLE_NAME');
  return refs.map((ref) => ({
    Delete: {
      TableName,
      Key: keys.landClaim(c.householdId, ref.kind, ref.id),
      ConditionExpression: 'attribute_not_exists(PK) OR caseId = :case',
      ExpressionAttributeValues: { ':case': c.caseId },
    },
  }));
}

/** The claim change of a write: the transaction items and the `landClaims` the case then records. */
export interface ClaimChange {
  extra: TransactItem[];
  landClaims: LandClaimRef[];
}

/** Hold exactly `targets`: take them, and give back what the case held outside them (a changed scope). */
export function holdExactly(c: Case, targets: readonly LandClaimRef[], at: string): ClaimChange {
  const stale = (c.landClaims ?? []).filter((held) => !targets.some((t) => sameRef(t, held)));
  return {
    extra: [...acquireItems(c, targets, at), ...releaseItems(c, stale)],
    landClaims: [...targets],
  };
}

/**
 * Give back everything the case holds, for a move to `to` (withdrawn, or a rejection). A case that has
 * signed keeps its claims whatever happens (the fund's rejection after signing, a withdrawal that the
 * life cycle refuses anyway): its land is exited for good.
 */
export function releaseAll(c: Case): ClaimChange | undefined {
  if (hasExited(c)) return undefined;
  return { extra: releaseItems(c, c.landClaims ?? []), landClaims: [] };
}

// ---------------------------------------------------------------------------------------------------
// reading

/** A household's claims, read consistently (Query on its partition, every page). */
export async function readClaims(householdId: string): Promise<LandClaim[]> {
  return claimsOf(await queryAll(keys.household(householdId).PK, LAND_CLAIM_PREFIX));
}

function claimsOf(items: readonly Record<string, unknown>[]): LandClaim[] {
  const claims: LandClaim[] = [];
  for (const item of items) {
    const { kind, landId, caseId } = item;
    if ((kind === 'parcel' || kind === 'plot') && typeof landId === 'string' && typeof caseId === 'string') {
      claims.push({ kind, id: landId, caseId });
    }
  }
  return claims;
}

/**
 * The household as the registry stores it and its claims, in one consistent Query of its partition
 * (`CLAIM#…` sorts just before `HOUSEHOLD`), for the assessment, which needs both (issue 17: one
 * request where a GetItem and a Query were two).
 */
export async function readHouseholdAndClaims(
  householdId: string,
): Promise<{ household: Household | undefined; claims: LandClaim[] }> {
  const { PK, SK } = keys.household(householdId);
  const items = await queryBetween(PK, LAND_CLAIM_PREFIX, SK);
  const item = items.find((i) => i.SK === SK);
  return {
    household: item ? storedHouseholdSchema.parse(item.data) : undefined,
    claims: claimsOf(items.filter((i) => typeof i.SK === 'string' && i.SK.startsWith(LAND_CLAIM_PREFIX))),
  };
}

/**
 * The household's other cases that hold land, with what they hold: the holders of its claims, plus the
 * cases stored before claims that hold by their status (their parcels, or their plots in scope as the
 * registry now has them). `exited` says the holder has signed, so the land is gone for good.
 */
export async function landHolders(
  c: Pick<Case, 'caseId' | 'householdId'>,
  household: Household,
  /** the household's claims when the caller has just read them (readHouseholdAndClaims) */
  known?: readonly LandClaim[],
) {
  const [claims, cases] = await Promise.all([
    known ?? readClaims(c.householdId),
    allCases({ index: 'ByHousehold', householdId: c.householdId }),
  ]);
  const byId = new Map(cases.map((x) => [x.caseId, x]));
  const refs = new Map<string, OpenCaseRef & { parcelIds: string[]; plotIds: string[] }>();
  const refOf = async (caseId: string, type: Application['type']) => {
    let ref = refs.get(caseId);
    if (!ref) {
      // the index may lag behind the claim; the holder's own item does not
      const holder = byId.get(caseId) ?? (await getCase(caseId))?.case;
      ref = {
        caseId,
        type: holder?.type ?? type,
        parcelIds: [],
        plotIds: [],
        exited: holder ? hasExited(holder) : false,
      };
      refs.set(caseId, ref);
    }
    return ref;
  };
  const add = (list: string[], id: string) => {
    if (!list.includes(id)) list.push(id);
  };
  for (const claim of claims) {
    if (claim.caseId === c.caseId) continue;
    const ref = await refOf(claim.caseId, claim.kind === 'parcel' ? 'homestead_exit' : 'contract_land_exit');
    add(claim.kind === 'parcel' ? ref.parcelIds : ref.plotIds, claim.id);
  }
  // E-NO-DUPLICATE (equity, 二(二)5): shares are no land and take no claim; an open equity exit of the
  // household is found by its status (one at a time: the shares it names are spoken for until it ends)
  for (const other of cases) {
    if (other.caseId === c.caseId || other.application.type !== 'equity_exit') continue;
    if (!OPEN_STATUSES.includes(other.status) || other.status === 'failed') continue;
    const ref = await refOf(other.caseId, 'equity_exit');
    ref.shares = other.application.shares;
  }
  for (const other of cases) {
    if (other.caseId === c.caseId || !holdsByStatus(other)) continue;
    const ref = await refOf(other.caseId, other.type);
    for (const t of claimTargets(other.application, household)) {
      add(t.kind === 'parcel' ? ref.parcelIds : ref.plotIds, t.id);
    }
  }
  return [...refs.values()];
}

/** Of `targets`, the land another case holds (per `landHolders`). */
export function clashesWith(targets: readonly LandClaimRef[], holders: readonly OpenCaseRef[]): LandClash[] {
  return targets.flatMap((t) =>
    holders
      .filter((h) => (t.kind === 'parcel' ? h.parcelIds : h.plotIds).includes(t.id))
      .map((h) => ({ ...t, caseId: h.caseId, exited: h.exited ?? false })),
  );
}

/** The clashes in words, Chinese first (the appeal's 409). */
export function clashText(clashes: readonly LandClash[]): { zh: string; en: string } {
  const parts = clashes.map((x) => heldByText(x.kind, x.id, x));
  return { zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') };
}

/**
 * 409 naming each parcel or plot of `targets` that another case now holds, and that case, before a write
 * that would take them (an appeal reopening a village rejection, a signature); nothing is written.
 * `action` says what cannot happen, e.g. `{zh: '申诉不能重新开启本案件', en: 'The appeal cannot reopen this case'}`.
 */
export async function refuseIfLandHeld(
  c: Pick<Case, 'caseId' | 'householdId' | 'status'>,
  household: Household,
  targets: readonly LandClaimRef[],
  action: { zh: string; en: string },
): Promise<void> {
  const clashes = clashesWith(targets, await landHolders(c, household));
  if (clashes.length === 0) return;
  const text = clashText(clashes);
  throw new LandHeld(
    {
      zh: `${action.zh}：${text.zh}。同一宗地（地块）只能退出一次，不能同时在两个案件中办理。`,
      en: `${action.en}: ${text.en}. Land is exited only once and can be in only one open case.`,
    },
    {
      caseStatus: c.status,
      heldBy: clashes.map(({ kind, id, caseId, exited }) => ({ kind, id, caseId, exited })),
    },
  );
}
