import { isDeepStrictEqual } from 'node:util';
import { type CertificateHolder, certificateNumbers, plain } from '../adapters/table/certificates.js';
import { touchedLand } from '../adapters/table/claimedLand.js';
import { backoff, transact } from '../adapters/table/dynamo.js';
import {
  busy,
  explainCancellation,
  type HouseholdWrite,
  householdWrite,
  readHolders,
  readHousehold,
  type StoredHousehold,
} from '../adapters/table/registryRepository.js';
import type { RegistryImportError } from '../contract/registryImports.js';
import { type Homestead, type Household, normaliseCertificateNo } from '../domain/model/household.js';
import { AppError } from '../errors/appError.js';
import { ATTACHMENT_COLUMNS } from './columns.js';
import { CONFLICT_COLUMNS as COL } from './conflictColumns.js';
import type { ParsedHousehold } from './types.js';

/**
 * One household of an import, applied all-or-nothing (docs/registry-import.md "Applying, conflicts and
 * progress"): what a registrar's `PUT /registry/households/{id}` does (registryRepository.householdWrite,
 * the same decision and the same one transaction), except that
 * - a record exactly as stored is not written at all (`unchanged`), so the same file twice writes nothing;
 * - an exited parcel the file carries as stored (its exit's case and time may be absent from the file) is
 *   kept as stored;
 * - a refusal is not thrown but reported as a finding on the row that names what clashes (`conflict`; a
 *   parcel marked exited is a row error, `rejected`), and the household is left as stored.
 */
export type HouseholdOutcome = 'created' | 'updated' | 'unchanged' | 'conflict' | 'rejected';

export interface AppliedHousehold {
  outcome: HouseholdOutcome;
  errors: RegistryImportError[];
}

export interface ImportRun {
  importId: string;
  /** the registrar who started the import: the audit entries' actor */
  actor: string;
  now: string;
  /** certificate number (normalised) → the first parcel of the file that carries it (fileCertificateHolders) */
  fileHolders: ReadonlyMap<string, FileHolder>;
}

export interface FileHolder extends CertificateHolder {
  row: number;
}

/** What the batch reads found for this household (its first attempt; later attempts read on their own). */
export interface Prefetched {
  stored: StoredHousehold;
  holders: ReadonlyMap<string, CertificateHolder | undefined>;
}

/** The attribute an import sets on the household items it writes, so that a rerun counts them as it did. */
export const IMPORTED_BY = 'importedBy';
interface ImportedBy {
  importId: string;
  outcome: 'created' | 'updated';
}

const MAX_ATTEMPTS = 8;

/** A household decided: done (unchanged, or a finding), or a write to send. */
export type Decision =
  | { applied: AppliedHousehold; write?: undefined }
  | {
      applied?: undefined;
      write: HouseholdWrite;
      outcome: 'created' | 'updated';
      /** the record as it is written (exited parcels kept as stored) and as it was read */
      next: Household;
      stored: Household | undefined;
    };

/**
 * Decides one household against what was read (`prefetched`, or read now): unchanged, a finding, or the
 * items of its one transaction. Nothing is written here.
 */
export async function decideHousehold(
  parsed: ParsedHousehold,
  run: ImportRun,
  prefetched?: Prefetched,
): Promise<Decision> {
  const inFile = fileDuplicate(parsed, run.fileHolders);
  if (inFile) return { applied: inFile };
  const { householdId } = parsed.household;
  const stored = prefetched?.stored ?? (await readHousehold(householdId));
  const next = keepExitedAsStored(stored.household, parsed.household);
  if (stored.household && sameRecord(stored.household, next))
    return { applied: { outcome: earlierOutcome(stored, run.importId) ?? 'unchanged', errors: [] } };
  const outcome = stored.household ? 'updated' : 'created';
  const holders = prefetched?.holders ?? (await readHolders(certificateNumbers(stored.household, next)));
  const importedBy: ImportedBy = { importId: run.importId, outcome };
  try {
    const write = await householdWrite(
      stored,
      next,
      holders,
      {
        actor: run.actor,
        action: 'registry.household.import',
        entity: `household#${householdId}`,
        detail: { importId: run.importId, outcome },
      },
      run.now,
      { [IMPORTED_BY]: importedBy },
    );
    return { write, outcome, next, stored: stored.household };
  } catch (error) {
    return { applied: refused(error, parsed, stored.household, next) };
  }
}

