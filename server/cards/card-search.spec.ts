import { classifyCardQuery, nameKey } from '../../src/domain/cards';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { companyDatabaseSpecs, companyDb } from '../store/databases';
import { ensureDatabases } from '../store/design';
import { createOtherCompany, OTHER_COMPANY_ID, userWith } from '../sync/sync.testing';
import type { StoredCardDoc } from './cards.model';
import { cardApiSuite } from './cards.testing';

const D = DEMO_COMPANY_ID;
const LOT_A = 'L20261120100000aaa111';
const LOT_B = 'L20261120110000bbb222';
const ORDER_A = 'C20261120100500aaa111-1';
const ORDER_B = 'C20261120110500bbb222-2';
const STATUSES = ['ACTIVE', 'BLOCKED', 'CANCELLED'] as const;
const PLASTICS = ['AT_BANK', 'SENT_TO_COMPANY', 'RECEIVED_AT_COMPANY', 'DELIVERED'] as const;
const FIRST = ['Zoé Ana', 'Íñigo', 'Zoe', 'Ana María'];
const LAST = ['Ñáñez Ñañez', 'Pérez Zambrano', 'Zamora', 'Pérez'];

type Card = StoredCardDoc & { _rev?: string };

/**
 * The card search over the search view (card-search.view.ts), on the real embedded store: every
 * filter and combination answers exactly the cards a plain reading of all the company's cards
 * says, across pages of 7 (none repeated, none missing, the same order whatever the page size),
 * and never a card of another company, even one with the same values.
 */
