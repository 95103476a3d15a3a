/**
 * CSV as spreadsheets open it: UTF-8 with a byte-order mark (so Excel does not read it as the local code page),
 * comma separated, CRLF lines, fields quoted when they hold a separator, quote or line break. A text cell starting
 * with = + - @ is prefixed with ' so a deal title never runs as a formula (numbers are written as numbers).
 */
export type CsvCell = string | number | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lets the browser save `csv` as `fileName` (built on the client from the figures on screen). */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // after the click has handed the blob to the download
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
