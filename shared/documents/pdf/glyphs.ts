import { openSync } from 'fontkit';
import { requireConfig } from '../../adapters/config.js';

/**
 * The characters of a text the documents' font has no glyph for. The font is a subset of Noto Sans
 * CJK SC (scripts/document-font.sh); a character outside it would be set as an empty box (.notdef) in
 * the PDF — a name or a certificate number a person cannot read, with no error anywhere. Documents are
 * checked with this in the tests, and a caller may check a rare name before setting it.
 *
 * Whitespace and control characters are not looked up (a layout never draws them). Each missing
 * character is named once, in the order it first occurs.
 */
interface FontLike {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const fonts = new Map<string, FontLike>();

function fontAt(path: string): FontLike {
  let font = fonts.get(path);
  if (!font) {
    const opened = openSync(path);
    // a collection (.ttc) opens as several fonts; the documents' font is one .otf
    font = 'fonts' in opened ? opened.fonts[0] : opened;
    if (!font) throw new Error(`no font in ${path}`);
    fonts.set(path, font);
  }
  return font;
}

export function missingGlyphs(text: string, fontPath: string = requireConfig('DOCUMENT_FONT')): string[] {
  const font = fontAt(fontPath);
  const missing = new Set<string>();
  for (const ch of text) {
    if (/\s|\p{Cc}/u.test(ch)) continue;
    const cp = ch.codePointAt(0);
    if (cp !== undefined && !font.hasGlyphForCodePoint(cp)) missing.add(ch);
  }
  return [...missing];
}
