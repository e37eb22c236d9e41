import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/**
 * Real files of each accepted type, and the fakes issue 16 names, built here byte by byte so a reader
 * sees what each one is: the verifier (shared/documents/verifyUpload.ts) must accept the first and
 * refuse every other.
 */

// ---------------------------------------------------------------------------------------------------
// PDF

/** A one-page PDF as pdf-lib writes it: a cross-reference stream (PDF 1.5+) or a classic table. */
export async function realPdf(opts: { objectStreams?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Property certificate (test)', {
    x: 72,
    y: 760,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  doc.setCreationDate(new Date('2025-06-10T01:30:00Z'));
  doc.setModificationDate(new Date('2025-06-10T01:30:00Z'));
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? true }));
}

/** A PDF changed through pdf-lib's document API before it is written (an action, an encryption entry). */
export async function pdfWith(change: (doc: PDFDocument) => void, addPage = true): Promise<Buffer> {
  const doc = await PDFDocument.create();
  if (addPage) doc.addPage([595, 842]);
  change(doc);
  return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false }));
}

export const pdfWithJavaScript = () => pdfWith((doc) => doc.addJavaScript('open', 'app.alert("pwned")'));

/** /OpenAction << /S /Launch /F (cmd.exe) >>: the reader starts a program when the file opens. */
export const pdfWithLaunch = () =>
  pdfWith((doc) =>
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'Launch', F: PDFString.of('cmd.exe') })),
  );

/** The same JavaScript action with its name spelled through a #xx escape: /Java#53cript. */
export async function pdfWithEscapedJavaScript(): Promise<Buffer> {
  const plain = await pdfWith((doc) =>
    doc.catalog.set(
      PDFName.of('OpenAction'),
      doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }),
    ),
  );
  // the names spelled longer: startxref moves by as much (the table's entries are not read for this)
  const text = plain.toString('latin1');
  const escaped = text.replace('/S /JavaScript', '/S /Java#53cript').replace('/JS (', '/J#53 (');
  const shift = escaped.length - text.length;
  return Buffer.from(
    escaped.replace(/startxref\n(\d+)/, (_, off: string) => `startxref\n${Number(off) + shift}`),
    'latin1',
  );
}

/** A trailer that names an /Encrypt dictionary (a password-protected file). */
export const encryptedPdf = () =>
  pdfWith((doc) => {
    doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: 'x', U: 'y' });
  });

export const pdfWithoutPages = () => pdfWith(() => undefined, false);

const PAGE = '<!DOCTYPE html><html><body><script>fetch("/steal?c="+document.cookie)</script></body></html>\n';

/** Issue 16's file: `%PDF-` and then a web page. */
export const PDF_THEN_HTML = Buffer.from(`%PDF-1.7\n${PAGE}`, 'latin1');

/** The same, dressed with a PDF's last lines (startxref, %%EOF) pointing at nothing. */
export const PDF_THEN_HTML_WITH_TRAILER = Buffer.from(
  `%PDF-1.7\n${PAGE.replace(/<[^>]+>/g, '')}\nstartxref\n9\n%%EOF\n`,
  'latin1',
);

/** A real PDF cut in half, as an interrupted upload leaves it. */
export const truncated = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2));

/**
 * A polyglot: a real PDF whose header comment line is followed by a web page in comments, which PDF
 * readers skip and a sniffing browser renders (the PDF stays valid: the offsets are shifted in place).
 */
export function pdfHtmlPolyglot(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const header = text.indexOf('\n') + 1;
  const inserted = `%${PAGE}`;
  const shifted = text
    .slice(header)
    .replace(
      /^(\d{10}) (\d{5}) n/gm,
      (_, off: string, gen: string) => `${String(Number(off) + inserted.length).padStart(10, '0')} ${gen} n`,
    )
    .replace(/startxref\n(\d+)/, (_, off: string) => `startxref\n${Number(off) + inserted.length}`);
  return Buffer.from(text.slice(0, header) + inserted + shifted, 'latin1');
}

// ---------------------------------------------------------------------------------------------------
// PNG

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return pngChunk('IHDR', header);
}

/** A real 2×2 RGB PNG (red, green / black, blue). */
export function realPng(extraChunks: Buffer[] = [], size = { width: 2, height: 2 }): Buffer {
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255]);
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(size.width, size.height),
    ...extraChunks,
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const PNG = realPng();

/** A PNG's signature and header chunk, then a web page: what magic bytes alone let through. */
export const PNG_THEN_HTML = Buffer.concat([PNG_SIGNATURE, ihdr(2, 2), Buffer.from(PAGE, 'latin1')]);

/** A complete PNG followed by a web page after IEND (a polyglot). */
export const PNG_THEN_PAGE_AFTER_END = Buffer.concat([PNG, Buffer.from(PAGE, 'latin1')]);

/** A structurally valid PNG whose text chunk is a web page (every CRC right): a polyglot too. */
export const PNG_WITH_PAGE_IN_TEXT = realPng([pngChunk('tEXt', Buffer.from(`Comment\0${PAGE}`, 'latin1'))]);

/** A PNG with one flipped byte in its image data: the IDAT's CRC no longer matches. */
export function pngWithBadCrc(): Buffer {
  const bad = Buffer.from(PNG);
  const idat = bad.indexOf('IDAT', 0, 'latin1');
  bad[idat + 5] = (bad[idat + 5] ?? 0) ^ 0xff;
  return bad;
}

/** 65 535 × 65 535 pixels declared in a few dozen bytes: a decompression bomb for the viewer. */
export const PNG_BOMB = realPng([], { width: 65_535, height: 65_535 });

// ---------------------------------------------------------------------------------------------------
// JPEG

/** A real 16×16 baseline JFIF JPEG (CPython's imghdr test image). */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8Q' +
    'EBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ' +
    'EBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQID' +
    'BAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/' +
    '2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx' +
    '4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+' +
    'Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolv' +
    'w4KOp1KM6iCNvngZHwetf//Z',
  'base64',
);

/** JPEG's magic bytes (SOI and the start of an APP0 marker) and then a script. */
export const JPEG_THEN_SCRIPT = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('<script>alert(document.domain)</script>', 'latin1'),
]);

/** A photo with a second file (here a page) after its end of image. */
export const JPEG_THEN_PAGE_AFTER_END = Buffer.concat([JPEG, Buffer.from(PAGE, 'latin1')]);

/** A valid JPEG whose comment segment (COM) holds a script: every marker right, a polyglot. */
export const JPEG_WITH_SCRIPT_COMMENT = (() => {
  const text = Buffer.from(PAGE, 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(text.length + 2);
  return Buffer.concat([JPEG.subarray(0, 2), Buffer.from([0xff, 0xfe]), length, text, JPEG.subarray(2)]);
})();

/** Two whole JPEGs back to back, as the Multi-Picture Format stores a photo and its preview. */
export const JPEG_WITH_PREVIEW = Buffer.concat([JPEG, JPEG]);

/** The start of a Windows executable: "MZ", the DOS stub and its message. */
export const EXE = Buffer.concat([
  Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]),
  Buffer.alloc(50),
  Buffer.from('This program cannot be run in DOS mode.\r\r\n$', 'latin1'),
  Buffer.alloc(200, 0x90),
]);
