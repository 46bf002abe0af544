import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { companyDb } from '../store/databases';
import { startTestServer, type TestServer } from '../testing/test-server';
import {
  createOtherCompany,
  OTHER_COMPANY_ID,
  outcomeOf,
  push,
  request,
  storedRequest,
  syncGet,
  syncPost,
  tokenOf,
  userWith,
} from './sync.testing';

const D = DEMO_COMPANY_ID;

describe('Sync endpoint (CouchDB protocol for RxDB)', () => {
  let server: TestServer;
  let admin: string;
  let other: string; // all permissions, but in the other company
  let viewer: string; // demo company, orders.view only
  let manager2: string; // demo company, cards.view + cards.manage (a second person)

  beforeAll(async () => {
    server = await startTestServer();
    await createOtherCompany(server);
    admin = await tokenOf(server, 'admin', 'Admin#2026');
    other = await userWith(server, 'otro.admin', OTHER_COMPANY_ID, ['cards.view', 'cards.manage', 'orders.view', 'transfers.execute']);
    viewer = await userWith(server, 'solo.ordenes', D, ['orders.view']);
    manager2 = await userWith(server, 'gestor.dos', D, ['cards.view', 'cards.manage']);
  });
  afterAll(async () => server.close());

  async function allChanges(token: string, path: string, limit = 50) {
    const results: Array<{ id: string; doc?: Record<string, unknown> }> = [];
    let since = '0';
    for (let i = 0; i < 100; i++) {
      const res = await syncGet(server, token, `${path}/_changes?style=all_docs&feed=normal&include_docs=true&since=${since}&limit=${limit}&heartbeat=60000&seq_interval=${limit}`);
      expect(res.status).withContext(path).toBe(200);
      const body = await res.json();
      results.push(...body.results);
      since = String(body.last_seq);
      if (body.results.length < limit) break;
    }
    return results;
  }

  it('pulls the 200 demo cards for a user with cards.view, and no design document ever', async () => {
    const rows = await allChanges(admin, `${D}/cards`, 7);
    // other specs' requests may still be changing cards while we page: a card changed after its page
    // was read comes again at a later seq, as in CouchDB — so count distinct cards
    expect(new Set(rows.map((r) => r.id)).size).toBe(200);
    expect(rows.every((r) => r.id.startsWith('card:') && r.doc?.type === 'card')).toBeTrue();

    // the store itself holds design documents (Mango indexes, views) in that database
    const raw = await server.ctx.store.use(companyDb(D, 'cards')).list({ startkey: '_design/', endkey: '_design0' });
    expect(raw.rows.length).toBeGreaterThan(2);

    // a batch that upstream would have been only design documents still answers real cards
    const first = await (await syncGet(server, admin, `${D}/cards/_changes?since=0&limit=1&include_docs=true`)).json();
    expect(first.results.length).toBe(1);
    expect(first.results[0].id).toMatch(/^card:/);

    // by key: design documents are "not_found"
    const ddocId = raw.rows[0].id;
    const byKey = await (await syncPost(server, admin, `${D}/cards/_all_docs`, { keys: [ddocId, 'card:demo-0001'], include_docs: true })).json();
    expect(byKey.rows[0]).toEqual({ key: ddocId, error: 'not_found' });
    expect(byKey.rows[1].doc.cardId).toBe('demo-0001');
    const byGet = await (await syncGet(server, admin, `${D}/cards/_all_docs?include_docs=true&keys=${encodeURIComponent(JSON.stringify([ddocId]))}`)).json();
    expect(byGet.rows).toEqual([{ key: ddocId, error: 'not_found' }]);
  });

  it('a user of one company can neither read nor write another company through sync', async () => {
    for (const path of [`${D}/cards/_changes`, `${D}/requests/_changes`, `${D}/branches/_changes`, `${D}/_events`]) {
      const res = await syncGet(server, other, path);
      expect(res.status).withContext(path).toBe(404);
    }
    const pushed = await push(server, other, [request('otro.admin', 'card.block', 'demo-0001', {}, D)], D);
    expect(pushed.status).toBe(404);
    const mine = await syncGet(server, admin, `${OTHER_COMPANY_ID}/cards/_changes`);
    expect(mine.status).toBe(404);
    // and through the card API
    expect((await server.api(`/companies/${D}/cards`, { token: other })).status).toBe(404);
    expect((await server.api(`/companies/${D}/cards/demo-0001`, { token: other })).status).toBe(404);
  });

  it('a user without cards.view receives no cards (403), and only the kinds their permissions allow', async () => {
    expect((await syncGet(server, viewer, `${D}/cards/_changes`)).status).toBe(403);
    expect((await syncPost(server, viewer, `${D}/cards/_all_docs`, { keys: ['card:demo-0001'] })).status).toBe(403);
    expect((await syncGet(server, viewer, `${D}/accounts/_changes`)).status).toBe(403);
    expect((await syncGet(server, viewer, `${D}/orders/_changes`)).status).toBe(200);
    expect((await syncGet(server, viewer, `${D}/lots/_changes`)).status).toBe(200);
    expect((await syncGet(server, viewer, `${D}/branches/_changes`)).status).toBe(200);
    expect((await server.api(`/companies/${D}/cards`, { token: viewer })).status).toBe(403);
    const events = await (await syncGet(server, viewer, `${D}/_events`)).json();
    expect(events.changed).not.toContain('cards');
    expect(events.changed).toContain('orders');
  });

  it('server-only databases and unknown operations are not reachable', async () => {
    expect((await syncGet(server, admin, `${D}/ledger/_changes`)).status).toBe(404);
    expect((await syncGet(server, admin, `${D}/lotrecords/_changes`)).status).toBe(404);
    expect((await syncGet(server, admin, `${D}/cards/_changes?feed=continuous`)).status).toBe(400);
    expect((await syncGet(server, admin, `${D}/cards/card:demo-0001`)).status).toBe(404);
    expect((await syncGet(server, admin, `${D}/cards/_all_docs`)).status).toBe(400);
    expect((await syncGet(server, undefined as unknown as string, `${D}/cards/_changes`)).status).toBe(401);
  });

  it('refuses every write to pull-only data with 403', async () => {
    const card = { _id: 'card:demo-0001', type: 'card', status: 'ACTIVE' };
    for (const kind of ['cards', 'lots', 'orders', 'branches', 'accounts']) {
      const res = await syncPost(server, admin, `${D}/${kind}/_bulk_docs`, { docs: [card] });
      expect(res.status).withContext(kind).toBe(403);
    }
    expect((await syncPost(server, admin, `${D}/cards/card:demo-0001`, card, 'PUT')).status).toBe(403);
    expect((await server.api(`/sync/${D}/cards/card:demo-0001`, { token: admin, method: 'DELETE' })).status).toBe(403);
    expect((await syncPost(server, admin, `${D}/cards/_revs_diff`, {})).status).toBe(403);
    expect((await syncPost(server, admin, `${D}/requests/req:x`, {}, 'PUT')).status).toBe(403);
    const stored = (await server.ctx.store.use(companyDb(D, 'cards')).get('card:demo-0001')) as unknown as { holder: unknown };
    expect(stored.holder).toBeDefined();
  });

  it('refuses forged requests per document (other user, other company, server-owned fields, bad shape)', async () => {
    const good = request('admin', 'card.holder-update', 'demo-0002', { phone: '+58 414 555 0000' });
    const forged = [
      request('gestor.dos', 'card.block', 'demo-0002', {}),
      request('admin', 'card.block', 'demo-0002', {}, OTHER_COMPANY_ID),
      { ...request('admin', 'card.block', 'demo-0002', {}), status: 'APPLIED' },
      { ...request('admin', 'card.block', 'demo-0002', {}), outcome: { code: 'APPLIED', message: 'x' } },
      { ...request('admin', 'card.block', 'demo-0002', {}), appliedAt: '2026-01-01T00:00:00.000Z' },
      { ...request('admin', 'card.block', 'demo-0002', {}), _id: 'req:not-a-uuid' },
      { ...request('admin', 'card.block', 'demo-0002', {}), _rev: '1-abc' },
      { ...request('admin', 'card.block', 'demo-0002', {}), kind: 'card.transfer' },
      { ...request('admin', 'card.replacement', 'demo-0002', { reason: 'X' as 'P', branchCode: '001' }) },
      { ...request('admin', 'card.block', 'demo-0002', {}), balanceCents: 1 },
    ];
    const answer = await push(server, admin, [good, ...forged]);
    expect(answer.status).toBe(201);
    expect(answer.body[0]).toEqual(jasmine.objectContaining({ id: good._id, ok: true }));
    for (const [i, row] of answer.body.slice(1).entries()) {
      expect(row.error).withContext(`forged #${i}`).toBe('forbidden');
      expect(row.reason).withContext(`forged #${i}`).toMatch(/[a-záéíóú]/);
    }
    for (const doc of forged.slice(0, 5)) {
      await expectAsync(storedRequest(server, doc._id)).toBeRejected();
    }
    expect((await outcomeOf(server, good._id)).status).toBe('APPLIED');
  });

  it('a request pushed twice is received once (409 conflict) and applied once', async () => {
    const doc = request('admin', 'card.pin', 'demo-0003', {});
    const first = await push(server, admin, [doc]);
    expect(first.body[0].ok).toBeTrue();
    const again = await push(server, admin, [doc]);
    expect(again.body[0].error).toBe('conflict');
    const twiceInOne = request('admin', 'card.holder-update', 'demo-0003', { email: 'nuevo@example.test' });
    const batch = await push(server, admin, [twiceInOne, twiceInOne]);
    expect(batch.body.map((r) => r.ok ?? r.error)).toEqual([true, 'conflict']);
    expect((await outcomeOf(server, doc._id)).status).toBe('APPLIED');
    expect((await outcomeOf(server, twiceInOne._id)).status).toBe('APPLIED');
    await push(server, admin, [doc]);
    const card = (await server.ctx.store.use(companyDb(D, 'cards')).get('card:demo-0003')) as unknown as { history: Array<{ id: string }>; pinRequests: unknown[] };
    expect(card.history.filter((h) => h.id === doc._id).length).toBe(1);
    expect(card.pinRequests.length).toBe(1);
  });

  it('a device pulls only its own user’s requests', async () => {
    const mine = request('admin', 'card.holder-update', 'demo-0004', { phone: '+58 414 555 0004' });
    const theirs = request('gestor.dos', 'card.holder-update', 'demo-0005', { phone: '+58 414 555 0005' });
    await push(server, admin, [mine]);
    await push(server, manager2, [theirs]);
    await outcomeOf(server, mine._id);
    await outcomeOf(server, theirs._id);
    const adminSees = await allChanges(admin, `${D}/requests`, 1);
    const managerSees = await allChanges(manager2, `${D}/requests`, 1);
    expect(adminSees.map((r) => r.id)).toContain(mine._id);
    expect(adminSees.every((r) => r.doc?.userId === 'admin')).toBeTrue();
    expect(managerSees.map((r) => r.id)).toContain(theirs._id);
    expect(managerSees.map((r) => r.id)).not.toContain(mine._id);
    expect(managerSees.every((r) => r.doc?.userId === 'gestor.dos')).toBeTrue();
    const peek = await (await syncPost(server, manager2, `${D}/requests/_all_docs`, { keys: [mine._id, theirs._id], include_docs: true })).json();
    expect(peek.rows[0]).toEqual({ key: mine._id, error: 'not_found' });
    expect(peek.rows[1].doc.status).toBe('APPLIED');
  });

  it('longpoll waits for a change, writes heartbeats, and answers the applied request', async () => {
    // a user of their own, so no earlier request of theirs is still moving in the database
    const waiter = await userWith(server, 'gestor.espera', D, ['cards.view', 'cards.manage']);
    const now = await (await syncGet(server, waiter, `${D}/requests/_changes?feed=normal&since=0&limit=1000`)).json();
    const started = Date.now();
    const waiting = syncGet(server, waiter, `${D}/requests/_changes?feed=longpoll&include_docs=true&since=${encodeURIComponent(String(now.last_seq))}&heartbeat=1000&limit=10`);
    // someone else's request moves the database but must not wake this device's pull with it
    const foreign = request('admin', 'card.holder-update', 'demo-0006', { phone: '+58 414 555 0006' });
    await push(server, admin, [foreign]);
    await outcomeOf(server, foreign._id);
    await new Promise((r) => setTimeout(r, 1200));
    const own = request('gestor.espera', 'card.block', 'demo-0007', {});
    await push(server, waiter, [own]);
    const res = await waiting;
    const text = await res.text();
    expect(text.startsWith('\n')).withContext('heartbeat written while waiting').toBeTrue();
    const body = JSON.parse(text);
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.every((r: { doc: { userId: string } }) => r.doc.userId === 'gestor.espera')).toBeTrue();
    expect(Date.now() - started).toBeGreaterThan(1000);
  });

  it('longpoll: since=now, a client timeout, and a client that goes away', async () => {
    const empty = await (await syncGet(server, admin, `${D}/branches/_changes?feed=longpoll&since=now&timeout=300`)).json();
    expect(empty.results).toEqual([]);
    const abort = new AbortController();
    // headers come at once (heartbeats follow), the body only when something changes
    const gone = await server.api(`/sync/${D}/cards/_changes?feed=longpoll&since=now&heartbeat=1000`, { token: admin, signal: abort.signal });
    expect(gone.status).toBe(200);
    abort.abort();
    await expectAsync(gone.text()).toBeRejected();
    expect((await server.api('/health')).status).toBe(200);
  });

  it('_events: one long-poll over the company’s readable databases says which changed', async () => {
    // earlier specs' requests must be finished, or their outcomes would move the databases meanwhile
    for (let i = 0; i < 200; i++) {
      const pending = await server.ctx.store.use('ce_request_queue').find({ selector: { state: 'PENDING' }, limit: 1 });
      if (pending.docs.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const first = await (await syncGet(server, manager2, `${D}/_events`)).json();
    expect(first.changed).toEqual(jasmine.arrayContaining(['cards', 'branches', 'requests']));
    expect(first.changed).not.toContain('accounts');
    const idle = await (await syncGet(server, manager2, `${D}/_events?since=${first.since}&timeout=200`)).json();
    expect(idle.changed).toEqual([]);
    const waiting = syncGet(server, manager2, `${D}/_events?since=${first.since}`);
    await new Promise((r) => setTimeout(r, 200));
    const doc = request('gestor.dos', 'card.holder-update', 'demo-0008', { phone: '+58 414 555 0008' });
    await push(server, manager2, [doc]);
    const woke = await (await waiting).json();
    expect(woke.changed).toContain('requests');
  });

  it('_events asks the feeds, not the update_seq strings: the same point written another way is no change', async () => {
    // a clustered CouchDB may answer an unchanged database's update_seq with another string (another
    // shard copy's); comparing strings would wake the device at once, every time. Here the same seqs are
    // written another way (a space JSON ignores), which the store reads as the same point.
    for (let i = 0; i < 200; i++) {
      const pending = await server.ctx.store.use('ce_request_queue').find({ selector: { state: 'PENDING' }, limit: 1 });
      if (pending.docs.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const first = await (await syncGet(server, manager2, `${D}/_events`)).json();
    const seqs = JSON.parse(Buffer.from(first.since, 'base64url').toString('utf8')) as Record<string, string>;
    const sameElsewise = Object.fromEntries(Object.entries(seqs).map(([k, seq]) => [k, `${seq} `]));
    const since = Buffer.from(JSON.stringify(sameElsewise)).toString('base64url');
    const started = Date.now();
    const idle = await (await syncGet(server, manager2, `${D}/_events?since=${since}&timeout=600`)).json();
    expect(idle.changed).toEqual([]);
    expect(Date.now() - started).withContext('it waited for a change instead of answering at once').toBeGreaterThanOrEqual(500);
    // and a change after that point is still announced
    const waiting = syncGet(server, manager2, `${D}/_events?since=${since}`);
    await new Promise((r) => setTimeout(r, 200));
    await push(server, manager2, [request('gestor.dos', 'card.holder-update', 'demo-0010', { phone: '+58 414 555 0010' })]);
    expect((await (await waiting).json()).changed).toContain('requests');
  });

  it('a revoked user gets 401 and a user who lost the permission 403', async () => {
    const token = await userWith(server, 'pronto.fuera', D, ['cards.view', 'cards.manage']);
    expect((await syncGet(server, token, `${D}/cards/_changes?limit=1`)).status).toBe(200);
    const users = server.ctx.store.use('ce_users');
    const u = (await users.get('user:pronto.fuera')) as unknown as Record<string, any>;
    await users.insert({ ...u, memberships: [{ companyId: D, permissions: ['orders.view'] }] } as never);
    expect((await syncGet(server, token, `${D}/cards/_changes?limit=1`)).status).toBe(403);
    const u2 = (await users.get('user:pronto.fuera')) as unknown as Record<string, any>;
    await users.insert({ ...u2, status: 'blocked' } as never);
    expect((await syncGet(server, token, `${D}/requests/_changes?limit=1`)).status).toBe(401);
    expect((await push(server, token, [request('pronto.fuera', 'card.block', 'demo-0009', {})])).status).toBe(401);
  });
});
