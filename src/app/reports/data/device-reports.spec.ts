import { REPORTS } from '../../../domain/reports/catalogue';
import type { DeviceDatabase } from '../../offline/db/device-database';
import { openTestDatabase } from '../../offline/testing/test-db';
import { computeOnDevice } from './device-reports';
import { deviceReportFile, reportCsv } from './device-export';

/** Offline reports: computed from the device's RxDB collections with the shared row functions. */
describe('reports computed on the device (offline)', () => {
  let db: DeviceDatabase;
  let cleanup: () => Promise<void>;

  const card = (n: number, status: string, branchCode: string, issuedAt: string, replacement: unknown = null) => ({
    _id: `card:k${n}`, type: 'card', cardId: `k${n}`, companyId: 'c1', productCode: 'ALIM',
    holder: { idType: 'V', idNumber: String(80000000 + n), firstName: 'Nombre', lastName: `Apellido${n}` },
    maskedPan: `627100******000${n}`, last4: `000${n}`, status, plasticStatus: 'DELIVERED', balanceCents: 0, branchCode,
    issuedAt, deliveredAt: null, updatedAt: issuedAt, history: [], appliedEffects: [], replacement,
  });
  const order = (n: number, status: string, createdAt: string, totalCents: number, invoice: unknown) => ({
    _id: `order:o${n}`, type: 'order', id: `o${n}`, companyId: 'c1', number: n, status, grouping: 'per-lot', productCode: 'ALIM', lotType: 'REC',
    lots: [{ lotId: `L${n}`, lotType: 'REC', productCode: 'ALIM', recordCount: 3, cards: 0, billable: true, totalCents }],
    figures: { totalCents }, calculationId: 'x', createdBy: 'u', createdAt, paying: null,
    payment: status === 'PAID' ? { method: 'master', by: 'u', at: createdAt, reference: null } : null, invoice, voided: null,
    lotsSettledAt: null, processing: null, history: [],
  });

  beforeEach(async () => {
    ({ db, cleanup } = await openTestDatabase());
    await db.cards.bulkInsert([
      card(1, 'ACTIVE', '001', '2025-01-10T15:00:00.000Z'),
      card(2, 'BLOCKED', '002', '2025-01-20T15:00:00.000Z'),
      card(3, 'ACTIVE', '001', '2025-02-05T15:00:00.000Z', { reason: 'R', branchCode: '002', requestedAt: '2025-02-10T15:00:00.000Z' }),
    ] as never[]);
    await db.orders.bulkInsert([
      order(1, 'PAID', '2025-01-14T15:00:00.000Z', 30000, { number: 'F-1', by: 'op', at: '2025-01-20T15:00:00.000Z' }),
      order(2, 'PENDING_PAYMENT', '2025-02-03T15:00:00.000Z', 1000, null),
    ] as never[]);
  });
  afterEach(async () => cleanup());

  it('cards issued in a period, with the issue month chart', async () => {
    const r = await computeOnDevice(db, 'cards-issued', { from: '2025-01-01', to: '2025-01-31' });
    expect(r.rows.map((x) => x['maskedPan'])).toEqual(['627100******0001', '627100******0002']);
    expect(r.chart?.labels).toEqual(['2025-01']);
    expect(r.chart?.series[0].data).toEqual([2]);
    const branch = await computeOnDevice(db, 'cards-issued', { branch: '001', status: 'ACTIVE' });
    expect(branch.rows.length).toBe(2);
    // the chart follows every filter, not only the period: cards 1 (January) and 3 (February)
    expect(branch.chart?.labels).toEqual(['2025-01', '2025-02']);
    expect(branch.chart?.series[0].data).toEqual([1, 1]);
    const blocked = await computeOnDevice(db, 'cards-issued', { status: 'BLOCKED' });
    expect(blocked.chart?.labels).toEqual(['2025-01']);
    expect(blocked.chart?.series[0].data).toEqual([1]);
  });

  it('cards by status and replacements by reason', async () => {
    const s = await computeOnDevice(db, 'cards-by-status', {});
    expect(s.rows.filter((r) => r['group'] === 'Cuenta')).toEqual([
      { group: 'Cuenta', status: 'Activa', count: 2 },
      { group: 'Cuenta', status: 'Bloqueada', count: 1 },
    ]);
    const rep = await computeOnDevice(db, 'replacements', {});
    expect(rep.rows.map((x) => x['reason'])).toEqual(['Robo']);
    expect(rep.chart?.series[0].data).toEqual([0, 1, 0, 0]);
  });

  it('orders with payments, monthly totals, invoiced lots; CSV with company, filters and time', async () => {
    const o = await computeOnDevice(db, 'orders', {});
    expect(o.rows.map((x) => [x['number'], x['status'], x['totalCents']])).toEqual([[1, 'Pagada', 30000], [2, 'Pendiente de pago', 1000]]);
    expect(o.chart?.series[0].data).toEqual([30000, 1000]);
    const inv = await computeOnDevice(db, 'invoiced-lots', {});
    expect(inv.rows.map((x) => [x['invoiceNumber'], x['lotId']])).toEqual([['F-1', 'L1']]);
    const header = { company: { legalName: 'Alimentos Demo C.A.', taxId: 'J000000001' }, report: 'orders' as const, filters: { status: 'PAID' }, generatedAt: new Date('2026-11-25T12:00:00Z'), fromDevice: true };
    const csv = reportCsv(header, o.rows.slice(0, 1));
    const lines = csv.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe('Empresa;Alimentos Demo C.A. (RIF J000000001)');
    expect(lines[1]).toBe(`Reporte;${REPORTS.orders.title} (datos del dispositivo, sin conexión)`);
    expect(lines[2]).toBe(`Filtros;Estado: ${REPORTS.orders.statuses!['PAID']}`);
    expect(lines[3]).toBe('Generado;2026-11-25 12:00:00 UTC');
    expect(lines[6].split(';')[5]).toBe('300,00');
  });

  it('offline XLSX and PDF hold the device rows with the server files\' preamble', async () => {
    const { rows } = await computeOnDevice(db, 'orders', {});
    const header = { company: { legalName: 'Alimentos Demo C.A.', taxId: 'J000000001' }, report: 'orders' as const, filters: {}, generatedAt: new Date('2026-11-25T12:00:00Z') };

    const xlsx = await deviceReportFile('xlsx', header, rows);
    expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const ExcelJS = await import('exceljs').then((m) => ((m as unknown as { default?: typeof m }).default ?? m) as typeof import('exceljs'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.getCell('B1').value).toBe('Alimentos Demo C.A. (RIF J000000001)');
    expect(String(sheet.getCell('B2').value)).toContain('datos del dispositivo, sin conexión');
    const columns = REPORTS.orders.columns;
    expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.label));
    const money = columns.findIndex((c) => c.key === 'totalCents') + 1;
    const totals = [7, 8].map((r) => sheet.getRow(r).getCell(money).value);
    expect(totals.sort()).toEqual(rows.map((r) => Number(r['totalCents']) / 100).sort());
    expect(sheet.rowCount).toBe(5 + 1 + rows.length);

    const pdf = await deviceReportFile('pdf', header, rows);
    expect(pdf.type).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('reports that need the ledger or the audit log are not computed on the device', () => {
    expect(REPORTS.recharges.offline).toBeFalse();
    expect(REPORTS['user-activity'].offline).toBeFalse();
    expect(REPORTS.cardholders.offline).toBeTrue();
  });
});
