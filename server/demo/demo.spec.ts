import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../bootstrap';
import { createLogger } from '../logger';
import { companyDb } from '../store/databases';
import { emiFile, pollUntilValidated, recFile, uploadOk } from '../lots/lots.testing';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { DEMO_COMPANY_ID } from './demo-data';
import { resetDemo } from './reset-cli';
import { seedDemo } from './seed';

describe('demo data', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const docs = async (db: string) =>
    (await server.ctx.store.use(db).list({ include_docs: true })).rows
      .map((r) => r.doc as unknown as Record<string, any>) // eslint-disable-line @typescript-eslint/no-explicit-any
      .filter((d) => !String(d._id).startsWith('_design/'));

  it('has the company, products, fees, limits and branches of API.md', async () => {
    const companies = await docs('ce_companies');
    const company = companies.find((d) => d._id === `company:${DEMO_COMPANY_ID}`)!;
    expect(company).toEqual(
      jasmine.objectContaining({
        taxId: 'J000000001',
        legalName: 'Alimentos Demo C.A.',
        authorizationPolicy: { signaturesRequired: 1 },
        newDeviceCodeRequired: false,
        status: 'active',
      }),
    );
    const alim = companies.find((d) => d._id === `product:${DEMO_COMPANY_ID}:ALIM`)!;
    expect(alim.kind).toBe('meal');
    expect(alim.limits).toEqual({
      maxLoadCents: 500_000,
      maxRechargeCents: 300_000,
      maxRecordsPerFile: 1_000_000,
      dailyCardsIssued: null,
      dailyAmountCents: null,
      monthlyAmountCents: null,
    });
    const rega = companies.find((d) => d._id === `product:${DEMO_COMPANY_ID}:REGA`)!;
    expect(rega.kind).toBe('gift');
    for (const p of [alim, rega]) {
      expect(p.fees).toEqual({ issuanceFeeCents: 250, commissionBasisPoints: 150, taxBasisPoints: 1600 });
    }
    const branches = await docs(companyDb(DEMO_COMPANY_ID, 'branches'));
    expect(branches.map((b) => [b._id, b.code, b.name])).toEqual([
      ['branch:001', '001', 'Caracas Centro'],
      ['branch:002', '002', 'Valencia'],
    ]);
  });

  it('has 200 active, delivered ALIM cards with 0 balance and only masked numbers', async () => {
    const cards = await docs(companyDb(DEMO_COMPANY_ID, 'cards'));
    expect(cards.length).toBe(200);
    const ids = cards.map((c) => `${c.holder.idType}${c.holder.idNumber}`).sort();
    expect(ids[0]).toBe('V10000001');
    expect(ids[199]).toBe('V10000200');
    expect(new Set(ids).size).toBe(200);
    for (const c of cards) {
      expect(c._id).toBe(`card:${c.cardId}`);
      expect(c).toEqual(
        jasmine.objectContaining({ productCode: 'ALIM', status: 'ACTIVE', plasticStatus: 'DELIVERED', balanceCents: 0 }),
      );
      expect(c.maskedPan).toMatch(/^627100\*{6}[0-9]{4}$/);
      expect(['001', '002']).toContain(c.branchCode);
      expect(typeof c.holder.firstName).toBe('string');
      // no field anywhere holds 13–19 digits in a row (a full card number)
      expect(JSON.stringify({ ...c, _rev: undefined })).not.toMatch(/[0-9]{13,19}/);
    }
  });

  it('has the master accounts and one funding account', async () => {
    const accounts = await docs(companyDb(DEMO_COMPANY_ID, 'accounts'));
    const byId = Object.fromEntries(accounts.map((a) => [a._id, a]));
    expect(byId['account:ALIM'].balanceCents).toBe(10_000_000);
    expect(byId['account:REGA'].balanceCents).toBe(0);
    expect(accounts.filter((a) => a.type === 'funding').length).toBe(1);
  });

  it('stores argon2id hashes only and does not force demo users to change passwords', async () => {
    const users = await docs('ce_users');
    expect(users.map((u) => u.userId).sort()).toEqual(['admin', 'carga', 'firma1', 'firma2', 'operador']);
    for (const u of users) {
      expect(u.passwordHash).toMatch(/^\$argon2id\$/);
      expect(u.mustChangePassword).toBeFalse();
      expect(JSON.stringify(u)).not.toContain('#2026');
    }
  });

  it('seeding again creates nothing new (idempotent by deterministic ids)', async () => {
    const before = await Promise.all(['ce_users', 'ce_companies', companyDb(DEMO_COMPANY_ID, 'cards')].map(docs));
    await seedDemo(server.ctx);
    const after = await Promise.all(['ce_users', 'ce_companies', companyDb(DEMO_COMPANY_ID, 'cards')].map(docs));
    expect(after.map((d) => d.length)).toEqual(before.map((d) => d.length));
    expect(after[0].map((u) => u._rev).sort()).toEqual(before[0].map((u) => u._rev).sort());
  });

  it('demo reset drops every ce_/co_ database and re-creates the same demo, twice in a row', async () => {
    await server.ctx.store.use('ce_users').get('user:carga').then((u) => server.ctx.store.use('ce_users').insert({ ...u, name: 'Cambiado' }));
    const session = await signIn(server, 'carga', 'Carga#2026');
    await server.ctx.store.client.db.create('co_cstale0001_cards');
    await resetDemo(server.ctx);
    await resetDemo(server.ctx);
    const dbs = await server.ctx.store.client.db.list();
    expect(dbs).not.toContain('co_cstale0001_cards');
    expect((await server.ctx.store.use<{ name: string }>('ce_users').get('user:carga')).name).toBe('Carlos Carga');
    expect((await docs(companyDb(DEMO_COMPANY_ID, 'cards'))).length).toBe(200);
    expect((await docs('ce_users')).length).toBe(5);
    // the old session is gone with ce_sessions
    expect((await server.api('/me', { token: session.accessToken })).status).toBe(401);
    await signIn(server, 'carga', 'Carga#2026');
  });

  it('after a reset on the running server, lot validation knows the demo cardholders (pointers written with the cards)', async () => {
    await resetDemo(server.ctx); // after the start's one-time pointer backfill
    const carga = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    const emi = await pollUntilValidated(server, carga, (await uploadOk(server, carga, emiFile(2, 10_000_001), { type: 'EMI' })).id);
    expect(emi.lot.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'E_CARD_EXISTS'],
      [3, 'E_CARD_EXISTS'],
    ]);
    expect((await pollUntilValidated(server, carga, (await uploadOk(server, carga, recFile(2))).id)).lot.status).toBe('VALID');
  });
});

