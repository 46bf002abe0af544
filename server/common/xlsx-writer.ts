import type { stream } from 'exceljs';
import type { Writable } from 'node:stream';

/**
 * A streaming XLSX workbook (rows are committed as they are written) for the server's downloads.
 * exceljs and its zip libraries are about 500 modules, a second of every server start when loaded up
 * front; they are loaded on the first XLSX asked for instead.
 */
export function xlsxWorkbookWriter(out: Writable, created: Date): stream.xlsx.WorkbookWriter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Conexión Empresas';
  workbook.created = created;
  return workbook;
}
