process.env.TABLE_NAME = 'x';
process.env.DOCUMENT_FONT =
  process.env.FONT ?? `${process.cwd()}/infra/layers/documentFonts/fonts/NotoSansSC-Regular.otf`;
const { cashCase } = await import('../test/documents/agreementFixtures.js');
const { agreementContent } = await import('../shared/documents/agreement/agreementContent.js');
const { agreementDefinition } = await import('../shared/documents/agreement/agreementLayout.js');
const { contentSha256 } = await import('../shared/documents/contentHash.js');
const pdfmake = (await import('pdfmake')).default as any;
const { readFileSync } = await import('node:fs');
const content = agreementContent(cashCase());
const def = agreementDefinition(content, { contentSha256: contentSha256(content), signed: true });
const mode = process.argv[2];
const font = process.env.DOCUMENT_FONT!;
if (mode === 'vfs') {
  pdfmake.virtualfs.writeFileSync('doc.otf', readFileSync(font));
  pdfmake.setFonts({ F: { normal: 'doc.otf', bold: 'doc.otf', italics: 'doc.otf', bolditalics: 'doc.otf' } });
} else {
  pdfmake.setFonts({ F: { normal: font, bold: font, italics: font, bolditalics: font } });
}
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => true);
const times: number[] = [];
for (let i = 0; i < 8; i++) {
  const t = performance.now();
  const buf = await pdfmake
    .createPdf({ ...def, defaultStyle: { font: 'F', fontSize: 10.5 }, info: { creationDate: new Date(0) } })
    .getBuffer();
  times.push(Math.round(performance.now() - t));
  if (i === 0) console.log('size', buf.length);
}
console.log(mode ?? 'path', times.join(' '));
