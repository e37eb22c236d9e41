import type { RegistryImportError } from '../../../shared/contract/registryImports';

/**
 * The import's error report as a CSV the registrar opens in Excel (WPS) to correct the file: made in
 * the browser from the findings the page already holds, so a report of thousands of rows needs no route
 * of its own. UTF-8 with a byte-order mark (Excel reads Chinese only then), CRLF, RFC 4180 quoting.
 */
export interface ErrorCsvLabels {
  row: string;
  column: string;
  kind: string;
  household: string;
  message: string;
  /** the short label of a finding's code */
  kindOf: (code: string) => string;
  /** the finding's explanation in the reader's language */
  messageOf: (e: RegistryImportError) => string;
}

function cell(value: string | number): string {
  const text = String(value);
  // a cell that starts like a formula is shown as text, never evaluated (CSV injection)
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function importErrorsCsv(errors: readonly RegistryImportError[], l: ErrorCsvLabels): string {
  const lines = [[l.row, l.column, l.kind, l.household, l.message].map(cell).join(',')];
  for (const e of errors)
    lines.push([e.row, e.column, l.kindOf(e.code), e.householdId ?? '', l.messageOf(e)].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Saves text as a file through a temporary object URL, as api/download.ts saves the API's files. */
export function saveText(text: string, name: string, type = 'text/csv;charset=utf-8'): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
