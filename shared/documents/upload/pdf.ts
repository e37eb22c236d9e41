// pdf-lib's parser and object classes are imported file by file from its CommonJS build: its ES build
// has no `sideEffects: false` and extensionless imports, so importing the package root puts the whole
// library (pages, forms, fonts, PNG encoder: ≈ 430 KiB minified) in the verifier's bundle; these files
// are ≈ 320 KiB of it, and Node loads them as they are. What a default import of a CommonJS file gives
// differs: Node and esbuild give its `module.exports` (the class under `.default`), Vitest's loader the
// class itself; `classOf` takes either.
import PDFArrayModule from 'pdf-lib/cjs/core/objects/PDFArray.js';
import PDFDictModule from 'pdf-lib/cjs/core/objects/PDFDict.js';
import PDFNameModule from 'pdf-lib/cjs/core/objects/PDFName.js';
import type PDFObjectModule from 'pdf-lib/cjs/core/objects/PDFObject.js';
import PDFRefModule from 'pdf-lib/cjs/core/objects/PDFRef.js';
import PDFStreamModule from 'pdf-lib/cjs/core/objects/PDFStream.js';
import type PDFContextModule from 'pdf-lib/cjs/core/PDFContext.js';
import PDFParserModule from 'pdf-lib/cjs/core/parser/PDFParser.js';
import { type ContentProblem, problem } from './problem.js';

const classOf = <T>(imported: { default: T }): T =>
  (imported as { default?: T }).default ?? (imported as unknown as T);
const PDFArray = classOf(PDFArrayModule);
const PDFDict = classOf(PDFDictModule);
const PDFName = classOf(PDFNameModule);
const PDFRef = classOf(PDFRefModule);
const PDFStream = classOf(PDFStreamModule);
const PDFParser = classOf(PDFParserModule);
type PDFObject = PDFObjectModule.default;
type PDFContext = PDFContextModule.default;

/**
 * Whether a file declared as a PDF is one, read whole. pdf-lib's parser is lenient by design: it scans
 * for objects, skips "jibberish" between them, and finds a catalog wherever one is. So `%PDF-` and an
 * HTML page parse as an empty document. The checks around it are what a reader relies on:
 *
 * 1. the header `%PDF-1.x` / `%PDF-2.0`;
 * 2. the end: `startxref`, an offset and `%%EOF` in the last 1 024 bytes (where readers look), with
 *    nothing but white space after it, and the offset pointing at a cross-reference table followed by
 *    a trailer, or at a cross-reference stream object;
 * 3. every object parses (pdf-lib's strict mode: an unparseable object refuses the file);
 * 4. not encrypted (a password-protected file cannot be reviewed, and hides what it holds);
 * 5. a catalog with at least one page;
 * 6. nothing that runs: no JavaScript, launch or import action, no XFA form, no embedded file or rich
 *    media, anywhere in the file (every object, direct or in an object stream, is walked).
 */
export async function pdfProblem(bytes: Uint8Array): Promise<ContentProblem | undefined> {
  return headerProblem(bytes) ?? endProblem(bytes) ?? (await bodyProblem(bytes));
}

const latin1 = (bytes: Uint8Array, start = 0, end = bytes.length) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start)).toString('latin1');

const notAPdf = (en: string, zh: string): ContentProblem =>
  problem(`文件不是完整有效的 PDF：${zh}`, `the file is not a complete, valid PDF: ${en}`);

function headerProblem(bytes: Uint8Array): ContentProblem | undefined {
  return /^%PDF-(?:1\.[0-7]|2\.0)/.test(latin1(bytes, 0, 8))
    ? undefined
    : notAPdf('no PDF version header', '缺少 PDF 版本头');
}

/** Readers start at the end: the last 1 024 bytes must hold `startxref`, its offset and `%%EOF`. */
const TAIL_BYTES = 1024;

