import { createUser } from '../accounts/accounts.service';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('tokens and sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const refresh = (refreshToken: string) => server.api('/auth/refresh', { method: 'POST', json: { refreshToken } });
  const me = (token: string) => server.api('/me', { token });

  it('issues a short-lived HS256 access token naming user, session and scope', async () => {
    const answer = await signIn(server, 'carga', 'Carga#2026');
    const [header, payload] = answer.accessToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header.alg).toBe('HS256');
    expect(payload.sub).toBe('carga');
    expect(typeof payload.sid).toBe('string');
    expect(payload.scope).toBe('full');
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(900);
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'scope', 'sid', 'sub']);
  });

  it('GET /me answers the signed-in user; no token or a forged one is 401', async () => {
    const answer = await signIn(server, 'firma1', 'Firma1#2026');
    const res = await me(answer.accessToken);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toEqual(answer.user);
    expect(body.mustChangePassword).toBeFalse();
    expect((await server.api('/me')).status).toBe(401);
    const [h, p] = answer.accessToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })).toString('base64url');
    const forged = await me(`${h}.${forgedPayload}.${answer.accessToken.split('.')[2]}`);
    expect(forged.status).toBe(401);
    expect((await forged.json()).error.code).toBe('INVALID_SESSION');
    const none = await me(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`);
    expect(none.status).toBe(401);
  });

  it('access tokens expire after their TTL by the server clock', async () => {
    const answer = await signIn(server, 'firma2', 'Firma2#2026');
    expect((await me(answer.accessToken)).status).toBe(200);
    server.clock.offsetMs = 901_000;
    try {
      expect((await me(answer.accessToken)).status).toBe(401);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('rotates refresh tokens and revokes the whole family when a spent one is presented', async () => {
    const first = await signIn(server, 'admin', 'Admin#2026');
    const r1 = await refresh(first.refreshToken);
    expect(r1.status).toBe(200);
    const second = await r1.json();
    expect(Object.keys(second).sort()).toEqual(['accessToken', 'refreshToken']);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const r2 = await refresh(second.refreshToken);
    expect(r2.status).toBe(200);
    const third = await r2.json();
    expect((await me(third.accessToken)).status).toBe(200);
    expect((await me(first.accessToken)).status).toBe(200);

    // reuse of the first (spent) token: 401, and every token of the family dies
    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect((await reuse.json()).error.code).toBe('INVALID_SESSION');
    expect((await refresh(third.refreshToken)).status).toBe(401);
    for (const token of [first.accessToken, second.accessToken, third.accessToken]) {
      expect((await me(token)).status).toBe(401);
    }
    const audit = await auditEntries(server, { action: 'auth.refresh-reuse', userId: 'admin' });
    expect(audit.length).toBeGreaterThan(0);

    // another session of the same user is not affected
    const other = await signIn(server, 'admin', 'Admin#2026');
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const answer = await signIn(server, 'carga', 'Carga#2026');
    const all = await server.ctx.store.use('ce_sessions').list({ include_docs: true });
    const text = JSON.stringify(all.rows);
    expect(text).not.toContain(answer.refreshToken);
    const { createHash } = await import('node:crypto');
    expect(text).toContain(createHash('sha256').update(answer.refreshToken).digest('hex'));
  });

  it('a rotation whose answer was lost: the same token again within a minute gets a new one, and the lost one is dead', async () => {
    const answer = await signIn(server, 'firma1', 'Firma1#2026');
    const retriesBefore = (await auditEntries(server, { action: 'auth.refresh-retry', userId: 'firma1' })).length;
    const lost = await (await refresh(answer.refreshToken)).json(); // the phone never received this
    const retry = await refresh(answer.refreshToken);
    expect(retry.status).toBe(200);
    const kept = await retry.json();
    expect(kept.refreshToken).not.toBe(lost.refreshToken);
    const next = await refresh(kept.refreshToken);
    expect(next.status).toBe(200);
    const latest = await next.json();
    expect((await auditEntries(server, { action: 'auth.refresh-retry', userId: 'firma1' })).length).toBe(retriesBefore + 1);

    // the superseded token turning up later is a replay: the whole family dies
    expect((await refresh(lost.refreshToken)).status).toBe(401);
    expect((await refresh(latest.refreshToken)).status).toBe(401);
    expect((await me(latest.accessToken)).status).toBe(401);
  });

  it('a spent token presented after the grace minute, or after its successor was used, is a replay', async () => {
    const late = await signIn(server, 'firma2', 'Firma2#2026');
    await refresh(late.refreshToken);
    server.clock.offsetMs = 61_000;
    try {
      expect((await refresh(late.refreshToken)).status).toBe(401);
    } finally {
      server.clock.offsetMs = 0;
    }
    expect((await auditEntries(server, { action: 'auth.refresh-reuse', userId: 'firma2' })).length).toBe(1);
  });

  it('two concurrent refreshes with the same token (a double submit) both answer; the superseded token is dead', async () => {
    const answer = await signIn(server, 'firma1', 'Firma1#2026');
    const [a, b] = await Promise.all([refresh(answer.refreshToken), refresh(answer.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const tokens: string[] = [(await a.json()).refreshToken, (await b.json()).refreshToken];
    const { createHash } = await import('node:crypto');
    const superseded = await server.ctx.store.use('ce_sessions').find({ selector: { type: 'refresh', supersededAt: { $gt: null } }, limit: 100 });
    const deadHashes = new Set(superseded.docs.map((d) => String(d._id).slice('refresh:'.length)));
    const dead = tokens.filter((t) => deadHashes.has(createHash('sha256').update(t).digest('hex')));
    expect(dead.length).toBe(1);
    expect((await refresh(dead[0])).status).toBe(401);
  });

  it('refresh tokens expire', async () => {
    const answer = await signIn(server, 'carga', 'Carga#2026');
    server.clock.offsetMs = (server.ctx.config.refreshTokenTtlSeconds + 1) * 1000;
    try {
      expect((await refresh(answer.refreshToken)).status).toBe(401);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('logout revokes the family: refresh and access tokens stop working', async () => {
    const answer = await signIn(server, 'firma2', 'Firma2#2026');
    const res = await server.api('/auth/logout', { method: 'POST', json: { refreshToken: answer.refreshToken } });
    expect(res.status).toBe(204);
    expect((await refresh(answer.refreshToken)).status).toBe(401);
    expect((await me(answer.accessToken)).status).toBe(401);
    // logging out again, or with an unknown token, is harmless
    expect((await server.api('/auth/logout', { method: 'POST', json: { refreshToken: answer.refreshToken } })).status).toBe(204);
    expect((await server.api('/auth/logout', { method: 'POST', json: { refreshToken: 'not-a-token' } })).status).toBe(204);
    expect((await auditEntries(server, { action: 'auth.logout', userId: 'firma2' })).length).toBe(1);
  });
});

describe('forced password change and the password policy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await createUser(server.ctx, {
      userId: 'nuevo.usuario',
      role: 'company',
      name: 'Nuevo Usuario',
      email: 'nuevo@alimentos-demo.example',
      password: 'Temporal#0001',
      mustChangePassword: true,
      memberships: [{ companyId: DEMO_COMPANY_ID, permissions: ['cards.view'] }],
    });
  });
  afterAll(async () => server.close());

  const change = (token: string, currentPassword: string, newPassword: string) =>
    server.api('/auth/password', { method: 'POST', token, json: { currentPassword, newPassword } });

  it('a password set by someone else gives a limited token: only /me, /auth/password and logout', async () => {
    const answer = await signIn(server, 'nuevo.usuario', 'Temporal#0001');
    expect(answer.mustChangePassword).toBeTrue();
    const meRes = await server.api('/me', { token: answer.accessToken });
    expect(meRes.status).toBe(200);
    expect((await meRes.json()).mustChangePassword).toBeTrue();
    const other = await server.api('/users/carga/unlock', { method: 'POST', token: answer.accessToken });
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // refreshing keeps the limited scope
    const refreshed = await (await server.api('/auth/refresh', { method: 'POST', json: { refreshToken: answer.refreshToken } })).json();
    expect((await server.api('/users/carga/unlock', { method: 'POST', token: refreshed.accessToken })).status).toBe(403);

    const policyChecks: Array<[string, string]> = [
      ['Corta#1', 'length'],
      ['x'.repeat(65), 'length'],
      ['Mi-NUEVO.USUARIO-1', 'user-id'],
      ['Password123', 'common'],
      ['Temporal#0001', 'history'],
    ];
    for (const [candidate, rule] of policyChecks) {
      const res = await change(refreshed.accessToken, 'Temporal#0001', candidate);
      expect(res.status).withContext(rule).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('PASSWORD_POLICY');
      expect(body.error.details.rule).toBe(rule);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    const wrong = await change(refreshed.accessToken, 'Not-the-current-1', 'Otra-Clave-Segura-7');
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe('INVALID_PASSWORD');

    const ok = await change(refreshed.accessToken, 'Temporal#0001', 'Otra-Clave-Segura-7');
    expect(ok.status).toBe(200);
    const changed = await ok.json();
    expect(changed.mustChangePassword).toBeFalse();
    expect(changed.user.userId).toBe('nuevo.usuario');
    // the new token has the full scope; the old session is closed
    expect((await server.api('/users/carga/unlock', { method: 'POST', token: changed.accessToken })).status).toBe(403);
    const body = await (await server.api('/users/carga/unlock', { method: 'POST', token: changed.accessToken })).json();
    expect(body.error.code).toBe('FORBIDDEN'); // no users.manage: an ordinary refusal now
    expect((await server.api('/me', { token: refreshed.accessToken })).status).toBe(401);
    expect((await signIn(server, 'nuevo.usuario', 'Otra-Clave-Segura-7')).mustChangePassword).toBeFalse();
    expect((await auditEntries(server, { action: 'auth.password-changed', userId: 'nuevo.usuario' })).length).toBe(1);
  });

  it('refuses the last 5 passwords and accepts an older one', async () => {
    let token = (await signIn(server, 'firma1', 'Firma1#2026')).accessToken;
    let current = 'Firma1#2026';
    const next = ['Rotacion-A-11', 'Rotacion-B-22', 'Rotacion-C-33', 'Rotacion-D-44', 'Rotacion-E-55', 'Rotacion-F-66'];
    for (const p of next) {
      const res = await change(token, current, p);
      expect(res.status).withContext(p).toBe(200);
      token = (await res.json()).accessToken;
      current = p;
    }
    // history now: F E D C B — A fell out, B is still in
    const again = await change(token, current, 'Rotacion-B-22');
    expect(again.status).toBe(400);
    expect((await again.json()).error.details.rule).toBe('history');
    const old = await change(token, current, 'Rotacion-A-11');
    expect(old.status).toBe(200);
  });

  it('an expired password (older than 90 days) forces a change', async () => {
    server.clock.offsetMs = 91 * 86_400_000;
    try {
      const answer = await signIn(server, 'firma2', 'Firma2#2026');
      expect(answer.mustChangePassword).toBeTrue();
      const res = await server.api('/users/carga/unlock', { method: 'POST', token: answer.accessToken });
      expect((await res.json()).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    } finally {
      server.clock.offsetMs = 0;
    }
  });
});
