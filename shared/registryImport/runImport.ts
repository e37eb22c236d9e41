import { isConditionFailure } from '../adapters/table/dynamo.js';
import { AppError, NotFound } from '../errors/appError.js';
import { applyHouseholds, type ImportCounts } from './applyHouseholds.js';
import { readImportDocument } from './importDocument.js';
import {
  finishImport,
  getImportRecord,
  type ImportProgress,
  type ImportRecord,
  writeProgress,
} from './importStore.js';
import { knownVillages } from './knownVillages.js';
import { parseRegistryFile } from './parse.js';
import type { ParsedRegistryFile, RunImport } from './types.js';

/** Progress is written after this many more households, or this long after the last write. */
export const PROGRESS_EVERY = 250;
export const PROGRESS_MS = 1000;

/**
 * Runs an import to its end (the worker's whole job; docs/registry-import.md "Applying, conflicts and
 * progress"): reads the uploaded file, parses it (the registered villages read in batches), applies every
 * household (./applyHouseholds.ts), writing progress as it goes, then the counts and every finding (row
 * errors and conflicts, in row order) with status `done`. A file that is not the template, or a document
 * that cannot be read, ends `failed` with why, in Chinese and English. Any other error is thrown, for the
 * queue to deliver the message again.
 *
 * Safe to run again: a finished import returns at once; an import whose run broke off midway is run again
 * from the start and ends with the same counts and findings as one unbroken run, since the households it
 * had already written carry this import's id and their outcome (`importedBy`), and count as they did.
 */
export const runImport: RunImport = async (importId) => {
  const record = await getImportRecord(importId);
  if (!record) throw new NotFound({ zh: `没有导入任务 ${importId}。`, en: `no import ${importId}` });
  if (record.status !== 'running') return;
  let bytes: Uint8Array;
  try {
    bytes = await readImportDocument(record.documentId);
  } catch (error) {
    await refuse(importId, error);
    return;
  }
  await importFile(record, bytes);
};

/** A run on the file's bytes (runImport, and the benchmark, which has no upload). */
export async function importFile(
  record: Pick<ImportRecord, 'importId' | 'format' | 'startedBy'>,
  bytes: Uint8Array,
): Promise<void> {
  const { importId } = record;
  const now = new Date().toISOString();
  let file: ParsedRegistryFile;
  try {
    file = await parseRegistryFile(record.format, bytes, knownVillages);
  } catch (error) {
    await refuse(importId, error);
    return;
  }
  const progress = progressWriter(importId, file);
  await progress.flush(undefined);
  const { counts, errors } = await applyHouseholds(file.households, {
    importId,
    actor: record.startedBy,
    now,
    onProgress: (counts) => progress.maybe(counts),
  });
  await progress.settled();
  await finishImport(importId, {
    status: 'done',
    progress: progressOf(file, counts),
    // row errors and conflicts together, in row order (a stable sort keeps each row's own order)
    errors: [...file.errors, ...errors].sort((a, b) => a.row - b.row),
    at: new Date().toISOString(),
  });
}

/** The file refused as a whole (not the template, or not readable): `failed` with why; anything else is thrown. */
async function refuse(importId: string, error: unknown): Promise<void> {
  if (!(error instanceof AppError)) throw error;
  await finishImport(importId, {
    status: 'failed',
    progress: progressOf(undefined, undefined),
    errors: [],
    failure: { messageZh: error.detailZh, messageEn: error.message },
    at: new Date().toISOString(),
  });
}

function progressOf(file: ParsedRegistryFile | undefined, counts: ImportCounts | undefined): ImportProgress {
  const rejectedInFile = file?.rejectedHouseholdIds.length ?? 0;
  return {
    rows: file?.rows ?? 0,
    households: (file?.households.length ?? 0) + rejectedInFile,
    // households refused by their rows are done as soon as the file is read
    processed: rejectedInFile + (counts?.processed ?? 0),
    created: counts?.created ?? 0,
    updated: counts?.updated ?? 0,
    unchanged: counts?.unchanged ?? 0,
    conflicts: counts?.conflict ?? 0,
    rejected: rejectedInFile + (counts?.rejected ?? 0),
  };
}

/** Progress writes: one at a time, every PROGRESS_EVERY households or PROGRESS_MS, never blocking the run. */
function progressWriter(importId: string, file: ParsedRegistryFile) {
  let inFlight: Promise<void> = Promise.resolve();
  let writing = false;
  let lastProcessed = 0;
  let lastAt = Date.now();
  const flush = (counts: ImportCounts | undefined) => {
    writing = true;
    lastProcessed = counts?.processed ?? 0;
    lastAt = Date.now();
    inFlight = writeProgress(importId, progressOf(file, counts), new Date().toISOString())
      .catch((error: unknown) => {
        // the import was finished by another run meanwhile: nothing to report any more
        if (!isConditionFailure(error)) throw error;
      })
      .finally(() => {
        writing = false;
      });
    return inFlight;
  };
  return {
    flush,
    maybe(counts: Readonly<ImportCounts>) {
      if (writing) return;
      if (counts.processed - lastProcessed < PROGRESS_EVERY && Date.now() - lastAt < PROGRESS_MS) return;
      // a copy: the run goes on counting while the write is under way
      void flush({ ...counts }).catch(() => undefined);
    },
    settled: () => inFlight.catch(() => undefined),
  };
}
