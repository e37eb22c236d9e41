/**
 * fontkit (pdfkit's font engine, installed with pdfmake) ships no types; the one call the project
 * makes (./glyphs.ts) is typed here, as ./pdfmake.d.ts does for pdfmake.
 */
declare module 'fontkit' {
  interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font | { fonts: Font[] };
}