/**
 * One household applied on its own, in its own transaction: decided (on `prefetched` the first time),
 * written; a lost race reads again and decides again, as putHousehold does.
 */
export async function applyHousehold(
  parsed: ParsedHousehold,
  run: ImportRun,
  prefetched?: Prefetched,
): Promise<AppliedHousehold> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const decision = await decideHousehold(parsed, run, attempt === 0 ? prefetched : undefined);
    if (decision.applied) return decision.applied;
    try {
      await transact(decision.write.items);
      return { outcome: decision.outcome, errors: [] };
    } catch (error) {
      try {
        await explainCancellation(error, decision.next, decision.write);
      } catch (refusal) {
        return refused(refusal, parsed, decision.stored, decision.next);
      }
      await backoff(attempt);
    }
  }
  return refused(busy(parsed.household.householdId), parsed, undefined, parsed.household);
}

/** A household this import wrote before (a rerun after a crash): counted as it was then. */
function earlierOutcome(stored: StoredHousehold, importId: string): ImportedBy['outcome'] | undefined {
  const by = stored.item?.[IMPORTED_BY] as Partial<ImportedBy> | undefined;
  return by?.importId === importId && (by.outcome === 'created' || by.outcome === 'updated')
    ? by.outcome
    : undefined;
}

const EXIT_FIELDS = ['exitedByCaseId', 'exitedAt'] as const;

/**
 * The record with every exited parcel the file carries as stored replaced by the stored one: the file
 * may leave out the exit's case and time (the template need not have them), nothing else. Any other
 * difference is left for checkExitedParcels to refuse.
 */
export function keepExitedAsStored(stored: Household | undefined, next: Household): Household {
  let changed = false;
  const homesteads = next.homesteads.map((parcel) => {
    const before = stored?.homesteads.find((p) => p.parcelId === parcel.parcelId);
    if (before?.status !== 'exited') return parcel;
    const asFiled: Partial<Homestead> = { ...before };
    for (const field of EXIT_FIELDS) if (parcel[field] === undefined) delete asFiled[field];
    if (!isDeepStrictEqual(plain(asFiled), plain(parcel))) return parcel;
    changed = true;
    return before;
  });
  return changed ? { ...next, homesteads } : next;
}

/** A certificate number an earlier household of the same file carries: the later one is a conflict. */
function fileDuplicate(
  parsed: ParsedHousehold,
  fileHolders: ReadonlyMap<string, FileHolder>,
): AppliedHousehold | undefined {
  const { household, rows } = parsed;
  for (const parcel of household.homesteads) {
    const holder = fileHolders.get(normaliseCertificateNo(parcel.certificateNo));
    if (!holder || holder.householdId === household.householdId) continue;
    return {
      outcome: 'conflict',
      errors: [
        {
          row: rows.homesteads[parcel.parcelId] ?? rows.household,
          column: COL.certificateNo,
          messageZh: `宅基地证书号 ${parcel.certificateNo} 在本文件第 ${holder.row} 行已属于农户 ${holder.householdId} 的宗地 ${holder.parcelId}，不能再登记给农户 ${household.householdId} 的宗地 ${parcel.parcelId}：同一证书号只能对应一户的一宗宅基地。本户未导入，登记簿中保持原样。`,
          messageEn: `Homestead certificate ${parcel.certificateNo} already belongs to parcel ${holder.parcelId} of household ${holder.householdId} on row ${holder.row} of this file, so it cannot be entered for parcel ${parcel.parcelId} of household ${household.householdId}: a certificate number belongs to one parcel of one household. This household was not imported and stays as stored.`,
          householdId: household.householdId,
          code: 'CERTIFICATE_HELD',
        },
      ],
    };
  }
  return undefined;
}

/**
 * Who carries each certificate number first in the file (normalised number → household, parcel, row):
 * a later household with the same number is a conflict, whatever the table holds.
 */
