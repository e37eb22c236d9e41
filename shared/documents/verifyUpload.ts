import type { DocumentContentType } from './documentModel.js';
import { jpegProblem } from './upload/jpeg.js';
import { markupProblem } from './upload/markup.js';
import { pdfProblem } from './upload/pdf.js';
import { pngProblem } from './upload/png.js';
import type { ContentProblem } from './upload/problem.js';

/**
 * Server-side verification of an upload (clients lie, and a local S3 does not enforce what the
 * presigned URL signed), on the whole object: the stored size must equal the declared size, the first
 * bytes must be the signature of the declared type, and the file must be one of that type from its
 * first byte to its last, read by a parser (pdf-lib for a PDF, image-size and a walk of the chunks or
 * markers for a PNG or JPEG: shared/documents/upload/). Magic bytes alone let `%PDF-` followed by a web
 * page through (issue 16). A file holding HTML anywhere is refused whatever its type.
 */
const SIGNATURES: Record<DocumentContentType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

const STRUCTURE: Record<
  DocumentContentType,
  (bytes: Uint8Array) => ContentProblem | undefined | Promise<ContentProblem | undefined>
> = {
  'application/pdf': pdfProblem,
  'image/jpeg': jpegProblem,
  'image/png': pngProblem,
};

export type UploadVerdict = { status: 'accepted' } | { status: 'rejected'; reason: string };

const rejected = (p: ContentProblem): UploadVerdict => ({ status: 'rejected', reason: `${p.zh} / ${p.en}` });

export async function verifyUpload(
  declared: { contentType: DocumentContentType; sizeBytes: number },
  actual: { sizeBytes: number; bytes: Uint8Array },
): Promise<UploadVerdict> {
  if (actual.sizeBytes !== declared.sizeBytes || actual.bytes.length !== declared.sizeBytes) {
    return rejected({
      zh: `文件大小 ${actual.sizeBytes} 字节与申报的 ${declared.sizeBytes} 字节不符`,
      en: `size ${actual.sizeBytes} bytes differs from the declared ${declared.sizeBytes}`,
    });
  }
  const signature = SIGNATURES[declared.contentType];
  if (!signature.every((byte, i) => actual.bytes[i] === byte)) {
    return rejected({
      zh: `文件内容不是申报的 ${declared.contentType} 格式`,
      en: `the content is not a ${declared.contentType} file`,
    });
  }
  const found = markupProblem(actual.bytes) ?? (await STRUCTURE[declared.contentType](actual.bytes));
  return found ? rejected(found) : { status: 'accepted' };
}
