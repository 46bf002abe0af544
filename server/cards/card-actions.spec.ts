import { randomUUID } from 'node:crypto';
import type { CardRequestKind, CardRequestPayload } from '../../src/domain/requests';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { companyDb } from '../store/databases';
import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { OTHER_COMPANY_ID, cardDoc, createOtherCompany, outcomeOf, push, request, tokenOf, userWith } from '../sync/sync.testing';

const D = DEMO_COMPANY_ID;

/** A company user's actions (pushed as requests, applied by the worker) and the operator's dispatch. */
type Action = CardRequestKind | 'card.plastic-sent';

const PAYLOADS: { [K in CardRequestKind]: CardRequestPayload<K> } = {
  'card.block': {},
  'card.unblock': {},
  'card.cancel': {},
  'card.holder-update': { email: 'nuevo.correo@example.test' },
  'card.replacement': { reason: 'D', branchCode: '002' },
  'card.pin': {},
  'card.plastic-received': {},
  'card.plastic-delivered': { deliveredAt: '2026-11-25T12:00:00.000Z', receivedBy: 'Titular de prueba' },
};

/** A card state to start from (written into the company's cards database as lot processing would). */
interface StartState {
  status: 'ACTIVE' | 'BLOCKED' | 'CANCELLED';
  plasticStatus: 'AT_BANK' | 'SENT_TO_COMPANY' | 'RECEIVED_AT_COMPANY' | 'DELIVERED';
  replacementOpen?: boolean;
  pinOpen?: boolean;
}

const OK = 'APPLIED';
/**
 * The table PRODUCT.md chapter 5 asks for: every action from every state — APPLIED, or the refusal
 * code. Written out by hand (not computed from src/domain/cards), so a change of the rules shows here.
 */
const TABLE: Array<{ name: string; state: StartState; expect: Record<Action, string> }> = [
  {
    name: 'active, plastic delivered',
    state: { status: 'ACTIVE', plasticStatus: 'DELIVERED' },
    expect: {
      'card.block': OK, 'card.unblock': 'NOT_BLOCKED', 'card.cancel': OK, 'card.holder-update': OK, 'card.replacement': OK, 'card.pin': OK,
      'card.plastic-sent': 'PLASTIC_ALREADY_DELIVERED', 'card.plastic-received': 'PLASTIC_ALREADY_DELIVERED', 'card.plastic-delivered': 'PLASTIC_ALREADY_DELIVERED',
    },
  },
  {
    name: 'blocked, plastic delivered',
    state: { status: 'BLOCKED', plasticStatus: 'DELIVERED' },
    expect: {
      'card.block': 'ALREADY_BLOCKED', 'card.unblock': OK, 'card.cancel': OK, 'card.holder-update': OK, 'card.replacement': OK, 'card.pin': 'CARD_BLOCKED',
      'card.plastic-sent': 'PLASTIC_ALREADY_DELIVERED', 'card.plastic-received': 'PLASTIC_ALREADY_DELIVERED', 'card.plastic-delivered': 'PLASTIC_ALREADY_DELIVERED',
    },
  },
  {
    name: 'cancelled',
    state: { status: 'CANCELLED', plasticStatus: 'DELIVERED' },
    expect: {
      'card.block': 'CARD_CANCELLED', 'card.unblock': 'CARD_CANCELLED', 'card.cancel': 'ALREADY_CANCELLED', 'card.holder-update': 'CARD_CANCELLED',
      'card.replacement': 'CARD_CANCELLED', 'card.pin': 'CARD_CANCELLED', 'card.plastic-sent': 'CARD_CANCELLED', 'card.plastic-received': 'CARD_CANCELLED',
      'card.plastic-delivered': 'CARD_CANCELLED',
    },
  },
  {
    name: 'active, replacement plastic at the bank',
    state: { status: 'ACTIVE', plasticStatus: 'AT_BANK', replacementOpen: true },
    expect: {
      'card.block': OK, 'card.unblock': 'NOT_BLOCKED', 'card.cancel': OK, 'card.holder-update': OK, 'card.replacement': 'REPLACEMENT_IN_PROGRESS', 'card.pin': OK,
      'card.plastic-sent': OK, 'card.plastic-received': OK, 'card.plastic-delivered': 'PLASTIC_NOT_RECEIVED',
    },
  },
  {
    name: 'blocked, replacement plastic sent to the company',
    state: { status: 'BLOCKED', plasticStatus: 'SENT_TO_COMPANY', replacementOpen: true },
    expect: {
      'card.block': 'ALREADY_BLOCKED', 'card.unblock': OK, 'card.cancel': OK, 'card.holder-update': OK, 'card.replacement': 'REPLACEMENT_IN_PROGRESS',
      'card.pin': 'CARD_BLOCKED', 'card.plastic-sent': 'PLASTIC_NOT_AT_BANK', 'card.plastic-received': OK, 'card.plastic-delivered': 'PLASTIC_NOT_RECEIVED',
    },
  },
  {
    name: 'active, plastic received at the company, PIN already requested',
    state: { status: 'ACTIVE', plasticStatus: 'RECEIVED_AT_COMPANY', pinOpen: true },
    expect: {
      'card.block': OK, 'card.unblock': 'NOT_BLOCKED', 'card.cancel': OK, 'card.holder-update': OK, 'card.replacement': OK, 'card.pin': 'PIN_ALREADY_REQUESTED',
      'card.plastic-sent': 'PLASTIC_NOT_AT_BANK', 'card.plastic-received': 'PLASTIC_ALREADY_RECEIVED', 'card.plastic-delivered': OK,
    },
  },
];

