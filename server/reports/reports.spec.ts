import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { Readable } from 'node:stream';
import type { ChartData, ReportPage, ReportRow } from '../../src/domain/reports/catalogue';
import { REPORT_IDS } from '../../src/domain/reports/catalogue';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { writeFixtures } from './testing/report-fixtures';
import { reportChart } from './reports.service';

describe('reports (figures against a known data set)', () => {
  let server: TestServer;
  let token: string;
  const cid = DEMO_COMPANY_ID;

  beforeAll(async () => {
    server = await startTestServer();
    await writeFixtures(server.ctx, cid);
    token = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
  }, 60_000);
  afterAll(async () => server.close());

  const qs = (q: Record<string, string | number | undefined>) =>
    new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

  async function page(report: string, q: Record<string, string | number | undefined> = {}): Promise<ReportPage> {
    const res = await server.api(`/companies/${cid}/reports/${report}?${qs(q)}`, { token });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${report}: ${res.status} ${JSON.stringify(body)}`);
    return body as ReportPage;
  }
  async function all(report: string, q: Record<string, string | number | undefined> = {}, limit = 2): Promise<ReportRow[]> {
    const rows: ReportRow[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const p = await page(report, { ...q, limit, cursor });
      rows.push(...p.rows);
      if (!p.next) return rows;
      cursor = p.next;
    }
    throw new Error('too many pages');
  }
  async function total(report: string, q: Record<string, string | undefined> = {}): Promise<number | null> {
    const res = await server.api(`/companies/${cid}/reports/${report}/total?${qs(q)}`, { token });
    expect(res.status).toBe(200);
    return (await res.json()).total as number | null;
  }
  async function chart(report: string, q: Record<string, string | undefined> = {}): Promise<ChartData> {
    const res = await server.api(`/companies/${cid}/reports/${report}/chart?${qs(q)}`, { token });
    expect(res.status).toBe(200);
    return (await res.json()).chart as ChartData;
  }
  const sum = (rows: ReportRow[], key: string) => rows.reduce((s, r) => s + Number(r[key]), 0);
  const Q1 = { from: '2025-01-01', to: '2025-03-31' };

  it('lists the whole catalogue of PRODUCT.md chapter 8', async () => {
    const res = await server.api(`/companies/${cid}/reports`, { token });
    const body = await res.json();
    expect(body.reports.map((r: { id: string }) => r.id)).toEqual([...REPORT_IDS]);
  });

  it('cardholders: filtered by product, then by branch and status (paged with a cursor)', async () => {
    const rpt = await all('cardholders', { product: 'RPT' });
    expect(rpt.length).toBe(5);
    expect(rpt.map((r) => r['holderId'])).toEqual(['V-90000001', 'V-90000002', 'V-90000003', 'V-90000003', 'V-90000005']);
    const first = await page('cardholders', { product: 'RPT', limit: 2 });
    expect(first.total).toBeNull(); // more pages: the count is asked beside the first page
    expect(await total('cardholders', { product: 'RPT' })).toBe(5);
    expect((await page('cardholders', { product: 'RPT', limit: 5 })).total).toBe(5); // one page: counted
    expect(await total('cardholders', { product: 'RPT', branch: '001', status: 'ACTIVE' })).toBeNull(); // read, not counted
    const b1Active = await all('cardholders', { product: 'RPT', branch: '001', status: 'ACTIVE' });
    expect(b1Active.map((r) => r['holderName'])).toEqual(['Ana Pérez', 'Raúl Mora']);
    expect(b1Active[0]['maskedPan']).toBe('627100******1001');
    const holder = await all('cardholders', { holder: 'V-90000003' });
    expect(holder.map((r) => r['status'])).toEqual(['Cancelada', 'Activa']);
  });

  it('cards issued: by dates, with the issue month chart', async () => {
    const feb = await all('cards-issued', { product: 'RPT', from: '2025-02-01', to: '2025-02-28' });
    expect(feb.map((r) => r['maskedPan'])).toEqual(['627100******1003', '627100******1003']);
    const byMonth = await chart('cards-issued', Q1);
    expect(byMonth.labels).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(byMonth.series[0].data).toEqual([2, 2, 1]);
    // the chart follows every filter, as the table does
    const branch002 = await chart('cards-issued', { ...Q1, branch: '002' });
    expect(branch002.labels).toEqual(['2025-01', '2025-02']);
    expect(branch002.series[0].data).toEqual([1, 1]);
    expect(branch002.note).toBeUndefined();
    const active001 = await chart('cards-issued', { ...Q1, branch: '001', status: 'ACTIVE' });
    expect(active001.labels).toEqual(['2025-01', '2025-03']);
    expect(active001.series[0].data).toEqual([1, 1]);
    // more matching rows than a chart is drawn from: the period's chart, and a note that says so
    const capped = (await reportChart(server.ctx, cid, 'cards-issued', { ...Q1, branch: '001' }, 2))!;
    expect(capped.series[0].data).toEqual([2, 2, 1]);
    expect(capped.note).toContain('sin los demás filtros');
  });

  it('recharges and debits: amounts and monthly sums from the ledger (a replacement move is neither)', async () => {
    const recharges = await all('recharges', Q1);
    expect(recharges.map((r) => r['amountCents'])).toEqual([10000, 5000, 8000, 1000, 500]);
    expect(recharges[4]['source']).toBe('Transferencia maestra');
    expect(sum(recharges, 'amountCents')).toBe(24500);
    expect(recharges[0]['holderName']).toBe('Ana Pérez');
    expect(await total('recharges', Q1)).toBe(5);
    const branch002 = await all('recharges', { ...Q1, branch: '002' });
    expect(branch002.map((r) => r['amountCents'])).toEqual([5000, 1000]);
    const c = await chart('recharges', Q1);
    expect(c.labels).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(c.series[0].data).toEqual([15000, 8000, 1500]);
    const c002 = await chart('recharges', { ...Q1, branch: '002' });
    expect(c002.labels).toEqual(['2025-01', '2025-03']);
    expect(c002.series[0].data).toEqual([5000, 1000]);
    // the bound is on the rows the chart reads (Q1's 5 recharges, each checked on its card), not on the 2 that pass
    const read5 = (await reportChart(server.ctx, cid, 'recharges', { ...Q1, branch: '002' }, 5))!;
    expect([read5.labels, read5.series[0].data, read5.note]).toEqual([['2025-01', '2025-03'], [5000, 1000], undefined]);
    const read4 = (await reportChart(server.ctx, cid, 'recharges', { ...Q1, branch: '002' }, 4))!;
    expect([read4.labels, read4.series[0].data]).toEqual([['2025-01', '2025-02', '2025-03'], [15000, 8000, 1500]]);
    expect(read4.note).toContain('leería más de 4 filas');
    const debits = await all('debits', Q1);
    expect(debits.map((r) => [r['holderId'], r['amountCents']])).toEqual([['V-90000001', 2000]]);
  });

  it('replacements with plastic status, and the chart by reason', async () => {
    const rows = await all('replacements', { ...Q1, product: 'RPT' });
    expect(rows.map((r) => [r['reason'], r['plasticStatus'], r['branchCode']])).toEqual([
      ['Robo', 'Entregada al tarjetahabiente', '002'],
      ['Pérdida', 'Recibida en la empresa', '001'],
    ]);
    const c = await chart('replacements', Q1);
    expect(c.labels).toEqual(['Pérdida', 'Robo', 'Deterioro', 'No recibida']);
    expect(c.series[0].data).toEqual([1, 1, 0, 0]);
  });

  it('lot status and orders with payments, invoiced lots', async () => {
    const lots = await all('lot-status', { ...Q1, product: 'RPT' });
    expect(lots.map((r) => [r['lotId'], r['status']])).toEqual([['LRPT1', 'Procesado'], ['LRPT6', 'Inválido'], ['LRPT7', 'Autorizado']]);
    const invalid = await all('lot-status', { ...Q1, status: 'INVALID' });
    expect(invalid.map((r) => r['lotId'])).toEqual(['LRPT6']);
    const lotChart = await chart('lot-status', Q1);
    expect(lotChart.labels).toEqual(['Inválido', 'Autorizado', 'Procesado']);
    const invalidChart = await chart('lot-status', { ...Q1, status: 'INVALID' });
    expect(invalidChart.labels).toEqual(['Inválido']);
    expect(invalidChart.series[0].data).toEqual([1]);
    const orders = await all('orders', Q1);
    expect(orders.map((r) => [r['number'], r['status'], r['totalCents'], r['paymentMethod'], r['invoiceNumber']])).toEqual([
      [901, 'Pagada', 30000, 'Cuenta maestra', 'F-0001'],
      [902, 'Pendiente de pago', 1000, '', ''],
    ]);
    expect((await chart('orders', Q1)).series[0].data).toEqual([30000, 1000]);
    const invoiced = await all('invoiced-lots', Q1);
    expect(invoiced.map((r) => [r['invoiceNumber'], r['orderNumber'], r['lotId'], r['totalCents']])).toEqual([
      ['F-0001', 901, 'LRPT1', 15000],
      ['F-0001', 901, 'LRPT2', 15000],
    ]);
  });

  it('master account statement: opening balance, running balance, month-end chart', async () => {
    const year = await all('master-statement', { product: 'RPT', from: '2025-01-01', to: '2025-12-31' });
    expect(year.map((r) => [r['amountCents'], r['balanceCents']])).toEqual([[100000, 100000], [-30000, 70000], [2000, 72000], [-500, 71500]]);
    expect(year[1]['concept']).toBe('Pago de orden de servicio');
    const feb = await all('master-statement', { product: 'RPT', from: '2025-02-01', to: '2025-12-31' });
    expect(feb.map((r) => r['balanceCents'])).toEqual([72000, 71500]);
    const c = await chart('master-statement', { product: 'RPT', from: '2025-01-01', to: '2025-12-31' });
    expect(c.labels).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(c.series[0].data).toEqual([70000, 72000, 71500]);
    const res = await server.api(`/companies/${cid}/reports/master-statement`, { token });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('FILTER_REQUIRED');
  });

  it('card balances at a date (closing balance from the ledger)', async () => {
    const at0210 = await all('card-balances', { product: 'RPT', date: '2025-02-10' }, 3);
    expect(at0210.map((r) => r['balanceCents'])).toEqual([10000, 5000, 8000, 0, 0]);
    const at0228 = await all('card-balances', { product: 'RPT', date: '2025-02-28' });
    expect(at0228.map((r) => r['balanceCents'])).toEqual([8000, 5000, 0, 8000, 0]);
    expect(sum(at0228, 'balanceCents')).toBe(21000);
  });

  it('card statement of a holder: each card, running balance across a page boundary', async () => {
    const rows = await all('card-statement', { holder: 'V-90000003' }, 1);
    expect(rows.map((r) => [r['maskedPan'], r['amountCents'], r['balanceCents']])).toEqual([
      ['627100******1003', 8000, 8000],
      ['627100******1003', -8000, 0],
      ['627100******1003', 8000, 8000],
      ['627100******1003', 1000, 9000],
    ]);
    // a jump (offset without cursor) finds the same running balance
    const jumped = await page('card-statement', { holder: '90000003', offset: 3, limit: 1 });
    expect(jumped.rows[0]['balanceCents']).toBe(9000);
  });

  it('cards by status counts every card of the company (200 demo + 5)', async () => {
    const p = await page('cards-by-status');
    const account = p.rows.filter((r) => r['group'] === 'Cuenta');
    expect(account).toEqual([
      { group: 'Cuenta', status: 'Activa', count: 203 },
      { group: 'Cuenta', status: 'Bloqueada', count: 1 },
      { group: 'Cuenta', status: 'Cancelada', count: 1 },
    ]);
    const c = await chart('cards-by-status');
    expect(c.series[0].data.reduce((a, b) => a + b, 0)).toBe(205);
  });

  it('user activity reads the audit log of this company only', async () => {
    const rows = await all('user-activity', { user: 'rpt-user', from: '2025-01-01', to: '2025-01-31' });
    expect(rows.map((r) => [r['action'], r['outcome'], r['ip']])).toEqual([
      ['Firma de lote', 'Correcto', '10.0.0.9'],
      ['Firma de lote', 'Rechazado', '10.0.0.9'],
      ['Firma de lote', 'Correcto', '10.0.0.9'],
    ]);
    const refused = await all('user-activity', { user: 'rpt-user', status: 'refused', from: '2025-01-01', to: '2025-01-31' });
    expect(refused.map((r) => r['reason'])).toEqual(['OWN_LOT']);
    const c = await chart('user-activity', { from: '2025-01-01', to: '2025-01-31' });
    expect(c.labels).toEqual(['2025-01-10', '2025-01-11']);
    expect(c.series[0].data).toEqual([2, 1]);
  });

  it('refuses bad filters in Spanish and unknown reports with 404', async () => {
    const bad = await server.api(`/companies/${cid}/reports/recharges?from=2025-13`, { token });
    expect(bad.status).toBe(400);
    const reversed = await server.api(`/companies/${cid}/reports/recharges?from=2025-03-01&to=2025-01-01`, { token });
    expect((await reversed.json()).error.message).toContain('posterior');
    expect((await server.api(`/companies/${cid}/reports/nope`, { token })).status).toBe(404);
    const cursor = await server.api(`/companies/${cid}/reports/recharges?cursor=abc`, { token });
    expect(cursor.status).toBe(400);
  });

  it('refuses users without reports.view, and other companies', async () => {
    const firmaOnlySign = (await signIn(server, 'firma1', 'Firma1#2026')).accessToken;
    // firma1 holds reports.view in the demo; a company that does not exist is 404 for anyone
    expect((await server.api(`/companies/cnone000001/reports/recharges`, { token: firmaOnlySign })).status).toBe(404);
    expect((await server.api(`/companies/${cid}/reports/recharges`)).status).toBe(401);
  });

  describe('exports hold the same rows as the table', () => {
    const q = { ...Q1 };

    it('XLSX (read back with exceljs): company, filters, generation time, every row', async () => {
      const rows = await all('recharges', q);
      const res = await server.api(`/companies/${cid}/reports/recharges/export?${qs({ ...q, format: 'xlsx' })}`, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/reporte-recharges-\d{14}\.xlsx/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.read(Readable.from(Buffer.from(await res.arrayBuffer())));
      const sheet = wb.worksheets[0];
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      expect(values(1)).toEqual(['Empresa', 'Alimentos Demo C.A. (RIF J000000001)']);
      expect(values(2)).toEqual(['Reporte', 'Recargas']);
      expect(values(3)).toEqual(['Filtros', 'Desde: 2025-01-01 · Hasta: 2025-03-31']);
      expect(String(values(4)[1])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      expect(values(6)[0]).toBe('Fecha');
      const data = [7, 8, 9, 10, 11].map(values);
      expect(data.map((r) => r[6])).toEqual(rows.map((r) => Number(r['amountCents']) / 100));
      expect(data.map((r) => r[2])).toEqual(rows.map((r) => r['holderName']));
      expect(sheet.getRow(12).values).toEqual([]);
    });

    it('CSV: the same rows, amounts in Spanish format', async () => {
      const res = await server.api(`/companies/${cid}/reports/recharges/export?${qs({ ...q, format: 'csv' })}`, { token });
      const text = await res.text();
      const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('Empresa;Alimentos Demo C.A. (RIF J000000001)');
      expect(lines[2]).toBe('Filtros;Desde: 2025-01-01 · Hasta: 2025-03-31');
      const table = lines.slice(5);
      expect(table[0].split(';')[0]).toBe('Fecha');
      expect(table.slice(1).map((l) => l.split(';')[6])).toEqual(['100,00', '50,00', '80,00', '10,00', '5,00']);
    });

    it('PDF (text read with pdf-parse): company, filters, generation time, every row', async () => {
      const res = await server.api(`/companies/${cid}/reports/master-statement/export?${qs({ product: 'RPT', from: '2025-01-01', to: '2025-12-31', format: 'pdf' })}`, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const parser = new PDFParse({ data: new Uint8Array(await res.arrayBuffer()) });
      const text = (await parser.getText()).text;
      await parser.destroy();
      expect(text).toContain('Alimentos Demo C.A.');
      expect(text).toContain('Estado de cuenta maestra');
      expect(text).toContain('Producto: RPT');
      expect(text).toMatch(/Generado \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
      for (const figure of ['1.000,00', '-300,00', '700,00', '20,00', '720,00', '-5,00', '715,00']) expect(text).toContain(figure);
    });

    it('every export is in the audit log (user activity)', async () => {
      for (const format of ['xlsx', 'csv', 'pdf']) {
        const res = await server.api(`/companies/${cid}/reports/recharges/export?${qs({ ...q, format })}`, { token });
        await res.arrayBuffer();
      }
      // today in Venezuela (UTC−4), the days the report's dates are in
      const today = new Date(Date.now() - 4 * 3_600_000).toISOString().slice(0, 10);
      const rows = await all('user-activity', { user: 'carga', from: today }, 50);
      const exports = rows.filter((r) => r['action'] === 'Exportación de reporte');
      expect(exports.length).toBeGreaterThanOrEqual(3);
      // a member's sign-ins (audited with no company) follow the company's operations
      expect(rows.some((r) => r['action'] === 'Inicio de sesión' && r['outcome'] === 'Correcto')).toBeTrue();
      for (const format of ['xlsx', 'csv', 'pdf']) {
        expect(exports.some((r) => String(r['details']).includes(`"report":"recharges","format":"${format}"`))).withContext(format).toBeTrue();
      }
    });
  });
});
