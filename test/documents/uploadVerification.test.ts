import './documentEnv.js';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../shared/documents/pdf/render.js';
import { jpegProblem } from '../../shared/documents/upload/jpeg.js';
import { markupProblem } from '../../shared/documents/upload/markup.js';
import { pdfProblem } from '../../shared/documents/upload/pdf.js';
import { pngProblem } from '../../shared/documents/upload/png.js';
import { type UploadVerdict, verifyUpload } from '../../shared/documents/verifyUpload.js';
import * as files from '../support/uploadFiles.js';

/**
 * Issue 16: an upload is judged on its whole content, parsed as the declared type, not on its first
 * bytes. Real files of each type pass; issue 16's fakes (`%PDF-` and a web page, a PNG header and a
 * web page, JPEG magic and a script), files cut short, files with something after their end,
 * polyglots, PDFs that run code or hide behind a password, and image bombs are refused, each with a
 * reason in Chinese and English. Each structural check is also run on its own, so that the markup
 * search is not the only thing between a fake and the bucket.
 */

type ContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

const judge = (contentType: ContentType, bytes: Buffer): Promise<UploadVerdict> =>
  verifyUpload({ contentType, sizeBytes: bytes.length }, { sizeBytes: bytes.length, bytes });

async function refused(contentType: ContentType, bytes: Buffer): Promise<string> {
  const verdict = await judge(contentType, bytes);
  expect(verdict.status).toBe('rejected');
  const reason = verdict.status === 'rejected' ? verdict.reason : '';
  // zh-CN first, then the English, as every stored reason
  expect(reason).toMatch(/^[^a-z]*[\u4e00-\u9fff].* \/ (the|size) [ -~×–]+$/u);
  return reason;
}

const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1');

describe('real files are accepted', () => {
  it.each([
    ['a PDF with a cross-reference stream (pdf-lib)', () => files.realPdf({ objectStreams: true })],
    ['a PDF with a classic cross-reference table (pdf-lib)', () => files.realPdf({ objectStreams: false })],
    [
      'a PDF as this system sets its own documents (pdfmake, CJK font embedded)',
      () =>
        renderPdf(
          { content: ['不动产权证书（测试）', 'Property certificate (test)'] },
          { title: '材料', createdAt: '2025-06-10T01:30:00Z' },
        ),
    ],
  ])('%s', async (_, make) => {
    const pdf = await make();
    expect(await judge('application/pdf', pdf)).toEqual({ status: 'accepted' });
  });

  it('a PNG, a JPEG, and a JPEG followed by its preview image (Multi-Picture Format)', async () => {
    expect(await judge('image/png', files.PNG)).toEqual({ status: 'accepted' });
    expect(await judge('image/jpeg', files.JPEG)).toEqual({ status: 'accepted' });
    expect(await judge('image/jpeg', files.JPEG_WITH_PREVIEW)).toEqual({ status: 'accepted' });
  });
});

describe('issue 16: magic bytes followed by something else are refused', () => {
  it('%PDF- and then a web page: refused, and refused by the PDF structure alone too', async () => {
    expect(await refused('application/pdf', files.PDF_THEN_HTML)).toMatch(/web page markup/);
    expect((await pdfProblem(files.PDF_THEN_HTML))?.en).toMatch(/does not end with startxref and %%EOF/);
    // dressed with a PDF's last lines, the trailer points at no cross-reference table
    expect(await refused('application/pdf', files.PDF_THEN_HTML_WITH_TRAILER)).toMatch(
      /startxref does not point at a cross-reference table/,
    );
  });

  it('a PNG signature and header chunk, then a web page', async () => {
    expect(await refused('image/png', files.PNG_THEN_HTML)).toMatch(/web page markup/);
    expect(pngProblem(files.PNG_THEN_HTML)?.en).toMatch(/not a complete, valid PNG/);
  });

  it('JPEG magic bytes and then a script', async () => {
    expect(await refused('image/jpeg', files.JPEG_THEN_SCRIPT)).toMatch(/<script at byte 4/);
    expect(jpegProblem(files.JPEG_THEN_SCRIPT)?.en).toMatch(/not a complete, valid JPEG/);
  });

  it('an executable declared as a PDF, a real PNG declared as a PDF: the signature', async () => {
    expect(await refused('application/pdf', files.EXE)).toContain('not a application/pdf file');
    expect(await refused('application/pdf', files.PNG)).toContain('not a application/pdf file');
    expect(await refused('image/png', files.JPEG)).toContain('not a image/png file');
  });
});

