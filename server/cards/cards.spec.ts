import { DEMO_COMPANY_ID, demoCardholder } from '../demo/demo-data';
import { companyDb } from '../store/databases';
import { userWith } from '../sync/sync.testing';
import { cardApiSuite } from './cards.testing';

const D = DEMO_COMPANY_ID;

describe('Card API (online query)', () => {
  const cards = cardApiSuite();

  it('pages through all 200 cards with a bookmark, masked numbers only', async () => {
    const items = (await cards.pages('', 70)).flatMap((page) => page.items);
    const seen = items.map((c) => c.cardId);
    for (const c of items) {
      expect(c.maskedPan).toMatch(/^[0-9]{6}\*{6}[0-9]{4}$/);
      expect(Object.keys(c)).not.toContain('pan');
    }
    expect(seen.length).toBe(200);
    expect(new Set(seen).size).toBe(200);
  });

  it('searches by holder id, last 4, name, status and branch', async () => {
    const h = demoCardholder(4);
    const byId = await cards.page(`q=${h.idNumber}`);
    expect(byId.items.map((c) => c.cardId)).toEqual(['demo-0005']);
    const last4 = byId.items[0].last4;
    expect((await cards.page(`q=${last4}`)).items.map((c) => c.cardId)).toContain('demo-0005');
    const byName = await cards.page(`q=${encodeURIComponent(h.firstName.toUpperCase())}&limit=200`);
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((c) => c.holder.firstName === h.firstName)).toBeTrue();
    const twoWords = await cards.page(`q=${encodeURIComponent(`${h.firstName.toLowerCase()} ${h.lastName.split(' ')[0]}`)}&limit=200`);
    expect(twoWords.items.map((c) => c.cardId)).toContain('demo-0005');
    expect(twoWords.items.length).toBeLessThan(byName.items.length + 1);
    expect(twoWords.items.every((c) => c.holder.firstName === h.firstName && c.holder.lastName.includes(h.lastName.split(' ')[0]))).toBeTrue();
    const branch = await cards.page('branch=002&limit=200');
    expect(branch.items.length).toBe(100);
    expect(branch.items.every((c) => c.branchCode === '002')).toBeTrue();
    expect((await cards.page('status=BLOCKED')).items).toEqual([]);
    expect((await cards.page('status=ACTIVE&branch=001&limit=200')).items.length).toBe(100);
  });

  it('shows a card with its history; unknown card 404; bad filters 400; no cards.view 403', async () => {
    const res = await cards.server.api(`/companies/${D}/cards/demo-0001`, { token: cards.admin });
    const card = await res.json();
    expect(card).toEqual(jasmine.objectContaining({ cardId: 'demo-0001', history: [], plasticStatus: 'DELIVERED' }));
    expect((await cards.server.api(`/companies/${D}/cards/nope`, { token: cards.admin })).status).toBe(404);
    expect((await cards.server.api(`/companies/${D}/cards?status=PERDIDA`, { token: cards.admin })).status).toBe(400);
    expect((await cards.server.api(`/companies/${D}/cards?q=${encodeURIComponent('{"$gt":""}')}`, { token: cards.admin })).status).toBe(400);
    const noView = await userWith(cards.server, 'sin.tarjetas', D, ['orders.view']);
    expect((await cards.server.api(`/companies/${D}/cards`, { token: noView })).status).toBe(403);
    expect((await cards.server.api(`/companies/${D}/cards/demo-0001`, { token: noView })).status).toBe(403);
  });
});

describe('Card API (online query): lot, order, plastic, name words', () => {
  const cards = cardApiSuite();

  it('searches by lot, order, plastic status and name words (accents folded, prefixes), paging without repeats', async () => {
    const template = (await (cards.server.ctx.store.use(companyDb(D, 'cards')) as any).get('card:demo-0001')) as Record<string, any>;
    const { _rev, ...base } = template;
    const lotId = 'L20261125120000abc123';
    const orderId = 'C20261125120500xyz789-1';
    const docs = [];
    for (let i = 0; i < 130; i++) {
      const cardId = `s-${String(i).padStart(3, '0')}`;
      docs.push({
        ...base,
        _id: `card:${cardId}`,
        cardId,
        lotId: i < 120 ? lotId : 'L20261125130000def456',
        orderId: i < 120 ? orderId : null,
        plasticStatus: i % 2 ? 'AT_BANK' : 'SENT_TO_COMPANY',
        // "Ñáñez" twice in one name: the card must still come once
        holder: { ...base.holder, idNumber: String(40_000_000 + i), firstName: i % 3 ? 'Zoé Ana' : 'Zoe', lastName: i % 3 ? 'Ñáñez Ñañez' : 'Pérez' },
      });
    }
    await cards.server.ctx.store.use(companyDb(D, 'cards')).bulk({ docs: docs as never[] });

    const all = async (query: string) => {
      const items = (await cards.pages(query, 17)).flatMap((page) => page.items);
      for (const c of items) {
        expect(c.maskedPan).toMatch(/^[0-9]{6}\*{6}[0-9]{4}$/);
        expect(JSON.stringify(c)).not.toContain('panToken');
      }
      return items.map((c) => c.cardId as string);
    };
    expect((await all(`lotId=${lotId}`)).length).toBe(120);
    expect((await all(`q=${lotId}`)).length).toBe(120);
    expect((await all(`orderId=${orderId}`)).length).toBe(120);
    expect((await all(`q=${orderId}`)).length).toBe(120);
    expect((await all(`plastic=AT_BANK&lotId=${lotId}`)).length).toBe(60);
    const zoe = await all(`q=${encodeURIComponent('zoe')}`);
    expect(zoe.length).toBe(130);
    expect(new Set(zoe).size).toBe(130);
    const nanez = await all(`q=${encodeURIComponent('NAÑ zoé')}`);
    expect(nanez.length).toBe(86);
    expect(new Set(nanez).size).toBe(86);
    expect((await all(`q=${encodeURIComponent('zoe perez')}&plastic=SENT_TO_COMPANY`)).length).toBe(docs.filter((d, i) => i % 3 === 0 && i % 2 === 0).length);
    expect((await cards.server.api(`/companies/${D}/cards?bookmark=bm90LWpzb24`, { token: cards.admin })).status).toBe(400);
    expect((await cards.server.api(`/companies/${D}/cards?lotId=../x`, { token: cards.admin })).status).toBe(400);
  });
});
