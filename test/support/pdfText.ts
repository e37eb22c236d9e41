/**
 * PDF.js's own types reference the DOM library, which would change what `fetch` accepts everywhere in
 * the project's type check; the few calls made here are typed by hand instead.
 */
interface PdfJs {
  getDocument(src: { data: Uint8Array; verbosity: number; useSystemFonts: boolean }): {
    promise: Promise<{
      numPages: number;
      getPage(n: number): Promise<{
        getTextContent(): Promise<{ items: ({ str: string; transform: number[] } | object)[] }>;
      }>;
      getMetadata(): Promise<{ info?: unknown }>;
      destroy(): Promise<void>;
    }>;
  };
}
const PDFJS_MODULE: string = 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Text extraction for the document tests: PDF.js (the reader Firefox uses) parses the file and maps
 * each glyph back to Unicode through the font's ToUnicode table, so a test reads what a person's
 * viewer (and a screen reader, and copy-paste) would read. Lines are rebuilt from the glyph runs'
 * positions: runs on one baseline, left to right.
 */
export interface PdfTextPage {
  lines: string[];
  text: string;
}

export interface PdfText {
  pages: PdfTextPage[];
  /** every page's lines, joined with newlines */
  text: string;
  info: Record<string, unknown>;
}

interface Run {
  str: string;
  x: number;
  y: number;
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const { getDocument } = (await import(PDFJS_MODULE)) as PdfJs;
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, useSystemFonts: false }).promise;
  const pages: PdfTextPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const runs: Run[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      runs.push({ str: item.str, x: item.transform[4] ?? 0, y: item.transform[5] ?? 0 });
    }
    // one line per baseline (within half a point), top of the page first
    const rows = new Map<number, Run[]>();
    for (const run of runs) {
      const key = [...rows.keys()].find((y) => Math.abs(y - run.y) < 0.5) ?? run.y;
      rows.set(key, [...(rows.get(key) ?? []), run]);
    }
    const lines = [...rows.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, row]) =>
        row
          .sort((a, b) => a.x - b.x)
          .map((r) => r.str)
          .join('')
          .trim(),
      )
      .filter((line) => line !== '');
    pages.push({ lines, text: lines.join('\n') });
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return {
    pages,
    text: pages.map((p) => p.text).join('\n'),
    info: (meta.info ?? {}) as Record<string, unknown>,
  };
}

/** The text without its spaces and line breaks: a wrapped cell still contains the whole phrase. */
export const compact = (text: string) => text.replace(/\s+/g, '');
