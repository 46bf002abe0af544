import type { Writable } from 'node:stream';
import { csvLine } from '../../src/domain/files/csv';
import { REPORTS, REPORT_PDF_MAX_ROWS, type ReportFilters, type ReportId, type ReportRow } from '../../src/domain/reports/catalogue';
import { SHEET_MONEY_FORMAT, cellText, preamble, reportCsvHead, reportPdfDefinition, sheetCell, type ReportFileHeader } from '../../src/domain/reports/report-file';
import type { CompanyDoc } from '../accounts/accounts.model';
import type { ServerContext } from '../context';
import { xlsxWorkbookWriter } from '../common/xlsx-writer';
import { allRows } from './reports.service';
import { PDF_FONT, renderPdf } from '../pdf/pdfmake';

/**
 * Report downloads: XLSX (exceljs streaming writer: rows are committed as they are read, a page of
 * 1,000 at a time, so 100,000 rows never sit in memory), CSV (streamed) and PDF (pdfmake, in memory:
 * at most REPORT_PDF_MAX_ROWS rows, and it says so). Every file names the company, the report, its
 * filters and when it was generated.
 */
export interface ExportContext {
  ctx: ServerContext;
  company: CompanyDoc;
  report: ReportId;
  filters: ReportFilters;
  generatedAt: Date;
}

/** The shared file header of src/domain/reports/report-file.ts for a server export. */
function header(x: ExportContext): ReportFileHeader {
  return { company: x.company, report: x.report, filters: x.filters, generatedAt: x.generatedAt };
}

function writer(out: Writable) {
  return async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
}

/** CSV: `;`-separated, UTF-8 with BOM (Excel), preamble lines, a blank line, then the table. */
export async function writeReportCsv(x: ExportContext, out: Writable): Promise<number> {
  const write = writer(out);
  const columns = REPORTS[x.report].columns;
  let text = reportCsvHead(header(x));
  let count = 0;
  for await (const rows of allRows(x.ctx, x.company.id, x.report, x.filters)) {
    for (const row of rows) text += csvLine(columns.map((c) => cellText(c, row[c.key])));
    count += rows.length;
    await write(text);
    text = '';
  }
  await write(text);
  out.end();
  return count;
}

export async function writeReportXlsx(x: ExportContext, out: Writable): Promise<number> {
  const def = REPORTS[x.report];
  const workbook = xlsxWorkbookWriter(out, x.generatedAt);
  const sheet = workbook.addWorksheet(def.title.slice(0, 31));
  sheet.columns = def.columns.map((c) => ({ width: c.kind === 'text' ? 24 : 18 }));
  for (const [k, v] of preamble(header(x))) sheet.addRow([k, v]).commit();
  sheet.addRow([]).commit();
  const head = sheet.addRow(def.columns.map((c) => c.label));
  head.font = { bold: true };
  head.commit();
  let count = 0;
  for await (const rows of allRows(x.ctx, x.company.id, x.report, x.filters)) {
    for (const row of rows) {
      const r = sheet.addRow(def.columns.map((c) => sheetCell(c, row[c.key])));
      def.columns.forEach((c, i) => {
        if (c.kind === 'money') r.getCell(i + 1).numFmt = SHEET_MONEY_FORMAT;
      });
      r.commit();
    }
    count += rows.length;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

// ---- PDF ------------------------------------------------------------------------------------------------


export async function reportPdf(x: ExportContext): Promise<{ pdf: Buffer; rows: number; truncated: boolean }> {
  const rows: ReportRow[] = [];
  for await (const page of allRows(x.ctx, x.company.id, x.report, x.filters, REPORT_PDF_MAX_ROWS + 1)) rows.push(...page);
  const truncated = rows.length > REPORT_PDF_MAX_ROWS;
  const pdf = await renderPdf(reportPdfDefinition(header(x), rows, truncated, PDF_FONT));
  return { pdf, rows: Math.min(rows.length, REPORT_PDF_MAX_ROWS), truncated };
}
