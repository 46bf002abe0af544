/**
 * What every report file says, whoever writes it (the server's XLSX/CSV/PDF, or the device's
 * offline export): the preamble (company, report, filters, generation time), the cells, and the
 * PDF's document definition (pdfmake, plain data). One definition, so a file made offline reads
 * like one made by the server.
 */
import { CSV_BOM, csvLine } from '../files/csv';
import { formatCents } from '../money';
import { REPORTS, REPORT_PDF_MAX_ROWS, type ReportColumn, type ReportFilters, type ReportId, type ReportRow } from './catalogue';

export interface ReportFileHeader {
  company: { legalName: string; taxId: string };
  report: ReportId;
  filters: ReportFilters;
  generatedAt: Date;
  /** rows computed on the device from its synced data, not by the server */
  fromDevice?: boolean;
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

export const generatedText = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

export function filtersText(report: ReportId, f: ReportFilters): string {
  const statuses = REPORTS[report].statuses ?? {};
  const parts = (Object.keys(FILTER_LABELS) as (keyof ReportFilters)[])
    .filter((k) => f[k])
    .map((k) => `${FILTER_LABELS[k]}: ${k === 'status' ? (statuses[f[k]!] ?? f[k]) : f[k]}`);
  return parts.length ? parts.join(' · ') : 'Sin filtros';
}

export function reportTitle(h: ReportFileHeader): string {
  return REPORTS[h.report].title + (h.fromDevice ? ' (datos del dispositivo, sin conexión)' : '');
}

export function preamble(h: ReportFileHeader): [string, string][] {
  return [
    ['Empresa', `${h.company.legalName} (RIF ${h.company.taxId})`],
    ['Reporte', reportTitle(h)],
    ['Filtros', filtersText(h.report, h.filters)],
    ['Generado', generatedText(h.generatedAt)],
  ];
}

/** A CSV file's head: BOM, preamble lines, a blank line, the column labels. */
export function reportCsvHead(h: ReportFileHeader): string {
  let text = CSV_BOM;
  for (const [k, v] of preamble(h)) text += csvLine([k, v]);
  return text + '\r\n' + csvLine(REPORTS[h.report].columns.map((c) => c.label));
}

/** A cell as text (CSV, PDF): money as 1.234,56; dates as written (ISO, UTC). */
export function cellText(col: ReportColumn, value: ReportRow[string]): string {
  if (value === null || value === undefined) return '';
  if (col.kind === 'money') return formatCents(Number(value));
  return String(value);
}

/** A cell for a spreadsheet: money as a number of bolívares (cents / 100, shown with two decimals). */
export function sheetCell(col: ReportColumn, value: ReportRow[string]): string | number | null {
  if (value === null || value === undefined) return null;
  if (col.kind === 'money') return Number(value) / 100;
  return value;
}

export const SHEET_MONEY_FORMAT = '#,##0.00';

/**
 * The PDF of a report: at most REPORT_PDF_MAX_ROWS rows (`truncated` says more were left out, and
 * the PDF says so). `font` is the pdfmake font name the writer registered.
 */
export function reportPdfDefinition(h: ReportFileHeader, rows: ReportRow[], truncated: boolean, font: string): Record<string, unknown> {
  const def = REPORTS[h.report];
  const body = rows.slice(0, REPORT_PDF_MAX_ROWS).map((row) =>
    def.columns.map((c) => ({ text: cellText(c, row[c.key]), alignment: c.kind === 'money' || c.kind === 'number' ? 'right' : 'left' })),
  );
  const generated = generatedText(h.generatedAt);
  const content: unknown[] = [
    { text: reportTitle(h), style: 'title' },
    { table: { widths: [70, '*'], body: preamble(h).map(([k, v]) => [{ text: k, bold: true }, v]) }, layout: 'lightHorizontalLines', margin: [0, 6, 0, 10] },
  ];
  if (truncated || rows.length > REPORT_PDF_MAX_ROWS) {
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
  return {
    info: { title: def.title, author: 'Conexión Empresas' },
    pageSize: 'LETTER',
    pageOrientation: 'landscape',
    pageMargins: [30, 40, 30, 40],
    defaultStyle: { font, fontSize: 9 },
    styles: { title: { fontSize: 14, bold: true } },
    header: { text: `${h.company.legalName} — ${def.title}`, margin: [30, 15, 30, 0], fontSize: 8 },
    footer: (page: number, pages: number) => ({ text: `Generado ${generated} — página ${page} de ${pages}`, margin: [30, 10, 30, 0], fontSize: 8 }),
    content,
  };
}
