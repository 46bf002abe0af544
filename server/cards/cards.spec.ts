import { DEMO_COMPANY_ID, demoCardholder } from '../demo/demo-data';
import { startTestServer, type TestServer } from '../testing/test-server';
import { tokenOf, userWith } from '../sync/sync.testing';

const D = DEMO_COMPANY_ID;

describe('Card API (online query)', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await tokenOf(server, 'admin', 'Admin#2026');
  });
  afterAll(async () => server.close());

  const list = async (query: string, token = admin) => {
    const res = await server.api(`/companies/${D}/cards?${query}`, { token });
    expect(res.status).withContext(query).toBe(200);
    return (await res.json()) as { items: Array<Record<string, any>>; bookmark: string | null };
  };

  it('pages through all 200 cards with a bookmark, masked numbers only', async () => {
    const seen: string[] = [];
    let bookmark: string | null = null;
    do {
      const page = await list(`limit=70${bookmark ? `&bookmark=${bookmark}` : ''}`);
      seen.push(...page.items.map((c) => c.cardId));
      for (const c of page.items) {
        expect(c.maskedPan).toMatch(/^[0-9]{6}\*{6}[0-9]{4}$/);
        expect(Object.keys(c)).not.toContain('pan');
      }
      bookmark = page.bookmark;
    } while (bookmark);
    expect(seen.length).toBe(200);
    expect(new Set(seen).size).toBe(200);
  });

  it('searches by holder id, last 4, name, status and branch', async () => {
    const h = demoCardholder(4);
    const byId = await list(`q=${h.idNumber}`);
    expect(byId.items.map((c) => c.cardId)).toEqual(['demo-0005']);
    const last4 = byId.items[0].last4;
    expect((await list(`q=${last4}`)).items.map((c) => c.cardId)).toContain('demo-0005');
    const byName = await list(`q=${encodeURIComponent(h.firstName.toUpperCase())}&limit=200`);
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((c) => c.holder.firstName === h.firstName)).toBeTrue();
    const twoWords = await list(`q=${encodeURIComponent(`${h.firstName.toLowerCase()} ${h.lastName.split(' ')[0]}`)}&limit=200`);
    expect(twoWords.items.map((c) => c.cardId)).toContain('demo-0005');
    expect(twoWords.items.length).toBeLessThan(byName.items.length + 1);
    expect(twoWords.items.every((c) => c.holder.firstName === h.firstName && c.holder.lastName.includes(h.lastName.split(' ')[0]))).toBeTrue();
    const branch = await list('branch=002&limit=200');
    expect(branch.items.length).toBe(100);
    expect(branch.items.every((c) => c.branchCode === '002')).toBeTrue();
    expect((await list('status=BLOCKED')).items).toEqual([]);
    expect((await list('status=ACTIVE&branch=001&limit=200')).items.length).toBe(100);
  });

  it('shows a card with its history; unknown card 404; bad filters 400; no cards.view 403', async () => {
    const res = await server.api(`/companies/${D}/cards/demo-0001`, { token: admin });
    const card = await res.json();
    expect(card).toEqual(jasmine.objectContaining({ cardId: 'demo-0001', history: [], plasticStatus: 'DELIVERED' }));
    expect((await server.api(`/companies/${D}/cards/nope`, { token: admin })).status).toBe(404);
    expect((await server.api(`/companies/${D}/cards?status=PERDIDA`, { token: admin })).status).toBe(400);
    expect((await server.api(`/companies/${D}/cards?q=${encodeURIComponent('{"$gt":""}')}`, { token: admin })).status).toBe(400);
    const noView = await userWith(server, 'sin.tarjetas', D, ['orders.view']);
    expect((await server.api(`/companies/${D}/cards`, { token: noView })).status).toBe(403);
    expect((await server.api(`/companies/${D}/cards/demo-0001`, { token: noView })).status).toBe(403);
  });
});