describe('seeding at start', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  async function start(env: Record<string, string>, dataDir?: string) {
    const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ce-seed-'));
    if (!dataDir) dirs.push(dir);
    const server = await startServer({
      env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1', STATIC_DIR: path.join(dir, 'none'), ...env },
      log: createLogger('silent'),
    });
    return { server, dir };
  }

  it('SEED=production refuses to start on an empty store without OPERATOR_PASSWORD', async () => {
    await expectAsync(start({ SEED: 'production' })).toBeRejectedWithError(/OPERATOR_PASSWORD/);
  });

  it('SEED=production creates only the operator, who must change the password', async () => {
    const { server } = await start({ SEED: 'production', OPERATOR_PASSWORD: 'Arranque-Seguro-2026' });
    try {
      const users = await server.ctx.store.use('ce_users').list();
      expect(users.rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'))).toEqual(['user:operador']);
      const companies = await server.ctx.store.use('ce_companies').list();
      expect(companies.rows.some((r) => r.id.startsWith('company:'))).toBeFalse();
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'operador', password: 'Arranque-Seguro-2026' }),
      });
      const body = await res.json();
      expect(res.status).toBe(200);
      expect(body.mustChangePassword).toBeTrue();
      expect(body.user.companies).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('completes a seed interrupted before its marker, and keeps the JWT key across restarts', async () => {
    const first = await start({});
    const keyFile = path.join(first.dir, 'jwt-secret');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8');
    const token = (
      await (
        await fetch(`${first.server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: 'admin', password: 'Admin#2026' }),
        })
      ).json()
    ).accessToken;
    // simulate a crash before the marker: remove it and one user
    const companies = first.server.ctx.store.use('ce_companies');
    await companies.get('seed:complete').then((m) => companies.destroy(m._id, m._rev));
    const users = first.server.ctx.store.use('ce_users');
    await users.get('user:firma2').then((u) => users.destroy(u._id, u._rev));
    await first.server.close();

    const again = await start({}, first.dir);
    try {
      expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
      const seeded = again.server.ctx.store.use('ce_users');
      expect((await seeded.list()).rows.filter((r) => r.id.startsWith('user:')).length).toBe(5);
      expect((await again.server.ctx.store.use('ce_companies').get('seed:complete'))._id).toBe('seed:complete');
      // a token issued before the restart is still valid (same key, session kept)
      const me = await fetch(`${again.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
    } finally {
      await again.server.close();
    }
  });
});
