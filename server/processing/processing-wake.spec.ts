import type { LotDoc } from '../../src/domain/lots/lot.model';
import { createCompany } from '../accounts/accounts.service';
import { DEMO_COMPANY } from '../demo/demo-data';
import { emiRecords, insertLot } from '../orders/testing/lot-fixtures';
import { CID, generate, pay, waitFor } from '../orders/testing/order-helpers';
import { companyDb } from '../store/databases';
import { startTestServer, type TestServer } from '../testing/test-server';
import { processorOf } from './processing.feature';

/**
 * The processor finds work without polling every company (processor.ts): a payment wakes it for its
 * company and only that company is looked at; every company is swept at start and every
 * PROCESSING_SWEEP_SECONDS, which is what finds a lot no wake reached this process for.
 */
describe('lot processing without a per-company poll', () => {
  const lotOf = async (server: TestServer, id: string) => (await server.ctx.store.use<LotDoc>(companyDb(CID, 'lots')).get(`lot:${id}`)) as unknown as LotDoc;
  const processed = (server: TestServer, id: string, timeoutMs: number) =>
    waitFor(`${id} PROCESSED`, async () => (await lotOf(server, id)).status === 'PROCESSED', timeoutMs, 20);

  describe('a payment in this process', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ PROCESSING_SWEEP_SECONDS: '3600' }); // no sweep but the start's during the spec
      for (let i = 1; i <= 6; i++) {
        expect(await createCompany(server.ctx, { ...DEMO_COMPANY, id: `cwake00000${i}`, taxId: `J00000010${i}`, legalName: `Otra ${i} C.A.` })).toBe('created');
      }
      await waitFor('the start sweep', async () => processorOf(server.ctx)!.stats.sweeps >= 1);
    });
    afterAll(async () => server.close());

    it('has its lots processed at once, looking at that company only', async () => {
      const stats = processorOf(server.ctx)!.stats;
      const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(300, 52_000_000, 150) });
      const [order] = await generate(server, 'firma1', [lotId]);
      const sweeps = stats.sweeps;
      const looked = stats.companiesLooked;
      const paidAt = Date.now();
      expect((await pay(server, 'firma2', order.id)).status).toBe(200);
      await processed(server, lotId, 30_000);
      const tookMs = Date.now() - paidAt;
      expect(stats.sweeps).toBe(sweeps); // no sweep of the 7 companies
      expect(stats.companiesLooked - looked).toBe(1); // one Mango find: the paying company's lots
      expect((await lotOf(server, lotId)).processing!.done).toBe(300);
      expect(tookMs).toBeLessThan(15_000); // not the hour the sweep would take
    });
  });

  describe('work no wake reached this process for (another instance wrote it)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ PROCESSING_SWEEP_SECONDS: '1' });
    });
    afterAll(async () => server.close());

    it('is found by the sweep', async () => {
      const stats = processorOf(server.ctx)!.stats;
      await waitFor('the start sweep', async () => stats.sweeps >= 1);
      const sweeps = stats.sweeps;
      // a PROCESSING lot written straight into the store: no wake in this process
      const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(20, 53_000_000, 0), status: 'PROCESSING' });
      await processed(server, lotId, 15_000);
      expect(stats.sweeps).toBeGreaterThan(sweeps);
      expect((await lotOf(server, lotId)).processing!.done).toBe(20);
    });
  });
});