const ACTIONS = Object.keys(TABLE[0].expect) as Action[];

describe('Card actions: allowed and refused by status, by permission, never across companies', () => {
  let server: TestServer;
  let admin: string;
  let operator: string;
  let template: Record<string, any>;
  let serial = 0;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await tokenOf(server, 'admin', 'Admin#2026');
    operator = await tokenOf(server, 'operador', 'Operador#2026');
    template = await cardDoc(server, 'demo-0001');
  });
  afterAll(async () => server.close());

  /** A new card in the given state (its own holder, so a PIN's REP lot finds exactly this card). */
  async function seedCard(state: StartState, companyId = D): Promise<string> {
    serial++;
    const cardId = `t-${serial}-${randomUUID().slice(0, 6)}`;
    const { _rev, history, appliedEffects, ...base } = template;
    const doc = {
      ...base,
      _id: `card:${cardId}`,
      cardId,
      companyId,
      holder: { ...base.holder, idNumber: String(30_000_000 + serial) },
      status: state.status,
      plasticStatus: state.plasticStatus,
      replacement: state.replacementOpen ? { reason: 'D', branchCode: '001', requestedAt: '2026-11-20T10:00:00.000Z', requestedBy: 'admin', effectId: 'seed' } : null,
      pinRequests: state.pinOpen ? [{ requestedAt: '2026-11-20T10:00:00.000Z', requestedBy: 'admin', effectId: 'seed-pin', status: 'REQUESTED', lotId: 'Lseed' }] : [],
    };
    await server.ctx.store.use(companyDb(companyId, 'cards')).insert(doc as never);
    return cardId;
  }

  async function pushAndWait(token: string, userId: string, kind: CardRequestKind, cardId: string) {
    const doc = request(userId, kind, cardId, PAYLOADS[kind] as never);
    const answer = await push(server, token, [doc]);
    expect(answer.body[0].ok).withContext(JSON.stringify(answer.body)).toBeTrue();
    return outcomeOf(server, doc._id);
  }

  async function dispatch(token: string, cardIds: string[], companyId = D, batchId: string = randomUUID()) {
    const res = await server.api(`/operator/companies/${companyId}/plastics/dispatch`, { method: 'POST', token, json: { batchId, cardIds } });
    return { status: res.status, body: (await res.json()) as any };
  }

  for (const row of TABLE) {
    it(`from "${row.name}": each action applied or refused with its reason`, async () => {
      const cards = new Map<Action, string>();
      for (const action of ACTIONS) cards.set(action, await seedCard(row.state));
      // push every company action at once (different cards), then the operator's dispatch
      const docs = ACTIONS.filter((a) => a !== 'card.plastic-sent').map((a) => request('admin', a as CardRequestKind, cards.get(a)!, PAYLOADS[a as CardRequestKind] as never));
      const answer = await push(server, admin, docs);
      expect(answer.body.every((r) => r.ok)).withContext(JSON.stringify(answer.body)).toBeTrue();
      const seen: Record<string, string> = {};
      for (const d of docs) {
        const r = await outcomeOf(server, d._id);
        seen[d.kind] = r.outcome.code;
        const card = await cardDoc(server, d.cardId);
        if (r.status === 'APPLIED') expect(card.history.map((h: any) => h.id)).withContext(d.kind).toEqual([d._id]);
        else expect(card.history ?? []).withContext(`${d.kind} refused leaves the card as it was`).toEqual([]);
      }
      const sent = await dispatch(operator, [cards.get('card.plastic-sent')!]);
      expect(sent.status).toBe(200);
      seen['card.plastic-sent'] = sent.body.results[0].result === 'applied' ? OK : sent.body.results[0].code;
      expect(seen).toEqual(row.expect);
    });
  }

  it('each action changes the card as the chapter says', async () => {
    const active = await seedCard({ status: 'ACTIVE', plasticStatus: 'DELIVERED' });
    expect((await pushAndWait(admin, 'admin', 'card.block', active)).status).toBe('APPLIED');
    expect((await cardDoc(server, active)).status).toBe('BLOCKED');
    expect((await pushAndWait(admin, 'admin', 'card.unblock', active)).status).toBe('APPLIED');
    expect((await cardDoc(server, active)).status).toBe('ACTIVE');
    expect((await pushAndWait(admin, 'admin', 'card.holder-update', active)).status).toBe('APPLIED');
    expect((await cardDoc(server, active)).holder.email).toBe('nuevo.correo@example.test');
    expect((await pushAndWait(admin, 'admin', 'card.holder-update', active)).outcome.code).toBe('NOTHING_TO_UPDATE');

    // replacement → operator sends → company receives → delivered
    expect((await pushAndWait(admin, 'admin', 'card.replacement', active)).status).toBe('APPLIED');
    let card = await cardDoc(server, active);
    expect([card.plasticStatus, card.replacement.branchCode, card.replacement.reason]).toEqual(['AT_BANK', '002', 'D']);
    const batchId = randomUUID();
    expect((await dispatch(operator, [active], D, batchId)).body.results).toEqual([{ cardId: active, result: 'applied' }]);
    // the same batch again (a retry) changes nothing and answers the same
    expect((await dispatch(operator, [active], D, batchId)).body.results).toEqual([{ cardId: active, result: 'applied' }]);
    card = await cardDoc(server, active);
    expect(card.plasticStatus).toBe('SENT_TO_COMPANY');
    expect(card.history.filter((h: any) => h.action === 'card.plastic-sent').length).toBe(1);
    expect((await pushAndWait(admin, 'admin', 'card.plastic-received', active)).status).toBe('APPLIED');
    expect((await pushAndWait(admin, 'admin', 'card.plastic-delivered', active)).status).toBe('APPLIED');
    card = await cardDoc(server, active);
    expect(card.plasticStatus).toBe('DELIVERED');
    expect(card.delivery).toEqual(jasmine.objectContaining({ receivedBy: 'Titular de prueba', deliveredBy: 'admin' }));
    const audit = await auditEntries(server, { action: 'card.plastic-sent', 'details.cardId': active });
    expect(audit.length).toBe(1);
    expect(audit[0]).toEqual(jasmine.objectContaining({ userId: 'operador', outcome: 'ok', companyId: D }));

    expect((await pushAndWait(admin, 'admin', 'card.cancel', active)).status).toBe('APPLIED');
    expect((await cardDoc(server, active)).status).toBe('CANCELLED');
  });

  it('a PIN request creates a one-record REP lot in the requester\'s name, once; a crash before it is finished when the request is resumed', async () => {
    // a demo card: issued cards have their holder pointer, which the lot validator looks people up by
    const cardId = 'demo-0150';
    const r = await pushAndWait(admin, 'admin', 'card.pin', cardId);
    expect(r.status).toBe('APPLIED');
    const card = await cardDoc(server, cardId);
    expect(card.pinLotPending).toBeUndefined();
    const lotId = card.pinRequests[0].lotId;
    expect(lotId).toMatch(/^L[0-9]{14}[a-z0-9]{6}$/);
    const lot = await (await server.api(`/companies/${D}/lots/${lotId}`, { token: admin })).json();
    // confirmed by the request itself: straight to the signatures and authorization (server/cards/pin-lot.spec.ts)
    expect(lot).toEqual(jasmine.objectContaining({ type: 'REP', productCode: card.productCode, recordCount: 1, errorCount: 0, status: 'PENDING_AUTHORIZATION' }));
    const records = await (await server.api(`/companies/${D}/lots/${lotId}/records?offset=0&limit=10`, { token: admin })).json();
    expect(JSON.stringify(records)).toContain(card.holder.idNumber);

    // a crash after the card write and before the lot: the card carries the effect and `pinLotPending`,
    // the request's pointer is unfinished; the worker that resumes it creates the lot (once, however often)
    const crashed = await seedCard({ status: 'ACTIVE', plasticStatus: 'DELIVERED' });
    const pending = request('firma1', 'card.pin', crashed, {});
    const db = server.ctx.store.use<any>(companyDb(D, 'cards'));
    const doc = await db.get(`card:${crashed}`);
    await db.insert({
      ...doc,
      pinLotPending: true,
      appliedEffects: [pending._id],
      history: [{ id: pending._id, at: new Date().toISOString(), action: 'card.pin', by: 'firma1', origin: 'offline-request', details: {} }],
      pinRequests: [{ requestedAt: new Date().toISOString(), requestedBy: 'firma1', effectId: pending._id, status: 'REQUESTED', lotId: null }],
    });
    const firma1 = await tokenOf(server, 'firma1', 'Firma1#2026');
    expect((await push(server, firma1, [pending])).body[0].ok).toBeTrue();
    expect((await outcomeOf(server, pending._id)).status).toBe('APPLIED');
    await push(server, firma1, [pending]); // sent again: already received, nothing more
    const after = await cardDoc(server, crashed);
    expect(after.pinLotPending).toBeUndefined();
    const resumedLot = await (await server.api(`/companies/${D}/lots/${after.pinRequests[0].lotId}`, { token: admin })).json();
    expect(resumedLot).toEqual(jasmine.objectContaining({ type: 'REP', uploadedBy: 'firma1' }));
    const all = await (await server.api(`/companies/${D}/lots?type=REP`, { token: admin })).json();
    expect(all.lots.filter((l: any) => l.fileName === `PIN-${crashed}.txt`).length).toBe(1);
  });

  it('without cards.manage every action is refused (NO_PERMISSION) and the card stays as it was', async () => {
    const viewer = await userWith(server, 'solo.consulta', D, ['cards.view']);
    const cards: string[] = [];
    const docs = [];
    for (const kind of ACTIONS.filter((a) => a !== 'card.plastic-sent') as CardRequestKind[]) {
      const cardId = await seedCard({ status: 'ACTIVE', plasticStatus: 'RECEIVED_AT_COMPANY' });
      cards.push(cardId);
      docs.push(request('solo.consulta', kind, cardId, PAYLOADS[kind] as never));
    }
    expect((await push(server, viewer, docs)).body.every((r) => r.ok)).toBeTrue();
    for (const d of docs) {
      const r = await outcomeOf(server, d._id);
      expect(r.outcome.code).withContext(d.kind).toBe('NO_PERMISSION');
      const card = await cardDoc(server, d.cardId);
      expect([card.status, card.plasticStatus, card.history ?? []]).withContext(d.kind).toEqual(['ACTIVE', 'RECEIVED_AT_COMPANY', []]);
    }
    // the operator's dispatch: a company user, even with every permission, is refused
    const atBank = await seedCard({ status: 'ACTIVE', plasticStatus: 'AT_BANK' });
    const refused = await dispatch(admin, [atBank]);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'OPERATOR_ONLY']);
    expect((await server.api(`/operator/companies/${D}/plastics`, { token: admin })).status).toBe(403);
    expect((await cardDoc(server, atBank)).plasticStatus).toBe('AT_BANK');
    // nor can a device push the operator's action as a request
    const forged = { ...request('admin', 'card.block', atBank, {}), kind: 'card.plastic-sent' };
    const pushed = await push(server, admin, [forged]);
    expect(pushed.body[0].error).toBe('forbidden');
    // without cards.view: no query
    const noView = await userWith(server, 'sin.vista', D, ['lots.upload']);
    expect((await server.api(`/companies/${D}/cards/${atBank}/history`, { token: noView })).status).toBe(403);
  });

  it('across companies: another company\'s user sees nothing and changes nothing; the operator names the company', async () => {
    await createOtherCompany(server);
    const stranger = await userWith(server, 'gestor.otra', OTHER_COMPANY_ID, ['cards.view', 'cards.manage']);
    const target = await seedCard({ status: 'ACTIVE', plasticStatus: 'AT_BANK' });
    for (const path of [`/companies/${D}/cards`, `/companies/${D}/cards/${target}`, `/companies/${D}/cards/${target}/history`]) {
      const res = await server.api(path, { token: stranger });
      expect(res.status).withContext(path).toBe(404);
    }
    // pushing into the demo company's requests: 404; a request in its own company for the demo card: not found there
    const intoDemo = request('gestor.otra', 'card.block', target, {});
    expect((await push(server, stranger, [intoDemo])).status).toBe(404);
    const own = request('gestor.otra', 'card.block', target, {}, OTHER_COMPANY_ID);
    expect((await push(server, stranger, [own], OTHER_COMPANY_ID)).body[0].ok).toBeTrue();
    expect((await outcomeOf(server, own._id, OTHER_COMPANY_ID)).outcome.code).toBe('CARD_NOT_FOUND');
    // the operator dispatching the demo card under the other company: not found there
    const wrong = await dispatch(operator, [target], OTHER_COMPANY_ID);
    expect(wrong.body.results).toEqual([jasmine.objectContaining({ cardId: target, result: 'rejected', code: 'CARD_NOT_FOUND' })]);
    const card = await cardDoc(server, target);
    expect([card.status, card.plasticStatus]).toEqual(['ACTIVE', 'AT_BANK']);
    // and the other company's operator listing shows none of the demo company's plastics
    const list = await (await server.api(`/operator/companies/${OTHER_COMPANY_ID}/plastics`, { token: operator })).json();
    expect(list.items.map((c: any) => c.cardId)).not.toContain(target);
  });
});
