/**
 * The part of pdfmake's document definition this project uses, typed here: @types/pdfmake pulls the
 * DOM library into the whole project's type check (it changes what `fetch` accepts in Node code).
 * Documents are built as plain data (./render.ts sets them), so a test can read a definition as well
 * as the PDF made from it.
 */
export type PdfAlignment = 'left' | 'right' | 'center' | 'justify';

export interface PdfStyle {
  fontSize?: number;
  bold?: boolean;
  color?: string;
  alignment?: PdfAlignment;
  lineHeight?: number;
  characterSpacing?: number;
  /** [left, top, right, bottom] in points */
  margin?: [number, number, number, number] | [number, number] | number;
  fillColor?: string;
  decoration?: 'underline' | 'lineThrough' | 'overline';
  preserveLeadingSpaces?: boolean;
  noWrap?: boolean;
}

export type PdfCell = PdfContent & { colSpan?: number; rowSpan?: number };

export interface PdfTable {
  headerRows?: number;
  widths?: (number | '*' | 'auto' | string)[];
  body: PdfContent[][];
  dontBreakRows?: boolean;
  keepWithHeaderRows?: number;
}

export type PdfNode = PdfStyle & {
  text?: PdfContent;
  stack?: PdfContent[];
  columns?: PdfContent[];
  ul?: PdfContent[];
  ol?: PdfContent[];
  table?: PdfTable;
  layout?: 'noBorders' | 'headerLineOnly' | 'lightHorizontalLines';
  style?: string | string[];
  pageBreak?: 'before' | 'after';
  unbreakable?: boolean;
  width?: number | '*' | 'auto' | string;
  colSpan?: number;
  rowSpan?: number;
  id?: string;
  canvas?: unknown[];
};

export type PdfContent = string | PdfNode | PdfContent[];

export interface PdfDocumentDefinition {
  content: PdfContent;
  pageSize?: 'A4' | 'A3';
  pageOrientation?: 'portrait' | 'landscape';
  /** [left, top, right, bottom] in points */
  pageMargins?: [number, number, number, number];
  styles?: Record<string, PdfStyle>;
  defaultStyle?: PdfStyle;
  header?: (currentPage: number, pageCount: number) => PdfContent | null;
  footer?: (currentPage: number, pageCount: number) => PdfContent | null;
  /** a diagonal mark across every page, e.g. 预览 on an unsigned agreement */
  watermark?: { text: string; opacity?: number; fontSize?: number; color?: string; angle?: number };
}
