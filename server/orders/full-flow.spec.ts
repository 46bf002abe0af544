import { act, getLot, uploadOk } from '../lots/lots.testing';
import { startTestServer, type TestServer } from '../testing/test-server';
import { companyDb } from '../store/databases';
import { balanceOf } from '../ledger/ledger.service';
import type { ProcessedCardDoc } from '../processing/processing.model';
import { CID, demoUser, json, otpFor, tokenOf, waitFor } from './testing/order-helpers';

/** The whole journey through the HTTP API only: upload → confirm → sign → authorize → calculate → generate → pay → PROCESSED. */
describe('lot to cards, through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('an EMI file of the LOT-FILES.md example becomes 2 cards with 1000.00 and 500.00 after paying 1531.90', async () => {
    const file = [
      'H;J000000001;ALIM;EMI;20261125;2;1500.00',
      'D;V;12345678;María José;Pérez Ñáñez;19900214;mj.perez@example.com;04141234567;001;1000.00',
      "D;P;AB123456;John;O'Neil;19851130;;;002;500.00",
    ].join('\r\n');
    const carga = await tokenOf(server, 'carga');
    const uploaded = await uploadOk(server, carga, file, { type: 'EMI', fileName: 'emision.txt' });
    expect(uploaded.status).toBe('VALID');
    const lotId = uploaded.id;
    const step = async (token: string, path: string, body: object) => {
      const res = await act(server, token, 'POST', `${lotId}/${path}`, body);
      expect(res.status).withContext(`${path}: ${JSON.stringify(await res.clone().json())}`).toBe(200);
    };
    await step(carga, 'confirmation', { password: demoUser('carga').password, embossLine1: 'ALIMENTOS DEMO', embossLine2: 'NOMINA' });
    const firma1 = await tokenOf(server, 'firma1');
    const firma2 = await tokenOf(server, 'firma2');
    await step(firma1, 'signatures', { password: demoUser('firma1').password });
    await step(firma2, 'authorization', { password: demoUser('firma2').password });
    expect((await getLot(server, firma1, lotId)).status).toBe('AUTHORIZED');

    const calc = await json(await server.api(`/companies/${CID}/orders/calculations`, { method: 'POST', token: firma1, json: { lotIds: [lotId], grouping: 'per-type' } }));
    expect(calc.totals).toEqual({ rechargeCents: 150_000, issuanceFeesCents: 500, commissionCents: 2250, taxCents: 440, totalCents: 153_190, amountToDepositCents: 153_190 });
    const generated = await server.api(`/companies/${CID}/orders`, {
      method: 'POST',
      token: firma1,
      json: { calculationId: calc.id, password: demoUser('firma1').password, otp: await otpFor(server, firma1, 'firma1', 'order.generate') },
    });
    expect(generated.status).toBe(201);
    const [order] = (await json(generated)).orders;
    expect((await getLot(server, firma1, lotId)).status).toBe('ORDERED');

    const paid = await server.api(`/companies/${CID}/orders/${order.id}/payment`, {
      method: 'POST',
      token: firma2,
      json: { password: demoUser('firma2').password, otp: await otpFor(server, firma2, 'firma2', 'order.pay') },
    });
    expect(paid.status).toBe(200);
    const lot = await waitFor('PROCESSED', async () => {
      const l = await getLot(server, firma1, lotId);
      return l.status === 'PROCESSED' ? l : null;
    });
    expect(lot.processing).toEqual(jasmine.objectContaining({ done: 2, rejected: 0 }));
    const detail = await waitFor('order summary', async () => {
      const o = await json(await server.api(`/companies/${CID}/orders/${order.id}`, { token: firma1 }));
      return o.processing?.finishedAt ? o : null;
    });
    expect(detail.status).toBe('PAID');
    expect(detail.processing.done).toBe(2);

    const card = (await server.ctx.store.use<ProcessedCardDoc>(companyDb(CID, 'cards')).get(`card:${lotId}-2`)) as unknown as ProcessedCardDoc;
    expect(card.balanceCents).toBe(100_000);
    expect(card.holder.lastName).toBe('Pérez Ñáñez');
    expect(card.emboss).toEqual({ line1: 'ALIMENTOS DEMO', line2: 'NOMINA' });
    const second = (await server.ctx.store.use<ProcessedCardDoc>(companyDb(CID, 'cards')).get(`card:${lotId}-3`)) as unknown as ProcessedCardDoc;
    expect(second.holder).toEqual(jasmine.objectContaining({ idType: 'P', idNumber: 'AB123456' }));
    expect(second.balanceCents).toBe(50_000);
    expect(await balanceOf(server.ctx, CID, 'master:ALIM')).toBe(10_000_000 - 153_190);

    const records = await server.api(`/companies/${CID}/lots/${lotId}/records?offset=0&limit=10`, { token: firma1 });
    if (records.status === 200) {
      const page = await json(records);
      expect(page.records.map((r: any) => r.result?.status)).toEqual(['DONE', 'DONE']);
    }
  });
});
