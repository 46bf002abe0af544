import { randomUUID } from 'node:crypto';
import { formatLotAmount } from '../../src/domain/money';
import { createUser } from '../accounts/accounts.service';
import { findCardsOf } from '../processing/cards-access';
import { companyDb } from '../store/databases';
import { getOrNull } from '../store/documents';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { header, pollUntilValidated, uploadOk } from '../lots/lots.testing';
import { callerOf, CID, demoCard, transfer, type Caller } from '../transfers/testing/transfer-helpers';

/**
 * Card reassignment from the master transfer (PRODUCT.md chapter 5), on the real embedded store:
 * who may, which cards, what moves (holder, pointers, history) and what stays (status, balance).
 */
describe('card reassignment', () => {
  let server: TestServer;
  let firma2: Caller;
  beforeAll(async () => {
    server = await startTestServer();
    firma2 = await callerOf(server, 'firma2');
  });
  afterAll(async () => server.close());

  const cards = () => server.ctx.store.use<any>(companyDb(CID, 'cards'));
  const pointers = () => server.ctx.store.use<any>(companyDb(CID, 'holders'));
  const cardDoc = (cardId: string) => cards().get(`card:${cardId}`);
  /** demo card n is held by V(10000000 + n) */
  const demoHolderKey = (n: number) => `V${10_000_000 + n}`;

  const newPerson = (idNumber: string, extra: Record<string, string> = {}) => ({ idType: 'V', idNumber, firstName: 'Rosa Elena', lastName: 'Quintero Díaz', ...extra });

  async function reassign(caller: Caller, cardId: string, holder: unknown, options: { key?: string; password?: string; productCode?: string } = {}) {
    const res = await server.api(`/companies/${CID}/master-accounts/${options.productCode ?? 'ALIM'}/card-reassignments`, {
      method: 'POST',
      token: caller.token,
      headers: { 'Idempotency-Key': options.key ?? randomUUID() },
      json: { cardId, holder, password: options.password ?? caller.password },
    });
    return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body: await res.json() };
  }

  async function setStatus(cardId: string, status: 'ACTIVE' | 'BLOCKED' | 'CANCELLED') {
    const doc = await cardDoc(cardId);
    await cards().insert({ ...doc, status });
  }

  it('reassigns an ACTIVE card: new holder, balance kept, both holders in the history, pointers moved so lots see the new holder', async () => {
    const cardId = demoCard(171);
    // give the card a balance first: it must stay on the card
    expect((await transfer(server, firma2, { kind: 'credit', lines: [{ cardId, amountCents: 12_345 }] })).status).toBe(201);
    const before = await cardDoc(cardId);
    const oldKey = demoHolderKey(171);
    expect((await findCardsOf(server.ctx, CID, 'ALIM', [oldKey])).get(oldKey)?.cardId).toBe(cardId);

    const key = randomUUID();
    const r = await reassign(firma2, cardId, newPerson('30500171', { email: 'rosa.quintero@example.com' }), { key });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(
      jasmine.objectContaining({
        cardId,
        status: 'ACTIVE',
        balanceCents: before.balanceCents,
        previousHolder: { idType: 'V', idNumber: '10000171', name: `${before.holder.firstName} ${before.holder.lastName}` },
        holder: { idType: 'V', idNumber: '30500171', name: 'Rosa Elena Quintero Díaz' },
        replayed: false,
      }),
    );
    expect(r.body.maskedPan).toMatch(/^627100\*{6}[0-9]{4}$/);

    const after = await cardDoc(cardId);
    expect(after.holder).toEqual({ idType: 'V', idNumber: '30500171', firstName: 'Rosa Elena', lastName: 'Quintero Díaz', email: 'rosa.quintero@example.com' });
    expect(after.balanceCents).toBe(before.balanceCents);
    expect(after.balanceCents).toBeGreaterThanOrEqual(12_345);
    expect(after.status).toBe('ACTIVE');
    expect(after.maskedPan).toBe(before.maskedPan);
    expect(after.previousHolders).toEqual([jasmine.objectContaining({ idType: 'V', idNumber: '10000171', firstName: before.holder.firstName, by: 'firma2' })]);
    const entry = after.history[after.history.length - 1];
    expect(entry).toEqual(
      jasmine.objectContaining({ action: 'card.reassign', by: 'firma2', details: { from: jasmine.stringMatching(/^V10000171 /), to: 'V30500171 Rosa Elena Quintero Díaz', balanceKeptCents: before.balanceCents } }),
    );

    // the pointers: the new person's points at the card, the old person's is gone
    expect((await getOrNull(pointers(), 'person:ALIM:V30500171'))?.cardId).toBe(cardId);
    expect(await getOrNull(pointers(), `person:ALIM:${oldKey}`)).toBeNull();
    expect((await findCardsOf(server.ctx, CID, 'ALIM', ['V30500171'])).get('V30500171')?.cardId).toBe(cardId);
    expect((await findCardsOf(server.ctx, CID, 'ALIM', [oldKey])).has(oldKey)).toBeFalse();

    // the card detail shows the new holder; the history keeps the old one
    const detail = await (await server.api(`/companies/${CID}/cards/${cardId}`, { token: firma2.token })).json();
    expect(detail.holder.idNumber).toBe('30500171');
    expect(JSON.stringify(detail.history)).toContain('V10000171');

    // a REC lot: the new holder has the card, the old holder has none
    const carga = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    const rec = [header('REC', 2, 2_000), `D;V;30500171;${formatLotAmount(1_000)}`, `D;V;10000171;${formatLotAmount(1_000)}`].join('\r\n') + '\r\n';
    const recLot = (await pollUntilValidated(server, carga, (await uploadOk(server, carga, rec, { fileName: 'reasignada.txt' })).id)).lot;
    expect(recLot.errors.map((e) => [e.line, e.code])).toEqual([[3, 'E_NO_CARD']]);
    // an EMI lot: the new holder already holds a card; the old holder may be issued a new one
    const emi =
      [
        header('EMI', 2, 0),
        `D;V;30500171;Rosa Elena;Quintero Díaz;19900214;;;001;${formatLotAmount(0)}`,
        `D;V;10000171;Otro;Titular;19850101;;;001;${formatLotAmount(0)}`,
      ].join('\r\n') + '\r\n';
    const emiLot = (await pollUntilValidated(server, carga, (await uploadOk(server, carga, emi, { type: 'EMI', fileName: 'reasignada-emi.txt' })).id)).lot;
    expect(emiLot.errors.map((e) => [e.line, e.code])).toEqual([[2, 'E_CARD_EXISTS']]);

    // the same key again: the first answer, nothing changes; the same key for another person: 409
    const again = await reassign(firma2, cardId, newPerson('30500171', { email: 'rosa.quintero@example.com' }), { key });
    expect(again.status).toBe(200);
    expect(again.replayed).toBeTrue();
    expect({ ...again.body, replayed: false }).toEqual(r.body);
    expect((await cardDoc(cardId))._rev).toBe(after._rev);
    const reused = await reassign(firma2, cardId, newPerson('30500999'), { key });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const audit = await auditEntries(server, { action: 'card.reassign', userId: 'firma2', outcome: 'ok' });
    expect(audit.map((a: any) => a.details.cardId)).toContain(cardId);
    expect(audit.find((a: any) => a.details.cardId === cardId)).toEqual(jasmine.objectContaining({ companyId: CID, details: jasmine.objectContaining({ from: oldKey, to: 'V30500171' }) }));
  });

  it('reassigns a BLOCKED card and it stays blocked; reassigning it on to a third person frees the second', async () => {
    const cardId = demoCard(172);
    await setStatus(cardId, 'BLOCKED');
    const first = await reassign(firma2, cardId, newPerson('30500172'));
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('BLOCKED');
    expect((await cardDoc(cardId)).status).toBe('BLOCKED');
    const second = await reassign(firma2, cardId, { idType: 'E', idNumber: '8123456', firstName: 'Luis', lastName: 'Mora' });
    expect(second.status).toBe(200);
    const doc = await cardDoc(cardId);
    expect(doc.previousHolders.map((p: any) => p.idNumber)).toEqual(['10000172', '30500172']);
    expect(await getOrNull(pointers(), 'person:ALIM:V30500172')).toBeNull();
    expect((await findCardsOf(server.ctx, CID, 'ALIM', ['E8123456'])).get('E8123456')?.cardId).toBe(cardId);
    expect((await findCardsOf(server.ctx, CID, 'ALIM', ['V30500172', 'V10000172'])).size).toBe(0);
  });

  it('refuses a cancelled card, a new holder who holds a card of the product, the same holder, a wrong password — and changes nothing', async () => {
    const cancelled = demoCard(173);
    await setStatus(cancelled, 'CANCELLED');
    const target = demoCard(174);
    const before = await cardDoc(target);
    const cases: Array<[string, string, unknown, number, string]> = [
      ['cancelled', cancelled, newPerson('30500173'), 409, 'CARD_CANCELLED'],
      ['holds a card', target, { idType: 'V', idNumber: '10000175', firstName: 'Ya', lastName: 'Tiene' }, 409, 'HOLDER_HAS_CARD'],
      ['same holder', target, { idType: 'V', idNumber: '10000174', firstName: 'Mismo', lastName: 'Titular' }, 409, 'SAME_HOLDER'],
      ['unknown card', 'no-such-card', newPerson('30500176'), 404, 'CARD_NOT_FOUND'],
      ['bad id number', target, newPerson('12'), 400, 'VALIDATION'],
      ['bad name', target, newPerson('30500177', { firstName: 'R0sa;' }), 400, 'VALIDATION'],
    ];
    for (const [what, cardId, holder, status, code] of cases) {
      const r = await reassign(firma2, cardId, holder);
      expect(r.status).withContext(what).toBe(status);
      if (status !== 400) expect(r.body.error.code).withContext(what).toBe(code);
      expect(typeof r.body.error.message).withContext(what).toBe('string');
    }
    expect((await reassign(firma2, target, newPerson('30500178'), { productCode: 'REGA' })).body.error.code).toBe('CARD_OTHER_PRODUCT');
    const wrong = await reassign(firma2, target, newPerson('30500179'), { password: 'no-es-la-clave' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('INVALID_PASSWORD');
    const noKey = await server.api(`/companies/${CID}/master-accounts/ALIM/card-reassignments`, {
      method: 'POST',
      token: firma2.token,
      json: { cardId: target, holder: newPerson('30500180'), password: firma2.password },
    });
    expect(noKey.status).toBe(400);

    const after = await cardDoc(target);
    expect(after._rev).toBe(before._rev);
    expect((await cardDoc(cancelled)).holder.idNumber).toBe('10000173');
    expect(await getOrNull(pointers(), 'person:ALIM:V30500173')).toBeNull();
    const refused = await auditEntries(server, { action: 'card.reassign', outcome: 'refused' });
    expect(refused.map((a: any) => a.reason)).toEqual(jasmine.arrayContaining(['CARD_CANCELLED', 'HOLDER_HAS_CARD', 'SAME_HOLDER', 'CARD_OTHER_PRODUCT']));
  });

  it('needs transfers.execute: cards.manage alone or cards.view are refused', async () => {
    const cardId = demoCard(176);
    const before = await cardDoc(cardId);
    const password = 'Gestor#2026xy';
    await createUser(server.ctx, {
      userId: 'gestor-tarjetas',
      role: 'company',
      name: 'Gestor de tarjetas',
      email: 'gestor-tarjetas@alimentos-demo.example',
      password,
      mustChangePassword: false,
      memberships: [{ companyId: CID, permissions: ['cards.view', 'cards.manage'] }],
    } as never);
    const manager: Caller = { userId: 'gestor-tarjetas', password, email: '', token: (await signIn(server, 'gestor-tarjetas', password)).accessToken };
    const carga: Caller = { userId: 'carga', password: 'Carga#2026', email: '', token: (await signIn(server, 'carga', 'Carga#2026')).accessToken };
    for (const caller of [manager, carga]) {
      const r = await reassign(caller, cardId, newPerson('30500181'));
      expect(r.status).withContext(caller.userId).toBe(403);
    }
    expect((await cardDoc(cardId))._rev).toBe(before._rev);
  });

  it('two reassignments racing to give the same new person two cards: exactly one wins', async () => {
    const [a, b] = [demoCard(177), demoCard(178)];
    const results = await Promise.all([a, b].map((cardId) => reassign(firma2, cardId, newPerson('30500182'))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const holders = [(await cardDoc(a)).holder.idNumber, (await cardDoc(b)).holder.idNumber];
    expect(holders.filter((h) => h === '30500182').length).toBe(1);
    expect((await findCardsOf(server.ctx, CID, 'ALIM', ['V30500182'])).size).toBe(1);
  });
});
