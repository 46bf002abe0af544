/**
 * CSV as every export of the product writes it (lots, reports; server and device): `;`-separated,
 * CRLF, UTF-8 with a BOM so Excel opens it in Spanish locales.
 */
export const CSV_BOM = '\uFEFF';

/** One CSV cell: quoted when needed; a leading = + - @ is neutralised (formula injection in Excel). */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | null | undefined)[]): string => cells.map(csvCell).join(';') + '\r\n';
