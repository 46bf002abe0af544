import { createCompany, createUser } from '../accounts/accounts.service';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { tokenOf } from '../orders/testing/order-helpers';
import type { Permission } from '../../src/domain/permissions';

const CID = DEMO_COMPANY_ID;
const OTHER = 'otra01';

/**
 * Users of a company (PRODUCT.md chapter 2): list, create with a one-time password, permissions, block,
 * and every escalation a manager might try. Real server, real embedded store.
 */
describe('company users: management and permission escalation', () => {
  let server: TestServer;
  let seq = 0;
  /** a fresh user id per test: the specs run in random order on one store */
  const freshId = (prefix: string) => `${prefix}${++seq}${Date.now() % 100_000}`;

  beforeAll(async () => {
    server = await startTestServer();
    // a second company with its own manager, and a manager of the demo company who holds little
    await createCompany(server.ctx, {
      id: OTHER,
      taxId: 'J200000002',
      legalName: 'Otra Empresa C.A.',
      tradeName: 'Otra',
      address: 'Av. Principal, Maracay',
      phone: '02435550000',
      contact: { name: 'Pedro', email: 'pedro@otra.example' },
      authorizationPolicy: { signaturesRequired: 1 },
      newDeviceCodeRequired: false,
    });
    const make = (userId: string, memberships: { companyId: string; permissions: Permission[] }[]) =>
      createUser(server.ctx, { userId, role: 'company', name: userId, email: `${userId}@x.example`, password: 'Clave-Segura-2026', mustChangePassword: false, memberships });
    await make('otro_admin', [{ companyId: OTHER, permissions: ['users.manage', 'company.manage', 'cards.view'] }]);
    await make('gestor', [{ companyId: CID, permissions: ['users.manage', 'cards.view'] }]);
    await make('doble', [
      { companyId: CID, permissions: ['cards.view'] },
      { companyId: OTHER, permissions: ['cards.view'] },
    ]);
  });
  afterAll(async () => server.close());

  const tokenFor = async (userId: string) =>
    ['gestor', 'otro_admin', 'doble'].includes(userId)
      ? (await signIn(server, userId, 'Clave-Segura-2026')).accessToken
      : tokenOf(server, userId);
  const users = (token: string, companyId = CID) => server.api(`/companies/${companyId}/users`, { token });
  const create = (token: string, json: unknown, companyId = CID) =>
    server.api(`/companies/${companyId}/users`, { method: 'POST', token, json });
  const patch = (token: string, userId: string, json: unknown, companyId = CID) =>
    server.api(`/companies/${companyId}/users/${userId}`, { method: 'PATCH', token, json });
  const block = (token: string, userId: string, on = true, companyId = CID) =>
    server.api(`/companies/${companyId}/users/${userId}/${on ? 'block' : 'unblock'}`, { method: 'POST', token });
  const codeOf = async (res: Response) => (await res.json()).error.code as string;
  const newUser = (userId: string, permissions: Permission[] = ['cards.view']) => ({ userId, name: `Usuario ${userId}`, email: `${userId}@demo.example`, permissions });

  it('admin creates a user with a one-time password the user must change at first sign-in', async () => {
    const admin = await tokenFor('admin');
    const userId = freshId('nuevo');
    const res = await create(admin, newUser(userId.toUpperCase(), ['cards.view', 'lots.upload']));
    expect(res.status).toBe(201);
    const { user, temporaryPassword } = await res.json();
    expect(temporaryPassword).toMatch(/^.{14}$/);
    expect(user).toEqual(jasmine.objectContaining({ userId, status: 'active', locked: false, mustChangePassword: true, permissions: ['lots.upload', 'cards.view'] }));

    const first = await signIn(server, userId, temporaryPassword);
    expect(first.mustChangePassword).toBeTrue();
    expect(first.user.companies.map((c) => c.id)).toEqual([CID]);
    // until the change nothing else is allowed
    expect((await server.api(`/companies/${CID}/branches`, { token: first.accessToken })).status).toBe(403);
    const changed = await server.api('/auth/password', {
      method: 'POST',
      token: first.accessToken,
      json: { currentPassword: temporaryPassword, newPassword: 'Mi-Clave-Propia-2026' },
    });
    expect(changed.status).toBe(200);
    expect((await signIn(server, userId, 'Mi-Clave-Propia-2026')).mustChangePassword).toBeFalse();

    const listed = (await (await users(admin)).json()).items.find((u: { userId: string }) => u.userId === userId);
    expect(listed).toEqual(jasmine.objectContaining({ mustChangePassword: false, permissions: ['lots.upload', 'cards.view'] }));

    const audit = await auditEntries(server, { action: 'users.create', outcome: 'ok' });
    const mine = audit.filter((a) => (a.details as { targetUserId: string }).targetUserId === userId);
    expect(mine.length).toBe(1);
    expect(mine[0]).toEqual(jasmine.objectContaining({ userId: 'admin', companyId: CID }));
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    // the one-time password is nowhere in the store in clear
    const stored = await server.ctx.store.use('ce_users').get(`user:${userId}`);
    expect(JSON.stringify(stored)).not.toContain(temporaryPassword);
  });

  it('lists only the company users, with their permissions in that company', async () => {
    const res = await users(await tokenFor('admin'));
    expect(res.status).toBe(200);
    const items: { userId: string; permissions: string[]; otherCompanies: number }[] = (await res.json()).items;
    const ids = items.map((u) => u.userId);
    for (const id of ['admin', 'carga', 'firma1', 'firma2', 'gestor', 'doble']) expect(ids).toContain(id);
    expect(ids).not.toContain('operador');
    expect(ids).not.toContain('otro_admin');
    expect(items.find((u) => u.userId === 'carga')!.permissions).toEqual(['lots.upload', 'cards.view', 'reports.view']);
    expect(items.find((u) => u.userId === 'doble')!.otherCompanies).toBe(1);
    expect(JSON.stringify(items)).not.toContain('passwordHash');
  });

  describe('every users endpoint by permission', () => {
    const calls: [string, (token: string, companyId: string) => Promise<Response>][] = [
      ['list', (t, c) => users(t, c)],
      ['create', (t, c) => create(t, newUser(freshId('x')), c)],
      ['update', (t, c) => patch(t, 'firma1', { name: 'Firma Uno' }, c)],
      ['block', (t, c) => block(t, 'doble', true, c)],
      ['unblock', (t, c) => block(t, 'doble', false, c)],
    ];

    it('refuses a member without users.manage (403) and a user of another company (404)', async () => {
      const carga = await tokenFor('carga');
      const other = await tokenFor('otro_admin');
      for (const [name, call] of calls) {
        const refused = await call(carga, CID);
        expect(refused.status).withContext(`${name} by carga`).toBe(403);
        expect(await codeOf(refused)).withContext(name).toBe('FORBIDDEN');
        const hidden = await call(other, CID);
        expect(hidden.status).withContext(`${name} by another company's manager`).toBe(404);
        expect(await codeOf(hidden)).withContext(name).toBe('COMPANY_NOT_FOUND');
      }
      expect((await server.api(`/users/firma1/password-reset`, { method: 'POST', token: other })).status).toBe(404);
      expect((await server.api(`/users/firma1/unlock`, { method: 'POST', token: other })).status).toBe(404);
    });

    it('allows a users.manage member and the operator', async () => {
      for (const who of ['admin', 'operador']) {
        const token = await tokenFor(who);
        expect((await users(token)).status).withContext(who).toBe(200);
        expect((await create(token, newUser(freshId('ok')))).status).withContext(who).toBe(201);
        expect((await patch(token, 'carga', { name: 'Carga de lotes' })).status).withContext(who).toBe(200);
      }
      // the operator manages users of any company
      const operator = await tokenFor('operador');
      expect((await users(operator, OTHER)).status).toBe(200);
      expect((await create(operator, newUser(freshId('otro')), OTHER)).status).toBe(201);
    });

    it('audits every change with who, company and target', async () => {
      const admin = await tokenFor('admin');
      const userId = freshId('aud');
      await create(admin, newUser(userId));
      await patch(admin, userId, { permissions: ['cards.view', 'reports.view'] });
      await block(admin, userId);
      await block(admin, userId, false);
      await server.api(`/users/${userId}/password-reset`, { method: 'POST', token: admin });
      for (const action of ['users.create', 'users.permissions', 'users.block', 'users.unblock', 'users.password_reset']) {
        const found = (await auditEntries(server, { action, outcome: 'ok', userId: 'admin' })).filter(
          (a) => (a.details as { targetUserId?: string }).targetUserId === userId,
        );
        expect(found.length).withContext(action).toBe(1);
        expect(found[0].companyId).withContext(action).toBe(CID);
      }
      const change = (await auditEntries(server, { action: 'users.permissions', outcome: 'ok' })).find(
        (a) => (a.details as { targetUserId: string }).targetUserId === userId,
      )!;
      expect(change.details).toEqual(jasmine.objectContaining({ permissionsBefore: ['cards.view'], permissionsAfter: ['cards.view', 'reports.view'] }));
    });
  });

  describe('escalation attempts', () => {
    it('refuses granting a permission the manager does not hold, at creation and later', async () => {
      const gestor = await tokenFor('gestor');
      const userId = freshId('esc');
      const refused = await create(gestor, newUser(userId, ['cards.view', 'lots.authorize']));
      expect(refused.status).toBe(403);
      expect(await codeOf(refused)).toBe('PERMISSION_NOT_HELD');
      expect(await server.ctx.store.use('ce_users').get(`user:${userId}`).catch(() => null)).toBeNull();

      expect((await create(gestor, newUser(userId, ['cards.view']))).status).toBe(201);
      const grant = await patch(gestor, userId, { permissions: ['cards.view', 'orders.pay'] });
      expect(grant.status).toBe(403);
      expect(await codeOf(grant)).toBe('PERMISSION_NOT_HELD');
      // what the manager holds can be given
      const ok = await patch(gestor, userId, { permissions: ['cards.view', 'users.manage'] });
      expect(ok.status).toBe(200);
      expect((await ok.json()).permissions).toEqual(['cards.view', 'users.manage']);

      const audit = await auditEntries(server, { userId: 'gestor', outcome: 'refused', reason: 'permission_not_held' });
      expect(audit.map((a) => a.action).sort()).toEqual(jasmine.arrayContaining(['users.create', 'users.permissions']));
    });

    it('refuses taking away a permission the manager does not hold', async () => {
      const gestor = await tokenFor('gestor');
      const res = await patch(gestor, 'carga', { permissions: ['cards.view', 'reports.view'] }); // drops lots.upload
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('PERMISSION_NOT_HELD');
      const carga = (await (await users(await tokenFor('admin'))).json()).items.find((u: { userId: string }) => u.userId === 'carga');
      expect(carga.permissions).toContain('lots.upload');
    });

    it('refuses changing one’s own permissions, even to every permission one holds', async () => {
      for (const who of ['admin', 'gestor']) {
        const token = await tokenFor(who);
        const res = await patch(token, who, { permissions: ['users.manage'] });
        expect(res.status).withContext(who).toBe(403);
        expect(await codeOf(res)).withContext(who).toBe('OWN_PERMISSIONS');
      }
      // one's own name is fine
      expect((await patch(await tokenFor('gestor'), 'gestor', { name: 'Gestor de usuarios' })).status).toBe(200);
    });

    it('refuses blocking or unblocking oneself', async () => {
      const admin = await tokenFor('admin');
      for (const on of [true, false]) {
        const res = await block(admin, 'admin', on);
        expect(res.status).toBe(403);
        expect(await codeOf(res)).toBe('OWN_ACCOUNT');
      }
      expect((await signIn(server, 'admin', 'Admin#2026')).user.userId).toBe('admin');
    });

    it('refuses a password reset of a user holding permissions the manager lacks (the manager would learn their password)', async () => {
      const gestor = await tokenFor('gestor');
      const res = await server.api('/users/firma2/password-reset', { method: 'POST', token: gestor });
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('PERMISSION_NOT_HELD');
      // firma2's password still works
      expect((await signIn(server, 'firma2', 'Firma2#2026')).mustChangePassword).toBeFalse();
    });

    it('refuses touching another company’s users, through either company’s path', async () => {
      const other = await tokenFor('otro_admin');
      // firma1 is not a user of OTHER: not found there
      expect((await patch(other, 'firma1', { name: 'x' }, OTHER)).status).toBe(404);
      expect((await block(other, 'firma1', true, OTHER)).status).toBe(404);
      expect((await patch(other, 'firma1', { permissions: [] }, OTHER)).status).toBe(404);
      // nor can the demo manager reach OTHER's users, nor operators
      const admin = await tokenFor('admin');
      expect((await patch(admin, 'otro_admin', { name: 'x' })).status).toBe(404);
      expect((await block(admin, 'otro_admin')).status).toBe(404);
      expect((await patch(admin, 'operador', { name: 'x' })).status).toBe(404);
      expect((await block(admin, 'operador')).status).toBe(404);
      expect((await signIn(server, 'firma1', 'Firma1#2026')).user.userId).toBe('firma1');
    });

    it('refuses account-wide actions on a user who also belongs to a company the manager does not manage', async () => {
      const admin = await tokenFor('admin');
      for (const res of [
        await block(admin, 'doble'),
        await server.api('/users/doble/password-reset', { method: 'POST', token: admin }),
        await server.api('/users/doble/unlock', { method: 'POST', token: admin }),
        await patch(admin, 'doble', { email: 'nuevo@x.example' }),
      ]) {
        expect(res.status).toBe(403);
        expect(await codeOf(res)).toBe('OTHER_COMPANY_USER');
      }
      // this company's permissions of that user are the manager's to set
      const own = await patch(admin, 'doble', { permissions: ['cards.view', 'reports.view'] });
      expect(own.status).toBe(200);
      // the operator may do the rest
      expect((await block(await tokenFor('operador'), 'doble')).status).toBe(200);
      expect((await block(await tokenFor('operador'), 'doble', false)).status).toBe(200);
    });

    it('refuses a company user on every operator endpoint', async () => {
      const admin = await tokenFor('admin');
      const calls: [string, Promise<Response>][] = [
        ['list companies', server.api('/operator/companies', { token: admin })],
        ['create company', server.api('/operator/companies', { method: 'POST', token: admin, json: {} })],
        ['edit company', server.api(`/operator/companies/${CID}`, { method: 'PATCH', token: admin, json: { status: 'inactive' } })],
        ['create product', server.api(`/operator/companies/${CID}/products`, { method: 'POST', token: admin, json: {} })],
        ['edit product', server.api(`/companies/${CID}/products/ALIM`, { method: 'PATCH', token: admin, json: { name: 'x' } })],
      ];
      for (const [name, call] of calls) {
        const res = await call;
        expect(res.status).withContext(name).toBe(403);
        expect(await codeOf(res)).withContext(name).toBe('OPERATOR_ONLY');
      }
      // for a company they do not belong to, not even its existence
      expect((await server.api(`/operator/companies/${OTHER}`, { method: 'PATCH', token: admin, json: { status: 'inactive' } })).status).toBe(404);
      const audit = await auditEntries(server, { userId: 'admin', outcome: 'refused', reason: 'operator_only' });
      expect(audit.length).toBeGreaterThanOrEqual(2);
    });
  });

  it('blocking closes the user’s sessions and stops sign-in; unblocking restores it', async () => {
    const admin = await tokenFor('admin');
    const userId = freshId('blq');
    const { temporaryPassword } = await (await create(admin, newUser(userId))).json();
    const session = await signIn(server, userId, temporaryPassword);
    const res = await block(admin, userId);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('blocked');
    expect((await server.api('/me', { token: session.accessToken })).status).toBe(401);
    const refused = await server.api('/auth/login', { method: 'POST', json: { userId, password: temporaryPassword } });
    expect(refused.status).toBe(401);
    expect((await block(admin, userId, false)).status).toBe(200);
    expect((await signIn(server, userId, temporaryPassword)).mustChangePassword).toBeTrue();
  });

  describe('bad bodies get a clear 400', () => {
    const cases: [string, unknown][] = [
      ['user id too short', { ...newUser('ab') }],
      ['user id with spaces', { ...newUser('juan perez') }],
      ['bad e-mail', { ...newUser('juanp'), email: 'no-es-correo' }],
      ['unknown permission', { ...newUser('juanp'), permissions: ['lots.upload', 'god.mode'] }],
      ['unknown field', { ...newUser('juanp'), role: 'operator' }],
      ['a password chosen by the manager', { ...newUser('juanp'), password: 'Clave-Elegida-2026' }],
      ['missing name', { userId: 'juanp', email: 'j@x.example', permissions: [] }],
    ];
    for (const [name, body] of cases) {
      it(`create: ${name}`, async () => {
        const res = await create(await tokenFor('admin'), body);
        expect(res.status).toBe(400);
        const error = (await res.json()).error;
        expect(error.code).toBe('VALIDATION');
        expect(error.message).toBe('Datos inválidos.');
        expect(error.details.length).toBeGreaterThan(0);
      });
    }

    it('update: empty, unknown field, bad permission; malformed JSON', async () => {
      const admin = await tokenFor('admin');
      for (const body of [{}, { status: 'blocked' }, { permissions: 'cards.view' }, { email: 'x' }]) {
        const res = await patch(admin, 'carga', body);
        expect(res.status).withContext(JSON.stringify(body)).toBe(400);
      }
      const malformed = await server.api(`/companies/${CID}/users`, {
        method: 'POST',
        token: admin,
        headers: { 'content-type': 'application/json' },
        body: '{"userId": ',
      });
      expect(malformed.status).toBe(400);
      expect(await codeOf(malformed)).toBe('MALFORMED_JSON');
    });

    it('create: an existing user id is a conflict, whichever company it belongs to', async () => {
      const admin = await tokenFor('admin');
      for (const userId of ['firma1', 'otro_admin', 'operador']) {
        const res = await create(admin, newUser(userId));
        expect(res.status).withContext(userId).toBe(409);
        expect(await codeOf(res)).toBe('USER_EXISTS');
      }
    });
  });
});
