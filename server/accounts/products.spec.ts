import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { emiRecord, insertLot } from '../orders/testing/lot-fixtures';
import { calculate, CID, tokenOf } from '../orders/testing/order-helpers';

describe('products: the operator sets fee schedules, tax and limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const patch = (token: string, json: unknown, code = 'ALIM', companyId = CID) =>
    server.api(`/companies/${companyId}/products/${code}`, { method: 'PATCH', token, json });

  it('bills calculations made after a change with the new schedule', async () => {
    const operator = await tokenOf(server, 'operador');
    const res = await patch(operator, { fees: { issuanceFeeCents: 300, commissionBasisPoints: 200, taxBasisPoints: 1600 } });
    expect(res.status).toBe(200);
    expect((await res.json()).fees).toEqual({ issuanceFeeCents: 300, commissionBasisPoints: 200, taxBasisPoints: 1600 });

    const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: [emiRecord(41_000_001, 100_000), emiRecord(41_000_002, 50_000)] });
    const { status, body } = await calculate(server, await tokenOf(server, 'firma1'), [lotId]);
    expect(status).toBe(201);
    // 2 × 3.00 issuance, 2 % of 1,500.00 = 30.00 commission, 16 % of 36.00 = 5.76 tax
    expect(body.groups[0].lots[0]).toEqual(
      jasmine.objectContaining({ issuanceFeesCents: 600, commissionCents: 3000, taxCents: 576, totalCents: 154_176 }),
    );

    const audit = await auditEntries(server, { action: 'product.update', outcome: 'ok' });
    expect(audit.length).toBe(1);
    expect(JSON.stringify(audit[0])).toContain('"commissionBasisPoints":150'); // the value before
  });

  it('lets company members read the schedule but not change it', async () => {
    const admin = await tokenOf(server, 'admin');
    const list = await server.api(`/companies/${CID}/products`, { token: admin });
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((p: { code: string }) => p.code).sort()).toEqual(['ALIM', 'REGA']);

    const refused = await patch(admin, { fees: { issuanceFeeCents: 0, commissionBasisPoints: 0, taxBasisPoints: 0 } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('OPERATOR_ONLY');
  });

  it('refuses bad values, unknown fields, unknown products and companies', async () => {
    const operator = await tokenOf(server, 'operador');
    expect((await patch(operator, { fees: { issuanceFeeCents: -1, commissionBasisPoints: 150, taxBasisPoints: 1600 } })).status).toBe(400);
    expect((await patch(operator, { fees: { issuanceFeeCents: 250, commissionBasisPoints: 10_001, taxBasisPoints: 1600 } })).status).toBe(400);
    expect((await patch(operator, { fees: { issuanceFeeCents: 2.5, commissionBasisPoints: 150, taxBasisPoints: 1600 } })).status).toBe(400);
    expect((await patch(operator, { bin: '999999' })).status).toBe(400);
    const unknown = await patch(operator, { name: 'X' }, 'NOPE');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toEqual(jasmine.objectContaining({ code: 'PRODUCT_NOT_FOUND', message: 'Producto no encontrado.' }));
    expect((await patch(operator, { name: 'X' }, 'ALIM', 'cnothere01')).status).toBe(404);
  });
});
