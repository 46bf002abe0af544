import { setCompanyDeviceCodePolicy } from '../accounts/accounts.service';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { auditEntries, outboxOf, signIn, waitForMail } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * Issue 2 point 3: EVERY sign-in event goes to the append-only audit log — success, failure, lockout,
 * unlock, refresh reuse, sign-out, recovery request, reset, password change, new-device code — each
 * with user, time, origin, IP and outcome, and none with a secret in it.
 */
describe('every sign-in event is in the audit log', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const login = (json: Record<string, unknown>) => server.api('/auth/login', { method: 'POST', json });
  const mailCount = (to: string) => outboxOf(server).filter((m) => m.to === to).length;

  it('records each event once, as it happens, with user, time, origin, IP and outcome', async () => {
    const secrets: string[] = [];
    /** the entries of `action` for `userId` that the step just made */
    const step = async (action: string, userId: string | null, run: () => Promise<unknown>) => {
      const before = (await auditEntries(server, { action })).length;
      await run();
      const all = await auditEntries(server, { action });
      const added = all.slice(before).filter((e) => e.userId === userId);
      expect(added.length).withContext(action).toBeGreaterThan(0);
      for (const e of added) {
        expect(Date.parse(String(e.at))).withContext(action).not.toBeNaN();
        expect(e.origin).withContext(action).toBe('web');
        expect(typeof e.ip).withContext(action).toBe('string');
        expect(['ok', 'refused']).withContext(action).toContain(e.outcome as string);
      }
      return added;
    };

    const ok = await step('auth.login', 'carga', () => signIn(server, 'carga', 'Carga#2026'));
    expect(ok.map((e) => e.outcome)).toEqual(['ok']);
    secrets.push('Carga#2026');

    const failed = await step('auth.login', 'carga', () => login({ userId: 'carga', password: 'Mala-Clave-01' }));
    expect(failed.map((e) => [e.outcome, e.reason])).toEqual([['refused', 'bad_password']]);
    secrets.push('Mala-Clave-01');
    const unknown = await step('auth.login', 'no.existe', () => login({ userId: 'no.existe', password: 'Mala-Clave-02' }));
    expect(unknown.map((e) => e.reason)).toEqual(['unknown_user']);

    const lockout = await step('auth.lockout', 'carga', async () => {
      for (let i = 0; i < 4; i++) await login({ userId: 'carga', password: `Mala-Clave-1${i}` });
    });
    expect(lockout.map((e) => [e.outcome, e.reason])).toEqual([['ok', 'too_many_failures']]);
    const whileLocked = await step('auth.login', 'carga', () => login({ userId: 'carga', password: 'Carga#2026' }));
    expect(whileLocked.map((e) => e.reason)).toEqual(['locked']);

    const operator = await signIn(server, 'operador', 'Operador#2026');
    const unlock = await step('auth.unlock', 'operador', () => server.api('/users/carga/unlock', { method: 'POST', token: operator.accessToken }));
    expect(unlock.map((e) => [e.outcome, (e.details as { targetUserId: string }).targetUserId])).toEqual([['ok', 'carga']]);

    const session = await signIn(server, 'carga', 'Carga#2026');
    secrets.push(session.accessToken, session.refreshToken);
    const rotated = await (await server.api('/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } })).json();
    secrets.push(rotated.accessToken, rotated.refreshToken);
    const reuse = await step('auth.refresh-reuse', 'carga', async () => {
      server.clock.offsetMs = 61_000; // past the grace minute of a lost answer: a replay
      try {
        await server.api('/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
      } finally {
        server.clock.offsetMs = 0;
      }
    });
    expect(reuse.map((e) => [e.outcome, e.reason])).toEqual([['refused', 'spent_token_presented']]);

    const toSignOut = await signIn(server, 'carga', 'Carga#2026');
    secrets.push(toSignOut.refreshToken);
    const logout = await step('auth.logout', 'carga', () => server.api('/auth/logout', { method: 'POST', json: { refreshToken: toSignOut.refreshToken } }));
    expect(logout.map((e) => e.outcome)).toEqual(['ok']);

    const mail = 'firma1@alimentos-demo.example';
    const sent = mailCount(mail);
    const recover = await step('auth.recover-requested', 'firma1', () =>
      server.api('/auth/recover', { method: 'POST', json: { login: 'firma1', taxId: 'J000000001', email: mail } }),
    );
    expect(recover.map((e) => e.outcome)).toEqual(['ok']);
    const noMatch = await step('auth.recover-requested', 'firma1', () =>
      server.api('/auth/recover', { method: 'POST', json: { login: 'firma1', taxId: 'J000000001', email: 'otro@example.com' } }),
    );
    expect(noMatch.map((e) => [e.outcome, e.reason])).toEqual([['refused', 'no_match']]);
    const token = /token=([A-Za-z0-9_-]+)/.exec((await waitForMail(server, mail, sent)).text)![1];
    secrets.push(token);
    const reset = await step('auth.recover-used', 'firma1', () => server.api('/auth/reset', { method: 'POST', json: { token, newPassword: 'Recuperada-Firma-1' } }));
    expect(reset.map((e) => e.outcome)).toEqual(['ok']);
    const reused = await step('auth.recover-used', 'firma1', () => server.api('/auth/reset', { method: 'POST', json: { token, newPassword: 'Otra-Firma-Clave-2' } }));
    expect(reused.map((e) => [e.outcome, e.reason])).toEqual([['refused', 'already_used']]);
    secrets.push('Recuperada-Firma-1', 'Otra-Firma-Clave-2');

    const firma1 = await signIn(server, 'firma1', 'Recuperada-Firma-1');
    const changed = await step('auth.password-changed', 'firma1', () =>
      server.api('/auth/password', { method: 'POST', token: firma1.accessToken, json: { currentPassword: 'Recuperada-Firma-1', newPassword: 'Cambiada-Firma-3' } }),
    );
    expect(changed.map((e) => [e.outcome, e.reason])).toEqual([['ok', 'by_user']]);
    secrets.push('Cambiada-Firma-3');

    await setCompanyDeviceCodePolicy(server.ctx, DEMO_COMPANY_ID, true);
    try {
      const to = 'firma2@alimentos-demo.example';
      const before = mailCount(to);
      const codeSent = await step('auth.device-code-sent', 'firma2', () => login({ userId: 'firma2', password: 'Firma2#2026', deviceId: 'audit-device-0001' }));
      expect(codeSent.map((e) => e.outcome)).toEqual(['ok']);
      const code = /código de verificación es: ([0-9]{6})/.exec((await waitForMail(server, to, before)).text)![1];
      secrets.push(code);
      const wrong = await step('auth.device-verified', 'firma2', () =>
        login({ userId: 'firma2', password: 'Firma2#2026', deviceId: 'audit-device-0001', deviceCode: code === '000000' ? '000001' : '000000' }),
      );
      expect(wrong.map((e) => [e.outcome, e.reason])).toEqual([['refused', 'wrong_code']]);
      const verified = await step('auth.device-verified', 'firma2', () => login({ userId: 'firma2', password: 'Firma2#2026', deviceId: 'audit-device-0001', deviceCode: code }));
      expect(verified.map((e) => e.outcome)).toEqual(['ok']);
    } finally {
      await setCompanyDeviceCodePolicy(server.ctx, DEMO_COMPANY_ID, false);
    }

    // nothing secret in any entry of the log
    const everything = JSON.stringify((await server.ctx.store.use('ce_audit').list({ include_docs: true })).rows);
    for (const secret of secrets) expect(everything).withContext(secret.slice(0, 6)).not.toContain(secret);
    expect(everything).not.toContain('$argon2');
  });
});
