import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../../local/seed/demoData.js';
import { type Household, type HouseholdInput, householdSchema } from '../../shared/domain/model/household.js';
import {
  hasValidNationalIdChecksum,
  nationalIdBirthDate,
  nationalIdCheckChar,
} from '../../shared/domain/model/nationalIdChecksum.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { COL, GUIDE_SHEET, TEMPLATE_COLUMNS } from '../../shared/registryImport/columns.js';
import { csvDocument, parseCsv } from '../../shared/registryImport/csvTable.js';
import { householdsToFile } from '../../shared/registryImport/householdsFile.js';
import { checkRegistryFile, parseRegistryFile } from '../../shared/registryImport/parse.js';
import { registryTemplate, templateFileName } from '../../shared/registryImport/template.js';
import { xlsxHeaderRow } from '../../shared/registryImport/xlsxHeader.js';

/**
 * The registry import's reading side (docs/registry-import.md "The template"): households written in the
 * template's layout read back unchanged in both formats; each bad cell is reported at its row and column
 * and leaves only its household out; a file that is not the template is a 400 naming what was expected.
 */
const VILLAGE = '370302101201';
const OTHER_VILLAGE = '370303100101';
const KNOWN = new Set([VILLAGE, OTHER_VILLAGE]);

/** An 18-character national id with its real check character. */
function nid(birth: string, seq: string, district = '370302'): string {
  const first17 = `${district}${birth.replaceAll('-', '')}${seq}`;
  return `${first17}${nationalIdCheckChar(first17)}`;
}

function member(memberId: string, name: string, birthDate: string, relation: string, seq = '011') {
  return { memberId, name, nationalId: nid(birthDate, seq), birthDate, relation };
}

/** A valid household numbered n, with whatever the test changes. */
function household(n: number, extra: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    householdId: `H-T-${n}`,
    villageCode: VILLAGE,
    headMemberId: 'm1',
    members: [
      member('m1', '张建国', '1965-01-10', '户主'),
      member('m2', '李秀英', '1968-03-02', '配偶', '022'),
    ],
    homesteads: [
      {
        parcelId: `P${n}-1`,
        certificateNo: `鲁(2020)淄博市不动产权第${String(n).padStart(7, '0')}号`,
        areaM2: 220.5,
        status: 'registered',
        mortgageeConsent: false,
        building: { floorAreaM2: 150.25, structure: 'brick_concrete', yearBuilt: 2006 },
        attachments: [{ item: 'well', quantity: 1 }],
      },
    ],
    contractPlots: [
      { plotId: `C${n}-1`, areaMu: 2.5, termEnd: '2057-12-31', status: 'normal', mortgageeConsent: false },
    ],
    rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 3 },
    nonFarm: { socialInsuranceMonths: 48, urbanResidenceMonths: 36, businessLicenceMonths: 0 },
    socialInsurance: ['medical', 'pension'],
    ...extra,
  };
}

/** Households as they are stored: householdSchema's defaults filled in. */
const valid = (h: HouseholdInput): Household => householdSchema.parse(h);

/** A file with bad values in it: householdsToFile writes what it is given, checked or not. */
const raw = (h: unknown): Household => h as Household;

