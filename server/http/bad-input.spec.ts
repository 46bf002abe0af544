import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { signIn, storeSnapshot } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * Issue 2 "Shown by — bad input": malformed JSON, oversized bodies, unknown fields, SQL/NoSQL-looking
 * strings and very long ids each get a clear 4xx with the API.md error body, and NOTHING is stored:
 * every case compares every document of every database (id → revision) before and after it. The audit
 * log only grows for what it must record (a refused sign-in attempt), never for a refused body.
 */
describe('bad input: a clear 4xx and nothing stored', () => {
  let server: TestServer;
  let operator: string;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    // signed in before any snapshot: their sessions are not what a case may add
    operator = (await signIn(server, 'operador', 'Operador#2026')).accessToken;
    admin = (await signIn(server, 'admin', 'Admin#2026')).accessToken;
  });
  afterAll(async () => server.close());

  const raw = (path: string, body: string, contentType = 'application/json', token?: string) =>
    server.api(path, { method: 'POST', body, token, headers: { 'content-type': contentType } });
  const post = (path: string, json: unknown, token?: string) => server.api(path, { method: 'POST', json, token });

  /**
   * Sends one bad request and checks: the status, the API.md error body ({ error: { code, message } }
   * with a Spanish message, details optional), and that no document anywhere was created, changed or
   * removed. `audit: 'refused-sign-in'` allows the one audit entry a refused sign-in must leave.
   */
  async function refused(
    send: () => Promise<Response>,
    status: number | number[],
    code?: string,
    audit: 'none' | 'refused-sign-in' = 'none',
  ): Promise<void> {
    const before = await storeSnapshot(server);
    const res = await send();
    const statuses = Array.isArray(status) ? status : [status];
    expect(statuses).withContext(`status ${res.status}`).toContain(res.status);
    expect(res.headers.get('content-type') ?? '').toContain('application/json');
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error.code).toBe('string');
    expect(body.error.message).toMatch(/[a-záéíóúñ]{3,}/i);
    expect(Object.keys(body.error).filter((k) => !['code', 'message', 'details'].includes(k))).toEqual([]);
    if (code) expect(body.error.code).toBe(code);
    const after = await storeSnapshot(server);
    expect(after.docs).withContext('documents').toEqual(before.docs);
    if (audit === 'none') expect(after.auditCount).withContext('audit entries').toBe(before.auditCount);
    else expect(after.auditCount - before.auditCount).withContext('audit entries').toBeLessThanOrEqual(1);
  }

  const AUTH_POSTS = ['/auth/login', '/auth/refresh', '/auth/logout', '/auth/recover', '/auth/reset', '/auth/password'];
  const CID = DEMO_COMPANY_ID;

  it('malformed JSON: 400 MALFORMED_JSON on every sign-in call and on the accounts API', async () => {
    for (const path of AUTH_POSTS) {
      await refused(() => raw(path, '{"userId": "carga", '), 400, 'MALFORMED_JSON');
      await refused(() => raw(path, 'null'), 400);
    }
    await refused(() => raw(`/companies/${CID}/users`, '{"userId": ', 'application/json', admin), 400, 'MALFORMED_JSON');
    await refused(() => raw(`/companies/${CID}/branches`, "{code:'X1'}", 'application/json', admin), 400, 'MALFORMED_JSON');
    await refused(() => raw('/operator/companies', '[1,2,', 'application/json', operator), 400, 'MALFORMED_JSON');
  });

  it('bodies over 64 kB: 413 TOO_LARGE, before anything runs', async () => {
    const big = 'x'.repeat(70_000);
    await refused(() => raw('/auth/login', JSON.stringify({ userId: 'carga', password: big })), 413, 'TOO_LARGE');
    await refused(() => raw('/auth/recover', JSON.stringify({ login: big, taxId: 'J000000001', email: 'a@b.c' })), 413, 'TOO_LARGE');
    await refused(
      () => raw(`/companies/${CID}/users`, JSON.stringify({ userId: 'grande', name: big, email: 'g@x.example', permissions: [] }), 'application/json', admin),
      413,
      'TOO_LARGE',
    );
    await refused(() => raw(`/companies/${CID}/branches`, JSON.stringify({ code: 'G1', name: big }), 'application/json', admin), 413, 'TOO_LARGE');
  });

  it('unknown fields, wrong types, arrays and missing fields: 400 VALIDATION', async () => {
    const cases: Array<[string, unknown, string?]> = [
      ['/auth/login', { userId: 'carga', password: 'Carga#2026', role: 'operator' }],
      ['/auth/login', { userId: 'carga', password: 12345678 }],
      ['/auth/login', { userId: ['carga'], password: 'Carga#2026' }],
      ['/auth/login', [{ userId: 'carga', password: 'Carga#2026' }]],
      ['/auth/login', {}],
      ['/auth/login', { userId: 'carga', password: 'Carga#2026', deviceCode: '12345' }],
      ['/auth/login', { userId: 'carga', password: 'Carga#2026', deviceId: '../../etc/passwd' }],
      ['/auth/refresh', { refreshToken: 42 }],
      ['/auth/recover', { login: 'carga', taxId: 'J000000001' }],
      ['/auth/recover', { login: 'carga', taxId: 'J000000001', email: 'carga@alimentos-demo.example', sendTo: 'x@evil.example' }],
      ['/auth/reset', { token: 'short', newPassword: 'Valida-Clave-1' }],
      ['/auth/logout', { refreshToken: '', extra: true }],
      [`/companies/${CID}/users`, { userId: 'nuevo1', name: 'Nuevo', email: 'n@x.example', permissions: [], role: 'operator' }, admin],
      [`/companies/${CID}/users`, { userId: 'nuevo2', name: 'Nuevo', email: 'n@x.example', permissions: [], password: 'Elegida-2026' }, admin],
      [`/companies/${CID}/branches`, { code: 'N1', name: 'Nueva', companyId: 'otra01' }, admin],
      ['/operator/companies', { id: 'empresa9', taxId: 'J900000009', legalName: 'X', tradeName: 'X', address: 'X', phone: '1', contact: { name: 'X', email: 'x@x.example', admin: true }, authorizationPolicy: { signaturesRequired: 1 } }, operator],
    ];
    for (const [path, json, token] of cases) {
      await refused(() => post(path, json, token), 400, 'VALIDATION');
    }
  });

  it('NoSQL operators are refused as bad types (400), SQL-looking strings stay inert text', async () => {
    await refused(() => post('/auth/login', { userId: { $gt: '' }, password: { $gt: '' } }), 400, 'VALIDATION');
    await refused(() => post('/auth/login', { userId: 'carga', password: { $ne: null } }), 400, 'VALIDATION');
    await refused(() => post('/auth/recover', { login: { $regex: '.*' }, taxId: 'J000000001', email: 'a@b.c' }), 400, 'VALIDATION');
    await refused(() => post('/auth/reset', { token: { $ne: null }, newPassword: 'x' }), 400, 'VALIDATION');
    await refused(() => post(`/companies/${CID}/users`, { userId: { $gt: '' }, name: 'X', email: 'x@x.example', permissions: [] }, admin), 400, 'VALIDATION');
    await refused(() => post(`/companies/${CID}/branches`, { code: { $ne: '' }, name: 'X' }, admin), 400, 'VALIDATION');

    // a sign-in with SQL in it is just a wrong user id: the generic 401, one refused attempt audited
    await refused(() => post('/auth/login', { userId: "admin' OR '1'='1", password: "' OR ''='" }), 401, 'INVALID_CREDENTIALS', 'refused-sign-in');
    await refused(() => post('/auth/login', { userId: '_design/x', password: 'x' }), 401, 'INVALID_CREDENTIALS', 'refused-sign-in');
    await refused(() => post('/auth/login', { userId: '{"$gt":""}', password: '{"$gt":""}' }), 401, 'INVALID_CREDENTIALS', 'refused-sign-in');
    // identifiers with SQL or CouchDB syntax are refused by their format
    for (const userId of ["x'; DROP TABLE users; --", '_design/append-only', '../ce_users', '$where']) {
      await refused(() => post(`/companies/${CID}/users`, { userId, name: 'X', email: 'x@x.example', permissions: [] }, admin), 400, 'VALIDATION');
    }
    for (const code of ["1' OR '1'='1", '_all_docs', '../../x']) {
      await refused(() => post(`/companies/${CID}/branches`, { code, name: 'X' }, admin), 400, 'VALIDATION');
    }
    // recovery checks the form of each field (which says nothing about any account)
    for (const json of [
      { login: "' OR 1=1 --", taxId: 'J000000001', email: 'carga@alimentos-demo.example' },
      { login: 'carga', taxId: "J'; DROP TABLE companies; --", email: 'carga@alimentos-demo.example' },
      { login: 'carga', taxId: 'J000000001', email: '{"$ne":1}' },
      { login: '$gt@x.y', taxId: "'; DROP TABLE x", email: '{"$ne":1}' },
    ]) {
      await refused(() => post('/auth/recover', json), 400, 'VALIDATION');
    }
    await refused(() => post('/operator/companies', { id: '_users', taxId: "J'; --", legalName: 'X', tradeName: 'X', address: 'X', phone: '1', contact: { name: 'X', email: 'x@x.example' }, authorizationPolicy: { signaturesRequired: 1 } }, operator), 400, 'VALIDATION');
  });

  it('very long user ids: 400 at sign-in, recovery and user creation; an unreachable path param elsewhere', async () => {
    const long = 'a'.repeat(10_000);
    await refused(() => post('/auth/login', { userId: long, password: 'x' }), 400, 'VALIDATION');
    await refused(() => post('/auth/login', { userId: 'a'.repeat(255), password: 'x' }), 400, 'VALIDATION');
    await refused(() => post('/auth/recover', { login: long, taxId: 'J000000001', email: 'a@b.c' }), 400, 'VALIDATION');
    await refused(() => post(`/companies/${CID}/users`, { userId: 'a'.repeat(31), name: 'X', email: 'x@x.example', permissions: [] }, admin), 400, 'VALIDATION');
    await refused(() => post(`/companies/${CID}/users`, { userId: long, name: 'X', email: 'x@x.example', permissions: [] }, admin), 400, 'VALIDATION');
    await refused(() => post(`/users/${long}/unlock`, undefined, operator), 404);
    await refused(() => post(`/users/${'b'.repeat(31)}/password-reset`, undefined, operator), 404);
    // nothing of the long id reached the audit log either
    const audit = await server.ctx.store.use('ce_audit').list({ include_docs: true });
    expect(JSON.stringify(audit.rows)).not.toContain('a'.repeat(100));
  });

  it('garbage Authorization headers: 401', async () => {
    for (const header of ['Bearer', 'Bearer ' + 'x'.repeat(5000), 'Basic Y2FyZ2E6Q2FyZ2EjMjAyNg==', 'Bearer a.b.c', 'Bearer {"$gt":""}']) {
      await refused(() => server.api('/me', { headers: { authorization: header } }), 401);
      await refused(() => server.api(`/companies/${CID}/branches`, { method: 'POST', headers: { authorization: header }, json: { code: 'Z9', name: 'Z' } }), 401);
    }
  });

  it('a non-JSON content type is a missing body (400), not a crash', async () => {
    await refused(() => raw('/auth/login', 'userId=carga&password=Carga%232026', 'application/x-www-form-urlencoded'), 400, 'VALIDATION');
    await refused(() => raw('/auth/login', 'carga', 'text/plain'), 400, 'VALIDATION');
    await refused(() => raw(`/companies/${CID}/branches`, 'code=Z9&name=Z', 'application/x-www-form-urlencoded', admin), 400, 'VALIDATION');
  });

  it('a body on the unlock call with unknown fields: 400', async () => {
    await refused(() => post('/users/carga/unlock', { all: true }, operator), 400, 'VALIDATION');
  });
});
