process.env.TABLE_NAME = 'x';
process.env.DOCUMENT_FONT =
  process.env.FONT ?? `${process.cwd()}/infra/layers/documentFonts/fonts/NotoSansSC-Regular.otf`;
const { cashCase } = await import('../test/documents/agreementFixtures.js');
const { agreementContent } = await import('../shared/documents/agreement/agreementContent.js');
const { renderAgreementPdf } = await import('../shared/documents/agreement/agreementPdf.js');
const content = agreementContent(cashCase());
for (let i = 0; i < 6; i++) {
  const t = performance.now();
  const r = await renderAgreementPdf(content);
  console.log(i, Math.round(performance.now() - t), 'ms', r.pdf.length);
}
