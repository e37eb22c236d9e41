import type { PdfContent, PdfDocumentDefinition } from '../pdf/definition.js';
import type { ReceiptContent } from './content.js';

/**
 * The payment receipt (付款凭证) as a pdfmake definition: one A4 page, a bordered table of label and value
 * as a voucher is laid out, the amount in figures and in capitals on lines of their own (a bank clerk
 * reads the 大写 first), and the verification line with the content's SHA-256 at the foot.
 */
const label = (text: string): PdfContent => ({ text, style: 'label', fillColor: '#f2f2f2' });

function row(name: string, value: PdfContent): PdfContent[] {
  return [label(name), value];
}

export function receiptDefinition(r: ReceiptContent, sha256: string): PdfDocumentDefinition {
  const payerKind = r.payer === 'fund' ? '专项基金先行垫付' : '村集体经济组织支付';
  const rows: PdfContent[][] = [
    row('付款方', { text: `${r.payerName}（${payerKind}）` }),
    row('收款方', { text: `${r.payeeName}（户主，身份证号 ${r.payeeIdMasked}）` }),
    row('户号 / 所在村', `${r.householdId} / ${r.villageName}`),
    row('案件编号', r.caseId),
    row('退出类型', r.caseType),
    row('退出协议编号', r.agreementId),
    row('期次与支付节点', r.trancheWords),
    row('金额（小写）', { text: r.amountFigures, style: 'amount' }),
    row('金额（大写）', { text: r.amountCapital, style: 'amount' }),
    row(r.referenceLabel, r.reference),
    row('付款时间', r.paidAtText),
    ...(r.recordedBy ? [row('登记人', r.recordedBy)] : []),
    ...(r.confirmedAtText ? [row('农户确认收款', r.confirmedAtText)] : []),
    row('开具时间', r.issuedAtText),
  ];
  return {
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    content: [
      { text: '付款凭证', style: 'title' },
      {
        text: `${r.caseType}补偿款 · 第${r.tranche}期`,
        alignment: 'center',
        margin: [0, 0, 0, 14],
      },
      {
        columns: [
          { text: `凭证编号：${r.receiptNo}`, width: '*' },
          { text: '金额单位：人民币元', width: 'auto' },
        ],
        fontSize: 9.5,
        margin: [0, 0, 0, 6],
      },
      { table: { widths: [110, '*'], body: rows, dontBreakRows: true } },
      {
        text: [
          '说明：本凭证依据',
          r.payer === 'fund' ? '专项基金台账的支付分录' : '村集体经济组织登记的银行转账记录',
          '出具，记载的是上述一期款项的支付情况，不代替退出协议。付款时间、开具时间均为北京时间。',
          '同一期款项的凭证内容不变，多次下载得到同一文件；每次下载均记入审计日志。',
        ],
        style: 'note',
        margin: [0, 14, 0, 0],
      },
      {
        stack: [
          '核验：本凭证内容（规范化 JSON，键按字典序排列）的 SHA-256 为',
          { text: sha256, style: 'hash' },
          `案件编号 ${r.caseId}，凭证编号 ${r.receiptNo}`,
        ],
        style: 'verify',
        margin: [0, 18, 0, 0],
      },
    ],
    styles: {
      title: { fontSize: 20, bold: true, alignment: 'center', characterSpacing: 6, margin: [0, 0, 0, 4] },
      label: { color: '#333333' },
      amount: { fontSize: 12.5, bold: true },
      note: { fontSize: 9, color: '#444444' },
      verify: { fontSize: 8.5, color: '#555555' },
      hash: { fontSize: 8.5, characterSpacing: 0.2 },
    },
  };
}
