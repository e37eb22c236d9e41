import type { DocumentContentType } from './documentModel.js';

/**
 * Server-side verification of an upload (clients lie, and a local S3 does not enforce what the
 * presigned URL signed): the stored size must equal the declared size, and the first bytes must be the
 * signature of the declared type.
 */
const SIGNATURES: Record<DocumentContentType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** How many leading bytes verification needs to read. */
export const SIGNATURE_BYTES = 8;

export type UploadVerdict = { status: 'accepted' } | { status: 'rejected'; reason: string };

export function verifyUpload(
  declared: { contentType: DocumentContentType; sizeBytes: number },
  actual: { sizeBytes: number; head: Uint8Array },
): UploadVerdict {
  if (actual.sizeBytes !== declared.sizeBytes) {
    return {
      status: 'rejected',
      reason: `文件大小 ${actual.sizeBytes} 字节与申报的 ${declared.sizeBytes} 字节不符 / size ${actual.sizeBytes} bytes differs from the declared ${declared.sizeBytes}`,
    };
  }
  const signature = SIGNATURES[declared.contentType];
  const matches = signature.every((byte, i) => actual.head[i] === byte);
  if (!matches) {
    return {
      status: 'rejected',
      reason: `文件内容不是申报的 ${declared.contentType} 格式 / the content is not a ${declared.contentType} file`,
    };
  }
  return { status: 'accepted' };
}
