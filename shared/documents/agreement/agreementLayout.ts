import { groupedYuan } from '../../domain/compensation/format.js';
import type { PdfCell, PdfContent, PdfDocumentDefinition, PdfNode } from '../pdf/definition.js';
import type { AgreementContent, TextTable } from './agreementTypes.js';

/**
 * The agreement set on A4: 10.5 pt body, an 18 pt centred title, tables with light rules for the land,
 * the priced lines and the schedule, the verification line and the page count in every page's footer,
 * a 预览 · 未签署 watermark on a preview, and the signature blocks at the end. The documents' font has
 * one face (render.ts), so headings stand apart by size and space, never by weight.
 */
const MARGIN_X = 56;
const GREY = '#555555';
const RULE_GREY = '#f0f0f0';
const TABLE_SIZE = 9.5;
const NOTE_SIZE = 9;

export const PREVIEW_WATERMARK = '预览 · 未签署';
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function heading(n: number, text: string): PdfNode {
  return { text: `${NUMERALS[n - 1] ?? n}、${text}`, fontSize: 12.5, margin: [0, 12, 0, 5] };
}

/**
 * A section: its heading kept on one page with what follows it (pdfmake has no keep-with-next, and a
 * heading alone at the foot of a page reads as a section with nothing in it). `lead` is set unbreakable
 * with the heading; a lead longer than a page is still broken by pdfmake.
 */
function section(n: number, title: string, lead: PdfContent[], rest: PdfContent[] = []): PdfContent[] {
  return [{ stack: [heading(n, title), ...lead], unbreakable: true }, ...rest];
}

function subheading(text: string): PdfNode {
  return { text, fontSize: 11, margin: [0, 6, 0, 3] };
}

function paragraph(text: string): PdfNode {
  return { text, margin: [0, 0, 0, 4], alignment: 'justify' };
}

function notes(lines: readonly string[]): PdfNode[] {
  return lines.map((t) => ({ text: `注：${t}`, fontSize: NOTE_SIZE, color: GREY, margin: [0, 2, 0, 0] }));
}

function headerCell(text: string, right = false): PdfCell {
  return { text, fontSize: 9, color: GREY, fillColor: RULE_GREY, alignment: right ? 'right' : 'left' };
}

function cell(text: string, right = false): PdfCell {
  return { text, fontSize: TABLE_SIZE, alignment: right ? 'right' : 'left' };
}

function table(widths: (number | string)[], head: PdfCell[], body: PdfCell[][]): PdfNode {
  return {
    table: { headerRows: 1, widths, body: [head, ...body], dontBreakRows: true },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 4],
  };
}

/** A content table: numeric columns narrow and right-aligned, text columns share what is left. */
function textTable(t: TextTable, widths?: (number | string)[]): PdfNode {
  const w = widths ?? t.columns.map((c) => (c.numeric ? 'auto' : '*'));
  return table(
    w,
    t.columns.map((c) => headerCell(c.title, c.numeric)),
    t.rows.map((row) => row.map((v, i) => cell(v, t.columns[i]?.numeric))),
  );
}

function parties(c: AgreementContent): PdfContent[] {
  const blocks: PdfContent[] = c.parties.map((p) => ({
    stack: [
      { text: `${p.role}：${p.name}` },
      ...p.details.map(
        (d): PdfNode => ({ text: d, fontSize: TABLE_SIZE, color: GREY, margin: [2, 0, 0, 0] }),
      ),
    ],
    margin: [0, 0, 0, 5],
  }));
  return section(1, '协议各方', blocks.slice(0, 1), [
    ...blocks.slice(1),
    { stack: [subheading('甲方家庭成员'), textTable(c.members, [28, 90, 80, '*'])], unbreakable: true },
  ]);
}

function subject(c: AgreementContent): PdfContent[] {
  const widths =
    c.caseType === 'homestead_exit'
      ? [30, '*', 58, 110, 70]
      : c.caseType === 'contract_land_exit'
        ? ['*', 90, 110]
        : [150, '*'];
  return section(
    2,
    '退出标的',
    [paragraph(c.subject.intro), textTable(c.subject.table, widths)],
    notes(c.subject.notes),
  );
}

function compensation(c: AgreementContent): PdfContent[] {
  const lines = table(
    [22, 130, '*', 80],
    [headerCell('序号'), headerCell('项目'), headerCell('计算方法'), headerCell('金额（元）', true)],
    c.lines.map((l) => [
      cell(String(l.no)),
      cell(l.label),
      { text: l.formula, fontSize: 9, color: '#333333' },
      cell(l.amountText, true),
    ]),
  );
  const totals: PdfNode = {
    table: {
      widths: [130, 95, '*'],
      body: c.totals.map((t) => [
        { text: t.label },
        { text: t.money.figures, alignment: 'right' },
        {
          stack: [
            { text: `大写：${t.money.capital}` },
            ...(t.note ? [{ text: t.note, fontSize: NOTE_SIZE, color: GREY }] : []),
          ],
        },
      ]),
    },
    layout: 'noBorders',
    margin: [0, 4, 0, 4],
  };
  return section(
    3,
    `补偿明细（${c.optionLabel}）`,
    [paragraph('甲方所得补偿按下列各项逐项计算：'), lines],
    [{ ...totals, unbreakable: true }, ...notes(c.compensationNotes)],
  );
}