export function fileCertificateHolders(households: readonly ParsedHousehold[]): Map<string, FileHolder> {
  const out = new Map<string, FileHolder>();
  for (const { household, rows } of households) {
    for (const parcel of household.homesteads) {
      const norm = normaliseCertificateNo(parcel.certificateNo);
      if (out.has(norm)) continue;
      out.set(norm, {
        householdId: household.householdId,
        parcelId: parcel.parcelId,
        certificateNo: parcel.certificateNo,
        row: rows.homesteads[parcel.parcelId] ?? rows.household,
      });
    }
  }
  return out;
}

/**
 * A refusal of householdWrite as the import's finding: on the row and column that name what clashes,
 * with the refusal's own words (Chinese and English) and code. A parcel marked exited is a row error
 * (`INVALID_ROW`, the household `rejected`); every other refusal a `conflict`. Not an AppError: thrown on.
 */
function refused(
  error: unknown,
  parsed: ParsedHousehold,
  stored: Household | undefined,
  next: Household,
): AppliedHousehold {
  if (!(error instanceof AppError)) throw error;
  const { rows, household } = parsed;
  const householdCell = { row: rows.household, column: COL.household };
  const parcelRow = (parcelId: string | undefined) =>
    parcelId === undefined ? undefined : rows.homesteads[parcelId];
  const parcelAt = (path: string | undefined) => {
    const index = Number(/^body\.homesteads\.(\d+)\./.exec(path ?? '')?.[1]);
    return Number.isInteger(index) ? next.homesteads[index] : undefined;
  };
  let cell: { row: number; column: string } = householdCell;
  switch (error.code) {
    case 'CERTIFICATE_HELD':
    case 'VALIDATION_FAILED': {
      const path = error.errors[0]?.path;
      const row = parcelRow(parcelAt(path)?.parcelId);
      const column = path?.endsWith('.certificateNo') ? COL.certificateNo : COL.parcelStatus;
      if (row !== undefined) cell = { row, column };
      break;
    }
    case 'ILLEGAL_TRANSITION': {
      const exited = error.extra.exitedParcel as { parcelId?: string } | undefined;
      const row = parcelRow(exited?.parcelId);
      if (row !== undefined) cell = { row, column: COL.parcel };
      break;
    }
    case 'LAND_HELD': {
      const held = (error.extra.heldBy as { kind: string; id: string }[] | undefined)?.[0];
      const land = touchedLand(stored, next).find((t) => t.kind === held?.kind && t.id === held?.id);
      const row = land?.kind === 'parcel' ? rows.homesteads[land.id] : rows.contractPlots[land?.id ?? ''];
      if (land && land.change !== 'dropped' && row !== undefined) {
        const column =
          land.kind === 'plot'
            ? COL.plotArea
            : land.change === 'certificate'
              ? COL.certificateNo
              : COL.parcelArea;
        cell = { row, column };
      }
      break;
    }
  }
  const invalid = error.code === 'VALIDATION_FAILED';
  // a parcel marked exited: the field's own words name the parcel; the detail speaks of the whole record
  const field = invalid ? error.errors[0] : undefined;
  return {
    outcome: invalid ? 'rejected' : 'conflict',
    errors: [
      {
        ...cell,
        messageZh: field?.messageZh ?? error.detailZh,
        messageEn: field?.message ?? error.message,
        householdId: household.householdId,
        code: invalid ? 'INVALID_ROW' : error.code,
      },
    ],
  };
}

/**
 * The record as stored, compared as plain data (an absent optional equals its default), with each
 * parcel's attachments in the template's order (a stable sort: two lines of one item keep theirs): the
 * template has a column per attachment item, so a file always lists them in that order, and a record a
 * registrar's PUT stored in another order is the same record (not an `updated` with a write).
 */
function sameRecord(stored: Household, next: Household): boolean {
  return isDeepStrictEqual(plain(attachmentsInOrder(stored)), plain(attachmentsInOrder(next)));
}

function attachmentsInOrder(h: Household): Household {
  const order = Object.keys(ATTACHMENT_COLUMNS);
  const rank = (item: string) => order.indexOf(item);
  return {
    ...h,
    homesteads: h.homesteads.map((p) => ({
      ...p,
      attachments: [...p.attachments].sort((a, b) => rank(a.item) - rank(b.item)),
    })),
  };
}
