import { CSV_BOM, csvLine } from '../../src/domain/files/csv';
import type { Writable } from 'node:stream';
import { fieldLabel, HEADER_LAYOUT, LOT_TYPE_LABELS, recordsOfChunk, type LotError } from '../../src/domain/lots';
import { LOT_CHUNK_SIZE, type LotDoc, type LotRecordView } from '../../src/domain/lots/lot.model';
import { formatCents, formatLotAmount } from '../../src/domain/money';
import type { CompanyDoc } from '../accounts/accounts.model';
import type { ServerContext } from '../context';
import { xlsxWorkbookWriter } from '../common/xlsx-writer';
import { STATUS_LABELS, recordsPageOf } from './lots.service';
import * as store from './lots.store';
import { PDF_FONT, renderPdf } from '../pdf/pdfmake';

/**
 * Downloads of a lot: the Spanish error report (CSV) and the lot detail — every record with its
 * errors and processing result — as XLSX (exceljs streaming writer), CSV or PDF (pdfmake). Every
 * detail export names the company, the lot and when it was generated. Records are read one page of
 * chunk documents at a time, so a 1,000,000-record lot never sits in memory (XLSX, CSV); the PDF,
 * built in memory by pdfmake, shows the first PDF_MAX_RECORDS records and says so.
 */
export const PDF_MAX_RECORDS = 2000;
const PAGE = 10 * LOT_CHUNK_SIZE;

// ---- CSV ------------------------------------------------------------------------------------------


/** Writes with backpressure. */
function writer(out: Writable) {
  return async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
}

/** The error report: línea;campo;código;mensaje — every error, in order, UTF-8 with a BOM (Excel). */
export async function writeErrorsCsv(ctx: ServerContext, lot: LotDoc, out: Writable): Promise<void> {
  const write = writer(out);
  await write(CSV_BOM + csvLine(['línea', 'campo', 'código', 'mensaje']));
  for await (const chunk of store.errorChunksOf(ctx, lot.companyId, lot.id, lot.errorCount)) {
    let text = '';
    for (const e of chunk.errors) text += csvLine([e.line, e.field ? fieldLabel(e.field) : '', e.code, e.message]);
    await write(text);
  }
  out.end();
}

// ---- lot detail -------------------------------------------------------------------------------------

interface ExportContext {
  company: CompanyDoc;
  lot: LotDoc;
  generatedAt: Date;
}

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
const amountText = (cents: number | null) => (cents === null ? '' : formatLotAmount(cents));
const errorsText = (errors: LotError[]) => errors.map((e) => `${e.code}${e.field ? ` (${fieldLabel(e.field)})` : ''}: ${e.message}`).join(' | ');
const resultText = (r: LotRecordView['result']) => (r ? (r.status === 'DONE' ? 'Procesado' : `Rechazado: ${r.reason ?? ''}`) : '');

function preamble(x: ExportContext): [string, string][] {
  const { company, lot } = x;
  return [
    ['Empresa', `${company.legalName} (RIF ${company.taxId})`],
    ['Lote', `${lot.id} — ${LOT_TYPE_LABELS[lot.lotType]} (${lot.lotType}), producto ${lot.productCode}`],
    ['Archivo', `${lot.fileName} (${lot.fileBytes} bytes, SHA-256 ${lot.fileSha256})`],
    ['Estado', `${STATUS_LABELS[lot.status]} (${lot.status})`],
    ['Registros', String(lot.recordCount)],
    ['Total', formatCents(lot.totalCents)],
    ['Errores', String(lot.errorCount)],
    ['Cargado', `${lot.uploadedBy}, ${lot.uploadedAt}`],
    ['Generado', when(x.generatedAt)],
  ];
}

async function* recordPages(ctx: ServerContext, lot: LotDoc, max = Number.POSITIVE_INFINITY) {
  const total = Math.min(lot.storedRecords, max);
  for (let offset = 0; offset < total; offset += PAGE) {
    const page = await recordsPageOf(ctx, lot, offset, Math.min(PAGE, total - offset));
    yield page;
  }
}

/**
 * Errors on lines that are not stored records, or on the file as a whole. Every detail line is a
 * record with its own errors (unreadable ones too), so what is left is the header's (its fields,
 * or before the first record) and the file's.
 */
const LOOSE_CODES = new Set(['E_EMPTY_FILE', 'E_TOO_LARGE', 'E_HEADER_DUPLICATE', 'E_COUNT_MISMATCH', 'E_TOTAL_MISMATCH']);
const HEADER_FIELDS = new Set(HEADER_LAYOUT.fields.map((f) => f.name as string));

/** Errors not tied to a stored record, listed apart: a record's own errors travel with the record. */
async function looseErrors(ctx: ServerContext, lot: LotDoc, max: number): Promise<LotError[]> {
  const out: LotError[] = [];
  if (lot.errorCount === 0) return out;
  const [first] = await store.getRecordChunks(ctx, lot.companyId, lot.id, [0]);
  const firstRecordLine = (first ? recordsOfChunk(first)[0]?.line : undefined) ?? Number.POSITIVE_INFINITY;
  for await (const chunk of store.errorChunksOf(ctx, lot.companyId, lot.id, lot.errorCount)) {
    for (const e of chunk.errors) {
      const loose = e.line < firstRecordLine || LOOSE_CODES.has(e.code) || (e.field !== null && HEADER_FIELDS.has(e.field));
      if (loose) out.push(e);
      if (out.length >= max) return out;
    }
  }
  return out;
}

