import type { LotError } from '../../../domain/lots/errors';
import { errorFieldLabel } from '../../../domain/lots/errors';

export interface ErrorReportHeaders {
  line: string;
  field: string;
  code: string;
  message: string;
}

/**
 * The downloadable error report: CSV with `;` (what Spanish Excel opens by default), a UTF-8 BOM so
 * accents survive, CRLF line ends, every cell quoted when needed.
 */
export function errorReportCsv(errors: readonly LotError[], headers: ErrorReportHeaders): Blob {
  const lines = [row([headers.line, headers.field, headers.code, headers.message])];
  for (const error of errors) {
    const field = error.field ? `${errorFieldLabel(error)} (${error.field})` : '';
    lines.push(row([String(error.line), field, error.code, error.message]));
  }
  return new Blob(['\ufeff', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
}

function row(cells: string[]): string {
  return cells.map(cell).join(';');
}

function cell(value: string): string {
  // Formula injection guard: a cell starting with = + - @ is read as text by spreadsheets.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

