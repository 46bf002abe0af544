import type { LotSummary } from '../../src/domain/lots/lot.model';
import { createCompany, createProduct, createUser } from '../accounts/accounts.service';
import * as accounts from '../accounts/accounts.store';
import { productDocId } from '../accounts/accounts.model';
import { DEMO_COMPANY, DEMO_PRODUCTS } from '../demo/demo-data';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { act, CID, emiFile, getLot, recFile, uploadOk } from './lots.testing';

describe('lot tray: confirmation, signatures, authorization, deletion', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const PASSWORDS: Record<string, string> = {
    carga: 'Carga#2026',
    firma1: 'Firma1#2026',
    firma2: 'Firma2#2026',
    admin: 'Admin#2026',
    firma3: 'Firma3#Clave-2026',
    firma4: 'Firma4#Clave-2026',
    firma5: 'Firma5#Clave-2026',
    solotarjetas: 'Tarjetas#Clave-2026',
    otra: 'Otra#Clave-2026',
    operador: 'Operador#2026',
  };
  let amount = 100;

  beforeAll(async () => {
    server = await startTestServer();
    const extra = [
      { userId: 'firma3', permissions: ['lots.sign', 'lots.authorize', 'lots.delete'] },
      { userId: 'firma4', permissions: ['lots.sign'] },
      { userId: 'firma5', permissions: ['lots.sign'] },
      { userId: 'solotarjetas', permissions: ['cards.view'] },
    ] as const;
    for (const u of extra) {
      await createUser(server.ctx, {
        userId: u.userId,
        role: 'company',
        name: u.userId,
        email: null,
        password: PASSWORDS[u.userId],
        mustChangePassword: false,
        memberships: [{ companyId: CID, permissions: [...u.permissions] }],
      });
    }
    await createCompany(server.ctx, { ...DEMO_COMPANY, id: 'cotra000001', taxId: 'J000000002', legalName: 'Otra Empresa C.A.' });
    await createProduct(server.ctx, 'cotra000001', DEMO_PRODUCTS[0]);
    await createUser(server.ctx, {
      userId: 'otra',
      role: 'company',
      name: 'Otra',
      email: null,
      password: PASSWORDS.otra,
      mustChangePassword: false,
      memberships: [{ companyId: 'cotra000001', permissions: ['lots.upload', 'lots.sign', 'lots.authorize', 'lots.delete', 'orders.view'] }],
    });
    for (const userId of Object.keys(PASSWORDS)) tokens[userId] = (await signIn(server, userId, PASSWORDS[userId])).accessToken;
  });
  afterAll(async () => server.close());

  const setPolicy = (signaturesRequired: number) =>
    accounts.updateCompany(server.ctx, CID, (c) => ({ ...c, authorizationPolicy: { signaturesRequired } }));

  const as = (userId: string, method: 'POST' | 'DELETE', path: string, json: Record<string, unknown> = {}) =>
    act(server, tokens[userId], method, path, { password: PASSWORDS[userId], ...json });

  async function expectAnswer(res: Response, status: number, code?: string): Promise<LotSummary> {
    const body = await res.json();
    expect(res.status).withContext(JSON.stringify(body)).toBe(status);
    if (code) expect(body.error?.code).toBe(code);
    return body;
  }

  /** A VALID REC lot uploaded by `by` (a fresh amount each time, so no duplicate warnings pile up). */
  const validLot = async (by = 'carga') => uploadOk(server, tokens[by], recFile(2, ++amount));

  async function pendingLot(policy: number, by = 'carga') {
    await setPolicy(policy);
    const lot = await validLot(by);
    return expectAnswer(await as(by, 'POST', `${lot.id}/confirmation`, { concept: 'Recarga de noviembre' }), 200);
  }

  it('confirmation: the uploader only, VALID only, with a concept (REC) or two emboss lines (EMI); freezes the policy', async () => {
    await setPolicy(1);
    const lot = await validLot();
    await expectAnswer(await as('carga', 'POST', `${lot.id}/confirmation`), 400, 'CONCEPT');
    await expectAnswer(await as('carga', 'POST', `${lot.id}/confirmation`, { concept: 'x'.repeat(61) }), 400, 'CONCEPT');
    await expectAnswer(await as('admin', 'POST', `${lot.id}/confirmation`, { concept: 'Recarga' }), 403, 'NOT_UPLOADER');
    await expectAnswer(await as('firma1', 'POST', `${lot.id}/confirmation`, { concept: 'Recarga' }), 403, 'FORBIDDEN');
    await expectAnswer(await as('carga', 'POST', `${lot.id}/confirmation`, { concept: 'Recarga', extra: 1 }), 400, 'VALIDATION');

    const confirmed = await expectAnswer(await as('carga', 'POST', `${lot.id}/confirmation`, { concept: 'Recarga de noviembre' }), 200);
    expect(confirmed.status).toBe('PENDING_AUTHORIZATION');
    expect(confirmed.signaturesRequired).toBe(1);
    expect(confirmed.confirmation).toEqual(jasmine.objectContaining({ by: 'carga', concept: 'Recarga de noviembre' }));
    expect(confirmed.history.map((h) => [h.action, h.from, h.to])).toEqual([
      ['validated', 'VALIDATING', 'VALID'],
      ['confirmed', 'VALID', 'PENDING_AUTHORIZATION'],
    ]);
    await expectAnswer(await as('carga', 'POST', `${lot.id}/confirmation`, { concept: 'Otra vez' }), 409, 'LOT_STATE');

    // the policy is frozen at confirmation
    await setPolicy(2);
    expect((await getLot(server, tokens.carga, lot.id)).signaturesRequired).toBe(1);

    const emi = await uploadOk(server, tokens.carga, emiFile(2, 50_000_001), { type: 'EMI' });
    await expectAnswer(await as('carga', 'POST', `${emi.id}/confirmation`, { embossLine1: 'ALIMENTOS DEMO' }), 400, 'EMBOSS_LINES');
    await expectAnswer(await as('carga', 'POST', `${emi.id}/confirmation`, { embossLine1: 'ALIMENTOS DEMO', embossLine2: 'ñandú' }), 400, 'EMBOSS_LINES');
    const ok = await expectAnswer(await as('carga', 'POST', `${emi.id}/confirmation`, { embossLine1: 'ALIMENTOS DEMO', embossLine2: 'NOMINA 2026' }), 200);
    expect(ok.confirmation).toEqual(jasmine.objectContaining({ embossLine1: 'ALIMENTOS DEMO', embossLine2: 'NOMINA 2026' }));

    const invalid = await uploadOk(server, tokens.carga, 'basura');
    await expectAnswer(await as('carga', 'POST', `${invalid.id}/confirmation`, { concept: 'x' }), 409, 'LOT_STATE');
  });

  it('policy 1: one signature (not the uploader, once per user, no more than required), then an authorizer who did not sign', async () => {
    const lot = await pendingLot(1);
    const flags = await getLot(server, tokens.firma1, lot.id);
    expect(flags.canSign).toBeTrue();
    expect(flags.canAuthorize).toBeFalse();

    await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 403, 'SIGNATURES_MISSING');
    await expectAnswer(await as('carga', 'POST', `${lot.id}/signatures`), 403, 'FORBIDDEN');
    const signed = await expectAnswer(await as('firma1', 'POST', `${lot.id}/signatures`), 200);
    expect(signed.signatures.map((s) => s.userId)).toEqual(['firma1']);
    expect(signed.canSign).toBeFalse();
    expect(signed.canWithdrawSignature).toBeTrue();
    await expectAnswer(await as('firma1', 'POST', `${lot.id}/signatures`), 403, 'ALREADY_SIGNED');
    await expectAnswer(await as('firma3', 'POST', `${lot.id}/signatures`), 403, 'SIGNATURES_COMPLETE');

    expect((await getLot(server, tokens.firma2, lot.id)).canAuthorize).toBeTrue();
    const authorized = await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 200);
    expect(authorized.status).toBe('AUTHORIZED');
    expect(authorized.authorization).toEqual(jasmine.objectContaining({ by: 'firma2' }));
    expect(authorized.history.map((h) => h.action)).toEqual(['validated', 'confirmed', 'signed', 'authorized']);

    // nothing more once authorized
    await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 409, 'LOT_STATE');
    await expectAnswer(await as('firma1', 'DELETE', `${lot.id}/signatures/mine`), 409, 'LOT_STATE');
    await expectAnswer(await as('firma1', 'DELETE', `${lot.id}`), 409, 'LOT_STATE');
    await expectAnswer(await as('firma3', 'POST', `${lot.id}/signatures`), 409, 'LOT_STATE');

    const ok = await auditEntries(server, { companyId: CID, outcome: 'ok' });
    const forLot = ok.filter((a) => (a.details as { lotId?: string })?.lotId === lot.id).map((a) => a.action);
    expect(forLot).toEqual(jasmine.arrayContaining(['lots.upload', 'lots.confirm', 'lots.sign', 'lots.authorize']));
    const refused = await auditEntries(server, { companyId: CID, outcome: 'refused', action: 'lots.sign' });
    expect(refused.filter((a) => (a.details as { lotId?: string })?.lotId === lot.id).map((a) => a.reason)).toEqual(
      jasmine.arrayContaining(['ALREADY_SIGNED', 'SIGNATURES_COMPLETE', 'LOT_STATE']),
    );
  });

  it('refuses the uploader and a signer as authorizer, and the uploader as signer', async () => {
    const lot = await pendingLot(1, 'admin');
    await expectAnswer(await as('admin', 'POST', `${lot.id}/signatures`), 403, 'OWN_LOT');
    await expectAnswer(await as('firma3', 'POST', `${lot.id}/signatures`), 200);
    await expectAnswer(await as('admin', 'POST', `${lot.id}/authorization`), 403, 'OWN_LOT');
    await expectAnswer(await as('firma3', 'POST', `${lot.id}/authorization`), 403, 'SIGNER_CANNOT_AUTHORIZE');
    expect((await getLot(server, tokens.firma3, lot.id)).canAuthorize).toBeFalse();
    await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 200);
  });

  it('policy 0: straight to authorization, no signature accepted', async () => {
    const lot = await pendingLot(0);
    expect(lot.signaturesRequired).toBe(0);
    await expectAnswer(await as('firma1', 'POST', `${lot.id}/signatures`), 403, 'SIGNATURES_COMPLETE');
    expect((await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 200)).status).toBe('AUTHORIZED');
  });

  it('policy 2: two signers, then the authorizer; a signer may withdraw until authorized', async () => {
    const lot = await pendingLot(2);
    expect(lot.signaturesRequired).toBe(2);
    await expectAnswer(await as('firma1', 'POST', `${lot.id}/signatures`), 200);
    await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 403, 'SIGNATURES_MISSING');
    await expectAnswer(await as('firma3', 'POST', `${lot.id}/signatures`), 200);
    await expectAnswer(await as('firma4', 'POST', `${lot.id}/signatures`), 403, 'SIGNATURES_COMPLETE');

    const withdrawn = await expectAnswer(await as('firma3', 'DELETE', `${lot.id}/signatures/mine`), 200);
    expect(withdrawn.signatures.map((s) => s.userId)).toEqual(['firma1']);
    await expectAnswer(await as('firma3', 'DELETE', `${lot.id}/signatures/mine`), 403, 'NOT_SIGNED');
    await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 403, 'SIGNATURES_MISSING');
    await expectAnswer(await as('firma4', 'POST', `${lot.id}/signatures`), 200);
    const done = await expectAnswer(await as('firma2', 'POST', `${lot.id}/authorization`), 200);
    expect(done.signatures.map((s) => s.userId)).toEqual(['firma1', 'firma4']);
    expect(done.history.map((h) => h.action)).toEqual(['validated', 'confirmed', 'signed', 'signed', 'signature-withdrawn', 'signed', 'authorized']);
  });

  it('a signer who lost lots.sign is not offered to withdraw the signature, which the server refuses', async () => {
    // a user of this spec alone (firma5 is locked out by another)
    const password = 'Firma6#Clave-2026';
    await createUser(server.ctx, {
      userId: 'firma6',
      role: 'company',
      name: 'firma6',
      email: null,
      password,
      mustChangePassword: false,
      memberships: [{ companyId: CID, permissions: ['lots.sign', 'lots.delete'] }],
    });
    const token = (await signIn(server, 'firma6', password)).accessToken;
    const lot = await pendingLot(2);
    await expectAnswer(await act(server, token, 'POST', `${lot.id}/signatures`, { password }), 200);
    expect((await getLot(server, token, lot.id)).canWithdrawSignature).toBeTrue();

    const users = server.ctx.store.use<{ memberships: Array<{ companyId: string; permissions: string[] }> }>('ce_users');
    await users.insert({ ...(await users.get('user:firma6')), memberships: [{ companyId: CID, permissions: ['lots.delete'] }] });
    expect((await getLot(server, token, lot.id)).canWithdrawSignature).toBeFalse();
    await expectAnswer(await act(server, token, 'DELETE', `${lot.id}/signatures/mine`, { password }), 403, 'FORBIDDEN');
  });

  it('deletion: the uploader for VALID/INVALID, lots.delete until authorized', async () => {
    const own = await validLot();
    expect(own.canDelete).toBeTrue();
    const deleted = await expectAnswer(await as('carga', 'DELETE', own.id), 200);
    expect(deleted.status).toBe('DELETED');
    expect(deleted.canDelete).toBeFalse();
    await expectAnswer(await as('carga', 'DELETE', own.id), 409, 'LOT_STATE');

    const pending = await pendingLot(1);
    await expectAnswer(await as('carga', 'DELETE', pending.id), 403, 'FORBIDDEN');
    const byOther = await validLot('admin');
    await expectAnswer(await as('carga', 'DELETE', byOther.id), 403, 'FORBIDDEN');
    await expectAnswer(await as('firma1', 'DELETE', pending.id), 200);
    await expectAnswer(await as('firma1', 'DELETE', byOther.id), 200);
    await expectAnswer(await as('solotarjetas', 'DELETE', (await validLot()).id), 403, 'FORBIDDEN');
  });

  it('a wrong password is 403 INVALID_PASSWORD, audited, and counts towards the lockout like sign-in', async () => {
    const lot = await pendingLot(1);
    for (let i = 1; i <= 4; i++) {
      const res = await act(server, tokens.firma5, 'POST', `${lot.id}/signatures`, { password: 'no-es-la-clave' });
      await expectAnswer(res, 403, 'INVALID_PASSWORD');
      expect((await accounts.getUser(server.ctx, 'firma5'))!.failedAttempts).toBe(i);
    }
    // a right one clears the count
    await expectAnswer(await as('firma5', 'DELETE', `${lot.id}/signatures/mine`), 403, 'NOT_SIGNED');
    expect((await accounts.getUser(server.ctx, 'firma5'))!.failedAttempts).toBe(4);
    await expectAnswer(await as('firma5', 'POST', `${lot.id}/signatures`), 200);
    expect((await accounts.getUser(server.ctx, 'firma5'))!.failedAttempts).toBe(0);
    await expectAnswer(await as('firma5', 'DELETE', `${lot.id}/signatures/mine`), 200);

    for (let i = 1; i <= 4; i++) {
      await expectAnswer(await act(server, tokens.firma5, 'POST', `${lot.id}/signatures`, { password: 'otra-mala' }), 403, 'INVALID_PASSWORD');
    }
    await expectAnswer(await act(server, tokens.firma5, 'POST', `${lot.id}/signatures`, { password: 'otra-mala' }), 423, 'ACCOUNT_LOCKED');
    expect((await accounts.getUser(server.ctx, 'firma5'))!.lockedAt).not.toBeNull();
    const login = await server.api('/auth/login', { method: 'POST', json: { userId: 'firma5', password: PASSWORDS.firma5 } });
    expect(login.status).toBe(423);
    expect((await server.api(`/companies/${CID}/lots/${lot.id}`, { token: tokens.firma5 })).status).toBe(401);
    expect((await getLot(server, tokens.carga, lot.id)).signatures).toEqual([]);

    const refused = await auditEntries(server, { action: 'lots.sign', outcome: 'refused', userId: 'firma5', reason: 'INVALID_PASSWORD' });
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(refused)).not.toContain('otra-mala');
    const counted = await auditEntries(server, { action: 'auth.login', userId: 'firma5', reason: 'bad_step_up_password' });
    expect(counted.length).toBe(9);
  });

  it('checks the product daily and monthly limits at confirmation (409 LIMIT_EXCEEDED)', async () => {
    await setPolicy(1);
    const set = (limits: Record<string, number | null>) =>
      server.ctx.store
        .use(`ce_companies`)
        .get(productDocId(CID, 'REGA'))
        .then((p) => server.ctx.store.use('ce_companies').insert({ ...p, limits: { ...(p as unknown as { limits: object }).limits, ...limits } }));

    await set({ dailyCardsIssued: 3 });
    const a = await uploadOk(server, tokens.carga, emiFile(2, 60_000_001, 1000, 'REGA'), { type: 'EMI', productCode: 'REGA' });
    const b = await uploadOk(server, tokens.carga, emiFile(2, 60_000_101, 1000, 'REGA'), { type: 'EMI', productCode: 'REGA' });
    const lines = { embossLine1: 'REGALO', embossLine2: 'DEMO' };
    await expectAnswer(await as('carga', 'POST', `${a.id}/confirmation`, lines), 200);
    const refused = await as('carga', 'POST', `${b.id}/confirmation`, lines);
    const body = await expectAnswer(refused, 409, 'LIMIT_EXCEEDED');
    expect((body as unknown as { error: { message: string } }).error.message).toContain('límite diario de 3 tarjetas');
    expect((await getLot(server, tokens.carga, b.id)).status).toBe('VALID');

    const message = async (res: Response) => ((await expectAnswer(res, 409, 'LIMIT_EXCEEDED')) as unknown as { error: { message: string } }).error.message;
    // a: 20.00 confirmed today; b: 20.00 more
    await set({ dailyCardsIssued: null, dailyAmountCents: 3000 });
    expect(await message(await as('carga', 'POST', `${b.id}/confirmation`, lines))).toContain('monto diario');
    await set({ dailyAmountCents: 4000, monthlyAmountCents: 3999 });
    expect(await message(await as('carga', 'POST', `${b.id}/confirmation`, lines))).toContain('monto mensual');
    await set({ dailyAmountCents: null, monthlyAmountCents: null });
    await expectAnswer(await as('carga', 'POST', `${b.id}/confirmation`, lines), 200);
  });

  it('holds the daily and monthly limits when confirmations race (MVCC reservation: exactly the room there is)', async () => {
    await setPolicy(1);
    const code = `CC${Date.now() % 100_000}`;
    const base = DEMO_PRODUCTS[1];
    await createProduct(server.ctx, CID, {
      ...base,
      code,
      bin: '627199',
      limits: { ...base.limits, dailyCardsIssued: 6, dailyAmountCents: null, monthlyAmountCents: null },
    });
    // six lots of 2 cards each, all VALID; the day has room for 3 of them
    const lots: LotSummary[] = [];
    for (let i = 0; i < 6; i++) {
      lots.push(await uploadOk(server, tokens.carga, emiFile(2, 61_000_001 + i * 10, 1000, code), { type: 'EMI', productCode: code }));
    }
    expect(lots.every((l) => l.status === 'VALID')).toBeTrue();
    const lines = { embossLine1: 'CARRERA', embossLine2: 'DEMO' };
    const answers = await Promise.all(lots.map((l) => as('carga', 'POST', `${l.id}/confirmation`, lines)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 409, 409, 409]);
    for (const r of answers) if (r.status === 409) expect((await r.json()).error.code).toBe('LIMIT_EXCEEDED');
    const after = await Promise.all(lots.map((l) => getLot(server, tokens.carga, l.id)));
    expect(after.filter((l) => l.status === 'PENDING_AUTHORIZATION').reduce((s, l) => s + l.recordCount, 0)).toBe(6);

    // a confirmed lot deleted gives its room back; a refused password keeps none of it
    const confirmed = after.find((l) => l.status === 'PENDING_AUTHORIZATION')!;
    const waiting = after.filter((l) => l.status === 'VALID');
    await expectAnswer(await as('admin', 'DELETE', `${confirmed.id}`), 200);
    await expectAnswer(await act(server, tokens.carga, 'POST', `${waiting[0].id}/confirmation`, { ...lines, password: 'mala' }), 403, 'INVALID_PASSWORD');
    await expectAnswer(await as('carga', 'POST', `${waiting[1].id}/confirmation`, lines), 200);
    await expectAnswer(await as('carga', 'POST', `${waiting[0].id}/confirmation`, lines), 409, 'LIMIT_EXCEEDED');
  });

  it('keeps companies apart (404) and requires a lot permission to read (403)', async () => {
    const lot = await validLot();
    expect((await server.api(`/companies/${CID}/lots/${lot.id}`, { token: tokens.otra })).status).toBe(404);
    expect((await server.api(`/companies/${CID}/lots`, { token: tokens.otra })).status).toBe(404);
    expect((await server.api(`/companies/cotra000001/lots`, { token: tokens.carga })).status).toBe(404);
    expect((await server.api(`/companies/cotra000001/lots/${lot.id}`, { token: tokens.operador })).status).toBe(404);
    expect((await server.api(`/companies/${CID}/lots/${lot.id}`, { token: tokens.operador })).status).toBe(200);
    const none = await server.api(`/companies/${CID}/lots/${lot.id}`, { token: tokens.solotarjetas });
    expect(none.status).toBe(403);
    expect((await server.api(`/companies/${CID}/lots`, { token: tokens.solotarjetas })).status).toBe(403);
    expect((await server.api(`/companies/${CID}/lots/${lot.id}/records`, { token: tokens.firma2 })).status).toBe(200);
    expect((await as('otra', 'POST', `${lot.id}/signatures`)).status).toBe(404);
    expect((await server.api(`/companies/${CID}/lots/${lot.id}`)).status).toBe(401);

    // a lot of the other company is not found under this one
    const other = await uploadOk(server, tokens.otra, recFile(1).replace('J000000001', 'J000000002'), { companyId: 'cotra000001' });
    expect(other.status).toBe('INVALID'); // nobody holds a card there
    expect((await server.api(`/companies/${CID}/lots/${other.id}`, { token: tokens.admin })).status).toBe(404);
  });
});
