import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { exampleFileFor, templateFor } from '../../src/domain/lots';
import { LOT_TYPES } from '../../src/domain/statuses';
import { lotDocId, lotResultsDocId, type LotDoc, type LotResultsChunkDoc } from '../../src/domain/lots/lot.model';
import { startServer } from '../bootstrap';
import { createLogger } from '../logger';
import { companyDb } from '../store/databases';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { CID, emiFile, getLot, header, pollUntilValidated, recFile, upload, uploadOk } from './lots.testing';

async function pdfText(bytes: Uint8Array): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PDFParse } = require('pdf-parse');
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text as string;
  } finally {
    await parser.destroy?.();
  }
}

describe('lot detail exports and layout downloads', () => {
  let server: TestServer;
  let carga: string;
  beforeAll(async () => {
    server = await startTestServer();
    carga = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
  });
  afterAll(async () => server.close());

  const exportOf = (lotId: string, format: string) => server.api(`/companies/${CID}/lots/${lotId}/export?format=${format}`, { token: carga });

  it('exports an invalid lot as XLSX (records with their errors, every error, company, lot, time)', async () => {
    const lot = await uploadOk(server, carga, [header('REC', 3, 3000), 'D;V;10000001;10.00', 'D;V;99999999;10.00', 'D;V;10000003;10.00', 'X;basura'].join('\n'));
    expect(lot.status).toBe('INVALID');
    const res = await exportOf(lot.id, 'xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`lote-${lot.id}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from(Buffer.from(await res.arrayBuffer())));
    const summary = workbook.getWorksheet('Lote')!;
    const summaryText = JSON.stringify(summary.getSheetValues());
    expect(summaryText).toContain('Alimentos Demo C.A.');
    expect(summaryText).toContain(lot.id);
    expect(summaryText).toContain('Generado');
    const records = workbook.getWorksheet('Registros')!;
    expect(records.getRow(1).values).toEqual([, 'Línea', 'Tipo de documento', 'Número de documento', 'Monto', 'Monto', 'Errores', 'Resultado'] as unknown as ExcelJS.CellValue[]);
    expect(records.rowCount).toBe(5); // header + 4 records (the X line is one too, with its error)
    expect(String(records.getRow(3).getCell(6).value)).toContain('E_NO_CARD');
    expect(String(records.getRow(5).getCell(6).value)).toContain('E_RECORD_TYPE');
    expect(records.getRow(2).getCell(5).value).toBe(10);
    const errors = workbook.getWorksheet('Errores')!;
    expect(errors.rowCount).toBe(1 + lot.errorCount);
    const codes = errors.getColumn(3).values.slice(2);
    expect(codes).toContain('E_NO_CARD');
    expect(codes).toContain('E_RECORD_TYPE');
  });

  it('exports CSV with the company, lot and time first, then each record, then the errors outside records', async () => {
    const lot = await uploadOk(server, carga, [header('REC', 2, 2000), 'D;V;10000001;10.00', 'D;V;=cmd;10.00'].join('\n'));
    const res = await exportOf(lot.id, 'csv');
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const rows = text.split('\r\n');
    expect(rows[0]).toBe('Empresa;Alimentos Demo C.A. (RIF J000000001)');
    expect(rows[1]).toContain(lot.id);
    expect(text).toContain('Generado;');
    expect(text).toContain('línea;Tipo de documento;Número de documento;Monto;monto (céntimos);errores;resultado');
    expect(text).toContain('2;V;10000001;10.00;1000;;');
    expect(text).toContain("3;V;'=cmd;10.00;1000;"); // no formula reaches a spreadsheet
    expect(text).toContain('E_LENGTH (Número de documento)');
  });

  it('exports PDF readable as text, with the processing result when there is one', async () => {
    const lot = await uploadOk(server, carga, recFile(3, 2500));
    // a result chunk as the processor writes it
    const results: LotResultsChunkDoc = {
      _id: lotResultsDocId(lot.id, 0),
      type: 'lot-results',
      lotId: lot.id,
      chunk: 0,
      results: [
        { line: 2, status: 'DONE' },
        { line: 3, status: 'REJECTED', reason: 'Tarjeta bloqueada' },
      ],
    };
    await server.ctx.store.use(companyDb(CID, 'lotrecords')).insert(results as never);
    const page = await (await server.api(`/companies/${CID}/lots/${lot.id}/records`, { token: carga })).json();
    expect(page.records.map((r: { result: unknown }) => r.result)).toEqual([
      { line: 2, status: 'DONE' },
      { line: 3, status: 'REJECTED', reason: 'Tarjeta bloqueada' },
      null,
    ]);

    const res = await exportOf(lot.id, 'pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('Alimentos Demo C.A.');
    expect(text).toContain(lot.id);
    expect(text).toContain('Generado');
    expect(text).toContain('10000002');
    expect(text).toContain('Rechazado: Tarjeta bloqueada');
    expect((await exportOf(lot.id, 'doc')).status).toBe(400);
    const audit = await auditEntries(server, { action: 'lots.export', companyId: CID });
    expect(audit.some((a) => (a.details as { format?: string }).format === 'pdf')).toBeTrue();
  });

  it('serves the layouts, the templates and an example with the company tax id, from the one definition', async () => {
    const layouts = await (await server.api('/lot-layouts')).json();
    expect(Object.keys(layouts.layouts)).toEqual([...LOT_TYPES]);
    expect(layouts.layouts.EMI.detail.fields.map((f: { name: string }) => f.name)).toContain('birthDate');
    expect(layouts.maxRecords).toBe(1_000_000);
    for (const type of LOT_TYPES) {
      const res = await server.api(`/lot-layouts/${type}/template.txt`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(`plantilla-${type}.txt`);
      expect(await res.text()).toBe(templateFor(type));
    }
    expect((await server.api('/lot-layouts/XYZ/template.txt')).status).toBe(404);

    const example = await server.api(`/lot-layouts/EMI/example.txt?companyId=${CID}`, { token: carga });
    expect(example.status).toBe(200);
    const text = await example.text();
    expect(text).toBe(exampleFileFor('EMI', 'J000000001', 'ALIM'));
    expect((await server.api(`/lot-layouts/EMI/example.txt?companyId=${CID}&productCode=REGA`, { token: carga })).status).toBe(200);
    expect((await server.api(`/lot-layouts/EMI/example.txt?companyId=cotra000009`, { token: carga })).status).toBe(404);
    expect((await server.api(`/lot-layouts/EMI/example.txt?companyId=${CID}`)).status).toBe(401);

    // the example passes the server's validation as it is
    const lot = await uploadOk(server, carga, text, { type: 'EMI' });
    expect(lot.status).withContext(JSON.stringify(lot.errors)).toBe('VALID');
  });
});

/** A server on a given DATA_DIR (kept when it closes), with the TestServer api() helper. */
async function startOn(dataDir: string) {
  const running = await startServer({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      STATIC_DIR: path.join(dataDir, 'no-static'),
      LOGIN_RATE_PER_IP_PER_MINUTE: '10000',
    },
    log: createLogger('silent'),
  });
  const api = (p: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return fetch(running.url + '/api/v1' + p, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  };
  return { ...running, dataDir, clock: { offsetMs: 0 }, api } as unknown as TestServer & { close(): Promise<void> };
}

describe('lot validation after a crash', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-lots-crash-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('re-validates a lot left VALIDATING from its file when the server starts again on the same DATA_DIR', async () => {
    const lotId = 'L20261125120000crash1';
    const content = emiFile(12_000, 70_000_001);
    const first = await startOn(dataDir);
    try {
      fs.mkdirSync(path.join(dataDir, 'uploads', CID), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'uploads', CID, `${lotId}.txt`), content);
      const at = new Date().toISOString();
      const doc: LotDoc = {
        _id: lotDocId(lotId),
        type: 'lot',
        id: lotId,
        companyId: CID,
        lotType: 'EMI',
        productCode: 'ALIM',
        status: 'VALIDATING',
        fileName: 'grande.txt',
        fileBytes: Buffer.byteLength(content),
        fileSha256: 'x'.repeat(64),
        duplicateOf: null,
        header: null,
        recordCount: 12_000,
        storedRecords: 0,
        totalCents: 0,
        errorCount: 0,
        progress: { phase: 'validating', linesRead: 4000, bytesRead: 1, fileBytes: Buffer.byteLength(content) },
        uploadedBy: 'carga',
        uploadedAt: at,
        origin: 'web',
        validatedAt: null,
        confirmation: null,
        confirmedAt: null,
        signaturesRequired: 0,
        signatures: [],
        authorization: null,
        orderId: null,
        processing: null,
        deleted: null,
        history: [],
      };
      await first.ctx.store.use(companyDb(CID, 'lots')).insert(doc as never);
      // a chunk written before the "crash": the re-run overwrites it rather than failing on it
      await first.ctx.store
        .use(companyDb(CID, 'lotrecords'))
        .insert({ _id: `records:${lotId}:000000`, type: 'lot-records', lotId, chunk: 0, fieldNames: [], records: [] } as never);
    } finally {
      await first.close();
    }

    const second = await startOn(dataDir);
    try {
      const token = (await signIn(second, 'carga', 'Carga#2026')).accessToken;
      const { lot } = await pollUntilValidated(second, token, lotId);
      expect(lot.status).toBe('VALID');
      expect(lot.recordCount).toBe(12_000);
      const records = await (await second.api(`/companies/${CID}/lots/${lotId}/records?offset=0&limit=2`, { token })).json();
      expect(records.records[0].fields.idNumber).toBe('70000001');
      expect(records.total).toBe(12_000);
      expect((await getLot(second, token, lotId)).history.map((h) => h.action)).toEqual(['validated']);
    } finally {
      await second.close();
    }
  });

  it('an interrupted background validation (server stopped) finishes after the restart', async () => {
    const first = await startOn(dataDir);
    let lotId: string;
    try {
      const token = (await signIn(first, 'carga', 'Carga#2026')).accessToken;
      const res = await upload(first, token, emiFile(60_000, 80_000_001), { type: 'EMI' });
      expect(res.status).toBe(202);
      lotId = (await res.json()).id;
    } finally {
      await first.close(); // stops the validation between two file pieces
    }
    const second = await startOn(dataDir);
    try {
      const token = (await signIn(second, 'carga', 'Carga#2026')).accessToken;
      const { lot } = await pollUntilValidated(second, token, lotId);
      expect(lot.status).toBe('VALID');
      expect(lot.recordCount).toBe(60_000);
      const records = await (await second.api(`/companies/${CID}/lots/${lotId}/records?offset=59999&limit=5`, { token })).json();
      expect(records.records.map((r: { line: number }) => r.line)).toEqual([60_001]);
    } finally {
      await second.close();
    }
  });
});
