import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { REPORTS, REPORT_PDF_MAX_ROWS, type ReportColumn, type ReportFilters, type ReportId, type ReportRow } from '../../src/domain/reports/catalogue';
import { formatCents } from '../../src/domain/money';
import type { CompanyDoc } from '../accounts/accounts.model';
import type { ServerContext } from '../context';
import { csvCell } from '../lots/lot-export';
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

const FILTER_LABELS: Record<keyof ReportFilters, string> = {
  from: 'Desde',
  to: 'Hasta',
  date: 'Fecha de cierre',
  product: 'Producto',
  branch: 'Sucursal',
  status: 'Estado',
  holder: 'Tarjetahabiente',
  user: 'Usuario',
};

export const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

export function filtersText(report: ReportId, f: ReportFilters): string {
  const statuses = REPORTS[report].statuses ?? {};
  const parts = (Object.keys(FILTER_LABELS) as (keyof ReportFilters)[])
    .filter((k) => f[k])
    .map((k) => `${FILTER_LABELS[k]}: ${k === 'status' ? (statuses[f[k]!] ?? f[k]) : f[k]}`);
  return parts.length ? parts.join(' · ') : 'Sin filtros';
}

export function preamble(x: ExportContext): [string, string][] {
  return [
    ['Empresa', `${x.company.legalName} (RIF ${x.company.taxId})`],
    ['Reporte', REPORTS[x.report].title],
    ['Filtros', filtersText(x.report, x.filters)],
    ['Generado', when(x.generatedAt)],
  ];
}

/** A cell as text (CSV, PDF): money as 1.234,56; dates as written (ISO, UTC). */
function cellText(col: ReportColumn, value: ReportRow[string]): string {
  if (value === null || value === undefined) return '';
  if (col.kind === 'money') return formatCents(Number(value));
  return String(value);
}

function writer(out: Writable) {
  return async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
}

const csvLine = (cells: string[]) => cells.map(csvCell).join(';') + '\r\n';

/** CSV: `;`-separated, UTF-8 with BOM (Excel), preamble lines, a blank line, then the table. */
export async function writeReportCsv(x: ExportContext, out: Writable): Promise<number> {
  const write = writer(out);
  const columns = REPORTS[x.report].columns;
  let text = '\uFEFF';
  for (const [k, v] of preamble(x)) text += csvLine([k, v]);
  text += '\r\n' + csvLine(columns.map((c) => c.label));
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
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Conexión Empresas';
  workbook.created = x.generatedAt;
  const sheet = workbook.addWorksheet(def.title.slice(0, 31));
  sheet.columns = def.columns.map((c) => ({ width: c.kind === 'text' ? 24 : 18 }));
  for (const [k, v] of preamble(x)) sheet.addRow([k, v]).commit();
  sheet.addRow([]).commit();
  const head = sheet.addRow(def.columns.map((c) => c.label));
  head.font = { bold: true };
  head.commit();
  let count = 0;
  for await (const rows of allRows(x.ctx, x.company.id, x.report, x.filters)) {
    for (const row of rows) {
      const r = sheet.addRow(
        def.columns.map((c) => {
          const v = row[c.key];
          if (v === null || v === undefined) return null;
          // money as a number of bolívares with two decimals (cents / 100 is exact to display)
          if (c.kind === 'money') return Number(v) / 100;
          return v;
        }),
      );
      def.columns.forEach((c, i) => {
        if (c.kind === 'money') r.getCell(i + 1).numFmt = '#,##0.00';
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
  const def = REPORTS[x.report];
  const body: unknown[][] = [];
  let truncated = false;
  for await (const rows of allRows(x.ctx, x.company.id, x.report, x.filters, REPORT_PDF_MAX_ROWS + 1)) {
    for (const row of rows) {
      if (body.length === REPORT_PDF_MAX_ROWS) {
        truncated = true;
        break;
      }
      body.push(def.columns.map((c) => ({ text: cellText(c, row[c.key]), alignment: c.kind === 'money' || c.kind === 'number' ? 'right' : 'left' })));
    }
  }
  const generated = when(x.generatedAt);
  const content: unknown[] = [
    { text: def.title, style: 'title' },
    { table: { widths: [70, '*'], body: preamble(x).map(([k, v]) => [{ text: k, bold: true }, v]) }, layout: 'lightHorizontalLines', margin: [0, 6, 0, 10] },
  ];
  if (truncated) {
    content.push({ text: `Este PDF muestra las primeras ${REPORT_PDF_MAX_ROWS} filas; descargue XLSX o CSV para el reporte completo.`, italics: true, margin: [0, 0, 0, 6] });
  }
  content.push({
    table: {
      headerRows: 1,
      widths: def.columns.map(() => '*'),
      body: [def.columns.map((c) => ({ text: c.label, bold: true })), ...(body.length ? body : [def.columns.map((_, i) => (i === 0 ? 'Sin filas' : ''))])],
    },
    layout: 'lightHorizontalLines',
    fontSize: 7,
  });
  const doc = {
    info: { title: def.title, author: 'Conexión Empresas' },
    pageSize: 'LETTER',
    pageOrientation: 'landscape',
    pageMargins: [30, 40, 30, 40],
    defaultStyle: { font: PDF_FONT, fontSize: 9 },
    styles: { title: { fontSize: 14, bold: true } },
    header: { text: `${x.company.legalName} — ${def.title}`, margin: [30, 15, 30, 0], fontSize: 8 },
    footer: (page: number, pages: number) => ({ text: `Generado ${generated} — página ${page} de ${pages}`, margin: [30, 10, 30, 0], fontSize: 8 }),
    content,
  };
  return { pdf: await renderPdf(doc), rows: body.length, truncated };
}
