import { createUser } from '../accounts/accounts.service';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { auditEntries, outboxOf, signIn, waitForMail } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

const ANSWER = { message: 'Si los datos coinciden, enviaremos un correo con las instrucciones.' };
const CARGA_MAIL = 'carga@alimentos-demo.example';

describe('recovery of user id or password', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: 'https://portal.example' });
  });
  afterAll(async () => server.close());

  const recover = (json: unknown) => server.api('/auth/recover', { method: 'POST', json });
  const reset = (token: string, newPassword: string) => server.api('/auth/reset', { method: 'POST', json: { token, newPassword } });
  const tokenOf = (text: string) => /\/restablecer\?token=([A-Za-z0-9_-]+)/.exec(text)![1];
  const mailsTo = (to: string) => outboxOf(server).filter((m) => m.to === to).length;

  it('answers 202 with the same body whether or not the account exists', async () => {
    const cases = [
      { login: 'nadie', taxId: 'J000000001', email: 'nadie@example.com' },
      { login: 'carga', taxId: 'J999999999', email: CARGA_MAIL }, // wrong tax id
      { login: 'carga', taxId: 'J000000001', email: 'otro@example.com' }, // wrong e-mail
      { login: 'operador', taxId: 'J000000001', email: 'operador@conexion-empresas.example' }, // operators recover otherwise
    ];
    const mailsBefore = outboxOf(server).length;
    const refusedBefore = (await auditEntries(server, { action: 'auth.recover-requested', outcome: 'refused' })).length;
    for (const json of cases) {
      const res = await recover(json);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual(ANSWER);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(outboxOf(server).length).toBe(mailsBefore);
    expect((await auditEntries(server, { action: 'auth.recover-requested', outcome: 'refused' })).length).toBe(refusedBefore + 4);
  });

  it('mails a single-use link (by user id or by e-mail) that resets the password once and unlocks', async () => {
    // lock the account first: recovery also clears the lockout
    for (let i = 0; i < 5; i++) await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'wrong-wrong' } });
    const before = await signIn(server, 'admin', 'Admin#2026');
    const cargaSession = await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Carga#2026' } });
    expect(cargaSession.status).toBe(423);

    const sent = mailsTo(CARGA_MAIL);
    const res = await recover({ login: 'CARGA@alimentos-demo.example', taxId: 'j000000001', email: CARGA_MAIL });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual(ANSWER);
    const mail = await waitForMail(server, CARGA_MAIL, sent);
    expect(mail.subject).toContain('Recuperación');
    expect(mail.text).toContain('Su usuario es: carga');
    expect(mail.text).toContain('https://portal.example/restablecer?token=');
    const token = tokenOf(mail.text);

    // only the token's hash is stored
    const tokens = JSON.stringify((await server.ctx.store.use('ce_tokens').list({ include_docs: true })).rows);
    expect(tokens).not.toContain(token);

    const weak = await reset(token, 'password123');
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.code).toBe('PASSWORD_POLICY');

    expect((await reset(token, 'Recuperada-2026!')).status).toBe(204);
    const again = await reset(token, 'Otra-Vez-2026!');
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: { code: 'INVALID_TOKEN', message: 'El enlace no es válido, ya se usó o venció. Solicite uno nuevo.' },
    });

    const signedIn = await signIn(server, 'carga', 'Recuperada-2026!');
    expect(signedIn.mustChangePassword).toBeFalse();
    expect((await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Carga#2026' } })).status).toBe(401);
    expect((await server.api('/me', { token: before.accessToken })).status).toBe(200); // other users untouched
    expect((await auditEntries(server, { action: 'auth.recover-used', userId: 'carga', outcome: 'ok' })).length).toBe(1);
  });

  it('closes the user\'s open sessions when the password is reset', async () => {
    const session = await signIn(server, 'firma1', 'Firma1#2026');
    const sent = mailsTo('firma1@alimentos-demo.example');
    await recover({ login: 'firma1', taxId: 'J000000001', email: 'firma1@alimentos-demo.example' });
    const token = tokenOf((await waitForMail(server, 'firma1@alimentos-demo.example', sent)).text);
    expect((await reset(token, 'Nueva-Clave-Firma-9')).status).toBe(204);
    expect((await server.api('/me', { token: session.accessToken })).status).toBe(401);
    expect((await server.api('/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } })).status).toBe(401);
  });

  it('refuses a link after 15 minutes', async () => {
    const sent = mailsTo('firma2@alimentos-demo.example');
    await recover({ login: 'firma2', taxId: 'J000000001', email: 'firma2@alimentos-demo.example' });
    const token = tokenOf((await waitForMail(server, 'firma2@alimentos-demo.example', sent)).text);
    server.clock.offsetMs = 15 * 60_000 + 1000;
    try {
      const res = await reset(token, 'Tarde-Clave-2026');
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('INVALID_TOKEN');
    } finally {
      server.clock.offsetMs = 0;
    }
    expect((await server.api('/auth/login', { method: 'POST', json: { userId: 'firma2', password: 'Firma2#2026' } })).status).toBe(200);
    expect((await auditEntries(server, { action: 'auth.recover-used', userId: 'firma2', reason: 'expired' })).length).toBe(1);
  });

  it('accepts a link until its 15 minutes are up', async () => {
    // a user of its own: the specs run in random order on one store
    const to = 'a.tiempo@alimentos-demo.example';
    await createUser(server.ctx, {
      userId: 'a.tiempo',
      role: 'company',
      name: 'A Tiempo',
      email: to,
      password: 'Inicial-Clave-2026',
      mustChangePassword: false,
      memberships: [{ companyId: DEMO_COMPANY_ID, permissions: ['cards.view'] }],
    });
    const sent = mailsTo(to);
    await recover({ login: 'a.tiempo', taxId: 'J000000001', email: to });
    const token = tokenOf((await waitForMail(server, to, sent)).text);
    server.clock.offsetMs = 15 * 60_000 - 10_000;
    try {
      expect((await reset(token, 'A-Tiempo-Clave-2026')).status).toBe(204);
    } finally {
      server.clock.offsetMs = 0;
    }
    expect((await server.api('/auth/login', { method: 'POST', json: { userId: 'a.tiempo', password: 'A-Tiempo-Clave-2026' } })).status).toBe(200);
  });

  it('refuses unknown and malformed tokens with 400', async () => {
    expect((await reset('A'.repeat(43), 'Valida-Clave-2026')).status).toBe(400);
    const bad = await server.api('/auth/reset', { method: 'POST', json: { token: { $ne: null }, newPassword: 'x' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('VALIDATION');
  });
});
