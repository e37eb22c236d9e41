import pdfmake from 'pdfmake';
import { requireConfig } from '../../adapters/config.js';
import type { PdfDocumentDefinition } from './definition.js';

/**
 * Sets a document (a pdfmake definition) in the documents' font and returns the PDF's bytes.
 *
 * pdfmake (on pdfkit and fontkit) because its layout does what a Chinese agreement needs (tables
 * whose cells wrap between any two ideographs, page breaks, headers and footers) and because its
 * font embedding subsets a CFF CJK font correctly per document: pdf-lib's fontkit fork wrote a font
 * program poppler and Chromium refused (docs/documents.md). The font is Noto Sans CJK SC cut down at
 * build time (scripts/document-font.sh) and carried by a Lambda layer, never by a bundle.
 *
 * The same definition and metadata give the same bytes: the creation date is the one given (pdfkit
 * derives the file's ID from it), so a document can be set again and compared with the stored one.
 */
export const DOCUMENT_FONT_FAMILY = 'NotoSansSC';

export interface PdfMetadata {
  title: string;
  subject?: string;
  /** who issues the document, e.g. the district's people's government */
  author?: string;
  keywords?: string;
  /** ISO instant; the document's CreationDate and the seed of its file ID */
  createdAt: string;
}

function configure(): void {
  const font = requireConfig('DOCUMENT_FONT');
  // one face for every style: a second (bold) face would double the layer for headings that size
  // and spacing already set apart
  pdfmake.setFonts({
    [DOCUMENT_FONT_FAMILY]: { normal: font, bold: font, italics: font, bolditalics: font },
  });
  // a document loads nothing but the font: no path or URL named in its content is followed
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path === font);
}

export async function renderPdf(definition: PdfDocumentDefinition, meta: PdfMetadata): Promise<Buffer> {
  configure();
  const doc = pdfmake.createPdf({
    pageSize: 'A4',
    ...definition,
    defaultStyle: {
      font: DOCUMENT_FONT_FAMILY,
      fontSize: 10.5,
      lineHeight: 1.35,
      ...definition.defaultStyle,
    },
    info: {
      title: meta.title,
      ...(meta.subject ? { subject: meta.subject } : {}),
      ...(meta.author ? { author: meta.author } : {}),
      ...(meta.keywords ? { keywords: meta.keywords } : {}),
      creator: 'homestead-exit',
      producer: 'homestead-exit (pdfmake)',
      creationDate: new Date(meta.createdAt),
    },
  });
  return doc.getBuffer();
}
