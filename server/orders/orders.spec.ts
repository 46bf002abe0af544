import { PDFParse } from 'pdf-parse';
import type { LotDoc } from '../../src/domain/lots/lot.model';
import type { OrderDoc } from '../../src/domain/orders/order.model';
import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { companyDb } from '../store/databases';
import { balanceOf } from '../ledger/ledger.service';
import { amountRecord, emiRecord, emiRecords, insertLot, sucRecord } from './testing/lot-fixtures';
import { calculate, CID, demoUser, generate, json, otpFor, pay, tokenOf, waitFor } from './testing/order-helpers';

describe('service orders', () => {
  let server: TestServer;
  let nextPerson = 30_000_000;
  const people = (n: number) => {
    const first = nextPerson;
    nextPerson += n;
    return first;
  };
  const lotOf = async (lotId: string) => (await server.ctx.store.use<LotDoc>(companyDb(CID, 'lots')).get(`lot:${lotId}`)) as unknown as LotDoc;
  const orderDoc = async (orderId: string) => (await server.ctx.store.use<OrderDoc>(companyDb(CID, 'orders')).get(`order:${orderId}`)) as unknown as OrderDoc;
  const masterBalance = async (product = 'ALIM') =>
    ((await server.ctx.store.use<{ balanceCents: number }>(companyDb(CID, 'accounts')).get(`account:${product}`)) as unknown as { balanceCents: number }).balanceCents;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  describe('calculation', () => {
    it('computes the demo figures of an EMI lot of 2 cards (1000.00 + 500.00): 5.00, 22.50, 4.40, total 1531.90', async () => {
      const first = people(2);
      const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: [emiRecord(first, 100_000), emiRecord(first + 1, 50_000)] });
      const token = await tokenOf(server, 'firma1');
      const { status, body } = await calculate(server, token, [lotId]);
      expect(status).toBe(201);
      expect(body.groups.length).toBe(1);
      expect(body.groups[0].lots[0]).toEqual(jasmine.objectContaining({
        lotId, lotType: 'EMI', cards: 2, recordCount: 2,
        rechargeCents: 150_000, issuanceFeesCents: 500, commissionCents: 2250, taxCents: 440, totalCents: 153_190, billable: true,
      }));
      expect(body.totals).toEqual({ rechargeCents: 150_000, issuanceFeesCents: 500, commissionCents: 2250, taxCents: 440, totalCents: 153_190, amountToDepositCents: 153_190 });
      expect(body.notBillable).toEqual([]);
      expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(30 * 60_000);
    });

    it('groups per lot or per (product, type), sums rounded lot figures, and lists lots that are not billable', async () => {
      const a = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_001, 100)] });
      const b = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_002, 100)] });
      const s = await insertLot(server.ctx, { lotType: 'SUC', records: [sucRecord('900', 'Maracay')] });
      const token = await tokenOf(server, 'firma1');
      const perLot = await calculate(server, token, [a, b, s], 'per-lot');
      expect(perLot.body.groups.length).toBe(3);
      const perType = await calculate(server, token, [a, b, s], 'per-type');
      expect(perType.body.groups.map((g: any) => g.key)).toEqual(['ALIM:REC', 'ALIM:SUC']);
      // 1.00 × 1.5 % = 1.5 cents → 2 per lot; the order bills 4, not round(3) = 3
      expect(perType.body.groups[0].figures).toEqual({ rechargeCents: 200, issuanceFeesCents: 0, commissionCents: 4, taxCents: 0, totalCents: 204, amountToDepositCents: 204 });
      expect(perType.body.notBillable).toEqual([s]);
      expect(perType.body.groups[1].figures.totalCents).toBe(0);
    });

    it('refuses lots that are not AUTHORIZED (409), unknown lots (404), repeated lots (400), and users without orders.create (403)', async () => {
      const token = await tokenOf(server, 'firma1');
      const valid = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_003, 100)], status: 'PENDING_AUTHORIZATION' });
      const refused = await calculate(server, token, [valid]);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('LOT_STATE');
      expect(refused.body.error.message).toContain('pendiente de autorización');
      const unknown = await calculate(server, token, ['L20260101000000zzzzzz']);
      expect(unknown.status).toBe(404);
      const ok = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_004, 100)] });
      expect((await calculate(server, token, [ok, ok])).status).toBe(400);
      expect((await calculate(server, token, ['../etc'])).status).toBe(400);
      const carga = await tokenOf(server, 'carga');
      expect((await calculate(server, carga, [ok])).status).toBe(403);
      const res = await server.api(`/companies/cotra000001/orders/calculations`, { method: 'POST', token, json: { lotIds: [ok], grouping: 'per-lot' } });
      expect(res.status).toBe(404);
    });

    it('drops a calculation; a dropped one cannot be generated', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_005, 100)] });
      const token = await tokenOf(server, 'firma1');
      const calc = await calculate(server, token, [lotId]);
      const del = await server.api(`/companies/${CID}/orders/calculations/${calc.body.id}`, { method: 'DELETE', token });
      expect(del.status).toBe(204);
      const otp = await otpFor(server, token, 'firma1', 'order.generate');
      const res = await server.api(`/companies/${CID}/orders`, { method: 'POST', token, json: { calculationId: calc.body.id, password: demoUser('firma1').password, otp } });
      expect(res.status).toBe(409);
      expect((await json(res)).error.code).toBe('CALCULATION_USED');
      expect((await lotOf(lotId)).status).toBe('AUTHORIZED');
      expect((await server.api(`/companies/${CID}/orders/calculations/Cnope`, { method: 'DELETE', token })).status).toBe(404);
    });
  });

  describe('generation', () => {
    it('generates one order per group with sequential numbers; lots become ORDERED; audited', async () => {
      const first = people(3);
      const a = await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(2, first, 10_000) });
      const b = await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(1, first + 2, 10_000) });
      const orders = await generate(server, 'firma1', [a, b], 'per-lot');
      expect(orders.length).toBe(2);
      expect(orders[1].number).toBe(orders[0].number + 1);
      expect(orders.every((o: any) => o.status === 'PENDING_PAYMENT')).toBeTrue();
      expect((await lotOf(a)).status).toBe('ORDERED');
      expect((await lotOf(a)).orderId).toBe(orders[0].id);
      expect((await lotOf(b)).orderId).toBe(orders[1].id);
      const audit = await auditEntries(server, { action: 'order.generated', outcome: 'ok' });
      expect(audit.some((e: any) => e.details.orderId === orders[0].id)).toBeTrue();
      // later orders keep counting
      const c = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(first, 500)] });
      const [next] = await generate(server, 'firma2', [c]);
      expect(next.number).toBe(orders[1].number + 1);
    });

    it('asks for the password (403 INVALID_PASSWORD, counted) and a valid one-time code (403 OTP_INVALID)', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_006, 100)] });
      const token = await tokenOf(server, 'firma2');
      const calc = await calculate(server, token, [lotId]);
      const otp = await otpFor(server, token, 'firma2', 'order.generate');
      const post = (body: object) => server.api(`/companies/${CID}/orders`, { method: 'POST', token, json: { calculationId: calc.body.id, ...body } });
      const wrongPassword = await post({ password: 'Nope#2026', otp });
      expect(wrongPassword.status).toBe(403);
      expect((await json(wrongPassword)).error.code).toBe('INVALID_PASSWORD');
      const user = await server.ctx.store.use<{ failedAttempts: number }>('ce_users').get('user:firma2');
      expect((user as unknown as { failedAttempts: number }).failedAttempts).toBe(1);
      const wrongCode = await post({ password: demoUser('firma2').password, otp: otp === '000000' ? '000001' : '000000' });
      expect(wrongCode.status).toBe(403);
      expect((await json(wrongCode)).error.code).toBe('OTP_INVALID');
      const ok = await post({ password: demoUser('firma2').password, otp });
      expect(ok.status).toBe(201);
      // a right password resets the failure count
      const after = (await server.ctx.store.use<{ failedAttempts: number }>('ce_users').get('user:firma2')) as unknown as { failedAttempts: number };
      expect(after.failedAttempts).toBe(0);
      // the code was spent and the calculation used
      const again = await post({ password: demoUser('firma2').password, otp });
      expect(again.status).toBe(409);
    });

    it('refuses an expired calculation (30 minutes)', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_007, 100)] });
      const calc = await calculate(server, await tokenOf(server, 'firma1'), [lotId]);
      server.clock.offsetMs = 31 * 60_000;
      try {
        const token = await tokenOf(server, 'firma1');
        const otp = await otpFor(server, token, 'firma1', 'order.generate');
        const res = await server.api(`/companies/${CID}/orders`, { method: 'POST', token, json: { calculationId: calc.body.id, password: demoUser('firma1').password, otp } });
        expect(res.status).toBe(409);
        expect((await json(res)).error.code).toBe('CALCULATION_EXPIRED');
      } finally {
        server.clock.offsetMs = 0;
      }
    });

    it('two generations of the same lots at once: exactly one wins (201), the other 409', async () => {
      const first = people(4);
      const lots = [
        await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(2, first, 1000) }),
        await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_020, 1000)] }),
      ];
      const t1 = await tokenOf(server, 'firma1');
      const t2 = await tokenOf(server, 'firma2');
      const c1 = await calculate(server, t1, lots, 'per-type');
      const c2 = await calculate(server, t2, lots, 'per-lot');
      const o1 = await otpFor(server, t1, 'firma1', 'order.generate');
      const o2 = await otpFor(server, t2, 'firma2', 'order.generate');
      const [r1, r2] = await Promise.all([
        server.api(`/companies/${CID}/orders`, { method: 'POST', token: t1, json: { calculationId: c1.body.id, password: demoUser('firma1').password, otp: o1 } }),
        server.api(`/companies/${CID}/orders`, { method: 'POST', token: t2, json: { calculationId: c2.body.id, password: demoUser('firma2').password, otp: o2 } }),
      ]);
      expect([r1.status, r2.status].sort()).toEqual([201, 409]);
      const loser = r1.status === 409 ? await json(r1) : await json(r2);
      expect(loser.error.code).toBe('LOT_STATE');
      const winner = r1.status === 201 ? await json(r1) : await json(r2);
      const ids = winner.orders.map((o: any) => o.id);
      for (const l of await Promise.all(lots.map(lotOf))) {
        expect(l.status).toBe('ORDERED');
        expect(ids).toContain(l.orderId);
      }
      expect((await auditEntries(server, { action: 'order.generated', outcome: 'refused', reason: 'lot_taken' })).length).toBeGreaterThan(0);
    });

    it('two generations meeting each other half-way (opposite lot order): never both win, a loser leaves nothing moved', async () => {
      const first = people(4);
      const lots = [
        await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(2, first, 1000) }),
        await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(2, first + 2, 1000) }),
      ];
      const t1 = await tokenOf(server, 'firma1');
      const t2 = await tokenOf(server, 'firma2');
      // opposite lot orders, so each request can move one lot before meeting the other's
      const c1 = await calculate(server, t1, lots, 'per-lot');
      const c2 = await calculate(server, t2, [...lots].reverse(), 'per-lot');
      const o1 = await otpFor(server, t1, 'firma1', 'order.generate');
      const o2 = await otpFor(server, t2, 'firma2', 'order.generate');
      const [r1, r2] = await Promise.all([
        server.api(`/companies/${CID}/orders`, { method: 'POST', token: t1, json: { calculationId: c1.body.id, password: demoUser('firma1').password, otp: o1 } }),
        server.api(`/companies/${CID}/orders`, { method: 'POST', token: t2, json: { calculationId: c2.body.id, password: demoUser('firma2').password, otp: o2 } }),
      ]);
      const statuses = [r1.status, r2.status].sort();
      // both may lose when each moved one lot first; never both win
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1);
      expect(statuses.every((s) => s === 201 || s === 409)).toBeTrue();
      const winner = r1.status === 201 ? await json(r1) : r2.status === 201 ? await json(r2) : null;
      const docs = await Promise.all(lots.map(lotOf));
      if (winner) {
        const ids = winner.orders.map((o: any) => o.id);
        expect(docs.every((l) => l.status === 'ORDERED' && ids.includes(l.orderId))).toBeTrue();
      } else {
        expect(docs.every((l) => l.status === 'AUTHORIZED' && l.orderId === null)).toBeTrue();
      }
    });

    it('a zero-total order (branches) is paid at once and processed', async () => {
      const s = await insertLot(server.ctx, { lotType: 'SUC', records: [sucRecord('777', 'Barquisimeto', 'Barquisimeto')] });
      const [order] = await generate(server, 'firma1', [s]);
      expect(order.status).toBe('PAID');
      expect(order.payment.method).toBe('none');
      await waitFor('SUC processed', async () => (await lotOf(s)).status === 'PROCESSED');
      const branch = await server.ctx.store.use<{ name: string }>(companyDb(CID, 'branches')).get('branch:777');
      expect((branch as unknown as { name: string }).name).toBe('Barquisimeto');
    });
  });

  describe('queries and PDF', () => {
    it('lists by status, number and dates; shows one order with its lots and invoice number', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_008, 12_345)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const token = await tokenOf(server, 'firma1');
      const list = async (q: string) => (await json(await server.api(`/companies/${CID}/orders${q}`, { token }))).orders as any[];
      expect((await list(`?number=${order.number}`)).map((o) => o.id)).toEqual([order.id]);
      expect((await list('?status=PENDING_PAYMENT')).some((o) => o.id === order.id)).toBeTrue();
      expect((await list('?status=VOIDED')).some((o) => o.id === order.id)).toBeFalse();
      const today = new Date(Date.now() - 4 * 3_600_000).toISOString().slice(0, 10);
      expect((await list(`?from=${today}&to=${today}`)).some((o) => o.id === order.id)).toBeTrue();
      expect((await list('?from=2020-01-01&to=2020-01-02')).length).toBe(0);
      expect((await server.api(`/companies/${CID}/orders?status=NOPE`, { token })).status).toBe(400);

      const operator = await tokenOf(server, 'operador');
      const inv = await server.api(`/companies/${CID}/orders/${order.id}/invoice`, { method: 'POST', token: operator, json: { invoiceNumber: 'F-000123' } });
      expect(inv.status).toBe(200);
      const one = await json(await server.api(`/companies/${CID}/orders/${order.id}`, { token }));
      expect(one.invoiceNumber).toBe('F-000123');
      expect(one.lots[0].lotId).toBe(lotId);
      expect(one.figures.totalCents).toBe(12_345 + 185 + 30);
      expect((await server.api(`/companies/${CID}/orders/Cxx-1`, { token })).status).toBe(404);
      expect((await server.api(`/companies/${CID}/orders/${order.id}`, { token: await tokenOf(server, 'carga') })).status).toBe(403);
    });

    it('renders the order as PDF with the company, number, date, lots and every figure in es-VE format', async () => {
      const first = people(2);
      const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: [emiRecord(first, 100_000), emiRecord(first + 1, 50_000)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const token = await tokenOf(server, 'firma1');
      const res = await server.api(`/companies/${CID}/orders/${order.id}/pdf`, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const parser = new PDFParse({ data: new Uint8Array(await res.arrayBuffer()) });
      const text = (await parser.getText()).text;
      await parser.destroy();
      expect(text).toContain('Alimentos Demo C.A.');
      expect(text).toContain('J000000001');
      expect(text).toContain(`Orden de servicio Nº ${order.number}`);
      expect(text).toMatch(/Fecha: \d{2}\/\d{2}\/\d{4}/);
      expect(text).toContain(lotId);
      for (const figure of ['1.500,00', '5,00', '22,50', '4,40', '1.531,90']) expect(text).withContext(figure).toContain(figure);
      expect(text).toContain('Monto a depositar');
      expect(text).toContain('Bs. 1.531,90');
    });
  });

  describe('void', () => {
    it('voids a pending order (password): VOIDED, its lots CANCELLED; refuses invoiced or paid ones', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_009, 100)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const token = await tokenOf(server, 'firma2');
      const voidIt = (id: string, password = demoUser('firma2').password) =>
        server.api(`/companies/${CID}/orders/${id}/void`, { method: 'POST', token, json: { password } });
      const wrong = await voidIt(order.id, 'Wrong#2026');
      expect(wrong.status).toBe(403);
      const ok = await voidIt(order.id);
      expect(ok.status).toBe(200);
      expect((await json(ok)).status).toBe('VOIDED');
      expect((await lotOf(lotId)).status).toBe('CANCELLED');
      expect((await voidIt(order.id)).status).toBe(409);
      expect((await auditEntries(server, { action: 'order.voided', outcome: 'ok' })).length).toBeGreaterThan(0);

      const invoicedLot = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_010, 100)] });
      const [invoiced] = await generate(server, 'firma1', [invoicedLot]);
      await server.api(`/companies/${CID}/orders/${invoiced.id}/invoice`, { method: 'POST', token: await tokenOf(server, 'operador'), json: { invoiceNumber: 'F-9' } });
      const refused = await voidIt(invoiced.id);
      expect(refused.status).toBe(409);
      expect((await json(refused)).error.code).toBe('ORDER_INVOICED');
      expect((await lotOf(invoicedLot)).status).toBe('ORDERED');
      // carga has no orders.cancel
      expect((await server.api(`/companies/${CID}/orders/${invoiced.id}/void`, { method: 'POST', token: await tokenOf(server, 'carga'), json: { password: 'x' } })).status).toBe(403);
    });
  });

  describe('payment', () => {
    it('debits the master account through the ledger, PAID, lots processed; voiding a paid order is refused', async () => {
      const first = people(2);
      const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: [emiRecord(first, 100_000), emiRecord(first + 1, 50_000)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const before = await masterBalance();
      const paid = await pay(server, 'firma2', order.id);
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe('PAID');
      expect(paid.body.payment.method).toBe('master');
      expect(await masterBalance()).toBe(before - 153_190);
      expect(await balanceOf(server.ctx, CID, 'master:ALIM')).toBe(before - 153_190);
      expect(await balanceOf(server.ctx, CID, 'fees:ALIM')).toBeGreaterThanOrEqual(2750);
      // the loads wait in the order's clearing account (the processor may already be moving them on)
      const clearingLeg = (await server.ctx.store.use<{ account: string; amountCents: number }>(companyDb(CID, 'ledger')).get(`entry:order:${order.id}:clearing`)) as unknown as { account: string; amountCents: number };
      expect(clearingLeg).toEqual(jasmine.objectContaining({ account: `clearing:${order.id}`, amountCents: 150_000 }));
      await waitFor('processed', async () => (await lotOf(lotId)).status === 'PROCESSED');
      // the loads went from clearing to the cards
      expect(await balanceOf(server.ctx, CID, `clearing:${order.id}`)).toBe(0);
      const done = await waitFor('order summary', async () => {
        const o = await orderDoc(order.id);
        return o.processing?.finishedAt ? o : null;
      });
      expect(done.processing!.done).toBe(2);
      const token = await tokenOf(server, 'firma2');
      const voidPaid = await server.api(`/companies/${CID}/orders/${order.id}/void`, { method: 'POST', token, json: { password: demoUser('firma2').password } });
      expect(voidPaid.status).toBe(409);
      expect((await pay(server, 'firma2', order.id)).status).toBe(409);
    });

    it('never takes the master account below zero: 409 INSUFFICIENT_FUNDS, nothing moved, the order still payable', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', productCode: 'REGA', records: [amountRecord(10_000_011, 100)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const res = await pay(server, 'firma1', order.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('INSUFFICIENT_FUNDS');
      expect(await masterBalance('REGA')).toBe(0);
      const doc = await orderDoc(order.id);
      expect(doc.status).toBe('PENDING_PAYMENT');
      expect(doc.paying).toBeNull();
      expect((await lotOf(lotId)).status).toBe('ORDERED');
      expect((await auditEntries(server, { action: 'order.paid', outcome: 'refused', reason: 'insufficient_funds' })).length).toBeGreaterThan(0);
    });

    it('two users paying the same order at once: one 200, one 409, the master debited once', async () => {
      const first = people(1);
      const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: [emiRecord(first, 20_000)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const before = await masterBalance();
      const [t1, t2] = [await tokenOf(server, 'firma1'), await tokenOf(server, 'firma2')];
      const [o1, o2] = [await otpFor(server, t1, 'firma1', 'order.pay'), await otpFor(server, t2, 'firma2', 'order.pay')];
      const payWith = (token: string, userId: string, otp: string) =>
        server.api(`/companies/${CID}/orders/${order.id}/payment`, { method: 'POST', token, json: { password: demoUser(userId).password, otp } });
      const answers = await Promise.all([payWith(t1, 'firma1', o1), payWith(t2, 'firma2', o2)]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(await masterBalance()).toBe(before - order.figures.totalCents);
      expect(await balanceOf(server.ctx, CID, 'master:ALIM')).toBe(await masterBalance());
      const entries = await server.ctx.store.use(companyDb(CID, 'ledger')).find({ selector: { cause: `order:${order.id}` } });
      expect(entries.docs.length).toBe(4);
    });

    it('needs orders.pay, the password and a one-time code for order.pay (not another purpose)', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_012, 100)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const token = await tokenOf(server, 'firma1');
      const generateCode = await otpFor(server, token, 'firma1', 'order.generate');
      const res = await server.api(`/companies/${CID}/orders/${order.id}/payment`, { method: 'POST', token, json: { password: demoUser('firma1').password, otp: generateCode } });
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('OTP_INVALID');
      const carga = await tokenOf(server, 'carga');
      expect((await server.api(`/companies/${CID}/orders/${order.id}/payment`, { method: 'POST', token: carga, json: { password: 'x', otp: '123456' } })).status).toBe(403);
      expect((await orderDoc(order.id)).status).toBe('PENDING_PAYMENT');
    });

    it('operator records a payment received (ledger from external funding) and invoices; others may not', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', productCode: 'REGA', records: [amountRecord(10_000_013, 10_000)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const admin = await tokenOf(server, 'admin');
      const refused = await server.api(`/companies/${CID}/orders/${order.id}/payment-record`, { method: 'POST', token: admin, json: { reference: 'DEP-1' } });
      expect(refused.status).toBe(403);
      expect((await json(refused)).error.code).toBe('OPERATOR_ONLY');
      const operator = await tokenOf(server, 'operador');
      const res = await server.api(`/companies/${CID}/orders/${order.id}/payment-record`, { method: 'POST', token: operator, json: { reference: 'DEP-1', invoiceNumber: 'F-77' } });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.status).toBe('PAID');
      expect(body.payment).toEqual(jasmine.objectContaining({ method: 'operator', reference: 'DEP-1' }));
      expect(body.invoiceNumber).toBe('F-77');
      expect(await masterBalance('REGA')).toBe(0);
      const external = await server.ctx.store.use<{ amountCents: number }>(companyDb(CID, 'ledger')).get(`entry:order:${order.id}:external`);
      expect((external as unknown as { amountCents: number }).amountCents).toBe(-order.figures.totalCents);
      const again = await server.api(`/companies/${CID}/orders/${order.id}/payment-record`, { method: 'POST', token: operator, json: { reference: 'DEP-2' } });
      expect(again.status).toBe(409);
      const reinvoice = await server.api(`/companies/${CID}/orders/${order.id}/invoice`, { method: 'POST', token: operator, json: { invoiceNumber: 'F-78' } });
      expect(reinvoice.status).toBe(409);
      expect((await server.api(`/companies/${CID}/orders/${order.id}/invoice`, { method: 'POST', token: operator, json: { invoiceNumber: 'F-77' } })).status).toBe(200);
      expect((await auditEntries(server, { action: 'order.payment-recorded', outcome: 'ok' })).length).toBeGreaterThan(0);
      await waitFor('processed', async () => (await lotOf(lotId)).status === 'PROCESSED');
    });
  });

  describe('step-up lockout', () => {
    it('five wrong passwords in a row lock the account (423) and close its sessions', async () => {
      const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_014, 100)] });
      const [order] = await generate(server, 'firma1', [lotId]);
      const token = await tokenOf(server, 'admin');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await server.api(`/companies/${CID}/orders/${order.id}/void`, { method: 'POST', token, json: { password: `Wrong#${i}` } });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([403, 403, 403, 403, 423]);
      expect((await server.api(`/companies/${CID}/orders/${order.id}`, { token })).status).toBe(401);
      const login = await server.api('/auth/login', { method: 'POST', json: { userId: 'admin', password: demoUser('admin').password } });
      expect(login.status).toBe(423);
      // unlock for the other specs
      const operator = await tokenOf(server, 'operador');
      expect((await server.api('/users/admin/unlock', { method: 'POST', token: operator, json: {} })).status).toBe(204);
    });
  });
});
