import { csvLine } from '../../../domain/files/csv';
import { REPORTS, type ReportRow } from '../../../domain/reports/catalogue';
import {
  SHEET_MONEY_FORMAT,
  cellText,
  preamble,
  reportCsvHead,
  reportPdfDefinition,
  reportTitle,
  sheetCell,
  type ReportFileHeader,
} from '../../../domain/reports/report-file';

export type DeviceExportFormat = 'csv' | 'xlsx' | 'pdf';

const TYPES: Record<DeviceExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/**
 * A report computed on the device, as a file: the same preamble, cells and PDF layout as the
 * server's exports (src/domain/reports/report-file.ts), its title saying the rows come from the
 * device. exceljs and pdfmake are loaded only when a file is asked for (their own chunks, kept by
 * the service worker, so this works offline too).
 */
export async function deviceReportFile(format: DeviceExportFormat, header: ReportFileHeader, rows: ReportRow[]): Promise<Blob> {
  const h = { ...header, fromDevice: true };
  const body = format === 'csv' ? reportCsv(h, rows) : format === 'xlsx' ? await reportXlsx(h, rows) : await reportPdf(h, rows);
  return new Blob([body], { type: TYPES[format] });
}

export function reportCsv(h: ReportFileHeader, rows: ReportRow[]): string {
  const columns = REPORTS[h.report].columns;
  let text = reportCsvHead(h);
  for (const row of rows) text += csvLine(columns.map((c) => cellText(c, row[c.key])));
  return text;
}

async function reportXlsx(h: ReportFileHeader, rows: ReportRow[]): Promise<ArrayBuffer> {
  const loaded = await import('exceljs');
  const ExcelJS = ((loaded as unknown as { default?: typeof loaded }).default ?? loaded) as typeof import('exceljs');
  const def = REPORTS[h.report];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Conexión Empresas';
  workbook.created = h.generatedAt;
  const sheet = workbook.addWorksheet(reportTitle(h).slice(0, 31));
  sheet.columns = def.columns.map((c) => ({ width: c.kind === 'text' ? 24 : 18 }));
  for (const [k, v] of preamble(h)) sheet.addRow([k, v]);
  sheet.addRow([]);
  sheet.addRow(def.columns.map((c) => c.label)).font = { bold: true };
  for (const row of rows) {
    const r = sheet.addRow(def.columns.map((c) => sheetCell(c, row[c.key])));
    def.columns.forEach((c, i) => {
      if (c.kind === 'money') r.getCell(i + 1).numFmt = SHEET_MONEY_FORMAT;
    });
  }
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

interface BrowserPdfMake {
  addVirtualFileSystem(vfs: unknown): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  createPdf(doc: unknown): { getBlob(): Promise<Blob> };
}

async function reportPdf(h: ReportFileHeader, rows: ReportRow[]): Promise<Blob> {
  const [made, fonts] = await Promise.all([import('pdfmake/build/pdfmake'), import('pdfmake/build/vfs_fonts')]);
  const pdfMake = ((made as { default?: unknown }).default ?? made) as BrowserPdfMake;
  pdfMake.addVirtualFileSystem((fonts as { default?: unknown }).default ?? fonts);
  // the document holds cardholders' data: pdfmake must never fetch anything for it
  pdfMake.setUrlAccessPolicy(() => false);
  return pdfMake.createPdf(reportPdfDefinition(h, rows, false, 'Roboto')).getBlob();
}