describe('Card search: every filter and combination, paged', () => {
  const cards = cardApiSuite();
  let other: string;
  let all: Card[];

  /** Cards with every mix of status, plastic, branch, lot, order, shared holder ids, last 4 and names. */
  const seed = (prefix: string, companyId: string, n: number): Card[] =>
    Array.from({ length: n }, (_, i) => {
      const cardId = `${prefix}-${String(i).padStart(3, '0')}`;
      return {
        _id: `card:${cardId}`,
        type: 'card',
        cardId,
        companyId,
        productCode: 'ALIM',
        holder: { idType: 'V', idNumber: String(30_000_000 + (i % 60)), firstName: FIRST[i % 4], lastName: LAST[(i >> 2) % 4] },
        maskedPan: `627100******${i % 5 === 0 ? '7777' : String(1000 + i)}`,
        last4: i % 5 === 0 ? '7777' : String(1000 + i),
        status: STATUSES[i % 3],
        plasticStatus: PLASTICS[(i >> 1) % 4],
        balanceCents: i * 100,
        branchCode: ['003', '004', '005'][(i >> 3) % 3],
        issuedAt: '2026-11-20T10:00:00.000Z',
        deliveredAt: null,
        updatedAt: '2026-11-20T10:00:00.000Z',
        ...(i % 4 === 3 ? {} : { lotId: i % 2 ? LOT_A : LOT_B, orderId: i % 2 ? ORDER_A : ORDER_B }),
      } as Card;
    });

  beforeAll(async () => {
    const server = cards.server;
    await createOtherCompany(server);
    other = await userWith(server, 'otra.tarjetas', OTHER_COMPANY_ID, ['cards.view']);
    await server.ctx.store.use(companyDb(D, 'cards')).bulk({ docs: seed('cs', D, 150) as never[] });
    // the same values in another company: none of these may ever come back to the demo company
    await server.ctx.store.use(companyDb(OTHER_COMPANY_ID, 'cards')).bulk({ docs: seed('xo', OTHER_COMPANY_ID, 90) as never[] });
    const rows = await server.ctx.store.use<Card>(companyDb(D, 'cards')).list({ startkey: 'card:', endkey: 'card:\ufff0', include_docs: true });
    all = rows.rows.map((r) => r.doc as Card);
  });

  /** Every page of a search, in order; checks each page's size and the masked numbers. */
  const walk = async (query: string, limit = 7, token = cards.admin, companyId = D) => {
    const pages = await cards.pages(query, limit, { token, companyId });
    for (const page of pages.slice(0, -1)) expect(page.items.length).withContext(`${query}: a page before the last is full`).toBe(limit);
    const items = pages.flatMap((page) => page.items);
    for (const c of items) expect(c.maskedPan).toMatch(/^[0-9]{6}\*{6}[0-9]{4}$/);
    return { ids: items.map((c) => c.cardId as string), pages: pages.length };
  };

  /** What the search must answer, read plainly off every card of the company. */
  const expected = (params: Record<string, string>) => {
    const query = classifyCardQuery(params.q);
    return all
      .filter((c) => {
        if (params.status && c.status !== params.status) return false;
        if (params.plastic && c.plasticStatus !== params.plastic) return false;
        if (params.branch && c.branchCode !== params.branch) return false;
        if (params.lotId && c.lotId !== params.lotId) return false;
        if (params.orderId && c.orderId !== params.orderId) return false;
        if (query.by === 'holderId') return c.holder.idNumber === query.value;
        if (query.by === 'last4') return c.last4 === query.value;
        if (query.by === 'lot') return c.lotId === query.value;
        if (query.by === 'order') return c.orderId === query.value;
        if (query.by === 'name') {
          const own = nameKey(`${c.holder.firstName} ${c.holder.lastName}`).split(' ');
          return query.words.every((w) => own.some((o) => o.startsWith(w)));
        }
        return true;
      })
      .map((c) => c.cardId)
      .sort();
  };

  const cases: Array<Record<string, string>> = [
    {},
    { status: 'BLOCKED' },
    { status: 'ACTIVE' },
    { plastic: 'AT_BANK' },
    { branch: '004' },
    { branch: '001' },
    { status: 'CANCELLED', plastic: 'SENT_TO_COMPANY' },
    { status: 'BLOCKED', branch: '003' },
    { plastic: 'DELIVERED', branch: '005' },
    { status: 'ACTIVE', plastic: 'RECEIVED_AT_COMPANY', branch: '004' },
    { lotId: LOT_A },
    { lotId: LOT_A, status: 'BLOCKED' },
    { q: LOT_B, plastic: 'AT_BANK', branch: '003' },
    { orderId: ORDER_B },
    { q: ORDER_A, status: 'CANCELLED' },
    { orderId: ORDER_A, lotId: LOT_B },
    { q: '30000007' },
    { q: 'V-30000011', status: 'CANCELLED' },
    { q: '7777' },
    { q: '7777', branch: '005', status: 'ACTIVE' },
    { q: 'zoe' },
    { q: 'ÑAÑ' },
    { q: 'pérez zam' },
    { q: 'íñigo pér' },
    { q: 'za', plastic: 'AT_BANK' },
    { q: 'zoé', lotId: LOT_B, status: 'ACTIVE' },
  ];

  for (const params of cases) {
    const query = new URLSearchParams(params).toString();
    it(`answers exactly the right cards for ${query || 'no filter'} across pages, in a stable order`, async () => {
      const want = expected(params);
      // every case finds cards but the contradictory one (an order of another lot)
      if (!(params.orderId && params.lotId)) expect(want.length).withContext('the case finds cards').toBeGreaterThan(0);
      const { ids, pages } = await walk(query);
      expect(new Set(ids).size).withContext('no card twice').toBe(ids.length);
      expect([...ids].sort()).toEqual(want);
      expect(ids.some((id) => id.startsWith('xo-'))).withContext('another company').toBeFalse();
      if (want.length > 14) expect(pages).toBeGreaterThan(2);
      // the order is the index's: the same whatever the page size
      expect((await walk(query, 50)).ids).toEqual(ids);
    });
  }

  it("another company's user sees its own cards only, with the same values", async () => {
    const mine = await walk('status=BLOCKED', 7, other, OTHER_COMPANY_ID);
    expect(mine.ids.length).toBe(30);
    expect(mine.ids.every((id) => id.startsWith('xo-'))).toBeTrue();
    const byName = await walk(`q=${encodeURIComponent('zoe')}`, 7, other, OTHER_COMPANY_ID);
    expect(byName.ids.length).toBeGreaterThan(0);
    expect(byName.ids.every((id) => id.startsWith('xo-'))).toBeTrue();
    // not a member of the demo company: not found (no company's existence is confirmed to strangers)
    expect((await cards.server.api(`/companies/${D}/cards?status=BLOCKED`, { token: other })).status).toBe(404);
  });

  it('a card whose status changes while paging is neither repeated nor makes another go missing', async () => {
    const first = await cards.server.api(`/companies/${D}/cards?status=BLOCKED&limit=7`, { token: cards.admin });
    const page = (await first.json()) as { items: Array<{ cardId: string }>; bookmark: string };
    // one already answered and one still ahead move out of BLOCKED
    const db = cards.server.ctx.store.use<Card>(companyDb(D, 'cards'));
    const ahead = expected({ status: 'BLOCKED' }).find((id) => !page.items.some((c) => c.cardId === id))!;
    for (const id of [page.items[0].cardId, ahead]) {
      const doc = await db.get(`card:${id}`);
      await db.insert({ ...doc, status: 'ACTIVE' });
    }
    const rest: string[] = [];
    let bookmark: string | null = page.bookmark;
    while (bookmark) {
      const res = await cards.server.api(`/companies/${D}/cards?status=BLOCKED&limit=7&bookmark=${bookmark}`, { token: cards.admin });
      const next = (await res.json()) as { items: Array<{ cardId: string }>; bookmark: string | null };
      rest.push(...next.items.map((c) => c.cardId));
      bookmark = next.bookmark;
    }
    const seen = [...page.items.map((c) => c.cardId), ...rest];
    expect(new Set(seen).size).toBe(seen.length);
    expect(rest).not.toContain(ahead);
    const still = (await db.list({ startkey: 'card:', endkey: 'card:\ufff0', include_docs: true })).rows
      .map((r) => r.doc as Card)
      .filter((c) => c.status === 'BLOCKED')
      .map((c) => c.cardId);
    expect(still.every((id) => seen.includes(id))).withContext('none missing').toBeTrue();
    // put them back for the other cases (random order)
    for (const id of [page.items[0].cardId, ahead]) {
      const doc = await db.get(`card:${id}`);
      await db.insert({ ...doc, status: 'BLOCKED' });
    }
  });

  it('refuses a bookmark of another search, a forged one, or one leaving the name range (400)', async () => {
    const res = await cards.server.api(`/companies/${D}/cards?status=BLOCKED&limit=7`, { token: cards.admin });
    const { bookmark } = (await res.json()) as { bookmark: string };
    const status = async (query: string) => (await cards.server.api(`/companies/${D}/cards?${query}`, { token: cards.admin })).status;
    expect(await status(`status=BLOCKED&limit=7&bookmark=${bookmark}`)).toBe(200);
    expect(await status(`branch=003&bookmark=${bookmark}`)).toBe(400);
    expect(await status(`status=BLOCKED&plastic=AT_BANK&bookmark=${bookmark}`)).toBe(400);
    const forge = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    expect(await status(`q=zoe&bookmark=${forge(['w', 'aaa', 'card:cs-001'])}`)).toBe(400);
    expect(await status(`q=zoe&bookmark=${forge(['w', 'zoe', 'card:cs-001'])}`)).toBe(200);
    expect(await status(`q=zoe&bookmark=${forge(['w', 'zoe', { $gt: '' }])}`)).toBe(400);
    expect(await status(`bookmark=${forge(['a', '_design/card-search'])}`)).toBe(400);
    expect(await status(`bookmark=${forge(['a', 'card:cs-001', 'x'])}`)).toBe(400);
    expect(await status('bookmark=bm90LWpzb24')).toBe(400);
  });

  it('deletes the Mango indexes the view replaced when the databases are ensured', async () => {
    const db = cards.server.ctx.store.use(companyDb(D, 'cards'));
    await db.createIndex({ index: { fields: ['branchCode', '_id'] }, name: 'cards-by-branch', ddoc: 'idx-cards-by-branch', type: 'json' });
    expect((await db.get('_design/idx-cards-by-branch'))._id).toBe('_design/idx-cards-by-branch');
    await ensureDatabases(cards.server.ctx.store, companyDatabaseSpecs(D));
    await expectAsync(db.get('_design/idx-cards-by-branch')).toBeRejectedWith(jasmine.objectContaining({ statusCode: 404 }));
    expect((await db.get('_design/card-search'))._id).toBe('_design/card-search');
    // a second ensure finds nothing to delete
    await ensureDatabases(cards.server.ctx.store, companyDatabaseSpecs(D));
  });
});
