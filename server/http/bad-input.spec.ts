import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('bad input on the sign-in API', () => {
  let server: TestServer;
  let docCounts: Record<string, number>;
  beforeAll(async () => {
    server = await startTestServer();
    docCounts = await counts();
  });
  afterAll(async () => {
    // after every case above, in whatever order they ran: nothing was stored for any of them
    const now = await counts();
    expect(now['ce_users']).toBe(docCounts['ce_users']);
    expect(now['ce_companies']).toBe(docCounts['ce_companies']);
    expect(now['ce_tokens']).toBe(docCounts['ce_tokens']);
    const audit = await server.ctx.store.use('ce_audit').list({ include_docs: true });
    expect(JSON.stringify(audit.rows)).not.toContain('a'.repeat(100));
    await server.close();
  });

  async function counts() {
    const out: Record<string, number> = {};
    for (const db of ['ce_users', 'ce_companies', 'ce_sessions', 'ce_tokens']) {
      out[db] = (await server.ctx.store.use(db).info()).doc_count;
    }
    return out;
  }

  const raw = (path: string, body: string, contentType = 'application/json') =>
    server.api(path, { method: 'POST', body, headers: { 'content-type': contentType } });

  async function expectError(res: Response, status: number, code?: string) {
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(typeof body.error.code).toBe('string');
    expect(typeof body.error.message).toBe('string');
    if (code) expect(body.error.code).toBe(code);
    return body;
  }

  const POSTS = ['/auth/login', '/auth/refresh', '/auth/logout', '/auth/recover', '/auth/reset', '/auth/password'];

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    for (const path of POSTS) {
      await expectError(await raw(path, '{"userId": "carga", '), 400, 'MALFORMED_JSON');
      await expectError(await raw(path, 'null'), 400);
    }
  });

  it('answers bodies over 64 kB with 413 TOO_LARGE', async () => {
    const big = JSON.stringify({ userId: 'carga', password: 'x'.repeat(70_000) });
    await expectError(await raw('/auth/login', big), 413, 'TOO_LARGE');
  });

  it('refuses unknown fields, wrong types, arrays and missing fields with 400 VALIDATION', async () => {
    const cases: Array<[string, unknown]> = [
      ['/auth/login', { userId: 'carga', password: 'Carga#2026', role: 'operator' }],
      ['/auth/login', { userId: 'carga', password: 12345678 }],
      ['/auth/login', { userId: ['carga'], password: 'Carga#2026' }],
      ['/auth/login', [{ userId: 'carga', password: 'Carga#2026' }]],
      ['/auth/login', {}],
      ['/auth/login', { userId: 'carga', password: 'Carga#2026', deviceCode: '12345' }],
      ['/auth/login', { userId: 'carga', password: 'Carga#2026', deviceId: '../../etc/passwd' }],
      ['/auth/refresh', { refreshToken: 42 }],
      ['/auth/recover', { login: 'carga', taxId: 'J000000001' }],
      ['/auth/reset', { token: 'short', newPassword: 'Valida-Clave-1' }],
      ['/auth/logout', { refreshToken: '', extra: true }],
    ];
    for (const [path, json] of cases) {
      const res = await server.api(path, { method: 'POST', json });
      await expectError(res, 400, 'VALIDATION');
    }
  });

  it('refuses NoSQL operators and keeps SQL-looking strings inert', async () => {
    await expectError(await server.api('/auth/login', { method: 'POST', json: { userId: { $gt: '' }, password: { $gt: '' } } }), 400, 'VALIDATION');
    await expectError(await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: { $ne: null } } }), 400, 'VALIDATION');
    await expectError(await server.api('/auth/login', { method: 'POST', json: { userId: "admin' OR '1'='1", password: "' OR ''='" } }), 401, 'INVALID_CREDENTIALS');
    await expectError(await server.api('/auth/login', { method: 'POST', json: { userId: '_design/x', password: 'x' } }), 401, 'INVALID_CREDENTIALS');
    await expectError(await server.api('/auth/recover', { method: 'POST', json: { login: { $regex: '.*' }, taxId: 'J000000001', email: 'a@b.c' } }), 400);
    const recover = await server.api('/auth/recover', { method: 'POST', json: { login: '$gt@x.y', taxId: "'; DROP TABLE x", email: '{"$ne":1}' } });
    expect(recover.status).toBe(202);
  });

  it('refuses a 10,000-character user id with 400, without running into the store', async () => {
    const long = 'a'.repeat(10_000);
    await expectError(await server.api('/auth/login', { method: 'POST', json: { userId: long, password: 'x' } }), 400, 'VALIDATION');
    await expectError(await server.api('/auth/recover', { method: 'POST', json: { login: long, taxId: 'J000000001', email: 'a@b.c' } }), 400, 'VALIDATION');
    const unlock = await server.api(`/users/${long}/unlock`, { method: 'POST', token: (await signIn(server, 'operador', 'Operador#2026')).accessToken });
    expect([404, 414, 431]).toContain(unlock.status);
  });

  it('refuses garbage Authorization headers with 401', async () => {
    for (const header of ['Bearer', 'Bearer ' + 'x'.repeat(5000), 'Basic Y2FyZ2E6Q2FyZ2EjMjAyNg==', 'Bearer a.b.c', 'Bearer {"$gt":""}']) {
      await expectError(await server.api('/me', { headers: { authorization: header } }), 401);
    }
  });

  it('refuses a non-JSON content type as a missing body, not a crash', async () => {
    await expectError(await raw('/auth/login', 'userId=carga&password=Carga%232026', 'application/x-www-form-urlencoded'), 400, 'VALIDATION');
    await expectError(await raw('/auth/login', 'carga', 'text/plain'), 400, 'VALIDATION');
  });

  it('refuses a body on the unlock call with unknown fields', async () => {
    const op = await signIn(server, 'operador', 'Operador#2026');
    await expectError(await server.api('/users/carga/unlock', { method: 'POST', token: op.accessToken, json: { all: true } }), 400, 'VALIDATION');
  });
});
