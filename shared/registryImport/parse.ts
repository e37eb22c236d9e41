import type { RegistryImportError } from '../contract/registryImports.js';
import { householdSchema, normaliseCertificateNo } from '../domain/model/household.js';
import { hasValidNationalIdChecksum, nationalIdBirthDate } from '../domain/model/nationalIdChecksum.js';
import { columnIndex, enumCode, isBlankRow, RowCells } from './cells.js';
import {
  ATTACHMENT_ORDER,
  COL,
  HOMESTEAD_STATUS_ZH,
  INSURANCE_ZH,
  PLOT_STATUS_ZH,
  RECORD_TYPES,
  type RecordType,
  STRUCTURE_ZH,
  TEMPLATE_COLUMNS,
} from './columns.js';
import { issueCell, issueMessage, type RowsOfHousehold } from './schemaIssues.js';
import { readTable, type TableRow } from './table.js';
import type { CheckRegistryFile, ParsedHousehold, ParseRegistryFile } from './types.js';

/**
 * Reading an import file (docs/registry-import.md "The template"): the table (./table.ts), each row's
 * cells (./cells.ts), the rows grouped by 农户编号 into households, the checks across rows (户 row once,
 * certificate numbers once in the file, a known village), then householdSchema on each household with
 * its findings mapped back to row and column (./schemaIssues.ts). A household with any finding is left
 * out whole (all-or-nothing); the others are what a `PUT /registry/households/{id}` would carry.
 */

type Fields = Record<string, unknown>;

interface Part {
  row: number;
  value: Fields;
  /** homesteads: the item of each attachment line */
  items?: string[];
}

interface Group {
  householdId: string;
  firstRow: number;
  households: Part[];
  members: Part[];
  homesteads: Part[];
  plots: Part[];
}

const COLUMN_ORDER = new Map(TEMPLATE_COLUMNS.map((c, i) => [c, i]));

/** The fields read, without those that were empty or could not be read (so a record has no `key: undefined`). */
function defined(fields: Fields): Fields {
  const out: Fields = {};
  for (const k in fields) if (fields[k] !== undefined) out[k] = fields[k];
  return out;
}

function recordType(cells: RowCells): RecordType | undefined {
  const t = cells.text('type', true);
  if (t === undefined) return undefined;
  const type = enumCode(RECORD_TYPES, t);
  if (type !== undefined) return type;
  return cells.problem(
    'type',
    `记录类型须为以下之一：${Object.values(RECORD_TYPES).join('、')}（“${t}”）`,
    `记录类型 (record type) must be one of ${Object.values(RECORD_TYPES).join(', ')} ("${t}")`,
  );
}

function householdFields(c: RowCells): Fields {
  return {
    villageCode: c.text('villageCode', true),
    headMemberId: c.text('headMemberId', true),
    rights: defined({
      homesteadQualification: c.bool('homesteadQualification', true),
      collectiveIncomeDistribution: c.bool('collectiveIncomeDistribution', true),
      equityShares: c.int('equityShares', true),
    }),
    nonFarm: defined({
      socialInsuranceMonths: c.int('socialInsuranceMonths', true),
      urbanResidenceMonths: c.int('urbanResidenceMonths', true),
      businessLicenceMonths: c.int('businessLicenceMonths', true),
    }),
    socialInsurance: c.listOf('socialInsurance', INSURANCE_ZH),
  };
}

function memberFields(c: RowCells): Fields {
  const raw = c.raw('nationalId');
  let nationalId: string | undefined;
  if (typeof raw === 'number') {
    // a spreadsheet keeps 15 significant digits of a number: the id was entered as a number and is lost
    c.problem(
      'nationalId',
      '公民身份号码须以文本格式填写（作为数字时末几位已丢失）',
      'the national id must be entered as text (as a number its last digits are lost)',
    );
  } else {
    nationalId = c.text('nationalId', true)?.toUpperCase();
  }
  const birthDate = c.date('birthDate', true);
  if (nationalId !== undefined) {
    if (!/^\d{17}[\dX]$/.test(nationalId)) {
      c.problem(
        'nationalId',
        `公民身份号码须为 18 位，前 17 位为数字、末位为数字或 X（“${nationalId}”）`,
        `the national id must be 18 characters, 17 digits and a digit or X ("${nationalId}")`,
      );
    } else if (!hasValidNationalIdChecksum(nationalId)) {
      c.problem(
        'nationalId',
        `公民身份号码校验码不正确（GB 11643），请核对（“${nationalId}”）`,
        `the national id fails its check character (GB 11643) ("${nationalId}")`,
      );
    } else {
      const stated = nationalIdBirthDate(nationalId);
      if (birthDate !== undefined && stated !== birthDate) {
        c.problem(
          'birthDate',
          `出生日期 ${birthDate} 与公民身份号码中的 ${stated ?? '（无效日期）'} 不一致`,
          `the birth date ${birthDate} differs from the national id's ${stated ?? '(invalid)'}`,
        );
      }
    }
  }
  return {
    memberId: c.text('memberId', true),
    name: c.text('name', true),
    nationalId,
    birthDate,
    relation: c.text('relation', true),
  };
}

