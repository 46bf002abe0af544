import { createCompany, createProduct, createUser, setCompanyDeviceCodePolicy } from '../accounts/accounts.service';
import { DEMO_COMPANY_ID, DEMO_PRODUCTS } from '../demo/demo-data';
import { auditEntries, signIn, waitForMail, outboxOf } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('new-device code', () => {
  let server: TestServer;
  const email = 'lucia@segura.example';
  beforeAll(async () => {
    server = await startTestServer();
    // a company with the policy on (the default) and its databases
    expect(
      await createCompany(server.ctx, {
        id: 'segura01',
        taxId: 'J123456789',
        legalName: 'Segura C.A.',
        tradeName: 'Segura',
        address: 'Av. Bolívar, Valencia',
        phone: '+58 241 555 0000',
        contact: { name: 'Lucía', email },
        authorizationPolicy: { signaturesRequired: 2 },
      }),
    ).toBe('created');
    await createProduct(server.ctx, 'segura01', DEMO_PRODUCTS[0]);
    await createUser(server.ctx, {
      userId: 'lucia',
      role: 'company',
      name: 'Lucía Segura',
      email,
      password: 'Segura-Clave-2026',
      mustChangePassword: false,
      memberships: [{ companyId: 'segura01', permissions: ['cards.view'] }],
    });
  });
  afterAll(async () => server.close());

  const login = (json: Record<string, unknown>) =>
    server.api('/auth/login', { method: 'POST', json: { userId: 'lucia', password: 'Segura-Clave-2026', ...json } });
  const codeOf = (text: string) => /código de verificación es: ([0-9]{6})/.exec(text)![1];
  const mailCount = () => outboxOf(server).filter((m) => m.to === email).length;

  it('created the company databases', async () => {
    const dbs = await server.ctx.store.client.db.list();
    for (const kind of ['branches', 'cards', 'lots', 'accounts', 'ledger', 'requests']) expect(dbs).toContain(`co_segura01_${kind}`);
  });

  it('asks for an e-mailed code on an unknown device, then remembers the device', async () => {
    const deviceId = 'device-lucia-phone-0001';
    const sent = mailCount();
    const first = await login({ deviceId });
    expect(first.status).toBe(401);
    expect((await first.json()).error.code).toBe('DEVICE_CODE_REQUIRED');
    const mail = await waitForMail(server, email, sent);
    expect(mail.subject).toContain('nuevo dispositivo');
    const code = codeOf(mail.text);

    // the code is stored only as a keyed hash
    expect(JSON.stringify((await server.ctx.store.use('ce_tokens').list({ include_docs: true })).rows)).not.toContain(`"${code}"`);

    const wrongCode = code === '000000' ? '000001' : '000000';
    const wrong = await login({ deviceId, deviceCode: wrongCode });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('DEVICE_CODE_INVALID');

    const ok = await login({ deviceId, deviceCode: code });
    expect(ok.status).toBe(200);
    expect((await ok.json()).user.companies.map((c: { id: string }) => c.id)).toEqual(['segura01']);

    // same device: no code any more; the code itself is spent
    expect((await login({ deviceId })).status).toBe(200);
    expect((await login({ deviceId: 'another-device-0002', deviceCode: code })).status).toBe(401);
    expect(mailCount()).toBe(sent + 1);
    expect((await auditEntries(server, { action: 'auth.device-verified', userId: 'lucia', outcome: 'ok' })).length).toBe(1);
  });

  it('a wrong password never sends a code', async () => {
    const sent = mailCount();
    const res = await server.api('/auth/login', { method: 'POST', json: { userId: 'lucia', password: 'wrong-password', deviceId: 'device-x-000003' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('INVALID_CREDENTIALS');
    expect(mailCount()).toBe(sent);
  });

  it('a code allows 5 tries and lasts 10 minutes', async () => {
    const deviceId = 'device-lucia-tablet-0004';
    let sent = mailCount();
    await login({ deviceId });
    let code = codeOf((await waitForMail(server, email, sent)).text);
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) expect((await login({ deviceId, deviceCode: wrong })).status).toBe(401);
    expect((await login({ deviceId, deviceCode: code })).status).toBe(401); // used up

    sent = mailCount();
    await login({ deviceId });
    code = codeOf((await waitForMail(server, email, sent)).text);
    server.clock.offsetMs = 10 * 60_000 + 1000;
    try {
      expect((await login({ deviceId, deviceCode: code })).status).toBe(401);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('the demo company has the policy off; turning it on asks its users for a code', async () => {
    expect((await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Carga#2026', deviceId: 'new-device-0005' } })).status).toBe(200);
    await setCompanyDeviceCodePolicy(server.ctx, DEMO_COMPANY_ID, true);
    try {
      const res = await server.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Carga#2026', deviceId: 'new-device-0006' } });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('DEVICE_CODE_REQUIRED');
      // the operator follows the operators' setting (off in the demo), not the company's
      await signIn(server, 'operador', 'Operador#2026', { deviceId: 'new-device-0007' });
    } finally {
      await setCompanyDeviceCodePolicy(server.ctx, DEMO_COMPANY_ID, false);
    }
  });
});