function schedule(c: AgreementContent): PdfContent[] {
  const lead: PdfContent[] = [];
  if (c.schedule.rows.length > 0) {
    lead.push(
      paragraph(
        `应付甲方 ${c.payable.figures}（${c.payable.capital}），分 ${c.schedule.rows.length} 期支付：`,
      ),
      table(
        [36, '*', 48, 100, 70],
        [
          headerCell('期次'),
          headerCell('付款节点'),
          headerCell('比例', true),
          headerCell('金额（元）', true),
          headerCell('付款方'),
        ],
        [
          ...c.schedule.rows.map((r) => [
            cell(`第 ${r.tranche} 期`),
            cell(r.due),
            cell(`${r.sharePct}%`, true),
            cell(groupedYuan(r.amount.fen), true),
            cell(r.payer),
          ]),
          [cell('合计'), cell(''), cell('100%', true), cell(groupedYuan(c.payable.fen), true), cell('')],
        ],
      ),
    );
  }
  return section(
    4,
    '付款安排',
    [...lead, ...c.schedule.notes.slice(0, 1).map(paragraph)],
    c.schedule.notes.slice(1).map(paragraph),
  );
}

/** A numbered item with a hanging indent, as a list item that can be kept with what precedes it. */
function numbered(n: number, text: string): PdfNode {
  return {
    columns: [
      { text: `${n}.`, width: 16 },
      { text, width: '*' },
    ],
    margin: [8, 0, 0, 3],
  };
}

function rights(c: AgreementContent): PdfContent[] {
  const kept = c.rightsKept.map((r, i) => numbered(i + 1, r.clause ? `依据${r.clause}，${r.text}` : r.text));
  return section(
    5,
    '退出的权利与保留的权利',
    [
      subheading('（一）甲方依本协议退出的权利，仅限于：'),
      { ul: c.surrendered.map((s) => ({ text: s })), margin: [8, 0, 0, 4] },
    ],
    [
      // the subheading stays with the first right; the rest may run on to the next page
      { stack: [subheading('（二）甲方保留的权利：'), ...kept.slice(0, 1)], unbreakable: true },
      ...kept.slice(1),
    ],
  );
}

function closing(c: AgreementContent): PdfContent[] {
  // three equal columns; the right margin of each is the gap between them (the type has no columnGap)
  const blocks: PdfContent[] = c.signature.blocks.map(
    (label): PdfNode => ({
      stack: [{ text: `${label}：` }, { text: ' ', margin: [0, 18, 0, 0] }, { text: '日期：' }],
      width: '*',
      margin: [0, 0, 12, 0],
    }),
  );
  return [
    ...section(6, '冷静期', c.coolingOff.text.map(paragraph)),
    ...section(7, '其他约定', [{ ol: c.otherTerms.map((t) => ({ text: t })), margin: [8, 0, 0, 4] }]),
    {
      stack: [{ text: c.signature.text, margin: [0, 14, 0, 10] }, { columns: blocks }],
      unbreakable: true,
    },
  ];
}

/** The case as the agreement names it: its number, with the internal id after it (issue 18). */
function caseNumberText(c: AgreementContent): string {
  return c.caseNumber ? `${c.caseNumber}（${c.caseId}）` : c.caseId;
}

function footer(c: AgreementContent, sha256: string) {
  return (page: number, pages: number): PdfContent => ({
    stack: [
      { text: `案件编号 ${caseNumberText(c)} · 内容校验码（SHA-256）${sha256}`, fontSize: 7, color: GREY },
      { text: `第 ${page} 页 / 共 ${pages} 页`, fontSize: 8, color: GREY, margin: [0, 2, 0, 0] },
    ],
    alignment: 'center',
    margin: [MARGIN_X, 14, MARGIN_X, 0],
  });
}

export function agreementDefinition(
  content: AgreementContent,
  opts: { contentSha256: string; signed: boolean },
): PdfDocumentDefinition {
  const c = content;
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 50, MARGIN_X, 60],
    defaultStyle: { fontSize: 10.5, lineHeight: 1.35 },
    header: (page) =>
      page === 1
        ? null
        : {
            text: `${c.title} · 协议编号 ${c.agreementNo}`,
            fontSize: 8,
            color: GREY,
            alignment: 'right',
            margin: [MARGIN_X, 22, MARGIN_X, 0],
          },
    footer: footer(c, opts.contentSha256),
    ...(opts.signed
      ? {}
      : {
          watermark: { text: PREVIEW_WATERMARK, opacity: 0.12, fontSize: 64, color: '#b00000', angle: -40 },
        }),
    content: [
      { text: c.title, fontSize: 18, alignment: 'center', characterSpacing: 2, margin: [0, 0, 0, 6] },
      {
        columns: [
          { text: `协议编号：${c.agreementNo}`, fontSize: TABLE_SIZE },
          { text: `案件编号：${caseNumberText(c)}`, fontSize: TABLE_SIZE, alignment: 'right' },
        ],
        margin: [0, 0, 0, 8],
      },
      paragraph(c.preamble),
      ...parties(c),
      ...subject(c),
      ...compensation(c),
      ...schedule(c),
      ...rights(c),
      ...closing(c),
    ],
  };
}
