import { resolve } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/adapters/clients.js';
import { keys } from '../shared/adapters/keys.js';
import { type CertificateHolder, certificateKey, holderOf } from '../shared/adapters/table/certificates.js';
import { getItem, tableName } from '../shared/adapters/table/dynamo.js';
import { putHousehold } from '../shared/adapters/table/registryRepository.js';
import { type Household, householdSchema, normaliseCertificateNo } from '../shared/domain/model/household.js';
import { AppError } from '../shared/errors/appError.js';

/**
 * The one-off backfill of docs/registry-integrity.md ("Records written before this"): every household
 * stored before certificate items existed holds none, so a new household could still take one of its
 * numbers. This re-writes every stored household, unchanged, through the repository's putHousehold (the
 * same transaction as a registrar's PUT: household item, audit entry, one certificate item per parcel),
 * so each takes its numbers; a household whose number another already holds is not written, and every
 * such conflict is printed — household, parcel, certificate, holder — and the run goes on.
 *
 *   TABLE_NAME=… [AWS_REGION=… AWS_ENDPOINT_URL_DYNAMODB=…] npx tsx scripts/backfillCertificates.ts
 *
 * Exit code 1 when there was a conflict or a failure. Safe to run again: a household already holding its
 * numbers is written again unchanged (a new revision and audit entry), and conflicts are listed again
 * until the registry's duplicates are resolved. Households are taken in id order, so of two households
 * with one number the one with the smaller id takes it and the other is reported.
 */

/** A number a household could not take: which parcel, which number, and who holds it. */
export interface Conflict {
  householdId: string;
  parcelId: string;
  certificateNo: string;
  heldBy: CertificateHolder;
}

export interface BackfillReport {
  households: number;
  written: number;
  conflicts: Conflict[];
  /** households refused for another reason, or not written at all (an outage), with the reason */
  failures: { householdId: string; code: string; message: string }[];
}

/**
 * Every household item. The table has no index on households (docs/data-model.md: a household is read
 * by its id; no access pattern lists them), so this is a Scan with a filter — acceptable for a one-off
 * migration run by an operator, never for a Lambda (their roles have no Scan; infra/constructs/appFunction.ts).
 */
export async function scanHouseholds(): Promise<Household[]> {
  const out: Household[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'SK = :sk AND begins_with(PK, :pk)',
        ExpressionAttributeValues: { ':sk': keys.household('x').SK, ':pk': 'HOUSEHOLD#' },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) out.push(householdSchema.parse(item.data));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out.sort((a, b) => (a.householdId < b.householdId ? -1 : a.householdId > b.householdId ? 1 : 0));
}

/**
 * Every number of the household that is not free for it: held by another household or parcel, or a
 * repeat of an earlier parcel's number in the same record (putHousehold stops at the first; this lists all).
 */
async function conflictsOf(h: Household): Promise<Conflict[]> {
  const out: Conflict[] = [];
  const first = new Map<string, CertificateHolder>();
  for (const parcel of h.homesteads) {
    const norm = normaliseCertificateNo(parcel.certificateNo);
    const at = { householdId: h.householdId, parcelId: parcel.parcelId, certificateNo: parcel.certificateNo };
    const earlier = first.get(norm);
    if (earlier) {
      out.push({ ...at, heldBy: earlier });
      continue;
    }
    first.set(norm, at);
    const holder = holderOf(await getItem(certificateKey(parcel.certificateNo)));
    if (holder && !(holder.householdId === h.householdId && holder.parcelId === parcel.parcelId))
      out.push({ ...at, heldBy: holder });
  }
  return out;
}

export async function backfillCertificates(
  opts: { actor?: string; now?: string; log?: (line: string) => void } = {},
): Promise<BackfillReport> {
  const actor = opts.actor ?? 'system:backfill-certificates';
  const log = opts.log ?? ((line: string) => console.log(line));
  const households = await scanHouseholds();
  const report: BackfillReport = { households: households.length, written: 0, conflicts: [], failures: [] };
  for (const h of households) {
    try {
      await putHousehold(h, actor, opts.now ?? new Date().toISOString());
      report.written++;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CERTIFICATE_HELD') {
        const found = await conflictsOf(h);
        // a holder that moved since the refusal: report what the refusal said
        const conflicts = found.length > 0 ? found : fromRefusal(h, error);
        for (const c of conflicts) {
          report.conflicts.push(c);
          log(
            `CONFLICT household ${c.householdId} parcel ${c.parcelId} certificate ${c.certificateNo}: held by household ${c.heldBy.householdId} parcel ${c.heldBy.parcelId} (entered as ${c.heldBy.certificateNo})`,
          );
        }
        continue;
      }
      const code = error instanceof AppError ? error.code : error instanceof Error ? error.name : 'UNKNOWN';
      const message = error instanceof Error ? error.message : String(error);
      report.failures.push({ householdId: h.householdId, code, message });
      log(`FAILED household ${h.householdId}: ${code} ${message}`);
    }
  }
  log(
    `${report.households} households: ${report.written} written, ${report.conflicts.length} conflicts, ${report.failures.length} failures`,
  );
  return report;
}

function fromRefusal(h: Household, error: AppError): Conflict[] {
  const heldBy = error.extra.heldBy as CertificateHolder | undefined;
  const index = Number(/^body\.homesteads\.(\d+)\./.exec(error.errors[0]?.path ?? '')?.[1]);
  const parcel = h.homesteads[index];
  if (!heldBy || !parcel) return [];
  return [
    { householdId: h.householdId, parcelId: parcel.parcelId, certificateNo: parcel.certificateNo, heldBy },
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const report = await backfillCertificates();
  process.exitCode = report.conflicts.length > 0 || report.failures.length > 0 ? 1 : 0;
}
