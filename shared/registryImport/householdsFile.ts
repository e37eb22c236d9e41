import type { RegistryImportFormat } from '../contract/registryImports.js';
import type { Household } from '../domain/model/household.js';
import {
  ATTACHMENT_ORDER,
  COLUMN_KEYS,
  type ColumnKey,
  HOMESTEAD_STATUS_ZH,
  INSURANCE_ZH,
  LIST_SEPARATOR,
  NO,
  PLOT_STATUS_ZH,
  RECORD_TYPES,
  STRUCTURE_ZH,
  YES,
} from './columns.js';
import { layoutFile, type OutCell } from './layout.js';

/**
 * Households written in the template's layout (a 户 row, then its 成员, 宅基地 and 承包地 rows), such that
 * parseRegistryFile gives the same records back: the demo registry exported and imported again changes
 * nothing. It checks nothing, so a test can write a file with any bad value a registry export might
 * hold. Attachments read back in the template's item order (水井, 围墙, 树木, 棚舍); several lines of one
 * item share its cell, separated by ;.
 */
const INDEX = new Map(COLUMN_KEYS.map((k, i) => [k, i]));

function label(labels: Record<string, string>, value: unknown): OutCell {
  if (typeof value === 'string') return labels[value] ?? value;
  return cell(value);
}

function cell(value: unknown): OutCell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? YES : NO;
  return JSON.stringify(value);
}

function row(values: Partial<Record<ColumnKey, OutCell>>): OutCell[] {
  const out: OutCell[] = new Array(COLUMN_KEYS.length).fill(null);
  for (const [k, v] of Object.entries(values) as [ColumnKey, OutCell][]) out[INDEX.get(k) ?? 0] = v;
  return out;
}

export function householdRows(h: Household): OutCell[][] {
  // what a caller passes is written as it is, checked or not: read every field loosely
  const hh = h as Partial<Household>;
  const id = cell(hh.householdId);
  const rows: OutCell[][] = [
    row({
      type: RECORD_TYPES.household,
      householdId: id,
      villageCode: cell(hh.villageCode),
      headMemberId: cell(hh.headMemberId),
      homesteadQualification: cell(hh.rights?.homesteadQualification),
      collectiveIncomeDistribution: cell(hh.rights?.collectiveIncomeDistribution),
      equityShares: cell(hh.rights?.equityShares),
      socialInsuranceMonths: cell(hh.nonFarm?.socialInsuranceMonths),
      urbanResidenceMonths: cell(hh.nonFarm?.urbanResidenceMonths),
      businessLicenceMonths: cell(hh.nonFarm?.businessLicenceMonths),
      socialInsurance:
        (hh.socialInsurance ?? []).map((i) => label(INSURANCE_ZH, i)).join(LIST_SEPARATOR) || null,
    }),
  ];
  for (const m of hh.members ?? []) {
    rows.push(
      row({
        type: RECORD_TYPES.member,
        householdId: id,
        memberId: cell(m.memberId),
        name: cell(m.name),
        nationalId: cell(m.nationalId),
        birthDate: cell(m.birthDate),
        relation: cell(m.relation),
      }),
    );
  }
  for (const p of hh.homesteads ?? []) {
    const quantities: Partial<Record<ColumnKey, OutCell>> = {};
    for (const item of ATTACHMENT_ORDER) {
      const lines = (p.attachments ?? []).filter((a) => a.item === item).map((a) => a.quantity);
      if (lines.length === 1) quantities[item] = cell(lines[0]);
      else if (lines.length > 1) quantities[item] = lines.join(LIST_SEPARATOR);
    }
    rows.push(
      row({
        type: RECORD_TYPES.homestead,
        householdId: id,
        parcelId: cell(p.parcelId),
        certificateNo: cell(p.certificateNo),
        areaM2: cell(p.areaM2),
        homesteadStatus: label(HOMESTEAD_STATUS_ZH, p.status),
        mortgageeConsent: cell(p.mortgageeConsent),
        floorAreaM2: cell(p.building?.floorAreaM2),
        structure: label(STRUCTURE_ZH, p.building?.structure),
        yearBuilt: cell(p.building?.yearBuilt),
        ...quantities,
        exitedByCaseId: cell(p.exitedByCaseId),
        exitedAt: cell(p.exitedAt),
      }),
    );
  }
  for (const c of hh.contractPlots ?? []) {
    rows.push(
      row({
        type: RECORD_TYPES.plot,
        householdId: id,
        plotId: cell(c.plotId),
        areaMu: cell(c.areaMu),
        termEnd: cell(c.termEnd),
        plotStatus: label(PLOT_STATUS_ZH, c.status),
        mortgageeConsent: cell(c.mortgageeConsent),
      }),
    );
  }
  return rows;
}

export async function householdsToFile(
  format: RegistryImportFormat,
  households: readonly Household[],
): Promise<Uint8Array> {
  return layoutFile(format, households.flatMap(householdRows));
}