describe('files cut short, or with something after their end', () => {
  it('a PDF cut in half (an interrupted upload)', async () => {
    const pdf = await files.realPdf({ objectStreams: false });
    expect(await refused('application/pdf', files.truncated(pdf))).toMatch(/startxref and %%EOF/);
  });

  it('a PNG and a JPEG cut in half', async () => {
    expect(await refused('image/png', files.truncated(files.PNG))).toMatch(/cut short/);
    expect(await refused('image/jpeg', files.truncated(files.JPEG))).toMatch(/cut short/);
  });

  it('an archive appended after the end of a PDF, a PNG and a JPEG', async () => {
    const pdf = await files.realPdf();
    expect(await refused('application/pdf', Buffer.concat([pdf, ZIP_LOCAL_HEADER]))).toMatch(/%%EOF/);
    expect(await refused('image/png', Buffer.concat([files.PNG, ZIP_LOCAL_HEADER]))).toMatch(
      /10 bytes follow the end of the image \(IEND\)/,
    );
    expect(await refused('image/jpeg', Buffer.concat([files.JPEG, ZIP_LOCAL_HEADER]))).toMatch(
      /10 bytes follow the end of the image \(EOI\).*motion photo/,
    );
  });

  it('a PNG whose image data no longer matches its CRC', async () => {
    expect(await refused('image/png', files.pngWithBadCrc())).toMatch(/IDAT chunk's checksum is wrong/);
  });
});

describe('polyglots: valid as the declared type, and a web page too', () => {
  it('a PDF with a web page in its header comments: a valid PDF, refused for the markup', async () => {
    const polyglot = files.pdfHtmlPolyglot(await files.realPdf({ objectStreams: false }));
    // the PDF structure is intact (which is what makes it a polyglot) …
    expect(await pdfProblem(polyglot)).toBeUndefined();
    // … so the markup search is what refuses it
    expect(await refused('application/pdf', polyglot)).toMatch(/web page markup \(<!doctype html/);
  });

  it('a PNG with a page in a text chunk, and one with a page after IEND', async () => {
    expect(pngProblem(files.PNG_WITH_PAGE_IN_TEXT)).toBeUndefined();
    expect(await refused('image/png', files.PNG_WITH_PAGE_IN_TEXT)).toMatch(/web page markup/);
    expect(pngProblem(files.PNG_THEN_PAGE_AFTER_END)?.en).toMatch(/follow the end of the image \(IEND\)/);
    expect(await refused('image/png', files.PNG_THEN_PAGE_AFTER_END)).toMatch(/web page markup/);
  });

  it('a JPEG with a script in its comment segment, and one with a page after EOI', async () => {
    expect(jpegProblem(files.JPEG_WITH_SCRIPT_COMMENT)).toBeUndefined();
    expect(await refused('image/jpeg', files.JPEG_WITH_SCRIPT_COMMENT)).toMatch(/web page markup/);
    expect(jpegProblem(files.JPEG_THEN_PAGE_AFTER_END)?.en).toMatch(/follow the end of the image \(EOI\)/);
  });

  it('the markup search finds the tags a sniffer acts on, in any case, and nothing in real files', async () => {
    for (const page of [
      '<HTML>',
      '<Script src=x>',
      '<iframe/src=x>',
      '<body onload=x>',
      '<!DocType  html>',
    ]) {
      expect(markupProblem(Buffer.concat([files.PNG, Buffer.from(page)])), page).toBeDefined();
    }
    for (const text of ['<header>', '<htmlx>', 'a < b', '<rdf:RDF>', '<x:xmpmeta>']) {
      expect(markupProblem(Buffer.from(text)), text).toBeUndefined();
    }
    expect(markupProblem(await files.realPdf())).toBeUndefined();
    expect(markupProblem(files.JPEG)).toBeUndefined();
  });
});

describe('PDFs that run code, hide their content or show nothing', () => {
  it.each([
    ['JavaScript in the names tree', files.pdfWithJavaScript, /active or embedded content \(\/J/],
    ['a launch action on opening', files.pdfWithLaunch, /\(\/Launch\)/],
    [
      'JavaScript spelled with #xx escapes (/Java#53cript, /J#53)',
      files.pdfWithEscapedJavaScript,
      /\(\/JS\)/,
    ],
    ['an encryption dictionary in the trailer', files.encryptedPdf, /encrypted or password-protected/],
    ['no page at all', files.pdfWithoutPages, /it has no page/],
  ])('%s', async (_, make, why) => {
    expect(await refused('application/pdf', await make())).toMatch(why);
  });
});

describe('images a viewer cannot open', () => {
  it('a PNG declaring 65 535 × 65 535 pixels in a few dozen bytes (a decompression bomb)', async () => {
    expect(files.PNG_BOMB.length).toBeLessThan(100);
    expect(await refused('image/png', files.PNG_BOMB)).toMatch(/too large \(65535 × 65535\)/);
  });

  it('a size other than the declared one is refused before anything is parsed', async () => {
    const verdict = await verifyUpload(
      { contentType: 'image/png', sizeBytes: files.PNG.length + 1 },
      { sizeBytes: files.PNG.length, bytes: files.PNG },
    );
    expect(verdict).toMatchObject({ status: 'rejected', reason: expect.stringContaining('declared') });
  });
});