const VARIED: Household[] = [
  valid(
    household(1, {
      members: [
        member('m1', '王,"小"\n明', '1970-05-06', '户主'),
        member('m2', '=SUM(A1)', '1972-07-08', '配偶', '022'),
        member('m3', "'阿依古丽·买买提", '2014-06-01', '子女', '033'),
        member('m4', '-张三', '1999-12-31', '子女', '044'),
      ],
      homesteads: [
        {
          parcelId: 'P1-1',
          certificateNo: '鲁(2020)淄博市不动产权第0000011号',
          areaM2: 120.35,
          status: 'mortgaged',
          mortgageeConsent: true,
          building: { floorAreaM2: 98.76, structure: 'earth_wood', yearBuilt: 1988 },
          attachments: [
            { item: 'well', quantity: 2 },
            { item: 'wall', quantity: 35.5 },
            { item: 'wall', quantity: 12 },
            { item: 'tree', quantity: 7 },
            { item: 'shed', quantity: 18.25 },
          ],
        },
        {
          parcelId: 'P1-2',
          certificateNo: '鲁(2019)淄博市不动产权第0000012号',
          areaM2: 180,
          status: 'exited',
          mortgageeConsent: false,
          attachments: [],
          exitedByCaseId: 'C-20261125-3f9a0c1d',
          exitedAt: '2026-11-30T08:00:00.000Z',
        },
        {
          parcelId: 'P1-3',
          certificateNo: '鲁(2021)淄博市不动产权第0000013号',
          areaM2: 0.01,
          status: 'illegal_occupation',
          mortgageeConsent: false,
          building: { floorAreaM2: 0, structure: 'simple', yearBuilt: 2020 },
          attachments: [],
        },
      ],
      contractPlots: [
        { plotId: 'C1-1', areaMu: 1.2345, termEnd: '2040-12-31', status: 'leased', mortgageeConsent: false },
        {
          plotId: 'C1-2',
          areaMu: 0.0001,
          termEnd: '2057-12-31',
          status: 'mortgaged',
          mortgageeConsent: true,
        },
      ],
      rights: { homesteadQualification: false, collectiveIncomeDistribution: true, equityShares: 0 },
      nonFarm: { socialInsuranceMonths: 0, urbanResidenceMonths: 1200, businessLicenceMonths: 60 },
      socialInsurance: ['unemployment', 'medical', 'pension'],
    }),
  ),
  valid(
    household(2, {
      villageCode: OTHER_VILLAGE,
      headMemberId: 'only',
      members: [member('only', '赵一', '1950-02-28', '户主', '999')],
      homesteads: [],
      contractPlots: [],
      socialInsurance: [],
    }),
  ),
  valid(household(3)),
];

function villages() {
  const calls: string[][] = [];
  const known = async (codes: readonly string[]) => {
    calls.push([...codes]);
    return new Set(codes.filter((c) => KNOWN.has(c)));
  };
  return { calls, known };
}

async function parse(format: 'xlsx' | 'csv', bytes: Uint8Array) {
  return parseRegistryFile(format, bytes, villages().known);
}

describe.each(['xlsx', 'csv'] as const)(
  '%s: households written in the template read back unchanged',
  (format) => {
    it('members, parcels with buildings, attachments and an exited one, plots, insurance, awkward names', async () => {
      const v = villages();
      const r = await parseRegistryFile(format, await householdsToFile(format, VARIED), v.known);
      expect(r.errors).toEqual([]);
      expect(r.rejectedHouseholdIds).toEqual([]);
      expect(r.households.map((p) => p.household)).toEqual(VARIED);
      // 1 + 4 + 3 + 2 rows, 1 + 1, 1 + 2 + 1 + 1
      expect(r.rows).toBe(10 + 2 + 5);
      expect(r.households[0]?.rows).toEqual({
        household: 2,
        members: { m1: 3, m2: 4, m3: 5, m4: 6 },
        homesteads: { 'P1-1': 7, 'P1-2': 8, 'P1-3': 9 },
        contractPlots: { 'C1-1': 10, 'C1-2': 11 },
      });
      // the villages are asked once, for every code the file names
      expect(v.calls).toEqual([[VILLAGE, OTHER_VILLAGE]]);
    });

    it('the demo registry: every national id passes its checksum, every household reads back as it is', async () => {
      const demo = DEMO_HOUSEHOLDS.map((d) => valid(d.record));
      const codes = new Set(DEMO_VILLAGES.map((v) => v.villageCode));
      const r = await parseRegistryFile(format, await householdsToFile(format, demo), async (asked) => {
        return new Set(asked.filter((c) => codes.has(c)));
      });
      expect(r.errors).toEqual([]);
      expect(r.households.map((p) => p.household)).toEqual(demo);
    });

    it('a spreadsheet float (120.35000000000001) is the decimal it stands for', async () => {
      const h = household(4);
      const file = await householdsToFile(format, [
        raw({ ...h, homesteads: [{ ...h.homesteads?.[0], areaM2: 120.35000000000001 }] }),
      ]);
      const r = await parse(format, file);
      expect(r.errors).toEqual([]);
      expect(r.households[0]?.household.homesteads[0]?.areaM2).toBe(120.35);
    });

    it('the empty template is the template: its header only', async () => {
      const bytes = await registryTemplate(format);
      await expect(checkRegistryFile(format, bytes)).resolves.toBeUndefined();
      const r = await parse(format, bytes);
      expect(r).toEqual({ rows: 0, households: [], rejectedHouseholdIds: [], errors: [] });
      expect(templateFileName(format)).toBe(`农村不动产登记导入模板.${format}`);
    });
  },
);

