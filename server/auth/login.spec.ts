import { PERMISSIONS } from '../../src/domain/permissions';
import type { LoginAnswer } from '../../src/domain/session';
import { DEMO_COMPANY_ID, DEMO_USERS } from '../demo/demo-data';
import { argon2Parameters, auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

const GENERIC_401 = { error: { code: 'INVALID_CREDENTIALS', message: 'Usuario o contraseña inválidos.' } };

describe('sign-in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const login = (json: unknown) => server.api('/auth/login', { method: 'POST', json });

  it('signs in every demo user with the permissions of API.md', async () => {
    const expected: Record<string, string[]> = {
      carga: ['lots.upload', 'cards.view', 'reports.view'],
      firma1: ['lots.sign', 'lots.delete', 'orders.view', 'orders.create', 'orders.cancel', 'orders.pay', 'transfers.execute', 'cards.view', 'cards.manage', 'reports.view'],
      firma2: ['lots.authorize', 'lots.delete', 'orders.view', 'orders.create', 'orders.cancel', 'orders.pay', 'transfers.execute', 'cards.view', 'cards.manage', 'reports.view'],
      admin: [...PERMISSIONS],
      operador: [...PERMISSIONS],
    };
    for (const u of DEMO_USERS) {
      const answer: LoginAnswer = await signIn(server, u.userId, u.password);
      expect(answer.mustChangePassword).withContext(u.userId).toBeFalse();
      expect(answer.accessToken.split('.').length).toBe(3);
      expect(answer.refreshToken.length).toBeGreaterThanOrEqual(32);
      expect(answer.user.userId).toBe(u.userId);
      expect(answer.user.role).toBe(u.role);
      expect(answer.user.companies.length).toBe(1);
      const company = answer.user.companies[0];
      expect(company).toEqual(
        jasmine.objectContaining({ id: DEMO_COMPANY_ID, taxId: 'J000000001', name: 'Alimentos Demo C.A.' }),
      );
      expect(company.products).toEqual([
        { code: 'ALIM', name: 'Alimentación', kind: 'meal' },
        { code: 'REGA', name: 'Regalo', kind: 'gift' },
      ]);
      expect([...company.permissions].sort() as string[]).withContext(u.userId).toEqual([...expected[u.userId]].sort());
    }
  });

  it('accepts the user id in any case and with surrounding spaces', async () => {
    const answer = await signIn(server, '  FIRMA1 ', 'Firma1#2026');
    expect(answer.user.userId).toBe('firma1');
  });

  it('answers the same 401 body for a wrong password, an unknown user and a malformed id', async () => {
    for (const body of [
      { userId: 'carga', password: 'Carga#2025' },
      { userId: 'nadie', password: 'Carga#2026' },
      { userId: "'; DROP TABLE users; --", password: 'x' },
      { userId: 'user:carga', password: 'Carga#2026' },
    ]) {
      const res = await login(body);
      expect(res.status).withContext(body.userId).toBe(401);
      expect(await res.json()).toEqual(GENERIC_401);
    }
    // the reason is only in the audit log
    const entries = await auditEntries(server, { action: 'auth.login', userId: 'nadie' });
    expect(entries.map((e) => e.reason)).toContain('unknown_user');
  });

  it('locks the account after 5 failures in a row: 423 even with the right password', async () => {
    // start from zero failures whatever ran before
    const operator = await signIn(server, 'operador', 'Operador#2026');
    expect((await server.api('/users/carga/unlock', { method: 'POST', token: operator.accessToken })).status).toBe(204);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login({ userId: 'carga', password: `Wrong#${i}xyz` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const res = await login({ userId: 'carga', password: 'Carga#2026' });
    expect(res.status).toBe(423);
    expect((await res.json()).error.code).toBe('ACCOUNT_LOCKED');
    expect((await auditEntries(server, { action: 'auth.lockout', userId: 'carga' })).length).toBe(1);

    // firma1 has no users.manage: refused, still locked
    const firma1 = await signIn(server, 'firma1', 'Firma1#2026');
    const refused = await server.api('/users/carga/unlock', { method: 'POST', token: firma1.accessToken });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
    expect((await login({ userId: 'carga', password: 'Carga#2026' })).status).toBe(423);

    // admin holds users.manage in carga's company
    const admin = await signIn(server, 'admin', 'Admin#2026');
    const unlocked = await server.api('/users/carga/unlock', { method: 'POST', token: admin.accessToken });
    expect(unlocked.status).toBe(204);
    expect((await login({ userId: 'carga', password: 'Carga#2026' })).status).toBe(200);
    const entries = await auditEntries(server, { action: 'auth.unlock', outcome: 'ok' });
    expect(entries.some((e) => e.userId === 'admin' && e.companyId === DEMO_COMPANY_ID)).toBeTrue();
  });

  it('counts concurrent failures exactly (MVCC on the user document)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => login({ userId: 'firma2', password: `Wrong#${i}abc` }).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 423).length).toBeGreaterThanOrEqual(1);
    const user = await server.ctx.store.use<{ failedAttempts: number; lockedAt: string | null }>('ce_users').get('user:firma2');
    expect(user.failedAttempts).toBe(5);
    expect(user.lockedAt).not.toBeNull();
    const op = await signIn(server, 'operador', 'Operador#2026');
    expect((await server.api('/users/firma2/unlock', { method: 'POST', token: op.accessToken })).status).toBe(204);
    expect((await login({ userId: 'firma2', password: 'Firma2#2026' })).status).toBe(200);
  });

  it('resets the failure count after a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) expect((await login({ userId: 'firma1', password: 'nope-nope' })).status).toBe(401);
    await signIn(server, 'firma1', 'Firma1#2026');
    expect((await login({ userId: 'firma1', password: 'nope-nope' })).status).toBe(401);
    await signIn(server, 'firma1', 'Firma1#2026');
  });

  it('unlock: 404 for an unknown user, 401 without a token', async () => {
    const op = await signIn(server, 'operador', 'Operador#2026');
    expect((await server.api('/users/nobody99/unlock', { method: 'POST', token: op.accessToken })).status).toBe(404);
    expect((await server.api('/users/carga/unlock', { method: 'POST' })).status).toBe(401);
    // a users.manage user may not unlock the operator (not in their company)
    const admin = await signIn(server, 'admin', 'Admin#2026');
    expect((await server.api('/users/operador/unlock', { method: 'POST', token: admin.accessToken })).status).toBe(404);
  });

  it('refuses a blocked user with the generic 401 and audits why', async () => {
    await server.ctx.store.use<{ status: string }>('ce_users').get('user:carga').then((u) =>
      server.ctx.store.use('ce_users').insert({ ...u, status: 'blocked' }),
    );
    const res = await login({ userId: 'carga', password: 'Carga#2026' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(GENERIC_401);
    const entries = await auditEntries(server, { action: 'auth.login', userId: 'carga', reason: 'blocked' });
    expect(entries.length).toBe(1);
    await server.ctx.store.use<{ status: string }>('ce_users').get('user:carga').then((u) =>
      server.ctx.store.use('ce_users').insert({ ...u, status: 'active' }),
    );
  });

  it('audits successful sign-ins without any secret', async () => {
    await signIn(server, 'admin', 'Admin#2026');
    const entries = await auditEntries(server, { action: 'auth.login', userId: 'admin', outcome: 'ok' });
    expect(entries.length).toBeGreaterThan(0);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Admin#2026');
    expect(text).not.toContain('$argon2');
    for (const e of entries) {
      expect(e.origin).toBe('web');
      expect(typeof e.ip).toBe('string');
      expect(typeof e.at).toBe('string');
    }
  });
});

describe('sign-in rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOGIN_RATE_PER_IP_PER_MINUTE: '8', LOGIN_RATE_PER_USER_PER_MINUTE: '3' });
  });
  afterAll(async () => server.close());

  it('limits attempts per user id, then per IP, with the API error body', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await server.api('/auth/login', { method: 'POST', json: { userId: 'Carga', password: 'x' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // another user id is not limited by carga's budget...
    const other = await server.api('/auth/login', { method: 'POST', json: { userId: 'admin', password: 'Admin#2026' } });
    expect(other.status).toBe(200);
    // ...but the IP budget (8) runs out
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) last = await server.api('/auth/login', { method: 'POST', json: { userId: `u${i}xx`, password: 'x' } });
    expect(last!.status).toBe(429);
    expect(await last!.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Demasiados intentos. Espere un minuto e intente de nuevo.' },
    });
    // the lockout counter did not move for the limited attempts: carga had 3 real failures
    const user = await server.ctx.store.use<{ failedAttempts: number }>('ce_users').get('user:carga');
    expect(user.failedAttempts).toBe(3);
  });
});