function homesteadPart(c: RowCells, row: number): Part {
  const hasBuilding = !c.isEmpty('floorAreaM2') || !c.isEmpty('structure') || !c.isEmpty('yearBuilt');
  const attachments: { item: string; quantity: number }[] = [];
  for (const item of ATTACHMENT_ORDER) {
    for (const quantity of c.decimals(item, 2) ?? []) attachments.push({ item, quantity });
  }
  const value = defined({
    parcelId: c.text('parcelId', true),
    certificateNo: c.text('certificateNo', true),
    areaM2: c.decimal('areaM2', 2, true),
    status: c.oneOf('homesteadStatus', HOMESTEAD_STATUS_ZH, true),
    mortgageeConsent: c.bool('mortgageeConsent', false, false),
    building: hasBuilding
      ? defined({
          floorAreaM2: c.decimal('floorAreaM2', 2, true),
          structure: c.oneOf('structure', STRUCTURE_ZH, true),
          yearBuilt: c.int('yearBuilt', true),
        })
      : undefined,
    attachments,
    exitedByCaseId: c.text('exitedByCaseId', false),
    exitedAt: c.instant('exitedAt'),
  });
  return { row, value, items: attachments.map((a) => a.item) };
}

function plotFields(c: RowCells): Fields {
  return {
    plotId: c.text('plotId', true),
    areaMu: c.decimal('areaMu', 4, true),
    termEnd: c.date('termEnd', true),
    status: c.oneOf('plotStatus', PLOT_STATUS_ZH, true),
    mortgageeConsent: c.bool('mortgageeConsent', false, false),
  };
}

class Findings {
  readonly list: RegistryImportError[] = [];
  readonly failed = new Set<string>();
  private readonly cells = new Set<string>();

  add(row: number, column: string, zh: string, en: string, householdId?: string): void {
    const key = `${row}\u0000${column}`;
    if (this.cells.has(key)) return;
    this.cells.add(key);
    this.list.push({
      row,
      column,
      messageZh: zh,
      messageEn: en,
      ...(householdId === undefined ? {} : { householdId }),
      code: 'INVALID_ROW',
    });
    if (householdId !== undefined) this.failed.add(householdId);
  }

  sorted(): RegistryImportError[] {
    return this.list.sort(
      (a, b) => a.row - b.row || (COLUMN_ORDER.get(a.column) ?? 0) - (COLUMN_ORDER.get(b.column) ?? 0),
    );
  }
}