/**
 * The bad households of one file, each with one defect, among good ones: [what, household, its row counted
 * from the household's 户 row (0; then the members, the parcels, the plots), column, reason in Chinese].
 */
const P = (h: HouseholdInput) => {
  const parcel = h.homesteads?.[0];
  if (!parcel) throw new Error('the fixture household has a parcel');
  return parcel;
};
const BAD: [string, unknown, number, string, RegExp][] = [
  [
    'a national id that fails its checksum',
    household(11, {
      members: [{ ...member('m1', '甲', '1965-01-10', '户主'), nationalId: '370302196501100110' }],
    }),
    1,
    COL.nationalId,
    /校验码/,
  ],
  [
    'a birth date the national id does not state',
    household(12, { members: [{ ...member('m1', '乙', '1965-01-10', '户主'), birthDate: '1965-01-11' }] }),
    1,
    COL.birthDate,
    /1965-01-11.*1965-01-10/,
  ],
  [
    'a negative area',
    household(13, { homesteads: [{ ...P(household(13)), areaM2: -5 }] }),
    3,
    COL.areaM2,
    /不能小于 0/,
  ],
  [
    'an area above the limit',
    household(14, { homesteads: [{ ...P(household(14)), areaM2: 20_000 }] }),
    3,
    COL.areaM2,
    /不能大于 10000/,
  ],
  [
    'three decimals of m²',
    household(15, { homesteads: [{ ...P(household(15)), areaM2: 120.355 }] }),
    3,
    COL.areaM2,
    /最多 2 位小数/,
  ],
  [
    'an unknown village',
    household(16, { villageCode: '370399999999' }),
    0,
    COL.villageCode,
    /不是已登记的村/,
  ],
  ['a head who is no member', household(17, { headMemberId: 'm9' }), 0, COL.headMemberId, /户主/],
  [
    'a member id twice',
    household(18, {
      members: [member('m1', '丙', '1965-01-10', '户主'), member('m1', '丁', '1968-03-02', '配偶', '022')],
    }),
    2,
    COL.memberId,
    /重复/,
  ],
  [
    'a structure that is none of the four',
    household(19, {
      homesteads: [
        {
          ...P(household(19)),
          building: { floorAreaM2: 100, structure: 'concrete' as never, yearBuilt: 2000 },
        },
      ],
    }),
    3,
    COL.structure,
    /砖混、砖木、土木、简易/,
  ],
  [
    'a day that does not exist',
    household(20, {
      contractPlots: [
        { plotId: 'C20-1', areaMu: 1, termEnd: '2030-02-30', status: 'normal', mortgageeConsent: false },
      ],
    }),
    4,
    COL.termEnd,
    /日期/,
  ],
  [
    'an empty required cell',
    household(21, { members: [{ ...member('m1', '戊', '1965-01-10', '户主'), name: '' }] }),
    1,
    COL.name,
    /姓名不能为空/,
  ],
  [
    'a plot whose mu have five decimals',
    household(22, {
      contractPlots: [
        {
          plotId: 'C22-1',
          areaMu: 1.23456,
          termEnd: '2057-12-31',
          status: 'normal',
          mortgageeConsent: false,
        },
      ],
    }),
    4,
    COL.areaMu,
    /最多 4 位小数/,
  ],
  [
    'a contract term past the latest',
    household(23, {
      contractPlots: [
        { plotId: 'C23-1', areaMu: 1, termEnd: '2101-01-01', status: 'normal', mortgageeConsent: false },
      ],
    }),
    4,
    COL.termEnd,
    /2100-12-31/,
  ],
];

