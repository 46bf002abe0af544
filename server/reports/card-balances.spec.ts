import type { ReportPage, ReportRow } from '../../src/domain/reports/catalogue';
import { dayStart, monthOf } from '../../src/domain/reports/rows';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { companyDb } from '../store/databases';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { ACCOUNTS_PER_READ } from './card-balances';

/**
 * card-balances reads each page's cards' entries in `keys` reads of ACCOUNTS_PER_READ accounts on the
 * embedded store and sums them by `at` (card-balances.ts). Its figures must be the store's own reduce
 * of the ledger's reports view over `['acct', 'card:<id>', '', ''] … ['acct', 'card:<id>', monthOf(end), end)`
 * (what the report read before), at a day's edges, for cards without entries, across page and
 * read boundaries, and for a replacement's old and new legs.
 */
describe('reports: card balances at a date against the store reduce', () => {
  let server: TestServer;
  let token: string;
  const cid = DEMO_COMPANY_ID;
  const CARDS = 2 * ACCOUNTS_PER_READ + 23; // three reads on a page of every card
  const id = (i: number) => `bal-${String(i).padStart(3, '0')}`;
  const pan = (i: number) => `627100******${String(5000 + i)}`;
  // the day of 2025-05-20 in Venezuela (UTC−4) ends at 2025-05-21T04:00:00.000Z
  const EDGE = dayStart('2025-05-20', 1);
  const entries: Array<{ account: string; amountCents: number; at: string }> = [];

  beforeAll(async () => {
    server = await startTestServer();
    token = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    const cards = Array.from({ length: CARDS }, (_, i) => ({
      _id: `card:${id(i)}`,
      type: 'card',
      cardId: id(i),
      companyId: cid,
      productCode: 'BAL',
      holder: { idType: 'V', idNumber: String(91000000 + i), firstName: 'Titular', lastName: String(i), email: `b${i}@example.com`, phone: '04140000000' },
      maskedPan: pan(i),
      last4: String(5000 + i),
      status: 'ACTIVE',
      plasticStatus: 'DELIVERED',
      balanceCents: 0,
      branchCode: i % 3 === 0 ? '001' : '002',
      // a handful of cards share an issue instant (their order is then the ids'), as a lot's chunk does
      issuedAt: `2025-04-${String(1 + Math.floor(i / 10)).padStart(2, '0')}T15:00:00.000Z`,
      deliveredAt: null,
      updatedAt: '2025-04-01T15:00:00.000Z',
      replacement: null,
    }));
    const docs: Array<Record<string, unknown>> = [];
    const add = (cause: string, leg: string, i: number, amountCents: number, at: string) => {
      entries.push({ account: `card:${id(i)}`, amountCents, at });
      docs.push({ _id: `entry:${cause}:${leg}`, type: 'entry', cause, leg, account: `card:${id(i)}`, amountCents, companyId: cid, at });
    };
    for (let i = 0; i < CARDS; i++) {
      if (i % 7 === 0) continue; // no entries at all
      add(`lot:LBAL1:${i}`, 'card', i, 1000 + i, '2025-04-20T12:00:00.000Z'); // one chunk: every card the same `at`
      add(`lot:LBAL2:${i}`, 'card', i, 200, '2025-05-21T03:59:59.999Z'); // the last instant of May 20 in Venezuela
      if (i % 2 === 0) add(`lot:LBAL3:${i}`, 'card', i, -300, EDGE); // the first instant of May 21: not in May 20's balance
      if (i % 5 === 0) add(`lot:LBAL4:${i}`, 'card', i, 50, '2025-05-31T23:00:00.000Z'); // Venezuelan May, UTC June 1st…
      if (i % 5 === 1) add(`lot:LBAL5:${i}`, 'card', i, 70, '2025-06-01T03:30:00.000Z'); // …and the other way round
    }
    // a replacement moves card 3's balance to card 4: old leg −, new leg +, at the day's edge
    add('lot:LBAL6:1', 'old', 3, -(1003 + 200), EDGE);
    add('lot:LBAL6:1', 'new', 4, 1003 + 200, EDGE);
    add('lot:LBAL7:1', 'old', 10, -(1010 + 200), '2025-05-20T20:00:00.000Z');
    add('lot:LBAL7:1', 'new', 11, 1010 + 200, '2025-05-20T20:00:00.000Z');
    await server.ctx.store.use(companyDb(cid, 'cards')).bulk({ docs: cards });
    await server.ctx.store.use(companyDb(cid, 'ledger')).bulk({ docs });
  }, 60_000);
  afterAll(async () => server.close());

  async function all(q: Record<string, string>, limit: number): Promise<ReportRow[]> {
    const rows: ReportRow[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 200; n++) {
      const params = new URLSearchParams({ ...q, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const res = await server.api(`/companies/${cid}/reports/card-balances?${params}`, { token });
      const page = (await res.json()) as ReportPage;
      expect(res.status).toBe(200);
      rows.push(...page.rows);
      if (!page.next) return rows;
      cursor = page.next;
    }
    throw new Error('too many pages');
  }

  /** The store's own reduce of the reports view, one card at a time (the report's former reading). */
  async function storeReduce(i: number, date: string): Promise<number> {
    const end = dayStart(date, 1);
    const account = `card:${id(i)}`;
    const answer = await server.ctx.store.use(companyDb(cid, 'ledger')).view('reports', 'rows', {
      startkey: ['acct', account, '', ''],
      endkey: ['acct', account, monthOf(end), end],
      inclusive_end: false,
      reduce: true,
    });
    return Number((answer.rows[0]?.value as { sum?: number } | undefined)?.sum ?? 0);
  }

  const expected = (i: number, date: string) =>
    entries.filter((e) => e.account === `card:${id(i)}` && e.at < dayStart(date, 1)).reduce((s, e) => s + e.amountCents, 0);
  const byPan = (rows: ReportRow[]) => new Map(rows.map((r) => [String(r['maskedPan']), Number(r['balanceCents'])]));

  for (const date of ['2025-04-19', '2025-04-20', '2025-05-20', '2025-05-21', '2025-05-31', '2026-01-01']) {
    it(`every card at ${date}: the store's reduce, paged by 7 and by a page of every card`, async () => {
      const reference = await Promise.all(Array.from({ length: CARDS }, (_, i) => storeReduce(i, date)));
      expect(reference).toEqual(Array.from({ length: CARDS }, (_, i) => expected(i, date)));
      for (const limit of [7, CARDS]) {
        const rows = await all({ product: 'BAL', date }, limit);
        expect(rows.length).toBe(CARDS);
        const got = byPan(rows);
        expect(Array.from({ length: CARDS }, (_, i) => got.get(pan(i)))).toEqual(reference);
      }
    });
  }

  it('the day edge, a card with no entries and a replacement, in figures', async () => {
    const may20 = byPan(await all({ product: 'BAL', date: '2025-05-20' }, 50));
    const may21 = byPan(await all({ product: 'BAL', date: '2025-05-21' }, 50));
    expect([may20.get(pan(0)), may21.get(pan(0)), may20.get(pan(7))]).toEqual([0, 0, 0]); // no entries
    expect([may20.get(pan(2)), may21.get(pan(2))]).toEqual([1202, 902]); // −300 at the first instant of May 21
    expect([may20.get(pan(1)), may21.get(pan(1))]).toEqual([1201, 1201]); // +200 at the last instant of May 20
    // replacement at May 21's first instant: card 3 still holds its balance on May 20, card 4 not yet
    expect([may20.get(pan(3)), may20.get(pan(4)), may21.get(pan(3)), may21.get(pan(4))]).toEqual([1203, 1204, 0, 1204 - 300 + 1203]);
    // replacement during May 20: moved by its end
    expect([may20.get(pan(10)), may20.get(pan(11))]).toEqual([1010 + 200 - 1210, 1011 + 200 + 1210]);
  });

  it('a filter the key cannot hold (branch beside product) pages across reads the same', async () => {
    const rows = await all({ product: 'BAL', branch: '001', date: '2025-05-31' }, 9);
    const wanted = Array.from({ length: CARDS }, (_, i) => i).filter((i) => i % 3 === 0);
    expect(rows.map((r) => r['maskedPan'])).toEqual(wanted.map(pan));
    expect(rows.map((r) => r['balanceCents'])).toEqual(await Promise.all(wanted.map((i) => storeReduce(i, '2025-05-31'))));
  });
});
