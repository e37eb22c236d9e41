import { REGISTRY_IMPORT_CONTENT_TYPES } from '../../contract/registryImports.js';
import { type ContentProblem, problem } from './problem.js';

/**
 * The content check of a registry import file when it lands (issue 19): cheap, on the bytes alone; the
 * import itself (shared/registryImport/parse.ts) reads the sheet and says what of the template is
 * missing. An xlsx is a zip package, whose first entry begins with the local-file-header signature
 * `PK\x03\x04`; a CSV must be UTF-8 text (the template's encoding), and a NUL byte is no text at all
 * (a binary file renamed .csv). No markup check (./markup.ts): an import file is parsed, never served
 * to a browser.
 */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

export function registryFileProblem(contentType: string, bytes: Uint8Array): ContentProblem | undefined {
  if (contentType === REGISTRY_IMPORT_CONTENT_TYPES.xlsx) {
    return ZIP_SIGNATURE.every((b, i) => bytes[i] === b)
      ? undefined
      : problem(
          '文件不是 xlsx 电子表格（缺少 zip 文件头）',
          'the file is not an xlsx workbook (no zip header)',
        );
  }
  if (contentType === REGISTRY_IMPORT_CONTENT_TYPES.csv) {
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      return problem(
        `CSV 文件中含有空字节（第 ${nul} 字节），不是文本文件`,
        `the CSV file holds a NUL byte (at byte ${nul}); it is not text`,
      );
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return problem(
        'CSV 文件不是 UTF-8 编码，请按模板另存为“CSV UTF-8”',
        'the CSV file is not UTF-8; save it as "CSV UTF-8" like the template',
      );
    }
    return undefined;
  }
  return problem(`不支持的文件类型 ${contentType}`, `unsupported content type ${contentType}`);
}