describe.each(['xlsx', 'csv'] as const)('%s: every bad cell reported at its row and column', (format) => {
  it('each bad household is left out whole, the good ones are read', async () => {
    // one member row each (the bad ones' own first member), so each household spans 4 rows
    const goods = [valid(household(1, { members: [member('m1', '张', '1965-01-10', '户主')] }))];
    const file: Household[] = [...goods];
    const starts = new Map<string, number>();
    let row = 2 + 4;
    for (const [, h] of BAD) {
      const hh = h as HouseholdInput;
      starts.set(hh.householdId, row);
      file.push(raw(hh));
      row += 1 + (hh.members?.length ?? 0) + (hh.homesteads?.length ?? 0) + (hh.contractPlots?.length ?? 0);
    }
    const last = valid(household(99, { members: [member('m1', '张', '1965-01-10', '户主')] }));
    file.push(last);
    const r = await parse(format, await householdsToFile(format, file));
    expect(r.households.map((p) => p.household)).toEqual([...goods, last]);
    expect(r.rejectedHouseholdIds).toEqual(BAD.map(([, h]) => (h as HouseholdInput).householdId));
    for (const [what, h, offset, column, zh] of BAD) {
      const id = (h as HouseholdInput).householdId;
      const found = r.errors.filter((e) => e.householdId === id);
      const expectedRow = (starts.get(id) ?? 0) + offset;
      expect(found, what).toEqual([
        expect.objectContaining({
          row: expectedRow,
          column,
          code: 'INVALID_ROW',
          messageZh: expect.stringMatching(zh),
        }),
      ]);
      expect(found[0]?.messageEn, what).not.toBe('');
    }
    expect(r.errors.map((e) => e.row)).toEqual([...r.errors.map((e) => e.row)].sort((a, b) => a - b));
  });
});

/** The CSV of households, edited line by line (none of these has a line break inside a cell). */
async function csvLines(households: HouseholdInput[]): Promise<string[]> {
  const text = new TextDecoder().decode(await householdsToFile('csv', households.map(raw)));
  return text.split('\r\n').slice(0, -1);
}
const encodeCsv = (lines: string[]) => new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);