function endProblem(bytes: Uint8Array): ContentProblem | undefined {
  const tailStart = Math.max(0, bytes.length - TAIL_BYTES);
  const tail = latin1(bytes, tailStart);
  const end = /startxref\s+(\d+)\s*%%EOF[\s\0]*$/.exec(tail);
  if (!end?.[1]) {
    return notAPdf(
      'it does not end with startxref and %%EOF (cut short, or something after its end)',
      '结尾缺少 startxref 和 %%EOF（文件不完整，或结尾后附加了其他内容）',
    );
  }
  const offset = Number(end[1]);
  const startxrefAt = tailStart + end.index;
  if (!Number.isSafeInteger(offset) || offset >= startxrefAt) {
    return notAPdf('startxref points outside the file', 'startxref 指向文件之外');
  }
  const at = latin1(bytes, offset, Math.min(startxrefAt, offset + 64)).replace(/^[\s\0]+/, '');
  if (at.startsWith('xref')) {
    // a classic table: its trailer comes after it, before startxref
    if (!latin1(bytes, offset, startxrefAt).includes('trailer')) {
      return notAPdf('the cross-reference table has no trailer', '交叉引用表后缺少 trailer');
    }
    return undefined;
  }
  if (/^\d+\s+\d+\s+obj\b/.test(at)) return undefined; // a cross-reference stream, checked by the parser
  return notAPdf('startxref does not point at a cross-reference table', 'startxref 未指向交叉引用表');
}

/** Names that make a reader run something, fetch something or carry another file. */
const ACTIVE_NAMES = new Set([
  'JavaScript',
  'JS',
  'Launch',
  'ImportData',
  'RichMedia',
  'XFA',
  'EmbeddedFile',
  'EmbeddedFiles',
]);

/** A page tree deeper than this, or larger, is an attack on the reader, not a document. */
const MAX_PAGE_TREE_DEPTH = 64;

async function bodyProblem(bytes: Uint8Array): Promise<ContentProblem | undefined> {
  let context: PDFContext;
  try {
    // all objects in one go (a Lambda has nothing else to do meanwhile); an invalid object throws
    context = await PDFParser.forBytesWithOptions(bytes, Number.POSITIVE_INFINITY, true).parseDocument();
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 160) : String(error);
    return notAPdf(`it cannot be parsed (${why})`, '无法解析');
  }
  if (context.trailerInfo.Encrypt) {
    return problem(
      'PDF 文件已加密或设有密码，无法审核，请上传未加密的文件',
      'the PDF is encrypted or password-protected and cannot be reviewed; upload it unencrypted',
    );
  }
  const catalog = context.lookup(context.trailerInfo.Root);
  if (!(catalog instanceof PDFDict) || catalog.lookup(PDFName.of('Type')) !== PDFName.of('Catalog')) {
    return notAPdf('it has no document catalog', '缺少文档目录（Catalog）');
  }
  const pages = countPages(context, catalog.get(PDFName.of('Pages')));
  if (pages === undefined) return notAPdf('its page tree is broken', '页面树结构错误');
  if (pages === 0) return notAPdf('it has no page', '没有任何页面');
  const active = activeName(context);
  if (active) {
    return problem(
      `PDF 文件含有可执行或嵌入的内容（/${active}），请另存为或打印为普通 PDF 后重新上传`,
      `the PDF carries active or embedded content (/${active}); save or print it as a plain PDF and upload it again`,
    );
  }
  return undefined;
}

/** The leaves of the page tree, or undefined when it loops, nests too deep or names no dictionary. */
function countPages(context: PDFContext, root: PDFObject | undefined): number | undefined {
  const seen = new Set<PDFObject>();
  let pages = 0;
  const stack: { node: PDFObject | undefined; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next) break;
    const node = next.node instanceof PDFRef ? context.lookup(next.node) : next.node;
    if (!(node instanceof PDFDict) || seen.has(node) || next.depth > MAX_PAGE_TREE_DEPTH) return undefined;
    seen.add(node);
    const type = node.lookup(PDFName.of('Type'));
    if (type === PDFName.of('Page')) {
      pages += 1;
      continue;
    }
    const kids = node.lookup(PDFName.of('Kids'));
    if (type !== PDFName.of('Pages') || !(kids instanceof PDFArray)) return undefined;
    for (const kid of kids.asArray()) stack.push({ node: kid, depth: next.depth + 1 });
  }
  return pages;
}

/** The first active name anywhere in the file (as a key or a value), or undefined. */
function activeName(context: PDFContext): string | undefined {
  const stack: PDFObject[] = context.enumerateIndirectObjects().map(([, object]) => object);
  while (stack.length > 0) {
    const object = stack.pop();
    if (object instanceof PDFName) {
      const name = object.decodeText();
      if (ACTIVE_NAMES.has(name)) return name;
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) stack.push(key, value);
    } else if (object instanceof PDFArray) {
      for (const item of object.asArray()) stack.push(item);
    } else if (object instanceof PDFStream) {
      stack.push(object.dict);
    }
  }
  return undefined;
}
