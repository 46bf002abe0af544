import { settlePendingWork } from '../auth/auth.service';
import { outboxOf } from '../testing/helpers';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink';
import { startTestServer, type TestServer } from '../testing/test-server';

const ANSWER = { message: 'Si los datos coinciden, enviaremos un correo con las instrucciones.' };

/** Quoted-printable (RFC 2045) as nodemailer writes a Spanish text body. */
function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Issue 2 point 3: mail goes through SMTP when SMTP_URL is set (the outbox folder is only the fallback). */
describe('mail through SMTP when SMTP_URL is set', () => {
  let sink: SmtpSink;
  let server: TestServer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({ SMTP_URL: sink.url, PUBLIC_URL: 'https://portal.example' });
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  async function nextMessage(count: number) {
    const deadline = Date.now() + 10_000;
    while (sink.messages.length <= count) {
      if (Date.now() > deadline) throw new Error('no SMTP message within 10 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    return sink.messages[count];
  }

  it('delivers the recovery mail to the SMTP server, with a working link, and writes nothing to the outbox', async () => {
    const before = sink.messages.length;
    const res = await server.api('/auth/recover', {
      method: 'POST',
      json: { login: 'carga', taxId: 'J000000001', email: 'carga@alimentos-demo.example' },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual(ANSWER);
    const message = await nextMessage(before);
    expect(message.to).toEqual(['carga@alimentos-demo.example']);
    expect(message.from).toBe('no-responder@conexion-empresas.local');
    expect(message.data).toMatch(/^To: carga@alimentos-demo\.example\r?$/m);
    expect(message.data).toMatch(/^Subject: .+$/m);
    const body = decodeQuotedPrintable(message.data);
    expect(body).toContain('Su usuario es: carga');
    const token = /https:\/\/portal\.example\/restablecer\?token=([A-Za-z0-9_-]+)/.exec(body)![1];
    expect(outboxOf(server)).toEqual([]);

    // the link from the SMTP message works (once)
    const reset = await server.api('/auth/reset', { method: 'POST', json: { token, newPassword: 'Por-Smtp-Clave-2026' } });
    expect(reset.status).toBe(204);
    const signIn = await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Por-Smtp-Clave-2026' } });
    expect(signIn.status).toBe(200);
  });

  it('an unreachable SMTP server changes nothing in the answer (the same 202) and writes no outbox file instead', async () => {
    const broken = await startTestServer({ SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const res = await broken.api('/auth/recover', {
        method: 'POST',
        json: { login: 'firma1', taxId: 'J000000001', email: 'firma1@alimentos-demo.example' },
      });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual(ANSWER);
      await settlePendingWork(broken.ctx); // the delivery, tried after answering, has failed
      expect(outboxOf(broken)).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});