describe('rows that do not fit together (CSV edited by hand)', () => {
  it('an unknown 记录类型, a household without its 户 row, a second 户 row, a certificate number twice', async () => {
    const lines = await csvLines([household(1), household(2), household(3), household(4), household(5)]);
    // each household: 户, two members, a parcel, a plot = 5 lines; line 0 is the header (row 1)
    const rowOf = (h: number, k: number) => 1 + (h - 1) * 5 + k; // index in lines; row = index + 1
    lines[rowOf(1, 2)] = (lines[rowOf(1, 2)] ?? '').replace(/^成员/, '家属');
    lines[rowOf(2, 0)] = ''; // household 2 loses its 户 row (a blank line is skipped)
    lines.push(lines[rowOf(3, 0)] ?? ''); // household 3 has a second 户 row, at the end
    const parcel5 = (lines[rowOf(4, 3)] ?? '').replace(/H-T-4/, 'H-T-5').replace(/P4-1/, 'P5-9');
    lines.push(parcel5); // household 5 names household 4's certificate number
    const r = await parse('csv', encodeCsv(lines));
    expect(r.households.map((p) => p.household.householdId)).toEqual(['H-T-4']);
    expect(r.rejectedHouseholdIds).toEqual(['H-T-1', 'H-T-2', 'H-T-3', 'H-T-5']);
    expect(r.errors.map((e) => [e.row, e.column, e.householdId])).toEqual([
      [rowOf(1, 2) + 1, COL.type, 'H-T-1'],
      [rowOf(2, 1) + 1, COL.type, 'H-T-2'],
      [lines.length - 1, COL.type, 'H-T-3'],
      [lines.length, COL.certificateNo, 'H-T-5'],
    ]);
    expect(r.errors[0]?.messageZh).toMatch(/户、成员、宅基地、承包地/);
    expect(r.errors[1]?.messageZh).toMatch(/没有「户」行/);
    expect(r.errors[2]?.messageZh).toMatch(/重复/);
    expect(r.errors[3]?.messageZh).toMatch(new RegExp(`第 ${rowOf(4, 3) + 1} 行`));
    // 5 × 5 lines, one blank, two more
    expect(r.rows).toBe(25 - 1 + 2);
  });

  it('reads English codes and rows of a household far apart', async () => {
    const lines = await csvLines([household(1), household(2)]);
    const english = lines.map((l) =>
      l.replace(',已登记,', ',registered,').replace(',砖混,', ',brick_concrete,').replace(/,是,/g, ',true,'),
    );
    // household 2's parcel exited, its time in Beijing time as a clerk types it
    const cells = (english[9] ?? '').split(',');
    cells[TEMPLATE_COLUMNS.indexOf(COL.homesteadStatus)] = 'exited';
    cells[TEMPLATE_COLUMNS.indexOf(COL.exitedByCaseId)] = 'C-9';
    cells[TEMPLATE_COLUMNS.indexOf(COL.exitedAt)] = '2026-11-30 16:00';
    english[9] = cells.join(',');
    // household 1's plot row moved to the end, after household 2
    const [plot] = english.splice(5, 1);
    english.push(plot ?? '');
    const r = await parse('csv', encodeCsv(english));
    expect(r.errors).toEqual([]);
    const second = valid(household(2));
    const parcel = {
      ...P(second),
      status: 'exited' as const,
      exitedByCaseId: 'C-9',
      exitedAt: '2026-11-30T08:00:00.000Z',
    };
    expect(r.households.map((p) => p.household)).toEqual([
      valid(household(1)),
      { ...second, homesteads: [parcel] },
    ]);
    expect(r.households[0]?.rows.contractPlots).toEqual({ 'C1-1': 11 });
  });
});

describe('xlsx cells as Excel keeps them', () => {
  it('a date cell is that day; a national id typed as a number is reported; a float area is rounded', async () => {
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    const ws = wb.addWorksheet('农户登记');
    ws.addRow([...TEMPLATE_COLUMNS]);
    const at = (values: Partial<Record<keyof typeof COL, unknown>>) => {
      const cells = Object.keys(COL).map((k) => values[k as keyof typeof COL] ?? null);
      ws.addRow(cells);
    };
    const hh = { householdId: 'H-X-1', homesteadQualification: true, collectiveIncomeDistribution: false };
    const rest = {
      equityShares: 2,
      socialInsuranceMonths: 1,
      urbanResidenceMonths: 2,
      businessLicenceMonths: 3,
    };
    at({ type: '户', villageCode: VILLAGE, headMemberId: 'm1', ...hh, ...rest });
    // 出生日期 as an Excel date (exceljs writes the day at UTC midnight), 成员编号 as a number
    at({
      type: '成员',
      householdId: 'H-X-1',
      memberId: 'm1',
      name: '甲',
      nationalId: nid('1965-01-10', '011'),
      birthDate: new Date(Date.UTC(1965, 0, 10)),
      relation: '户主',
    });
    at({
      type: '宅基地',
      householdId: 'H-X-1',
      parcelId: 'P1',
      certificateNo: 'X-1',
      areaM2: 0.1 + 0.2,
      homesteadStatus: '已退出',
      exitedByCaseId: 'C-1',
      // an Excel date-time: 16:00 on the Zibo clock
      exitedAt: new Date(Date.UTC(2026, 10, 30, 16, 0, 0)),
    });
    at({
      type: '户',
      householdId: 'H-X-2',
      villageCode: VILLAGE,
      headMemberId: 1,
      ...rest,
      homesteadQualification: '否',
      collectiveIncomeDistribution: '否',
    });
    at({
      type: '成员',
      householdId: 'H-X-2',
      memberId: 1,
      name: '乙',
      // what Excel keeps of an 18-digit number typed into a cell: 15 significant digits
      nationalId: 370302196501100000,
      birthDate: '1965-01-10',
      relation: '户主',
    });
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const r = await parse('xlsx', bytes);
    expect(r.households.map((p) => p.household.householdId)).toEqual(['H-X-1']);
    const h = r.households[0]?.household;
    expect(h?.members[0]?.birthDate).toBe('1965-01-10');
    expect(h?.homesteads[0]?.areaM2).toBe(0.3);
    expect(h?.homesteads[0]?.exitedAt).toBe('2026-11-30T08:00:00.000Z');
    expect(h?.rights).toEqual({
      homesteadQualification: true,
      collectiveIncomeDistribution: false,
      equityShares: 2,
    });
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 6,
        column: COL.nationalId,
        householdId: 'H-X-2',
        messageZh: expect.stringMatching(/文本格式/),
      }),
    ]);
  });
});

