import type * as z from 'zod';
import { MAX_CONTRACT_TERM_END } from '../domain/model/limits.js';
import { COL, type ColumnKey, RECORD_TYPES } from './columns.js';

/**
 * Where a finding of householdSchema lies in the file: the row of the member, parcel or plot (or the
 * household row) its path names, and the template's column for its field, with the reason in Chinese
 * and English. `homesteads.2.areaM2` is the third parcel's row, 宗地面积（平方米）.
 */
export interface RowsOfHousehold {
  household: number;
  members: number[];
  homesteads: number[];
  contractPlots: number[];
  /** for each parcel, the item of each attachment line (attachments.j → that item's column) */
  attachmentItems: string[][];
}

const MEMBER: Record<string, ColumnKey> = {
  memberId: 'memberId',
  name: 'name',
  nationalId: 'nationalId',
  birthDate: 'birthDate',
  relation: 'relation',
};
const HOMESTEAD: Record<string, ColumnKey> = {
  parcelId: 'parcelId',
  certificateNo: 'certificateNo',
  areaM2: 'areaM2',
  status: 'homesteadStatus',
  mortgageeConsent: 'mortgageeConsent',
  exitedByCaseId: 'exitedByCaseId',
  exitedAt: 'exitedAt',
};
const BUILDING: Record<string, ColumnKey> = {
  floorAreaM2: 'floorAreaM2',
  structure: 'structure',
  yearBuilt: 'yearBuilt',
};
const PLOT: Record<string, ColumnKey> = {
  plotId: 'plotId',
  areaMu: 'areaMu',
  termEnd: 'termEnd',
  status: 'plotStatus',
  mortgageeConsent: 'mortgageeConsent',
};
const HOUSEHOLD: Record<string, ColumnKey> = {
  householdId: 'householdId',
  villageCode: 'villageCode',
  headMemberId: 'headMemberId',
  homesteadQualification: 'homesteadQualification',
  collectiveIncomeDistribution: 'collectiveIncomeDistribution',
  equityShares: 'equityShares',
  socialInsuranceMonths: 'socialInsuranceMonths',
  urbanResidenceMonths: 'urbanResidenceMonths',
  businessLicenceMonths: 'businessLicenceMonths',
  socialInsurance: 'socialInsurance',
};
const LIST_ID: Record<string, ColumnKey> = {
  members: 'memberId',
  homesteads: 'parcelId',
  contractPlots: 'plotId',
};
const ROW_KIND: Record<string, string> = {
  members: RECORD_TYPES.member,
  homesteads: RECORD_TYPES.homestead,
  contractPlots: RECORD_TYPES.plot,
};

export function issueCell(
  path: readonly PropertyKey[],
  rows: RowsOfHousehold,
): { row: number; column: string } {
  const [head, index, field, sub, subField] = path;
  const list = typeof head === 'string' ? (rows as unknown as Record<string, unknown>)[head] : undefined;
  if (typeof head === 'string' && head in LIST_ID && Array.isArray(list) && typeof index === 'number') {
    const row = (list[index] as number | undefined) ?? rows.household;
    const byList = head === 'members' ? MEMBER : head === 'homesteads' ? HOMESTEAD : PLOT;
    let key: ColumnKey | undefined;
    if (field === undefined) key = LIST_ID[head];
    else if (head === 'homesteads' && field === 'building' && typeof sub === 'string') key = BUILDING[sub];
    else if (head === 'homesteads' && field === 'attachments' && typeof sub === 'number') {
      key = rows.attachmentItems[index]?.[sub] as ColumnKey | undefined;
    } else if (typeof field === 'string') key = byList[field];
    void subField;
    return { row, column: COL[key ?? LIST_ID[head] ?? 'type'] };
  }
  // a household field, one of its groups (rights.equityShares, nonFarm.urbanResidenceMonths), or a list as a whole
  const last = [...path].reverse().find((p): p is string => typeof p === 'string' && p in HOUSEHOLD);
  if (head === 'socialInsurance') return { row: rows.household, column: COL.socialInsurance };
  return { row: rows.household, column: COL[last ? (HOUSEHOLD[last] as ColumnKey) : 'type'] };
}

/** The reason of a schema finding in Chinese and English, for the column it lies in. */
export function issueMessage(
  issue: z.core.$ZodIssue,
  column: string,
  path: readonly PropertyKey[],
): { zh: string; en: string } {
  const en = `${column}: ${issue.message}`;
  const [head] = path;
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') {
        const kind = typeof head === 'string' ? (ROW_KIND[head] ?? '') : '';
        return {
          zh: `至少须有 ${min} 个「${kind || '成员'}」行`,
          en: `at least ${min} ${String(head)} rows: ${issue.message}`,
        };
      }
      if (issue.origin === 'string') return { zh: `${column}不能为空`, en };
      return { zh: `${column}不能小于 ${min}`, en };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') {
        const kind = typeof head === 'string' ? (ROW_KIND[head] ?? '') : '';
        return {
          zh: `一户至多 ${max} 个「${kind || column}」${kind ? '行' : '项'}`,
          en: `${String(head)}: ${issue.message}`,
        };
      }
      if (issue.origin === 'string') return { zh: `${column}至多 ${max} 个字`, en };
      return { zh: `${column}不能大于 ${max}`, en };
    }
    case 'invalid_format':
      return {
        zh: `${column}格式不正确（${issue.format === 'regex' ? '只可用字母、数字、- _ .' : issue.format}）`,
        en,
      };
    case 'custom': {
      // told apart by where they lie, never by their wording: the schema's own refinements
      const [, index, field] = path;
      if (typeof head === 'string' && head in LIST_ID && typeof index === 'number' && field === undefined) {
        return { zh: `${column}在本户内重复`, en };
      }
      if (head === 'socialInsurance') return { zh: `${column}有重复的险种`, en };
      if (head === 'headMemberId') return { zh: '户主成员编号须是本户某一「成员」行的成员编号', en };
      if (field === 'termEnd') return { zh: `${column}最晚为 ${MAX_CONTRACT_TERM_END}`, en };
      return { zh: `${column}的数值小数位过多或不符合要求`, en };
    }
    default:
      return { zh: `${column}的值无效`, en };
  }
}