export async function writeLotCsv(ctx: ServerContext, x: ExportContext, out: Writable): Promise<void> {
  const write = writer(out);
  let text = CSV_BOM;
  for (const [k, v] of preamble(x)) text += csvLine([k, v]);
  text += '\r\n';
  let header = false;
  for await (const page of recordPages(ctx, x.lot)) {
    if (!header) {
      text += csvLine(['línea', ...page.fieldNames.map(fieldLabel), 'monto (céntimos)', 'errores', 'resultado']);
      header = true;
    }
    for (const r of page.records) {
      text += csvLine([r.line, ...page.fieldNames.map((n) => r.fields[n] ?? ''), r.amountCents, errorsText(r.errors), resultText(r.result)]);
    }
    await write(text);
    text = '';
  }
  const loose = await looseErrors(ctx, x.lot, 100_000);
  if (loose.length) {
    text += '\r\n' + csvLine(['Errores fuera de los registros']) + csvLine(['línea', 'campo', 'código', 'mensaje']);
    for (const e of loose) text += csvLine([e.line, e.field ? fieldLabel(e.field) : '', e.code, e.message]);
  }
  await write(text);
  out.end();
}

export async function writeLotXlsx(ctx: ServerContext, x: ExportContext, out: Writable): Promise<void> {
  const workbook = xlsxWorkbookWriter(out, x.generatedAt);

  const summary = workbook.addWorksheet('Lote');
  summary.columns = [{ width: 14 }, { width: 90 }];
  for (const [k, v] of preamble(x)) summary.addRow([k, v]).commit();
  summary.commit();

  const sheet = workbook.addWorksheet('Registros');
  let first = true;
  for await (const page of recordPages(ctx, x.lot)) {
    if (first) {
      const head = sheet.addRow(['Línea', ...page.fieldNames.map(fieldLabel), 'Monto', 'Errores', 'Resultado']);
      head.font = { bold: true };
      head.commit();
      first = false;
    }
    for (const r of page.records) {
      sheet
        .addRow([
          r.line,
          ...page.fieldNames.map((n) => r.fields[n] ?? ''),
          r.amountCents === null ? null : r.amountCents / 100,
          errorsText(r.errors),
          resultText(r.result),
        ])
        .commit();
    }
  }
  if (first) sheet.addRow(['Línea', 'Sin registros']).commit();
  sheet.commit();

  const errorsSheet = workbook.addWorksheet('Errores');
  errorsSheet.addRow(['Línea', 'Campo', 'Código', 'Mensaje']).commit();
  for await (const chunk of store.errorChunksOf(ctx, x.lot.companyId, x.lot.id, x.lot.errorCount)) {
    for (const e of chunk.errors) errorsSheet.addRow([e.line, e.field ? fieldLabel(e.field) : '', e.code, e.message]).commit();
  }
  errorsSheet.commit();
  await workbook.commit();
}

// ---- PDF ------------------------------------------------------------------------------------------


export async function lotPdf(ctx: ServerContext, x: ExportContext): Promise<Buffer> {
  const rows: unknown[][] = [];
  let fieldNames: string[] = [];
  for await (const page of recordPages(ctx, x.lot, PDF_MAX_RECORDS)) {
    fieldNames = page.fieldNames;
    for (const r of page.records) {
      rows.push([
        String(r.line),
        page.fieldNames.map((n) => r.fields[n] ?? '').join(' · '),
        amountText(r.amountCents),
        errorsText(r.errors) || resultText(r.result) || 'OK',
      ]);
    }
  }
  const loose = await looseErrors(ctx, x.lot, 500);
  const generated = when(x.generatedAt);
  const content: unknown[] = [
    { text: 'Detalle de lote', style: 'title' },
    { table: { widths: [70, '*'], body: preamble(x).map(([k, v]) => [{ text: k, bold: true }, v]) }, layout: 'lightHorizontalLines', margin: [0, 6, 0, 10] },
  ];
  if (x.lot.storedRecords > PDF_MAX_RECORDS) {
    content.push({
      text: `Este PDF muestra los primeros ${PDF_MAX_RECORDS} de ${x.lot.storedRecords} registros; descargue XLSX o CSV para el detalle completo.`,
      italics: true,
      margin: [0, 0, 0, 6],
    });
  }
  content.push({
    table: {
      headerRows: 1,
      widths: [32, '*', 60, '*'],
      body: [
        [
          { text: 'Línea', bold: true },
          { text: fieldNames.map(fieldLabel).join(' · ') || 'Campos', bold: true },
          { text: 'Monto', bold: true },
          { text: 'Errores / resultado', bold: true },
        ],
        ...(rows.length ? rows : [['', 'Sin registros', '', '']]),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 7,
  });
  if (loose.length) {
    content.push({ text: 'Errores fuera de los registros', style: 'subtitle' });
    content.push({
      table: { headerRows: 1, widths: [32, 60, 80, '*'], body: [['Línea', 'Campo', 'Código', 'Mensaje'], ...loose.map((e) => [String(e.line), e.field ? fieldLabel(e.field) : '', e.code, e.message])] },
      layout: 'lightHorizontalLines',
      fontSize: 7,
    });
  }
  const doc = {
    info: { title: `Lote ${x.lot.id}`, author: 'Conexión Empresas' },
    pageSize: 'LETTER',
    pageOrientation: 'landscape',
    pageMargins: [30, 40, 30, 40],
    defaultStyle: { font: PDF_FONT, fontSize: 9 },
    styles: { title: { fontSize: 14, bold: true }, subtitle: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] } },
    header: { text: `${x.company.legalName} — Lote ${x.lot.id}`, margin: [30, 15, 30, 0], fontSize: 8 },
    footer: (page: number, pages: number) => ({ text: `Generado ${generated} — página ${page} de ${pages}`, margin: [30, 10, 30, 0], fontSize: 8 }),
    content,
  };
  return renderPdf(doc);
}
