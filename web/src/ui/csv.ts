/**
 * CSV files made in the browser (exports of what a list shows, an import's failed rows): RFC 4180, CRLF, UTF-8
 * with a byte order mark so that Excel opens them in the right encoding whatever the person's locale.
 */

const BOM = '\uFEFF';
/** Cells a spreadsheet would run as a formula; numbers and E.164 phones (`-12.5`, `+3491...`) are left as they are. */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER_OR_PHONE = /^[+-]?\d[\d\s.,]*$/;

export type CsvCell = string | number | boolean | null | undefined;

/** The delimiters a person may choose: `;` is what Excel expects where the decimal separator is a comma. */
export type CsvDelimiter = ',' | ';';

function cellText(value: CsvCell, delimiter: CsvDelimiter): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return ''; // a rate of no deals is no figure
  const text = String(value);
  const safe = FORMULA.test(text) && !NUMBER_OR_PHONE.test(text) ? `'${text}` : text;
  return /["\r\n]/.test(safe) || safe.includes(delimiter) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as CSV text (without the byte order mark). */
export function toCsv(rows: readonly (readonly CsvCell[])[], delimiter: CsvDelimiter = ','): string {
  return rows.map((row) => row.map((cell) => cellText(cell, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}

/** The rows as a CSV file: UTF-8 with a byte order mark. */
export function csvBlob(rows: readonly (readonly CsvCell[])[], delimiter: CsvDelimiter = ','): Blob {
  return new Blob([BOM + toCsv(rows, delimiter)], { type: 'text/csv;charset=utf-8' });
}

/** The same file, starting with the UTF-8 byte order mark if it does not already. */
export async function withBom(blob: Blob): Promise<Blob> {
  const head = new Uint8Array(await blob.slice(0, 3).arrayBuffer());
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return blob;
  return new Blob([BOM, blob], { type: blob.type || 'text/csv;charset=utf-8' });
}

/** Saves a file the page made (the browser's download, under `fileName`). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `name-2026-12-07.csv`: a file name that sorts by day in the person's downloads. */
export function datedFileName(name: string, extension = 'csv', now: Date = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `${name}-${day}.${extension}`;
}
