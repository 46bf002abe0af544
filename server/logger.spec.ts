import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { signIn, waitForMail } from './testing/helpers';
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
});