/** The 400 of a file that is not the template, from the cheap check and from the parse alike. */
async function refused(format: 'xlsx' | 'csv', bytes: Uint8Array): Promise<ValidationFailed> {
  const errors: unknown[] = [];
  for (const read of [() => checkRegistryFile(format, bytes), () => parse(format, bytes)]) {
    try {
      await read();
    } catch (e) {
      errors.push(e);
    }
  }
  expect(errors).toHaveLength(2);
  const e = errors[0] as ValidationFailed;
  expect(e).toBeInstanceOf(ValidationFailed);
  expect(e.code).toBe('VALIDATION_FAILED');
  expect(e.status).toBe(400);
  expect((errors[1] as ValidationFailed).detailZh).toBe(e.detailZh);
  return e;
}

describe('a file that is not the template: 400 saying what was expected', () => {
  const header = (cols: readonly string[]) => new TextEncoder().encode(csvDocument([cols]));

  it('a CSV lacking columns names them; unknown columns are named too', async () => {
    const e = await refused(
      'csv',
      header(TEMPLATE_COLUMNS.filter((c) => c !== COL.name && c !== COL.areaMu)),
    );
    expect(e.detailZh).toContain(`表头缺少列：${COL.name}、${COL.areaMu}`);
    expect(e.message).toContain(`${COL.name}, ${COL.areaMu}`);
    expect(e.extra.missingColumns).toEqual([COL.name, COL.areaMu]);
    const u = await refused('csv', header([...TEMPLATE_COLUMNS, '备注']));
    expect(u.detailZh).toContain('模板之外的列：备注');
    expect(u.detailZh).toContain(TEMPLATE_COLUMNS.join('、'));
  });

  it('a CSV that is not UTF-8 (GBK from Excel), an empty file', async () => {
    // "记录类型" in GBK
    const gbk = new Uint8Array([0xbc, 0xc7, 0xc2, 0xbc, 0xc0, 0xe0, 0xd0, 0xcd, 0x0d, 0x0a]);
    expect((await refused('csv', gbk)).detailZh).toContain('UTF-8');
    expect((await refused('csv', new Uint8Array())).detailZh).toContain('没有表头');
  });

  it('an xlsx that is no zip, a CSV sent as xlsx, a workbook whose first sheet is something else', async () => {
    expect((await refused('xlsx', new TextEncoder().encode('not a workbook'))).detailZh).toContain('zip');
    expect((await refused('xlsx', await registryTemplate('csv'))).detailZh).toContain('不是 xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['户号', '姓名']);
    const other = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const e = await refused('xlsx', other);
    expect(e.detailZh).toContain('表头缺少列：记录类型、农户编号');
    expect(e.detailZh).toContain('模板之外的列：户号');
    const broken = (await registryTemplate('xlsx')).slice(0, 200);
    expect((await refused('xlsx', broken)).detailZh).toMatch(/无法读取|没有/);
  });
});

describe('the upload check reads row 1 only', () => {
  it('finds the header as exceljs does: shared strings, rich text, entities, a gap', async () => {
    expect(xlsxHeaderRow(await registryTemplate('xlsx'))).toEqual([...TEMPLATE_COLUMNS]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.getCell('A1').value = { richText: [{ text: '记录', font: { bold: true } }, { text: '类型' }] };
    ws.getCell('B1').value = 'a & <b>';
    ws.getCell('D1').value = 12;
    ws.getCell('A2').value = 'row 2';
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(xlsxHeaderRow(bytes)).toEqual(['记录类型', 'a & <b>', null, '12']);
    // a workbook whose row 1 is empty: no short cut, exceljs decides
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('x').getCell('A3').value = 'late';
    expect(xlsxHeaderRow(new Uint8Array((await empty.xlsx.writeBuffer()) as ArrayBuffer))).toBeUndefined();
  });
});

describe('the xlsx template explains itself', () => {
  it('has the header on 农户登记 and a 填写说明 row for every column', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await registryTemplate('xlsx')) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['农户登记', GUIDE_SHEET]);
    expect(((wb.worksheets[0]?.getRow(1).values ?? []) as unknown[]).slice(1)).toEqual([...TEMPLATE_COLUMNS]);
    const guide: string[] = [];
    wb.worksheets[1]?.eachRow((r) => {
      guide.push(String(r.getCell(1).value ?? ''));
    });
    for (const c of TEMPLATE_COLUMNS) expect(guide, c).toContain(c);
  });

  it('the CSV template is UTF-8 with a byte-order mark and the header row', async () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await registryTemplate('csv'));
    expect(text).toBe(`\uFEFF${TEMPLATE_COLUMNS.join(',')}\r\n`);
  });
});

