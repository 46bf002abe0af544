import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCompany, createUser } from '../accounts/accounts.service';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { errorHandler } from '../http/error-handler';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { authOf, companyOf, requireAuth, requirePermission } from './auth.middleware';

/**
 * requireAuth + requirePermission as later features use them: a small router on the same server
 * context (same store, same sessions), served on its own port.
 */
describe('requireAuth and requirePermission', () => {
  let server: TestServer;
  let probe: http.Server;
  let probeUrl: string;

  beforeAll(async () => {
    server = await startTestServer();
    await createCompany(server.ctx, {
      id: 'otra0001',
      taxId: 'J222222222',
      legalName: 'Otra C.A.',
      tradeName: 'Otra',
      address: 'Maracaibo',
      phone: '+58 261 555 0000',
      contact: { name: 'Otro', email: 'otro@otra.example' },
      authorizationPolicy: { signaturesRequired: 0 },
      newDeviceCodeRequired: false,
    });
    await createUser(server.ctx, {
      userId: 'temporal',
      role: 'company',
      name: 'Temporal',
      email: 'temporal@alimentos-demo.example',
      password: 'Clave-Temporal-1',
      mustChangePassword: true,
      memberships: [{ companyId: DEMO_COMPANY_ID, permissions: ['cards.view'] }],
    });
    // permissions are per company: signs in the demo company, only views cards in the other one
    await createUser(server.ctx, {
      userId: 'dos.empresas',
      role: 'company',
      name: 'Dos Empresas',
      email: 'dos@alimentos-demo.example',
      password: 'Clave-Dos-Empresas-1',
      mustChangePassword: false,
      memberships: [
        { companyId: DEMO_COMPANY_ID, permissions: ['lots.sign'] },
        { companyId: 'otra0001', permissions: ['cards.view'] },
      ],
    });
    const app = express();
    app.get('/companies/:companyId/cards', requireAuth(server.ctx), requirePermission(server.ctx, 'companyId', 'cards.view'), (_req, res) => {
      res.json({ userId: authOf(res).userId, companyId: companyOf(res) });
    });
    app.get('/companies/:companyId/sign', requireAuth(server.ctx), requirePermission(server.ctx, 'companyId', 'lots.sign'), (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler(server.ctx.log));
    probe = http.createServer(app);
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => probe.close(() => r()));
    await server.close();
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(probeUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: await res.json() };
  };

  it('lets a member with the permission through, naming user and company', async () => {
    const carga = await signIn(server, 'carga', 'Carga#2026');
    expect(await get(`/companies/${DEMO_COMPANY_ID}/cards`, carga.accessToken)).toEqual({
      status: 200,
      body: { userId: 'carga', companyId: DEMO_COMPANY_ID },
    });
  });

  it('403 for a member without the permission; 404 for a company the user does not belong to', async () => {
    const carga = await signIn(server, 'carga', 'Carga#2026');
    const noPermission = await get(`/companies/${DEMO_COMPANY_ID}/sign`, carga.accessToken);
    expect(noPermission.status).toBe(403);
    expect(noPermission.body.error.code).toBe('FORBIDDEN');
    const other = await get('/companies/otra0001/cards', carga.accessToken);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('COMPANY_NOT_FOUND');
    expect((await get('/companies/nonexistent/cards', carga.accessToken)).status).toBe(404);
    expect((await get('/companies/..%2F_all_dbs/cards', carga.accessToken)).status).toBe(404);
  });

  it('checks the permission in the company of the path: a user may hold it in one company and not in another', async () => {
    const answer = await signIn(server, 'dos.empresas', 'Clave-Dos-Empresas-1');
    expect(answer.user.companies.map((c) => [c.id, c.permissions])).toEqual([
      [DEMO_COMPANY_ID, ['lots.sign']],
      ['otra0001', ['cards.view']],
    ]);
    const token = answer.accessToken;
    expect((await get(`/companies/${DEMO_COMPANY_ID}/sign`, token)).status).toBe(200);
    expect((await get(`/companies/${DEMO_COMPANY_ID}/cards`, token)).status).toBe(403);
    expect((await get('/companies/otra0001/cards', token)).status).toBe(200);
    expect((await get('/companies/otra0001/sign', token)).status).toBe(403);
  });

  it('operators act for every existing company', async () => {
    const op = await signIn(server, 'operador', 'Operador#2026');
    expect((await get('/companies/otra0001/cards', op.accessToken)).status).toBe(200);
    expect((await get(`/companies/${DEMO_COMPANY_ID}/sign`, op.accessToken)).status).toBe(200);
    expect((await get('/companies/nonexistent/cards', op.accessToken)).status).toBe(404);
  });

  it('401 without a token; 403 PASSWORD_CHANGE_REQUIRED with a limited one', async () => {
    expect((await get(`/companies/${DEMO_COMPANY_ID}/cards`)).status).toBe(401);
    const limited = await signIn(server, 'temporal', 'Clave-Temporal-1');
    const res = await get(`/companies/${DEMO_COMPANY_ID}/cards`, limited.accessToken);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('a blocked user\'s tokens stop working', async () => {
    const firma1 = await signIn(server, 'firma1', 'Firma1#2026');
    expect((await get(`/companies/${DEMO_COMPANY_ID}/sign`, firma1.accessToken)).status).toBe(200);
    const users = server.ctx.store.use<{ status: string }>('ce_users');
    await users.get('user:firma1').then((u) => users.insert({ ...u, status: 'blocked' }));
    try {
      expect((await get(`/companies/${DEMO_COMPANY_ID}/sign`, firma1.accessToken)).status).toBe(401);
    } finally {
      await users.get('user:firma1').then((u) => users.insert({ ...u, status: 'active' }));
    }
  });
});