describe('sign-in timing', () => {
  let server: TestServer;
  beforeAll(async () => {
    // the production argon2 cost, so that the hash dominates the answer time
    server = await startTestServer({ ARGON2_MEMORY_KIB: '19456', ARGON2_ITERATIONS: '2' });
  });
  afterAll(async () => server.close());

  it('stores the seeded users\' passwords with that cost (argon2id, 19 MiB, 2 iterations, 1 lane)', async () => {
    const users = await server.ctx.store.use<{ passwordHash?: string }>('ce_users').list({ include_docs: true });
    const hashes = users.rows.map((r) => r.doc!.passwordHash).filter((h): h is string => !!h);
    expect(hashes.length).toBe(5);
    for (const hash of hashes) expect(argon2Parameters(hash)).toEqual({ type: 'argon2id', m: 19_456, t: 2, p: 1 });
  });

  it('takes as long for an unknown user as for a wrong password (a dummy hash is verified)', async () => {
    const time = async (userId: string) => {
      const started = performance.now();
      const res = await server.api('/auth/login', { method: 'POST', json: { userId, password: 'Wrong#Password1' } });
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    await time('nobody-here'); // warm-up (creates the dummy hash)
    const unknown: number[] = [];
    const known: number[] = [];
    // three known users in turn, so that no account reaches the lockout of 5 failures
    const knownUsers = ['firma2', 'carga', 'admin'];
    for (let i = 0; i < 7; i++) {
      unknown.push(await time('nobody-here'));
      known.push(await time(knownUsers[i % knownUsers.length]));
    }
    // A loaded machine only ever adds time, so each side's fastest answer is its stable cost.
    // Without the dummy hash an unknown user answers in ~1/10 of the time; 1/2 leaves room for noise.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) * 0.5);
  });
});
