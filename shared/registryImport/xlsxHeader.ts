import { constants, inflateRawSync } from 'node:zlib';
import type { RawCell } from './rawCell.js';

/**
 * Row 1 of an xlsx's first sheet, read without reading the rest: the upload's cheap check
 * (checkRegistryFile). exceljs's streaming reader cannot stop early on a real workbook: Excel and exceljs
 * store the shared strings after the sheets, so it spools every sheet to disk before it reads row 1 (≈ 2 s
 * for 10 000 households). Here the zip's central directory is read, the workbook's first sheet found, only
 * the beginning of that sheet inflated up to the end of row 1, and the shared strings it names looked up.
 * Anything unexpected answers undefined, and the caller reads the workbook with exceljs instead, so this
 * is a short cut and never the last word (docs/registry-import.md "Speed").
 */
interface Entry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
}

function centralDirectory(b: Uint8Array): Map<string, Entry> | undefined {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = u16(b, eocd + 10);
  let at = u32(b, eocd + 16);
  const names = new TextDecoder();
  const entries = new Map<string, Entry>();
  for (let n = 0; n < count; n++) {
    if (u32(b, at) !== 0x02014b50) return undefined;
    const nameLength = u16(b, at + 28);
    const name = names.decode(b.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, {
      method: u16(b, at + 10),
      compressedSize: u32(b, at + 20),
      localOffset: u32(b, at + 42),
    });
    at += 46 + nameLength + u16(b, at + 30) + u16(b, at + 32);
  }
  return entries;
}

/** The entry's text, or only its beginning once `enough` says it holds what is wanted. */
function entryText(b: Uint8Array, e: Entry, enough?: (text: string) => boolean): string | undefined {
  const local = e.localOffset;
  if (u32(b, local) !== 0x04034b50) return undefined;
  const start = local + 30 + u16(b, local + 26) + u16(b, local + 28);
  const data = b.subarray(start, start + e.compressedSize);
  if (e.method === 0) return new TextDecoder().decode(data);
  if (e.method !== 8) return undefined;
  for (let size = 16_384; ; size *= 4) {
    const whole = size >= data.length;
    const text = inflateRawSync(whole ? data : data.subarray(0, size), {
      finishFlush: constants.Z_SYNC_FLUSH,
    }).toString('utf8');
    if (whole || enough?.(text)) return text;
  }
}

function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    return String.fromCodePoint(
      lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1)),
    );
  });
}

/** The text of every <t> inside (rich text runs joined; phonetic runs left out). */
function runsText(xml: string): string {
  const plain = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of plain.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += xmlText(m[1] ?? '');
  return out;
}

/** Whether the text holds at least `count` whole <si> elements. */
function holdsStrings(text: string, count: number): boolean {
  let found = 0;
  for (let at = text.indexOf('<si'); at >= 0 && found < count; at = text.indexOf('<si', at + 3)) {
    if (text.indexOf('</si>', at) < 0 && !text.startsWith('<si/>', at)) return false;
    found += 1;
  }
  return found >= count;
}

function columnNumber(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** Row 1's cells (index 0 = column A), or undefined when the short cut does not apply. */
export function xlsxHeaderRow(bytes: Uint8Array): RawCell[] | undefined {
  try {
    const entries = centralDirectory(bytes);
    const workbookEntry = entries?.get('xl/workbook.xml');
    const relsEntry = entries?.get('xl/_rels/workbook.xml.rels');
    if (!entries || !workbookEntry || !relsEntry) return undefined;
    const workbook = entryText(bytes, workbookEntry);
    const rels = entryText(bytes, relsEntry);
    const firstSheet = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook ?? '')?.[1];
    if (!firstSheet || !rels) return undefined;
    const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)]
      .map((m) => m[0])
      .find((r) => r.includes(`Id="${firstSheet}"`));
    const target = rel ? /Target="([^"]+)"/.exec(rel)?.[1] : undefined;
    if (!target) return undefined;
    const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const sheetEntry = entries.get(sheetPath);
    if (!sheetEntry) return undefined;
    const sheet = entryText(bytes, sheetEntry, (t) => t.includes('</row>'));
    const row = sheet ? /<row\b([^>]*)>([\s\S]*?)<\/row>/.exec(sheet) : null;
    // no row, or the first row is not row 1: let exceljs say so
    if (!row || !/\br="1"/.test(row[1] ?? '')) return undefined;
    const cells: RawCell[] = [];
    const shared: [number, number][] = [];
    for (const c of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1] ?? '';
      const body = c[2] ?? '';
      const ref = /\br="([A-Z]+)\d+"/.exec(attrs)?.[1];
      const col = ref ? columnNumber(ref) - 1 : cells.length;
      const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      cells[col] = null;
      if (type === 's' && v !== undefined) shared.push([col, Number(v)]);
      else if (type === 'inlineStr') cells[col] = runsText(body);
      else if (v !== undefined) cells[col] = xmlText(v);
    }
    if (shared.length > 0) {
      const ssEntry = entries.get('xl/sharedStrings.xml');
      // only as far as the highest string row 1 names (the header's strings come first)
      const last = Math.max(...shared.map(([, i]) => i));
      const ss = ssEntry ? entryText(bytes, ssEntry, (t) => holdsStrings(t, last + 1)) : undefined;
      if (ss === undefined) return undefined;
      const strings: string[] = [];
      let at = 0;
      while (strings.length <= last) {
        const open = ss.indexOf('<si', at);
        if (open < 0) return undefined;
        const selfClosing = ss.startsWith('<si/>', open);
        const close = selfClosing ? open + 5 : ss.indexOf('</si>', open);
        if (close < 0) return undefined;
        strings.push(selfClosing ? '' : runsText(ss.slice(open, close)));
        at = selfClosing ? close : close + 5;
      }
      for (const [col, i] of shared) cells[col] = strings[i] ?? null;
    }
    return Array.from(cells, (c) => c ?? null);
  } catch {
    return undefined;
  }
}