export const parseRegistryFile: ParseRegistryFile = async (format, bytes, knownVillages) => {
  const table = await readTable(format, bytes);
  const findings = new Findings();
  const groups = new Map<string, Group>();
  let rows = 0;

  const index = columnIndex(table.columns);
  const take = ({ row, cells: raw }: TableRow): void => {
    if (isBlankRow(raw)) return;
    const cells = new RowCells(raw, index);
    rows += 1;
    const householdId = cells.text('householdId', true);
    if (householdId === undefined) {
      for (const p of cells.problems) findings.add(row, p.column, p.zh, p.en);
      return;
    }
    let group = groups.get(householdId);
    if (!group) {
      group = { householdId, firstRow: row, households: [], members: [], homesteads: [], plots: [] };
      groups.set(householdId, group);
    }
    const type = recordType(cells);
    if (type === 'household') group.households.push({ row, value: householdFields(cells) });
    else if (type === 'member') group.members.push({ row, value: memberFields(cells) });
    else if (type === 'homestead') group.homesteads.push(homesteadPart(cells, row));
    else if (type === 'plot') group.plots.push({ row, value: plotFields(cells) });
    for (const p of cells.problems) findings.add(row, p.column, p.zh, p.en, householdId);
  };
  // a CSV's rows come synchronously: a plain loop spares a promise per row
  if (Symbol.asyncIterator in table.rows) for await (const r of table.rows) take(r);
  else for (const r of table.rows) take(r);

  // across rows: one 户 row per household, a certificate number once in the file
  const certificates = new Map<string, { row: number; householdId: string }>();
  for (const g of groups.values()) {
    if (g.households.length === 0) {
      findings.add(
        g.firstRow,
        COL.type,
        `农户 ${g.householdId} 没有「户」行（其成员、宅基地、承包地行无所归属）`,
        `household ${g.householdId} has no 户 (household) row`,
        g.householdId,
      );
    }
    for (const extra of g.households.slice(1)) {
      findings.add(
        extra.row,
        COL.type,
        `农户 ${g.householdId} 的「户」行重复（第 ${g.households[0]?.row} 行已有）`,
        `household ${g.householdId} has a second 户 row (the first is row ${g.households[0]?.row})`,
        g.householdId,
      );
    }
    for (const p of g.homesteads) {
      const no = p.value.certificateNo;
      if (typeof no !== 'string') continue;
      const key = normaliseCertificateNo(no);
      const first = certificates.get(key);
      if (first) {
        findings.add(
          p.row,
          COL.certificateNo,
          `不动产权证书号与第 ${first.row} 行（农户 ${first.householdId}）重复`,
          `the certificate number repeats row ${first.row} (household ${first.householdId})`,
          g.householdId,
        );
      } else certificates.set(key, { row: p.row, householdId: g.householdId });
    }
  }

  // the villages, asked once for every code the file names
  const codes = new Set<string>();
  for (const g of groups.values()) {
    const code = g.households[0]?.value.villageCode;
    if (typeof code === 'string' && /^\d{12}$/.test(code)) codes.add(code);
  }
  const known = codes.size > 0 ? await knownVillages([...codes]) : new Set<string>();

  const households: ParsedHousehold[] = [];
  for (const g of groups.values()) {
    const head = g.households[0];
    if (!head) continue;
    const code = head.value.villageCode;
    if (typeof code === 'string' && codes.has(code) && !known.has(code)) {
      findings.add(
        head.row,
        COL.villageCode,
        `村编码 ${code} 不是已登记的村`,
        `village code ${code} is not a registered village`,
        g.householdId,
      );
    }
    const record = defined({ householdId: g.householdId, ...defined(head.value) });
    record.members = g.members.map((p) => defined(p.value));
    record.homesteads = g.homesteads.map((p) => p.value);
    record.contractPlots = g.plots.map((p) => defined(p.value));
    const at: RowsOfHousehold = {
      household: head.row,
      members: g.members.map((p) => p.row),
      homesteads: g.homesteads.map((p) => p.row),
      contractPlots: g.plots.map((p) => p.row),
      attachmentItems: g.homesteads.map((p) => p.items ?? []),
    };
    const parsed = householdSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const { row, column } = issueCell(issue.path, at);
        const { zh, en } = issueMessage(issue, column, issue.path);
        findings.add(row, column, zh, en, g.householdId);
      }
      continue;
    }
    if (findings.failed.has(g.householdId)) continue;
    households.push({
      household: parsed.data,
      rows: {
        household: head.row,
        members: Object.fromEntries(g.members.map((p) => [p.value.memberId, p.row])),
        homesteads: Object.fromEntries(g.homesteads.map((p) => [p.value.parcelId, p.row])),
        contractPlots: Object.fromEntries(g.plots.map((p) => [p.value.plotId, p.row])),
      },
    });
  }

  const rejectedHouseholdIds = [...groups.keys()].filter((id) => findings.failed.has(id));
  return { rows, households, rejectedHouseholdIds, errors: findings.sorted() };
};

/** The cheap check at upload: the file is the template (its sheet and header row); no data row is read. */
export const checkRegistryFile: CheckRegistryFile = async (format, bytes) => {
  await readTable(format, bytes, true);
};
