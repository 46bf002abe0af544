import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { CID, json, otpFor, tokenOf } from '../orders/testing/order-helpers';
import { consumeOneTimeCode } from './one-time-codes.service';
import { oneTimeCodeDocId } from './one-time-codes.store';

describe('one-time codes', () => {
  let server: TestServer;
  const meta = { ip: '127.0.0.1', origin: 'web' as const };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const consume = (code: string, purpose: 'order.pay' | 'order.generate' = 'order.pay', userId = 'firma1') =>
    consumeOneTimeCode(server.ctx, { userId, companyId: CID, purpose, code }, meta).then(
      () => 'ok',
      (err) => err.code as string,
    );

  it('mails a 6-digit code; only its HMAC is stored; the answer masks the address', async () => {
    const token = await tokenOf(server, 'firma1');
    const res = await server.api(`/companies/${CID}/one-time-codes`, { method: 'POST', token, json: { purpose: 'order.pay' } });
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body.sentTo).toBe('f***@alimentos-demo.example');
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const code = await otpFor(server, token, 'firma1', 'order.pay');
    const doc = await server.ctx.store.use('ce_tokens').get(oneTimeCodeDocId('firma1', CID, 'order.pay'));
    const text = JSON.stringify(doc);
    expect(text).not.toContain(`"${code}"`);
    expect((doc as unknown as { codeHash: string }).codeHash).toMatch(/^[0-9a-f]{64}$/);
    const sent = await auditEntries(server, { action: 'otp.sent', userId: 'firma1' });
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(sent)).not.toContain(code);
    expect(await consume(code)).toBe('ok');
  });

  it('is single use, even for two requests at once', async () => {
    const token = await tokenOf(server, 'firma1');
    const code = await otpFor(server, token, 'firma1', 'order.pay');
    const outcomes = await Promise.all([consume(code), consume(code), consume(code)]);
    expect(outcomes.filter((o) => o === 'ok').length).toBe(1);
    expect(outcomes.filter((o) => o === 'OTP_INVALID').length).toBe(2);
  });

  it('allows 5 tries: after 5 wrong codes the right one is refused', async () => {
    const token = await tokenOf(server, 'firma1');
    const code = await otpFor(server, token, 'firma1', 'order.pay');
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) expect(await consume(wrong)).toBe('OTP_INVALID');
    expect(await consume(code)).toBe('OTP_INVALID');
  });

  it('4 wrong tries still leave the right code usable', async () => {
    const token = await tokenOf(server, 'firma1');
    const code = await otpFor(server, token, 'firma1', 'order.pay');
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 4; i++) expect(await consume(wrong)).toBe('OTP_INVALID');
    expect(await consume(code)).toBe('ok');
  });

  it('expires after 10 minutes', async () => {
    const token = await tokenOf(server, 'firma1');
    const code = await otpFor(server, token, 'firma1', 'order.pay');
    server.clock.offsetMs = 10 * 60_000 + 1000;
    try {
      expect(await consume(code)).toBe('OTP_INVALID');
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('is bound to its purpose and user, and a new request replaces the old code', async () => {
    const token = await tokenOf(server, 'firma1');
    const first = await otpFor(server, token, 'firma1', 'order.pay');
    expect(await consume(first, 'order.generate')).toBe('OTP_INVALID');
    expect(await consume(first, 'order.pay', 'firma2')).toBe('OTP_INVALID');
    const second = await otpFor(server, token, 'firma1', 'order.pay');
    if (second !== first) expect(await consume(first)).toBe('OTP_INVALID');
    expect(await consume(second)).toBe('ok');
    expect(await consume('12345')).toBe('OTP_INVALID');
  });

  it('is given only for what the user may do, in their companies; bad input is 400', async () => {
    const carga = await tokenOf(server, 'carga');
    const post = (token: string, body: unknown, cid = CID) =>
      server.api(`/companies/${cid}/one-time-codes`, { method: 'POST', token, json: body });
    expect((await post(carga, { purpose: 'order.generate' })).status).toBe(403);
    expect((await post(carga, { purpose: 'order.pay' })).status).toBe(403);
    const firma1 = await tokenOf(server, 'firma1');
    expect((await post(firma1, { purpose: 'transfer' })).status).toBe(202);
    expect((await post(firma1, { purpose: 'funding' })).status).toBe(202);
    expect((await post(firma1, { purpose: 'nope' })).status).toBe(400);
    expect((await post(firma1, { purpose: 'order.pay', extra: 1 })).status).toBe(400);
    expect((await post(firma1, { purpose: 'order.pay' }, 'cother00001')).status).toBe(404);
    expect((await server.api(`/companies/${CID}/one-time-codes`, { method: 'POST', json: { purpose: 'order.pay' } })).status).toBe(401);
  });
});
