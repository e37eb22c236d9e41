import { type ContentProblem, problem } from './problem.js';

/**
 * HTML inside a file declared as a PDF or an image. Evidence has no reason to carry a web page, and a
 * file that is both (a polyglot) is what a content sniffer, an old viewer or a mail client might run as
 * one: `%PDF-` followed by `<html><script>…`, a PNG with a page after its end, a JPEG whose comment
 * holds a script. The tags are those a browser's sniffer treats as HTML (WHATWG MIME Sniffing, "HTML"
 * patterns), each followed by a space, `/` or `>`: six or more given bytes, which compressed image or
 * PDF data practically never holds by chance, so the whole file is searched, not only its start.
 */
const MARKUP =
  /<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|frameset|meta\s+http-equiv)[\s/>]/i;

export function markupProblem(bytes: Uint8Array): ContentProblem | undefined {
  // latin1 maps every byte to one character, so the offsets are the file's; no byte is rejected as text
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const found = MARKUP.exec(text);
  if (!found) return undefined;
  const tag = found[0].slice(0, -1).toLowerCase();
  return problem(
    `文件中含有网页代码（${tag}，第 ${found.index} 字节），不是有效的证明材料`,
    `the file contains web page markup (${tag} at byte ${found.index}); it is not valid evidence`,
  );
}
