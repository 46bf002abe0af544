import type { LedgerTransaction } from '../ledger/ledger.model';
import { entryDocs } from '../ledger/ledger.service';
import { ledgerDb } from '../ledger/ledger.store';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { startTestServer, type TestServer } from '../testing/test-server';
import { REDUCE_SLICE } from '../store/sliced-reduce';
import { reduceRange, reportDb, sumOf } from './reports.store';

/**
 * On the embedded store `reduceRange` reads a range in slices of REDUCE_SLICE rows and reduces them
 * itself (PouchDB loads a whole range into memory to reduce it). Over more rows than two slices, with
 * many rows sharing one key (a lot chunk's legs share their `at`), it must answer exactly what the
 * store's own reduce answers, in total and grouped by month.
 */
describe('reports: reduce by slices on the embedded store', () => {
  let server: TestServer;
  const cid = DEMO_COMPANY_ID;
  const N = 2 * REDUCE_SLICE + 700; // recharges: three slices of credit rows
  const months = ['2025-02', '2025-03', '2025-04'];
  const expected = new Map<string, { sum: number; count: number }>();

  beforeAll(async () => {
    server = await startTestServer();
    const db = ledgerDb(server.ctx, cid);
    for (let chunk = 0; chunk * 1000 < N; chunk++) {
      const month = months[chunk % 3];
      // one `at` per chunk of 1,000 transactions, as lot processing posts a chunk
      const at = `${month}-1${chunk % 10}T15:00:00.000Z`;
      const txs: LedgerTransaction[] = [];
      for (let i = chunk * 1000; i < Math.min(N, (chunk + 1) * 1000); i++) {
        const cents = 100 + (i % 37) * 25;
        txs.push({
          cause: `lot:LSLICE${chunk}:${i}`,
          legs: [
            { leg: 'clearing', account: 'clearing:CSLICE', amountCents: -cents },
            { leg: 'card', account: `card:slice-${i % 300}`, amountCents: cents },
          ],
        });
        const e = expected.get(month) ?? { sum: 0, count: 0 };
        expected.set(month, { sum: e.sum + cents, count: e.count + 1 });
      }
      const answers = await db.bulk({ docs: entryDocs(cid, txs, at) });
      expect(answers.filter((a) => 'error' in a && a.error).length).toBe(0);
    }
  }, 120_000);
  afterAll(async () => server.close());

  it('answers the store’s own reduce, in total and by month, across slices and rows sharing a key', async () => {
    const db = reportDb(server.ctx, cid, 'ledger');
    expect(db.slicedReduce).toBe('_stats');
    const start = ['credit', '', '2025-01'];
    const end = ['credit', '', '2025-05'];
    const native = async (groupLevel?: number) =>
      (await db.view('reports', 'rows', { startkey: start, endkey: end, reduce: true, inclusive_end: false, ...(groupLevel ? { group_level: groupLevel } : {}) })).rows;

    const [total] = await reduceRange(db, start, end);
    expect(total.key).toBeNull();
    expect(total.value).toEqual((await native())[0].value);
    expect(sumOf(total.value)).toBe([...expected.values()].reduce((s, e) => s + e.sum, 0));
    expect((total.value as { count: number }).count).toBe(N);

    const byMonth = await reduceRange(db, start, end, 3);
    expect(byMonth).toEqual((await native(3)) as never);
    expect(byMonth.map((r) => [r.key, sumOf(r.value)])).toEqual(months.map((m) => [['credit', '', m], expected.get(m)!.sum]));

    // a `_count` database: the cards view's reduce over the same kind of range answers 0 rows alike
    const cards = reportDb(server.ctx, cid, 'cards');
    expect(cards.slicedReduce).toBe('_count');
    expect(await reduceRange(cards, ['month', '1999-01'], ['month', '1999-02'])).toEqual([]);
  }, 120_000);
});
