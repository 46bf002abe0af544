import { Writable } from 'node:stream';
import { setCompanyDeviceCodePolicy } from './accounts/accounts.service';
import { createKey, withKey } from './api-keys/api-keys.testing';
import { DEMO_COMPANY_ID } from './demo/demo-data';
import { createLogger } from './logger';
import { otpFor } from './orders/testing/order-helpers';
import { outboxOf, signIn, waitForMail } from './testing/helpers';
import { startTestServer, type TestServer } from './testing/test-server';

/** Everything the server logs at the most verbose level, through a whole session, holds no secret. */
describe('logs carry no secrets', () => {
  let server: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    server = await startTestServer({}, { log: createLogger('trace', sink) });
  });
  afterAll(async () => server.close());

  it('after sign-in, refresh, a failed sign-in, recovery and reset', async () => {
    const session = await signIn(server, 'admin', 'Admin#2026');
    const refreshed = await (await server.api('/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } })).json();
    await server.api('/auth/login', { method: 'POST', json: { userId: 'admin', password: 'Wrong-Secret-123' } });
    await server.api('/auth/recover', { method: 'POST', json: { login: 'carga', taxId: 'J000000001', email: 'carga@alimentos-demo.example' } });
    const mail = await waitForMail(server, 'carga@alimentos-demo.example');
    const resetToken = decodeURIComponent(mail.text.match(/token=([^\s"<]+)/)![1]);
    expect((await server.api('/auth/reset', { method: 'POST', json: { token: resetToken, newPassword: 'Una-Nueva-Clave-9' } })).status).toBe(204);
    await server.api('/me', { token: refreshed.accessToken });

    const logged = lines.join('');
    expect(lines.length).toBeGreaterThan(5); // the requests were logged
    for (const secret of [
      'Admin#2026',
      'Wrong-Secret-123',
      'Una-Nueva-Clave-9',
      session.accessToken,
      session.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
      resetToken,
    ]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('after a new-device code, a step-up, an ERP key, a one-time code, a password change and a manager\'s reset', async () => {
    const cid = DEMO_COMPANY_ID;
    const secrets: string[] = [];
    // new-device code (policy switched on for this test)
    await setCompanyDeviceCodePolicy(server.ctx, cid, true);
    try {
      const sent = outboxOf(server).filter((m) => m.to === 'firma2@alimentos-demo.example').length;
      const first = await server.api('/auth/login', { method: 'POST', json: { userId: 'firma2', password: 'Firma2#2026', deviceId: 'log-device-0001' } });
      expect((await first.json()).error.code).toBe('DEVICE_CODE_REQUIRED');
      const deviceCode = /código de verificación es: ([0-9]{6})/.exec((await waitForMail(server, 'firma2@alimentos-demo.example', sent)).text)![1];
      const withCode = await server.api('/auth/login', {
        method: 'POST',
        json: { userId: 'firma2', password: 'Firma2#2026', deviceId: 'log-device-0001', deviceCode },
      });
      expect(withCode.status).toBe(200);
      secrets.push(deviceCode, 'log-device-0001', (await withCode.json()).refreshToken);
    } finally {
      await setCompanyDeviceCodePolicy(server.ctx, cid, false);
    }

    // an ERP key, created with a step-up password, then used in X-Api-Key
    const admin = await signIn(server, 'admin', 'Admin#2026');
    const created = await createKey(server, admin.accessToken, 'Admin#2026', ['cards.view'], 'ERP registro');
    expect((await withKey(server, created.key, `/companies/${cid}/cards?limit=1`)).status).toBe(200);
    secrets.push(created.key, admin.accessToken, admin.refreshToken);

    // a one-time code for a payment
    const firma1 = await signIn(server, 'firma1', 'Firma1#2026');
    secrets.push(await otpFor(server, firma1.accessToken, 'firma1', 'order.pay'), firma1.accessToken);

    // a manager creates a user (temporary password in the answer), who changes it
    const createdUser = await server.api(`/companies/${cid}/users`, {
      method: 'POST',
      token: admin.accessToken,
      json: { userId: 'registro.log', name: 'Registro', email: 'registro@alimentos-demo.example', permissions: ['cards.view'] },
    });
    expect(createdUser.status).toBe(201);
    const temporaryPassword = (await createdUser.json()).temporaryPassword as string;
    const newcomer = await signIn(server, 'registro.log', temporaryPassword);
    const changed = await server.api('/auth/password', {
      method: 'POST',
      token: newcomer.accessToken,
      json: { currentPassword: temporaryPassword, newPassword: 'Propia-Clave-Registro-7' },
    });
    expect(changed.status).toBe(200);
    const reset = await server.api('/users/registro.log/password-reset', { method: 'POST', token: admin.accessToken });
    expect(reset.status).toBe(200);
    secrets.push(temporaryPassword, 'Propia-Clave-Registro-7', (await reset.json()).temporaryPassword, newcomer.accessToken, newcomer.refreshToken);

    const logged = lines.join('');
    expect(logged).toContain('"path":"/auth/login"'); // the requests were logged...
    for (const secret of secrets) expect(logged).withContext(secret.slice(0, 4)).not.toContain(secret); // ...without a secret
    expect(logged).not.toContain('Firma2#2026');
    expect(logged).not.toContain('Admin#2026');
    expect(logged).not.toMatch(/\$argon2id\$/);
  });

  it('redacts every secret-bearing field even when a careless line logs a whole body or request', () => {
    const captured: string[] = [];
    const log = createLogger('trace', new Writable({ write: (chunk, _enc, done) => (captured.push(String(chunk)), done()) }));
    const secrets = {
      password: 'S-password-1',
      currentPassword: 'S-current-2',
      newPassword: 'S-new-3',
      temporaryPassword: 'S-temporary-4',
      token: 'S-reset-token-5',
      accessToken: 'S-access-6',
      refreshToken: 'S-refresh-7',
      deviceCode: '918273',
      deviceId: 'S-device-id-8',
      otp: '564738',
      pan: '6271001234567890',
    };
    log.info(secrets, 'top level');
    log.info({ body: secrets }, 'a body');
    const headers = { authorization: 'Bearer S-header-9', 'x-api-key': 'ce_S-api-key-10', cookie: 'S-cookie-11' };
    log.info({ req: { headers } }, 'a request');
    log.info({ headers }, 'its headers');
    log.info({ request: { headers } }, 'another request');
    const text = captured.join('');
    expect(captured.length).toBe(5);
    for (const value of [...Object.values(secrets), 'S-header-9', 'S-api-key-10', 'S-cookie-11']) expect(text).not.toContain(value);
    expect(text).toContain('[redactado]');
  });
});
