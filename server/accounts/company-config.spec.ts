import { createCompany, createUser } from '../accounts/accounts.service';
import { DEMO_COMPANY_ID, DEMO_PRODUCTS } from '../demo/demo-data';
import { tokenOf } from '../orders/testing/order-helpers';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

const CID = DEMO_COMPANY_ID;

/** Company configuration (company.manage), branches and the operator's companies and products. */
describe('company configuration, branches, operator companies and products', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await createCompany(server.ctx, {
      id: 'ajena01',
      taxId: 'J300000003',
      legalName: 'Ajena C.A.',
      tradeName: 'Ajena',
      address: 'Calle 1, Barquisimeto',
      phone: '02515550000',
      contact: { name: 'Ana', email: 'ana@ajena.example' },
      authorizationPolicy: { signaturesRequired: 0 },
      newDeviceCodeRequired: false,
    });
    await createUser(server.ctx, {
      userId: 'ajeno',
      role: 'company',
      name: 'Ajeno',
      email: 'ajeno@ajena.example',
      password: 'Clave-Segura-2026',
      mustChangePassword: false,
      memberships: [{ companyId: 'ajena01', permissions: ['company.manage', 'users.manage'] }],
    });
  });
  afterAll(async () => server.close());

  const codeOf = async (res: Response) => (await res.json()).error.code as string;
  const ajeno = async () => (await signIn(server, 'ajeno', 'Clave-Segura-2026')).accessToken;

  describe('company data and policies', () => {
    const patchCompany = (token: string, json: unknown, companyId = CID) =>
      server.api(`/companies/${companyId}`, { method: 'PATCH', token, json });

    it('every member reads the company; another company’s user does not', async () => {
      const res = await server.api(`/companies/${CID}`, { token: await tokenOf(server, 'carga') });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(jasmine.objectContaining({ id: CID, taxId: 'J000000001', legalName: 'Alimentos Demo C.A.', status: 'active' }));
      const hidden = await server.api(`/companies/${CID}`, { token: await ajeno() });
      expect(hidden.status).toBe(404);
    });

    it('a company.manage user changes the new-device code policy, and sign-in follows it at once', async () => {
      const admin = await tokenOf(server, 'admin');
      const on = await patchCompany(admin, { newDeviceCodeRequired: true });
      expect(on.status).toBe(200);
      expect((await on.json()).newDeviceCodeRequired).toBeTrue();
      const login = await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Carga#2026', deviceId: 'device-never-seen-0001' } });
      expect(login.status).toBe(401);
      expect(await codeOf(login)).toBe('DEVICE_CODE_REQUIRED');

      expect((await patchCompany(admin, { newDeviceCodeRequired: false })).status).toBe(200);
      const again = await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Carga#2026', deviceId: 'device-never-seen-0002' } });
      expect(again.status).toBe(200);

      const audit = await auditEntries(server, { action: 'company.update', outcome: 'ok', userId: 'admin' });
      expect(audit.some((a) => JSON.stringify(a.details) === JSON.stringify({ before: { newDeviceCodeRequired: false }, after: { newDeviceCodeRequired: true } }))).toBeTrue();
    });

    it('changes contact data and the authorization policy (0–2 signatures)', async () => {
      const admin = await tokenOf(server, 'admin');
      const res = await patchCompany(admin, { phone: '02125550101', contact: { name: 'María Pérez', email: 'maria@alimentos.example' }, authorizationPolicy: { signaturesRequired: 2 } });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.authorizationPolicy).toEqual({ signaturesRequired: 2 });
      expect(body.contact.name).toBe('María Pérez');
      expect((await (await server.api(`/companies/${CID}`, { token: admin })).json()).phone).toBe('02125550101');
      expect((await patchCompany(admin, { authorizationPolicy: { signaturesRequired: 1 } })).status).toBe(200);
    });

    it('refuses members without company.manage (403), other companies (404) and operator-only fields', async () => {
      const carga = await tokenOf(server, 'carga');
      const refused = await patchCompany(carga, { phone: '02120000000' });
      expect(refused.status).toBe(403);
      expect((await patchCompany(await ajeno(), { phone: '02120000000' })).status).toBe(404);
      const admin = await tokenOf(server, 'admin');
      for (const body of [{ legalName: 'Otra razón social' }, { status: 'inactive' }, { taxId: 'J999999999' }]) {
        const res = await patchCompany(admin, body);
        expect(res.status).withContext(JSON.stringify(body)).toBe(400);
        expect(await codeOf(res)).toBe('VALIDATION');
      }
    });

    it('refuses bad bodies with the field that is wrong', async () => {
      const admin = await tokenOf(server, 'admin');
      for (const body of [{}, { authorizationPolicy: { signaturesRequired: 3 } }, { newDeviceCodeRequired: 'no' }, { contact: { name: 'x', email: 'mal' } }]) {
        const res = await patchCompany(admin, body);
        expect(res.status).withContext(JSON.stringify(body)).toBe(400);
        const error = (await res.json()).error;
        expect(error.details.length).withContext(JSON.stringify(body)).toBeGreaterThan(0);
      }
      const res = await patchCompany(admin, { authorizationPolicy: { signaturesRequired: 3 } });
      expect((await res.json()).error.details[0].field).toBe('authorizationPolicy.signaturesRequired');
    });
  });

  describe('branches', () => {
    const branches = (token: string, companyId = CID) => server.api(`/companies/${companyId}/branches`, { token });
    const createBranch = (token: string, json: unknown, companyId = CID) =>
      server.api(`/companies/${companyId}/branches`, { method: 'POST', token, json });
    const patchBranch = (token: string, code: string, json: unknown) =>
      server.api(`/companies/${CID}/branches/${code}`, { method: 'PATCH', token, json });

    it('lists the branches to every member', async () => {
      const res = await branches(await tokenOf(server, 'carga'));
      expect(res.status).toBe(200);
      const items = (await res.json()).items as { code: string; name: string }[];
      expect(items.slice(0, 2).map((b) => [b.code, b.name])).toEqual([['001', 'Caracas Centro'], ['002', 'Valencia']]);
      expect((await branches(await ajeno())).status).toBe(404);
    });

    it('creates (code upper-cased, unique) and edits a branch; devices read the same document', async () => {
      const admin = await tokenOf(server, 'admin');
      const res = await createBranch(admin, { code: 'mcbo1', name: 'Maracaibo Norte', city: 'Maracaibo', state: 'Zulia', phone: '02617654321' });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual(jasmine.objectContaining({ code: 'MCBO1', name: 'Maracaibo Norte', state: 'Zulia', address: null }));
      const again = await createBranch(admin, { code: 'MCBO1', name: 'Otra' });
      expect(again.status).toBe(409);
      expect(await codeOf(again)).toBe('BRANCH_EXISTS');

      const edited = await patchBranch(admin, 'MCBO1', { name: 'Maracaibo Norte II', city: null, address: 'Av. 5 de Julio' });
      expect(edited.status).toBe(200);
      expect(await edited.json()).toEqual(jasmine.objectContaining({ name: 'Maracaibo Norte II', city: null, address: 'Av. 5 de Julio' }));
      const doc = await server.ctx.store.use(`co_${CID}_branches`).get('branch:MCBO1');
      expect(doc).toEqual(jasmine.objectContaining({ type: 'branch', code: 'MCBO1', name: 'Maracaibo Norte II' }));
      expect('city' in doc).toBeFalse();

      const audit = await auditEntries(server, { companyId: CID, outcome: 'ok', userId: 'admin' });
      expect(audit.filter((a) => a.action === 'branch.create' || a.action === 'branch.update').length).toBe(2);
    });

    it('refuses members without company.manage, unknown branches and bad bodies', async () => {
      const carga = await tokenOf(server, 'carga');
      expect((await createBranch(carga, { code: 'X1', name: 'X' })).status).toBe(403);
      expect((await patchBranch(carga, '001', { name: 'X' })).status).toBe(403);
      expect((await createBranch(await ajeno(), { code: 'X1', name: 'X' })).status).toBe(404);
      const admin = await tokenOf(server, 'admin');
      const unknown = await patchBranch(admin, 'NOPE9', { name: 'X' });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error).toEqual(jasmine.objectContaining({ code: 'BRANCH_NOT_FOUND', message: 'Sucursal no encontrada.' }));
      for (const body of [{ code: 'A-1', name: 'X' }, { code: 'ABCDEFGHIJK', name: 'X' }, { code: 'A1' }, { code: 'A1', name: 'X', phone: '12' }, { code: 'A1', name: 'X', extra: 1 }]) {
        const res = await createBranch(admin, body);
        expect(res.status).withContext(JSON.stringify(body)).toBe(400);
      }
      for (const body of [{}, { code: 'B2' }, { name: '' }]) {
        expect((await patchBranch(admin, '001', body)).status).withContext(JSON.stringify(body)).toBe(400);
      }
    });
  });

  describe('operator: companies and products', () => {
    const company = (id: string, taxId: string) => ({
      id,
      taxId,
      legalName: `Empresa ${id} C.A.`,
      tradeName: `Empresa ${id}`,
      address: 'Av. Libertador, Caracas',
      phone: '02125550000',
      contact: { name: 'Contacto', email: `contacto@${id}.example` },
      authorizationPolicy: { signaturesRequired: 1 },
    });
    const product = { ...DEMO_PRODUCTS[0], code: 'NOMI', name: 'Nómina', kind: 'payroll', bin: '627100' };

    it('creates a company with its databases and a product with its master account at zero', async () => {
      const operator = await tokenOf(server, 'operador');
      const res = await server.api('/operator/companies', { method: 'POST', token: operator, json: company('nueva01', 'J400000004') });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual(jasmine.objectContaining({ id: 'nueva01', status: 'active', newDeviceCodeRequired: true }));
      expect(await server.ctx.store.client.db.list()).toContain('co_nueva01_branches');

      const created = await server.api('/operator/companies/nueva01/products', { method: 'POST', token: operator, json: product });
      expect(created.status).toBe(201);
      expect(await created.json()).toEqual(jasmine.objectContaining({ code: 'NOMI', bin: '627100', fees: product.fees, limits: jasmine.objectContaining({ maxLoadCents: product.limits.maxLoadCents }) }));
      const account = await server.ctx.store.use('co_nueva01_accounts').get('account:NOMI');
      expect(account).toEqual(jasmine.objectContaining({ balanceCents: 0, productCode: 'NOMI' }));
      const dup = await server.api('/operator/companies/nueva01/products', { method: 'POST', token: operator, json: product });
      expect(dup.status).toBe(409);

      const list = await server.api('/operator/companies', { token: operator });
      expect((await list.json()).items.map((c: { id: string }) => c.id)).toEqual(jasmine.arrayContaining([CID, 'ajena01', 'nueva01']));
      const audit = await auditEntries(server, { userId: 'operador', outcome: 'ok' });
      expect(audit.map((a) => a.action)).toEqual(jasmine.arrayContaining(['company.create', 'product.create']));
    });

    it('refuses a second company with the same id or tax id, and bad bodies', async () => {
      const operator = await tokenOf(server, 'operador');
      const post = (json: unknown) => server.api('/operator/companies', { method: 'POST', token: operator, json });
      const sameId = await post(company(CID, 'J500000005'));
      expect(sameId.status).toBe(409);
      expect(await codeOf(sameId)).toBe('COMPANY_EXISTS');
      const sameTax = await post(company('dupl01', 'J000000001'));
      expect(sameTax.status).toBe(409);
      expect(await codeOf(sameTax)).toBe('TAX_ID_EXISTS');
      for (const body of [{}, company('Mayus', 'J600000006'), company('bien01', '123'), { ...company('bien02', 'J600000007'), authorizationPolicy: { signaturesRequired: 5 } }]) {
        expect((await post(body)).status).withContext(JSON.stringify(body)).toBe(400);
      }
      const badProduct = await server.api(`/operator/companies/${CID}/products`, { method: 'POST', token: operator, json: { ...product, bin: '12' } });
      expect(badProduct.status).toBe(400);
      expect((await server.api('/operator/companies/nohay99/products', { method: 'POST', token: operator, json: product })).status).toBe(404);
    });

    it('switches a company off: its users lose it at their next sign-in', async () => {
      const operator = await tokenOf(server, 'operador');
      const patch = (json: unknown) => server.api('/operator/companies/ajena01', { method: 'PATCH', token: operator, json });
      const off = await patch({ status: 'inactive', legalName: 'Ajena Inactiva C.A.' });
      expect(off.status).toBe(200);
      expect(await off.json()).toEqual(jasmine.objectContaining({ status: 'inactive', legalName: 'Ajena Inactiva C.A.' }));
      expect((await signIn(server, 'ajeno', 'Clave-Segura-2026')).user.companies).toEqual([]);
      expect((await patch({ status: 'active' })).status).toBe(200);
      expect((await signIn(server, 'ajeno', 'Clave-Segura-2026')).user.companies.map((c) => c.id)).toEqual(['ajena01']);
      expect((await patch({ taxId: 'J000000009' })).status).toBe(400);
      const unknown = await server.api('/operator/companies/nohay99', { method: 'PATCH', token: operator, json: { status: 'inactive' } });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error).toEqual(jasmine.objectContaining({ code: 'COMPANY_NOT_FOUND', message: 'Empresa no encontrada.' }));
    });
  });
});
