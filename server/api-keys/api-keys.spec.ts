import { API_KEY_PATTERN } from '../../src/domain/api-keys';
import * as accounts from '../accounts/accounts.store';
import { CID, recFile } from '../lots/lots.testing';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { sha256Hex } from './api-key-auth';
import { createKey, uploadWithKey, withKey } from './api-keys.testing';

describe('ERP API keys', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = (await signIn(server, 'admin', 'Admin#2026')).accessToken;
  });
  afterAll(async () => server.close());

  it('are created with a subset of the creator’s permissions, shown once and listed without their secret', async () => {
    const created = await createKey(server, admin, 'Admin#2026', ['lots.upload', 'cards.view'], 'ERP listado');
    expect(created.key).toMatch(API_KEY_PATTERN);
    expect(created.apiKey).toEqual(
      jasmine.objectContaining({ name: 'ERP listado', companyId: CID, permissions: ['lots.upload', 'cards.view'], createdBy: 'admin', lastUsedAt: null, revokedAt: null }),
    );
    expect(created.key.startsWith(created.apiKey.prefix)).toBeTrue();

    const list = await (await server.api(`/companies/${CID}/api-keys`, { token: admin })).json();
    const listed = list.apiKeys.find((k: { id: string }) => k.id === created.apiKey.id);
    expect(listed).toEqual(created.apiKey);
    expect(JSON.stringify(list)).not.toContain(API_KEY_PATTERN.exec(created.key)![2]);

    const audit = await auditEntries(server, { action: 'apikeys.create', outcome: 'ok' });
    expect(audit.some((e) => (e.details as { keyId?: string }).keyId === created.apiKey.id)).toBeTrue();
  });

  it('never stores the key in clear: only its SHA-256, in no database, log of audit or idempotency record', async () => {
    const created = await createKey(server, admin, 'Admin#2026', ['cards.view'], 'ERP secreto');
    const secret = API_KEY_PATTERN.exec(created.key)![2];
    // use it, so that audit entries, last use and idempotency records exist too
    expect((await withKey(server, created.key, `/companies/${CID}/cards?limit=1`)).status).toBe(200);
    const stored = await server.ctx.store.use('ce_apikeys').get(`apikey:${created.apiKey.id}`);
    expect((stored as unknown as { secretSha256: string }).secretSha256).toBe(sha256Hex(secret));

    const client = server.ctx.store.client;
    let scanned = 0;
    for (const name of await client.db.list()) {
      const all = await client.use(name).list({ include_docs: true });
      for (const row of all.rows) {
        const text = JSON.stringify(row.doc);
        scanned++;
        expect(text.includes(secret)).withContext(`${name}/${row.id}`).toBeFalse();
        expect(text.includes(created.key)).withContext(`${name}/${row.id}`).toBeFalse();
      }
    }
    expect(scanned).toBeGreaterThan(200);
  });

  it('act for their company with their permissions only', async () => {
    const { key } = await createKey(server, admin, 'Admin#2026', ['cards.view'], 'solo tarjetas');
    expect((await withKey(server, key, `/companies/${CID}/cards?limit=2`)).status).toBe(200);
    // lots need a lot permission, orders orders.view: the key has neither
    const lots = await withKey(server, key, `/companies/${CID}/lots`);
    expect(lots.status).toBe(403);
    expect((await withKey(server, key, `/companies/${CID}/orders`)).status).toBe(403);
    const upload = await uploadWithKey(server, key, recFile(2, 1234));
    expect(upload.status).toBe(403);
    // another company does not exist for the key
    expect((await withKey(server, key, `/companies/cother00001/cards`)).status).toBe(404);
    // operations for people only: key management, the session, sync
    for (const path of [`/companies/${CID}/api-keys`, '/me']) {
      const res = await withKey(server, key, path);
      expect(res.status).withContext(path).toBe(403);
      expect((await res.json()).error.code).withContext(path).toBe('API_KEY_NOT_ALLOWED');
    }
    // both credentials at once: refused
    const both = await withKey(server, key, `/companies/${CID}/cards`, { headers: { authorization: `Bearer ${admin}` } });
    expect(both.status).toBe(400);
  });

  it('cannot be given a permission the creator lacks, one keys may never hold, or be created without company.manage', async () => {
    // carga: lots.upload, cards.view, reports.view; with company.manage added it may manage keys
    const carga = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    const denied = await server.api(`/companies/${CID}/api-keys`, { method: 'POST', token: carga, json: { name: 'x', permissions: ['cards.view'], password: 'Carga#2026' } });
    expect(denied.status).toBe(403);
    await accounts.updateUser(server.ctx, 'carga', (u) => ({
      ...u,
      memberships: u.memberships.map((m) => (m.companyId === CID ? { ...m, permissions: [...m.permissions, 'company.manage'] } : m)),
    }));
    const notHeld = await server.api(`/companies/${CID}/api-keys`, { method: 'POST', token: carga, json: { name: 'x', permissions: ['orders.view'], password: 'Carga#2026' } });
    expect(notHeld.status).toBe(403);
    expect((await notHeld.json()).error.code).toBe('PERMISSION_NOT_HELD');
    const human = await server.api(`/companies/${CID}/api-keys`, { method: 'POST', token: admin, json: { name: 'x', permissions: ['lots.authorize'], password: 'Admin#2026' } });
    expect(human.status).toBe(400);
    const wrongPassword = await server.api(`/companies/${CID}/api-keys`, { method: 'POST', token: carga, json: { name: 'x', permissions: ['cards.view'], password: 'nope' } });
    expect(wrongPassword.status).toBe(403);
    const ok = await createKey(server, carga, 'Carga#2026', ['cards.view', 'lots.upload'], 'de carga');
    expect(ok.apiKey.createdBy).toBe('carga');
  });

  it('upload a lot, poll it and confirm it (step-up with the key itself); origin API in the audit log', async () => {
    const { key, apiKey } = await createKey(server, admin, 'Admin#2026', ['lots.upload', 'lots.delete'], 'ERP carga');
    const res = await uploadWithKey(server, key, recFile(3, 2222), { fileName: 'nomina.txt' });
    expect(res.status).toBe(201);
    const lot = await res.json();
    expect(lot.status).toBe('VALID');
    expect(lot.uploadedBy).toBe(`apikey:${apiKey.id}`);
    const polled = await (await withKey(server, key, `/companies/${CID}/lots/${lot.id}`)).json();
    expect(polled.status).toBe('VALID');

    const wrong = await withKey(server, key, `/companies/${CID}/lots/${lot.id}/confirmation`, { method: 'POST', json: { password: 'Admin#2026', concept: 'NOMINA' } });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe('INVALID_PASSWORD');
    const confirmed = await withKey(server, key, `/companies/${CID}/lots/${lot.id}/confirmation`, { method: 'POST', json: { password: key, concept: 'NOMINA' } });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json()).status).toBe('PENDING_AUTHORIZATION');
    // signing stays with people: a key never holds lots.sign
    const sign = await withKey(server, key, `/companies/${CID}/lots/${lot.id}/signatures`, { method: 'POST', json: { password: key } });
    expect(sign.status).toBe(403);

    const entries = await auditEntries(server, { userId: `apikey:${apiKey.id}` });
    const actions = entries.filter((e) => e.outcome === 'ok').map((e) => e.action);
    expect(actions).toContain('lots.upload');
    expect(actions).toContain('lots.confirm');
    expect(entries.every((e) => e.origin === 'api' && e.companyId === CID)).toBeTrue();

    const listed = (await (await server.api(`/companies/${CID}/api-keys`, { token: admin })).json()).apiKeys.find((k: { id: string }) => k.id === apiKey.id);
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(Date.parse(apiKey.createdAt) - 1);
  });

  it('once revoked, are refused with 401 (and the attempt is audited)', async () => {
    const { key, apiKey } = await createKey(server, admin, 'Admin#2026', ['cards.view'], 'a revocar');
    expect((await withKey(server, key, `/companies/${CID}/cards?limit=1`)).status).toBe(200);
    const revoked = await server.api(`/companies/${CID}/api-keys/${apiKey.id}`, { method: 'DELETE', token: admin });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revokedBy).toBe('admin');
    const refused = await withKey(server, key, `/companies/${CID}/cards?limit=1`);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('INVALID_API_KEY');
    const audit = await auditEntries(server, { action: 'apikeys.use', outcome: 'refused' });
    expect(audit.some((e) => e.userId === `apikey:${apiKey.id}` && e.reason === 'API_KEY_REVOKED')).toBeTrue();
    // a made-up key and a key with a wrong secret: the same 401
    const forged = `${key.slice(0, -4)}AAAA`;
    for (const bad of [forged, 'cek_0000000000000000_' + 'A'.repeat(43), 'nonsense']) {
      const res = await withKey(server, bad, `/companies/${CID}/cards`);
      expect(res.status).withContext(bad).toBe(401);
      expect((await res.json()).error.code).toBe('INVALID_API_KEY');
    }
    // another company's key id cannot be revoked through this company
    expect((await server.api(`/companies/${CID}/api-keys/zzzzzzzzzzzzzzzz`, { method: 'DELETE', token: admin })).status).toBe(404);
  });
});

describe('ERP API keys: rate limit per key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ API_KEY_RATE_PER_MINUTE: '4' });
  });
  afterAll(async () => server.close());

  it('counts each key on its own: the fifth call of a minute answers 429, another key still passes', async () => {
    const admin = (await signIn(server, 'admin', 'Admin#2026')).accessToken;
    const a = await createKey(server, admin, 'Admin#2026', ['cards.view'], 'A');
    const b = await createKey(server, admin, 'Admin#2026', ['cards.view'], 'B');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await withKey(server, a.key, `/companies/${CID}/cards?limit=1`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const limited = await withKey(server, a.key, `/companies/${CID}/cards?limit=1`);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await withKey(server, b.key, `/companies/${CID}/cards?limit=1`)).status).toBe(200);
    // people (same IP) are not counted against the keys
    expect((await server.api(`/companies/${CID}/cards?limit=1`, { token: admin })).status).toBe(200);
  });
});
