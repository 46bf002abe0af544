import fs from 'node:fs';
import path from 'node:path';
import { LOT_ERROR_CODES, MAX_FILE_BYTES } from '../../src/domain/lots';
import type { LotErrorsPage, LotRecordsPage } from '../../src/domain/lots/lot.model';
import { applyCardAction } from '../cards/card-actions.service';
import { pointerFor, pointersDb } from '../processing/cards-access';
import { companyDb } from '../store/databases';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { CID, emiFile, getLot, header, pollUntilValidated, recFile, upload, uploadOk } from './lots.testing';

describe('lot upload', () => {
  let server: TestServer;
  let carga: string;
  beforeAll(async () => {
    server = await startTestServer();
    carga = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
  });
  afterAll(async () => server.close());

  const uploadsOf = () => {
    const dir = path.join(server.dataDir, 'uploads', CID);
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  it('validates a small valid file before answering: 201 VALID, records stored, file kept', async () => {
    const res = await upload(server, carga, recFile(3, 150_000), { fileName: 'recargas.txt' });
    expect(res.status).toBe(201);
    const lot = await res.json();
    expect(lot).toEqual(
      jasmine.objectContaining({
        type: 'REC',
        productCode: 'ALIM',
        status: 'VALID',
        recordCount: 3,
        totalCents: 450_000,
        errorCount: 0,
        errors: [],
        fileName: 'recargas.txt',
        uploadedBy: 'carga',
        duplicateOf: null,
        canConfirm: true,
      }),
    );
    expect(lot.id).toMatch(/^L\d{14}[a-z0-9]{6}$/);
    expect(lot.progress.phase).toBe('done');
    expect(res.headers.get('location')).toBe(`/api/v1/companies/${CID}/lots/${lot.id}`);
    expect(uploadsOf()).toContain(`${lot.id}.txt`);
    expect(uploadsOf().filter((f) => f.endsWith('.part'))).toEqual([]);

    const records = (await (await server.api(`/companies/${CID}/lots/${lot.id}/records?offset=1&limit=5`, { token: carga })).json()) as LotRecordsPage;
    expect(records.total).toBe(3);
    expect(records.fieldNames).toEqual(['idType', 'idNumber', 'amount']);
    expect(records.records.map((r) => r.line)).toEqual([3, 4]);
    expect(records.records[0]).toEqual({
      line: 3,
      fields: { idType: 'V', idNumber: '10000002', amount: '1500.00' },
      amountCents: 150_000,
      personKey: 'V10000002',
      errors: [],
      result: null,
    });

    const audit = await auditEntries(server, { action: 'lots.upload', companyId: CID, outcome: 'ok' });
    expect(audit.some((a) => (a.details as { lotId?: string }).lotId === lot.id)).toBeTrue();
  });

  it('keeps an invalid file as an INVALID lot with every error (line, field, code, Spanish message)', async () => {
    const content = [
      header('REC', 5, 999),
      'D;V;10000001;10.00',
      'D;V;10000001;10.00', // duplicate person
      'D;V;99999999;10.00', // no card
      'D;X;10000003;10,00', // bad id type, bad amount
      'D;V;10000004;4000.00', // above max recharge
      'Z;junk',
    ].join('\n');
    const res = await upload(server, carga, content);
    expect(res.status).toBe(201);
    const lot = await res.json();
    expect(lot.status).toBe('INVALID');
    expect(lot.canConfirm).toBeFalse();
    const codes = lot.errors.map((e: { code: string }) => e.code);
    for (const code of ['E_DUPLICATE', 'E_NO_CARD', 'E_FORMAT', 'E_AMOUNT', 'E_AMOUNT_LIMIT', 'E_RECORD_TYPE', 'E_COUNT_MISMATCH']) {
      expect(codes).withContext(code).toContain(code);
    }
    for (const e of lot.errors) {
      expect(LOT_ERROR_CODES).toContain(e.code);
      expect(typeof e.line).toBe('number');
      expect(e.message).toMatch(/^(Línea|Archivo)/);
    }
    expect(lot.errors.find((e: { code: string }) => e.code === 'E_DUPLICATE')).toEqual(jasmine.objectContaining({ line: 3, field: 'idNumber' }));
    expect(lot.errors.find((e: { code: string }) => e.code === 'E_NO_CARD')).toEqual(jasmine.objectContaining({ line: 4, field: 'idNumber' }));
    expect(lot.errorCount).toBe(lot.errors.length);

    // the record carries its own errors
    const page = (await (await server.api(`/companies/${CID}/lots/${lot.id}/records?limit=10`, { token: carga })).json()) as LotRecordsPage;
    expect(page.records.find((r) => r.line === 3)!.errors.map((e) => e.code)).toEqual(['E_DUPLICATE']);
    expect(page.records.find((r) => r.line === 2)!.errors).toEqual([]);
  });

  it('reports a wrong header (tax id, product, type) against the selection', async () => {
    const content = [header('EMI', 1, 1000, { taxId: 'J999999999', product: 'REGA' }), 'D;V;10000001;10.00'].join('\n');
    const lot = await uploadOk(server, carga, content, { type: 'REC', productCode: 'ALIM' });
    expect(lot.status).toBe('INVALID');
    const codes = lot.errors.map((e) => e.code);
    expect(codes).toContain('E_TAX_ID_MISMATCH');
    expect(codes).toContain('E_PRODUCT');
    expect(codes).toContain('E_LOT_TYPE_MISMATCH');
  });

  it('pages every error of a file with more than 1,000, and serves them as a Spanish CSV report', async () => {
    // 1,500 records of people without cards: one E_NO_CARD each
    const lines = [header('REC', 1500, 1500 * 100)];
    for (let i = 0; i < 1500; i++) lines.push(`D;V;${30_000_001 + i};1.00`);
    const lot = await uploadOk(server, carga, lines.join('\n'));
    expect(lot.status).toBe('INVALID');
    expect(lot.errorCount).toBe(1500);
    expect(lot.errors.length).toBe(1000);

    const page = async (offset: number, limit: number) =>
      (await (await server.api(`/companies/${CID}/lots/${lot.id}/errors?offset=${offset}&limit=${limit}`, { token: carga })).json()) as LotErrorsPage;
    const p1 = await page(990, 20);
    expect(p1.total).toBe(1500);
    expect(p1.errors.map((e) => e.line)).toEqual(Array.from({ length: 20 }, (_, i) => 992 + i));
    const last = await page(1400, 1000);
    expect(last.errors.length).toBe(100);
    expect(last.errors[99].line).toBe(1501);
    expect((await page(5000, 10)).errors).toEqual([]);
    expect((await server.api(`/companies/${CID}/lots/${lot.id}/errors?limit=1001`, { token: carga })).status).toBe(400);

    const csv = await server.api(`/companies/${CID}/lots/${lot.id}/errors.csv`, { token: carga });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`errores-${lot.id}.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('línea;campo;código;mensaje');
    expect(rows.length).toBe(1501);
    expect(rows[1]).toMatch(/^2;Número de documento;E_NO_CARD;Línea 2, campo idNumber: /);
  });

  it('answers 202 VALIDATING above 10,000 records and validates in the background with progress', async () => {
    const res = await upload(server, carga, emiFile(10_001), { type: 'EMI' });
    expect(res.status).toBe(202);
    const first = await res.json();
    expect(first.status).toBe('VALIDATING');
    expect(first.recordCount).toBe(10_001);
    const { lot, seen } = await pollUntilValidated(server, carga, first.id);
    expect(lot.status).withContext(JSON.stringify(lot.errors.slice(0, 3))).toBe('VALID');
    expect(lot.recordCount).toBe(10_001);
    expect(lot.totalCents).toBe(10_001 * 1000);
    expect(lot.progress).toEqual(jasmine.objectContaining({ phase: 'done', bytesRead: lot.fileBytes }));
    for (const s of seen) expect(s.progress.fileBytes).toBe(lot.fileBytes);
    const records = (await (await server.api(`/companies/${CID}/lots/${lot.id}/records?offset=9999&limit=5`, { token: carga })).json()) as LotRecordsPage;
    expect(records.total).toBe(10_001);
    expect(records.records.map((r) => r.line)).toEqual([10_001, 10_002]);
    expect(records.records[1].fields).toEqual(jasmine.objectContaining({ idNumber: '20010001', firstName: 'Ana María', branchCode: '001' }));
  });

  it('refuses a file over 100 MB with 413 E_TOO_LARGE and keeps nothing', async () => {
    const before = uploadsOf();
    const big = new Uint8Array(MAX_FILE_BYTES + 10).fill(0x41);
    const res = await upload(server, carga, big);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('E_TOO_LARGE');
    expect(uploadsOf()).toEqual(before);
  });

  it('refuses more records than the product allows with 413 before storing', async () => {
    const lines = [header('REC', 1_000_001, 0)];
    // 1,000,001 tiny detail lines: under 100 MB, over the record limit
    const body = lines[0] + '\n' + 'D\n'.repeat(1_000_001);
    const before = uploadsOf();
    const res = await upload(server, carga, body);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('E_TOO_LARGE');
    expect(uploadsOf()).toEqual(before);
  });

  it('refuses a missing or invalid type, product or file with 400, keeping nothing', async () => {
    const before = uploadsOf();
    const cases: [Parameters<typeof upload>[3], string][] = [
      [{ omit: ['type'] }, 'VALIDATION'],
      [{ type: 'XXX' }, 'VALIDATION'],
      [{ omit: ['productCode'] }, 'VALIDATION'],
      [{ productCode: 'NOPE' }, 'INVALID_PRODUCT'],
      [{ omit: ['file'] }, 'FILE_REQUIRED'],
    ];
    for (const [options, code] of cases) {
      const res = await upload(server, carga, recFile(1), options);
      expect(res.status).withContext(JSON.stringify(options)).toBe(400);
      expect((await res.json()).error.code).withContext(JSON.stringify(options)).toBe(code);
    }
    const notMultipart = await server.api(`/companies/${CID}/lots`, { method: 'POST', token: carga, json: { type: 'REC' } });
    expect(notMultipart.status).toBe(400);
    expect(uploadsOf()).toEqual(before);
  });

  it('turns hostile files into INVALID lots, never a 500', async () => {
    const binary = new Uint8Array(64 * 1024);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    const nul = new TextEncoder().encode(header('REC', 1, 1000) + '\nD;V;1000\u00000001;10.00\n');
    const longLine = header('REC', 1, 1000) + '\nD;V;10000001;' + 'x'.repeat(200_000) + '\n';
    const empty = '   \r\n\r\n';
    for (const [name, content] of [['binary', binary], ['nul', nul], ['long line', longLine], ['empty', empty]] as const) {
      const res = await upload(server, carga, content);
      expect(res.status).withContext(name).toBe(201);
      const lot = await res.json();
      expect(lot.status).withContext(name).toBe('INVALID');
      expect(lot.errorCount).withContext(name).toBeGreaterThan(0);
    }
  });

  it('stores every line of a hostile file as a record with its errors (unknown type, 200,000 characters)', async () => {
    const content = [
      header('REC', 5, 3000),
      'D;V;10000001;10.00',
      'X;V;10000002;10.00',
      'Z'.repeat(200_000),
      'D;V;10000003;' + '9'.repeat(200_000),
      'D;V;10000004;10.00',
    ].join('\n');
    const lot = await uploadOk(server, carga, content);
    expect(lot.status).toBe('INVALID');
    expect(lot.recordCount).toBe(5);
    const page = (await (await server.api(`/companies/${CID}/lots/${lot.id}/records?offset=0&limit=100`, { token: carga })).json()) as LotRecordsPage;
    expect(page.total).toBe(5);
    expect(page.records.map((r) => [r.line, r.errors.map((e) => `${e.field ?? '-'} ${e.code}`)])).toEqual([
      [2, []],
      [3, ['- E_RECORD_TYPE']],
      [4, ['- E_RECORD_TYPE']],
      [5, ['amount E_AMOUNT']],
      [6, []],
    ]);
    for (const r of page.records) for (const e of r.errors) expect(e.message).toMatch(/^Línea \d+/);
    // the 200,000-character value is kept shortened, not whole
    expect(page.records[3].fields.amount!.length).toBeLessThan(300);
    expect(page.records[1].fields).toEqual({});
  });

  it('warns when the same content was uploaded before (duplicateOf), not after deletion', async () => {
    const content = recFile(2, 12_345);
    const a = await uploadOk(server, carga, content);
    const b = await uploadOk(server, carga, content, { fileName: 'otra-vez.txt' });
    expect(a.duplicateOf).toBeNull();
    expect(b.duplicateOf).toBe(a.id);
    expect(b.status).toBe('VALID');
    for (const lot of [a, b]) {
      const del = await server.api(`/companies/${CID}/lots/${lot.id}`, { method: 'DELETE', token: carga, json: { password: 'Carga#2026' } });
      expect(del.status).toBe(200);
    }
    const c = await uploadOk(server, carga, content);
    expect(c.duplicateOf).toBeNull();
  });

  it('replays the first answer for the same Idempotency-Key and request, and refuses another request with it', async () => {
    const content = recFile(4, 2_000);
    const first = await upload(server, carga, content, { idempotencyKey: 'erp-2026-0001' });
    expect(first.status).toBe(201);
    const lot = await first.json();
    const again = await upload(server, carga, content, { idempotencyKey: 'erp-2026-0001' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(lot);

    const other = await upload(server, carga, recFile(5, 2_000), { idempotencyKey: 'erp-2026-0001' });
    expect(other.status).toBe(409);
    expect((await other.json()).error.code).toBe('IDEMPOTENCY_CONFLICT');

    const list = await (await server.api(`/companies/${CID}/lots?status=VALID`, { token: carga })).json();
    expect(list.lots.filter((l: { fileSha256: string }) => l.fileSha256 === lot.fileSha256).length).toBe(1);
    expect((await upload(server, carga, content, { idempotencyKey: 'bad key with spaces' })).status).toBe(400);
  });

  it('lists lots with filters by status, type and dates', async () => {
    const emi = await uploadOk(server, carga, emiFile(2, 40_000_001), { type: 'EMI' });
    await uploadOk(server, carga, recFile(1)); // a second listed lot of its own (specs run in random order)
    const gone = await uploadOk(server, carga, emiFile(1, 41_000_001), { type: 'EMI' });
    expect((await server.api(`/companies/${CID}/lots/${gone.id}`, { method: 'DELETE', token: carga, json: { password: 'Carga#2026' } })).status).toBe(200);
    const list = async (q: string) => (await (await server.api(`/companies/${CID}/lots${q}`, { token: carga })).json()).lots as { id: string; type: string; status: string; uploadedAt: string }[];
    const all = await list('');
    expect(all.length).toBeGreaterThan(1);
    expect(all[0].uploadedAt >= all[all.length - 1].uploadedAt).toBeTrue(); // newest first
    expect(all.some((l) => l.status === 'DELETED')).toBeFalse();
    expect((await list('?type=EMI')).every((l) => l.type === 'EMI')).toBeTrue();
    expect((await list('?type=EMI')).map((l) => l.id)).toContain(emi.id);
    expect((await list('?status=INVALID')).every((l) => l.status === 'INVALID')).toBeTrue();
    const deleted = await list('?status=DELETED');
    expect(deleted.map((l) => l.id)).toContain(gone.id);
    expect(deleted.every((l) => l.status === 'DELETED')).toBeTrue();
    expect(all.map((l) => l.id)).not.toContain(gone.id);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`?from=${today}&to=${today}`)).map((l) => l.id)).toContain(emi.id);
    expect(await list('?to=2000-01-01')).toEqual([]);
    expect((await server.api(`/companies/${CID}/lots?status=NOPE`, { token: carga })).status).toBe(400);
  });

  it('reads a lot as VALIDATING → progress until done (GET .../lots/{id})', async () => {
    const lot = await uploadOk(server, carga, recFile(1));
    const again = await getLot(server, carga, lot.id);
    expect(again).toEqual(jasmine.objectContaining({ id: lot.id, status: 'VALID', errors: [] }));
    expect((await server.api(`/companies/${CID}/lots/Lnope`, { token: carga })).status).toBe(404);
    expect((await server.api(`/companies/${CID}/lots/L20260101000000abcdef`, { token: carga })).status).toBe(404);
  });

  it('sees card changes between uploads (a new card, a cancelled one) in REC and EMI', async () => {
    const content = [header('REC', 1, 1000), 'D;V;90000001;10.00'].join('\n');
    const emi = emiFile(1, 90_000_001);
    expect((await uploadOk(server, carga, content)).errors.map((e) => e.code)).toEqual(['E_NO_CARD']);
    expect((await uploadOk(server, carga, emi, { type: 'EMI' })).status).toBe('VALID');
    const cards = server.ctx.store.use<Record<string, unknown>>(companyDb(CID, 'cards'));
    const card = {
      _id: 'card:spec-9000', type: 'card', cardId: 'spec-9000', companyId: CID, productCode: 'ALIM', status: 'ACTIVE', plasticStatus: 'DELIVERED',
      holder: { idType: 'V', idNumber: '90000001', firstName: 'Spec', lastName: 'Card' }, balanceCents: 0, issuedAt: new Date().toISOString(),
    };
    await cards.insert(card);
    // card writers write the holder's pointer with the card, as processing and the demo seed do
    await pointersDb(server.ctx, CID).insert(pointerFor(card as never, new Date().toISOString()) as never);
    expect((await uploadOk(server, carga, content)).status).toBe('VALID');
    expect((await uploadOk(server, carga, emi, { type: 'EMI' })).errors.map((e) => e.code)).toEqual(['E_CARD_EXISTS']);
    // cancelled through the card action (the product's only way to cancel): its pointer says so
    const cancelled = await applyCardAction(server.ctx, {
      companyId: CID, cardId: 'spec-9000', action: { kind: 'card.cancel', payload: {} }, effectId: 'spec:cancel-9000', actor: { userId: 'admin' }, origin: 'web',
    });
    expect(cancelled.result).toBe('applied');
    expect((await uploadOk(server, carga, content)).errors.map((e) => e.code)).toEqual(['E_NO_CARD']);
    expect((await uploadOk(server, carga, emi, { type: 'EMI' })).status).toBe('VALID');
  });

  it('EMI: a pointer whose card was cancelled without its flag (a crash between the two writes) is read through to the card', async () => {
    const at = new Date().toISOString();
    const card = {
      _id: 'card:spec-9100', type: 'card', cardId: 'spec-9100', companyId: CID, productCode: 'ALIM', status: 'CANCELLED', plasticStatus: 'DELIVERED',
      holder: { idType: 'V', idNumber: '91000001', firstName: 'Spec', lastName: 'Card' }, balanceCents: 0, issuedAt: at,
    };
    await server.ctx.store.use<Record<string, unknown>>(companyDb(CID, 'cards')).insert(card);
    await pointersDb(server.ctx, CID).insert(pointerFor(card as never, at) as never);
    expect((await uploadOk(server, carga, emiFile(1, 91_000_001), { type: 'EMI' })).status).toBe('VALID');
  });
});
