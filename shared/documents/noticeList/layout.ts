import type { PdfContent, PdfDocumentDefinition } from '../pdf/definition.js';
import type { NoticeEntry, NoticeListContent } from './content.js';

/**
 * The public notice list (公示名单) as a pdfmake definition: A4 landscape (a table of seven columns has
 * to stay readable from a step away on a notice board), the village's heading, the notice's purpose, the
 * table (its header repeated on every page), then where and how to object and who issues it.
 */
export const NOT_CHOSEN = '尚未选择';

const LEGAL_BASIS =
  '根据《淄博市高水平推进城乡融合发展行动方案（2020—2025年）》关于农村宅基地、承包地和集体资产股权自愿有偿退出的规定，';

const HEAD = [
  '序号',
  '户主（身份证号）',
  '案件编号 / 户号',
  '退出类型',
  '退出的土地或股权',
  '公示期（北京时间）',
  '补偿安置方式',
];

function landCell(e: NoticeEntry): PdfContent {
  return {
    stack: [
      ...e.land.map((l) => ({ text: `${l.kind}：${l.reference}，${l.measure}` })),
      ...(e.term ? [{ text: e.term, color: '#444444' }] : []),
    ],
  };
}

function entryRow(e: NoticeEntry, i: number): PdfContent[] {
  return [
    { text: String(i + 1), alignment: 'center' },
    { stack: [e.headName, { text: e.headIdMasked, fontSize: 8.5, color: '#444444' }] },
    // the case number to object by (issue 18), the internal id beneath it for the office
    e.caseNumber
      ? { stack: [e.caseNumber, { text: e.caseId, fontSize: 8.5, color: '#444444' }] }
      : { stack: [e.caseId, { text: e.householdId, fontSize: 8.5, color: '#444444' }] },
    e.caseType,
    landCell(e),
    { stack: [`${e.startText} 起`, `${e.endText} 止`] },
    { text: NOT_CHOSEN, alignment: 'center' },
  ];
}

export function noticeListDefinition(n: NoticeListContent): PdfDocumentDefinition {
  const committee = `${n.villageName}村民委员会`;
  const town = `${n.townName}人民政府`;
  const body: PdfContent =
    n.entries.length === 0
      ? {
          text: `截至${n.asOfText}，本村没有处于公示期的退出申请（公示名单共 0 户）。`,
          style: 'empty',
        }
      : {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: [26, 92, 112, 84, '*', 116, 60],
            body: [HEAD.map((h) => ({ text: h, style: 'th' })), ...n.entries.map(entryRow)],
          },
          fontSize: 9.5,
        };
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [40, 32, 40, 36],
    defaultStyle: { lineHeight: 1.25 },
    content: [
      { text: `${n.villageName}宅基地、承包地和集体资产股权自愿有偿退出公示名单`, style: 'title' },
      {
        text: `淄博市${n.districtName}${n.townName}${n.villageName}（村代码 ${n.villageCode}）　发布日期：${n.asOfText}`,
        alignment: 'center',
        margin: [0, 0, 0, 10],
      },
      {
        text:
          n.entries.length === 0
            ? [LEGAL_BASIS, '本村目前没有经村集体经济组织审核同意、处于公示期的退出申请。']
            : [
                LEGAL_BASIS,
                `下列农户的退出申请已经本村集体经济组织审核同意，现予公示，公示期为${n.periodText ?? ''}（各户公示期见下表）。`,
                '公示期内各户的补偿安置方式尚未选择：公示期满无异议、经镇人民政府审核和区县审批后，由农户自行选择，故名单不载补偿金额。',
              ],
        margin: [0, 0, 0, 8],
      },
      { text: `公示名单（共 ${n.entries.length} 户）`, style: 'h2' },
      body,
      { text: '异议的提出', style: 'h2', margin: [0, 12, 0, 4] },
      {
        ol: [
          '对名单所列农户、土地或股权情况有异议的，任何人均可在该户公示期截止前提出异议，请写明案件编号、异议的事实和理由。',
          '在线提出：登录宅基地自愿有偿退出服务平台，在该案件下提交异议（接口：POST /cases/{案件编号}/objections）。',
          `书面提出：向${committee}或${town}递交书面异议，并署名、留下联系方式。`,
          '收到异议后，该案件退回村集体经济组织重新审核；公示期满无异议的，报镇人民政府审核。',
        ],
      },
      {
        columns: [
          {
            width: '*',
            text: n.lastObjectionText
              ? `本名单所列案件的异议最迟于 ${n.lastObjectionText} 前提出（以各户公示期为准）。`
              : '',
          },
          {
            width: 'auto',
            stack: [`${n.villageName}集体经济组织`, committee, `监督单位：${town}`, n.asOfText],
            alignment: 'right',
            margin: [24, 0, 0, 0],
          },
        ],
        margin: [0, 6, 0, 0],
        unbreakable: true,
      },
    ],
    footer: (page, pages) => ({
      text: `${n.villageName}公示名单　第 ${page} 页 共 ${pages} 页`,
      alignment: 'center',
      fontSize: 8.5,
      color: '#555555',
    }),
    styles: {
      title: { fontSize: 17, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, margin: [0, 4, 0, 4] },
      th: { bold: true, fillColor: '#eeeeee', alignment: 'center' },
      empty: { fontSize: 12, margin: [0, 8, 0, 8] },
    },
  };
}
