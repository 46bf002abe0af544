import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('password reset by a manager (one-time password, forced change)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const reset = (userId: string, token: string) => server.api(`/users/${userId}/password-reset`, { method: 'POST', token });

  it('gives a one-time password that works once, forces a change and closes the old sessions', async () => {
    const admin = await signIn(server, 'admin', 'Admin#2026');
    const before = await signIn(server, 'firma1', 'Firma1#2026');

    const res = await reset('firma1', admin.accessToken);
    expect(res.status).toBe(200);
    const { temporaryPassword } = await res.json();
    expect(temporaryPassword).toMatch(/^.{14}$/);

    // the old password and the old session are gone
    expect((await server.api('/auth/login', { method: 'POST', json: { userId: 'firma1', password: 'Firma1#2026' } })).status).toBe(401);
    expect((await server.api('/me', { token: before.accessToken })).status).toBe(401);
    expect((await server.api('/auth/refresh', { method: 'POST', json: { refreshToken: before.refreshToken } })).status).toBe(401);

    const forced = await signIn(server, 'firma1', temporaryPassword);
    expect(forced.mustChangePassword).toBeTrue();
    // nothing but the change is allowed until it is made
    expect((await server.api('/users/carga/unlock', { method: 'POST', token: forced.accessToken })).status).toBe(403);

    const changed = await server.api('/auth/password', {
      method: 'POST',
      token: forced.accessToken,
      json: { currentPassword: temporaryPassword, newPassword: 'Otra-Clave-Segura-77' },
    });
    expect(changed.status).toBe(200);
    expect((await changed.json()).mustChangePassword).toBeFalse();
    expect((await signIn(server, 'firma1', 'Otra-Clave-Segura-77')).mustChangePassword).toBeFalse();

    const audit = await auditEntries(server, { action: 'users.password_reset', outcome: 'ok' });
    expect(audit.length).toBe(1);
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
  });

  it('is refused without users.manage, for one’s own account, and for unknown accounts', async () => {
    const carga = await signIn(server, 'carga', 'Carga#2026');
    expect((await reset('firma2', carga.accessToken)).status).toBe(403);

    const admin = await signIn(server, 'admin', 'Admin#2026');
    const own = await reset('admin', admin.accessToken);
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe('OWN_ACCOUNT');

    expect((await reset('nobody-here', admin.accessToken)).status).toBe(404);
    // a manager cannot reach the operator account, which belongs to no company
    expect((await reset('operador', admin.accessToken)).status).toBe(404);
  });
});