describe('the CSV reader', () => {
  it('quotes, doubled quotes, line breaks in cells, CR or LF line ends, the writer’s apostrophe', () => {
    const text = 'a,"b,""c""\r\nd",e\nf,\'=1+2,\'\'x\r"g"\r\n,,';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['a', 'b,"c"\r\nd', 'e'] },
      { row: 2, fields: ['f', '=1+2', "'x"] },
      { row: 3, fields: ['g'] },
      { row: 4, fields: ['', '', ''] },
    ]);
    const written = csvDocument([['=cmd', -5, "'quoted", '+1', '@x', 'plain', null, 12.5]]);
    expect(written).toBe("\uFEFF'=cmd,-5,''quoted,'+1,'@x,plain,,12.5\r\n");
    expect(parseCsv(written.slice(1))[0]?.fields).toEqual([
      '=cmd',
      '-5',
      "'quoted",
      '+1',
      '@x',
      'plain',
      '',
      '12.5',
    ]);
  });
});

describe('GB 11643 check character', () => {
  it('computes the published examples and refuses a changed digit', () => {
    expect(nationalIdCheckChar('11010519491231002')).toBe('X');
    expect(nationalIdCheckChar('37030219700308123')).toBe('5');
    expect(hasValidNationalIdChecksum('11010519491231002X')).toBe(true);
    expect(hasValidNationalIdChecksum('110105194912310021')).toBe(false);
    expect(hasValidNationalIdChecksum('370302197003081235')).toBe(true);
    expect(hasValidNationalIdChecksum('370302197003081234')).toBe(false);
    expect(hasValidNationalIdChecksum('37030219700308123')).toBe(false);
    expect(nationalIdCheckChar('3703021970030812a')).toBeUndefined();
    // every check character occurs, each for exactly one 18th character
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) {
      const first17 = `3703021970030${String(s).padStart(4, '0')}`;
      const c = nationalIdCheckChar(first17) ?? '';
      seen.add(c);
      const others = '0123456789X'.split('').filter((x) => x !== c);
      for (const o of others) expect(hasValidNationalIdChecksum(first17 + o)).toBe(false);
    }
    expect(seen).toEqual(new Set('0123456789X'.split('')));
    expect(nationalIdBirthDate('11010519491231002X')).toBe('1949-12-31');
  });
});
