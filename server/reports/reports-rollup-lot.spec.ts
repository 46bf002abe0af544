import type { LotDoc } from '../../src/domain/lots/lot.model';
import { emiRecords, insertLot } from '../orders/testing/lot-fixtures';
import { CID, generate, pay, waitFor } from '../orders/testing/order-helpers';
import { companyDb } from '../store/databases';
import { startTestServer, type TestServer } from '../testing/test-server';
import { reportDb } from './reports.store';

/**
 * A processed lot writes cards and ledger entries in bulk; the company's reduction rollups then
 * catch up in the background (processing/lot-processed.ts → reports feature), so the first report
 * after the lot finds them current instead of being answered by the view while they catch up. Here
 * the threshold a query waits for is lowered below the lot's changes: without that catch-up the
 * rollups would answer null (too far behind) — with it, no report asked, they reach the databases'
 * update seq and then answer the store's own reduce.
 */
describe('reports: the rollups catch up after a processed lot', () => {
  let server: TestServer;
  const HIGH = '\ufff0';
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const updateSeq = async (kind: 'ledger' | 'cards') => String((await server.ctx.store.use(companyDb(CID, kind)).info()).update_seq);
  const native = async (kind: 'ledger' | 'cards', start: unknown[], end: unknown[], level?: number) =>
    (await reportDb(server.ctx, CID, kind).view('reports', 'rows', { startkey: start, endkey: end, reduce: true, inclusive_end: false, ...(level ? { group_level: level } : {}) })).rows;

  it('reaches the ledger’s and the cards’ update seq without a report, and answers from the rollup', async () => {
    const ledger = reportDb(server.ctx, CID, 'ledger').rollup!;
    const cards = reportDb(server.ctx, CID, 'cards').rollup!;
    expect(ledger).toBeDefined();
    expect(cards).toBeDefined();
    // a query waits for at most 10 changes: the lot's hundreds would leave it to the view
    ledger.inlineCatchUpMax = 10;
    cards.inlineCatchUpMax = 10;
    const ledgerBefore = await updateSeq('ledger');
    const cardsBefore = await updateSeq('cards');

    const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(250, 54_000_000, 1_500) });
    const [order] = await generate(server, 'firma1', [lotId]);
    expect((await pay(server, 'firma2', order.id)).status).toBe(200);
    await waitFor(`${lotId} PROCESSED`, async () => ((await server.ctx.store.use<LotDoc>(companyDb(CID, 'lots')).get(`lot:${lotId}`)) as unknown as LotDoc).status === 'PROCESSED', 60_000, 20);
    expect(Number(await updateSeq('ledger')) - Number(ledgerBefore)).toBeGreaterThan(250);
    expect(Number(await updateSeq('cards')) - Number(cardsBefore)).toBeGreaterThanOrEqual(250);

    // no report asked: the rollups reach each database's update seq on their own
    await waitFor('ledger and cards rollups current', async () =>
      String(ledger.state().seq) === (await updateSeq('ledger')) && String(cards.state().seq) === (await updateSeq('cards')), 60_000, 50);

    // and a report now is answered by them (null would mean: too far behind, the view answers)
    const credits: [unknown[], unknown[], number] = [['credit', '', '', ''], ['credit', '', HIGH, HIGH], 3];
    const byStatus: [unknown[], unknown[], number] = [['status', ''], ['status', HIGH], 2];
    const fromLedger = await ledger.reduce(...credits);
    const fromCards = await cards.reduce(...byStatus);
    expect(fromLedger).not.toBeNull();
    expect(fromCards).not.toBeNull();
    expect(fromLedger).toEqual((await native('ledger', ...credits)) as never);
    expect(fromCards).toEqual((await native('cards', ...byStatus)) as never);
    expect(ledger.state().broken).toBeNull();
  }, 120_000);
});
