import type { RegistryImportError, RegistryImportFormat } from '../contract/registryImports.js';
import type { Household } from '../domain/model/household.js';

/**
 * The seam between reading an import file (./parse*.ts, ./template*.ts: owned by the parsing side) and
 * applying it (./apply*.ts, the worker: owned by the applying side). docs/registry-import.md.
 */

/** Where each part of a household came from in the file, so that a conflict names its row and column. */
export interface HouseholdRows {
  /** the household row (记录类型 户) */
  household: number;
  /** memberId → row */
  members: Record<string, number>;
  /** parcelId → row */
  homesteads: Record<string, number>;
  /** plotId → row */
  contractPlots: Record<string, number>;
}

/** A household whose every row passed its checks: the record a `PUT /registry/households/{id}` would carry. */
export interface ParsedHousehold {
  household: Household;
  rows: HouseholdRows;
}

export interface ParsedRegistryFile {
  /** data rows read (the header not counted) */
  rows: number;
  /** households whose every row passed, in the file's order */
  households: ParsedHousehold[];
  /** ids of households left out because a row of theirs failed (each failure is in `errors`) */
  rejectedHouseholdIds: string[];
  /** row findings, in row order; code `INVALID_ROW` */
  errors: RegistryImportError[];
}

/**
 * Thrown (as the app's ValidationFailed, code VALIDATION_FAILED → 400) when the file is not the template at
 * all: not a spreadsheet / CSV of that format, no sheet or header row as the template has, a column
 * missing. Its message says what was expected, in Chinese and English.
 */
export type ParseRegistryFile = (
  format: RegistryImportFormat,
  bytes: Uint8Array,
  /**
   * Which of these village codes are registered; called once with every distinct code of the file. A
   * household naming another is rejected (unknown village), its 村编码 cell reported.
   */
  knownVillages: (villageCodes: readonly string[]) => Promise<ReadonlySet<string>>,
) => Promise<ParsedRegistryFile>;

/**
 * Cheap check at `POST /registry/imports` that the file is the template (its sheet and header row), without
 * reading every row: throws ValidationFailed (400) saying what was expected. (reading side: ./parse.ts)
 */
export type CheckRegistryFile = (format: RegistryImportFormat, bytes: Uint8Array) => Promise<void>;

/** The verified upload's bytes, by document id (edge side: ./importDocument.ts). */
export type ReadImportDocument = (documentId: string) => Promise<Uint8Array>;

/** Runs an import to its end, writing progress as it goes; safe to run again (applying side: ./runImport.ts). */
export type RunImport = (importId: string) => Promise<void>;
