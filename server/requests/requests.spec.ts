import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { cardDoc, outcomeOf, push, request, storedRequest, tokenOf, userWith } from '../sync/sync.testing';
import { requestWorkerOf } from './requests.feature';
import { RequestWorker, type WorkerStep } from './requests.worker';
import { queueDb, queueEntryId } from './request-queue.store';

const D = DEMO_COMPANY_ID;
const rid = (docId: string) => docId.slice(4);

describe('Offline requests: the worker applies each once, in arrival order, or rejects it with a reason', () => {
  let server: TestServer;
  let admin: string;
  let second: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await tokenOf(server, 'admin', 'Admin#2026');
    second = await userWith(server, 'gestor.b', D, ['cards.view', 'cards.manage']);
  });
  afterAll(async () => server.close());

  it('two devices block the same card offline: the first applies, the second is rejected with a reason', async () => {
    const a = request('admin', 'card.block', 'demo-0010', {});
    const b = request('gestor.b', 'card.block', 'demo-0010', {});
    await push(server, admin, [a]);
    await push(server, second, [b]);
    const [ra, rb] = [await outcomeOf(server, a._id), await outcomeOf(server, b._id)];
    expect(ra.status).toBe('APPLIED');
    expect(rb.status).toBe('REJECTED');
    expect(rb.outcome).toEqual({ code: 'ALREADY_BLOCKED', message: 'La tarjeta ya estaba bloqueada.' });
    expect(rb.appliedAt).toMatch(/^\d{4}-/);
    const card = await cardDoc(server, 'demo-0010');
    expect(card.status).toBe('BLOCKED');
    expect(card.history.map((h: { id: string }) => h.id)).toEqual([a._id]);

    // unblock twice: one applies, the other finds nothing to unblock
    const u1 = request('admin', 'card.unblock', 'demo-0010', {});
    const u2 = request('gestor.b', 'card.unblock', 'demo-0010', {});
    await push(server, admin, [u1]);
    await push(server, second, [u2]);
    expect((await outcomeOf(server, u1._id)).status).toBe('APPLIED');
    expect((await outcomeOf(server, u2._id)).outcome.code).toBe('NOT_BLOCKED');
    expect((await cardDoc(server, 'demo-0010')).status).toBe('ACTIVE');
  });

  it('the plastic journey: replacement → received → delivered; a second delivery is rejected', async () => {
    const delivered = request('admin', 'card.plastic-delivered', 'demo-0011', { deliveredAt: '2026-11-20T10:00:00.000Z', receivedBy: 'Titular' });
    await push(server, admin, [delivered]);
    expect((await outcomeOf(server, delivered._id)).outcome.code).toBe('PLASTIC_ALREADY_DELIVERED');

    const rep = request('admin', 'card.replacement', 'demo-0011', { reason: 'D', branchCode: '001' });
    const badBranch = request('admin', 'card.replacement', 'demo-0012', { reason: 'D', branchCode: '999' });
    await push(server, admin, [rep, badBranch]);
    expect((await outcomeOf(server, rep._id)).status).toBe('APPLIED');
    expect((await outcomeOf(server, badBranch._id)).outcome.code).toBe('BRANCH_NOT_FOUND');
    let card = await cardDoc(server, 'demo-0011');
    expect(card.plasticStatus).toBe('AT_BANK');
    expect(card.replacement).toEqual(jasmine.objectContaining({ reason: 'D', branchCode: '001', requestedBy: 'admin' }));
    expect(card.status).toBe('ACTIVE');

    const early = request('admin', 'card.plastic-delivered', 'demo-0011', { deliveredAt: '2026-11-21T10:00:00.000Z', receivedBy: 'Titular' });
    await push(server, admin, [early]);
    expect((await outcomeOf(server, early._id)).outcome.code).toBe('PLASTIC_NOT_RECEIVED');

    const received = request('admin', 'card.plastic-received', 'demo-0011', {});
    await push(server, admin, [received]);
    expect((await outcomeOf(server, received._id)).status).toBe('APPLIED');

    const signature = 'data:image/png;base64,' + 'A'.repeat(80_000);
    const d1 = request('admin', 'card.plastic-delivered', 'demo-0011', { deliveredAt: '2026-11-22T10:00:00.000Z', receivedBy: 'José Pérez', receivedByIdNumber: '10000011', signatureDataUrl: signature });
    const d2 = request('gestor.b', 'card.plastic-delivered', 'demo-0011', { deliveredAt: '2026-11-22T11:00:00.000Z', receivedBy: 'Otra persona' });
    await push(server, admin, [d1]);
    await push(server, second, [d2]);
    expect((await outcomeOf(server, d1._id)).status).toBe('APPLIED');
    const r2 = await outcomeOf(server, d2._id);
    expect(r2.status).toBe('REJECTED');
    expect(r2.outcome.message).toBe('El plástico ya había sido entregado al tarjetahabiente.');
    card = await cardDoc(server, 'demo-0011');
    expect(card.plasticStatus).toBe('DELIVERED');
    expect(card.delivery).toEqual(jasmine.objectContaining({ receivedBy: 'José Pérez', deliveredBy: 'admin', signatureRequestId: d1._id }));
    expect(JSON.stringify(card)).not.toContain('base64');

    const lost = request('admin', 'card.replacement', 'demo-0013', { reason: 'R', branchCode: '002' });
    await push(server, admin, [lost]);
    await outcomeOf(server, lost._id);
    expect((await cardDoc(server, 'demo-0013')).status).toBe('BLOCKED');
  });

  it('re-checks the permission when applying: without cards.manage, or blocked, the request is rejected', async () => {
    const carga = await tokenOf(server, 'carga', 'Carga#2026');
    const doc = request('carga', 'card.block', 'demo-0014', {});
    expect((await push(server, carga, [doc])).body[0].ok).toBeTrue();
    const r = await outcomeOf(server, doc._id);
    expect(r.outcome).toEqual({ code: 'NO_PERMISSION', message: 'Ya no tiene permiso para gestionar tarjetas de esta empresa.' });
    expect((await cardDoc(server, 'demo-0014')).status).toBe('ACTIVE');
    const audit = await auditEntries(server, { action: 'card.block', userId: 'carga' });
    expect(audit.length).toBe(1);
    expect(audit[0]).toEqual(jasmine.objectContaining({ origin: 'offline-request', outcome: 'refused', reason: 'NO_PERMISSION' }));
  });

  it('holder data, cancel, PIN: applied once, then refused when they no longer fit; audited as offline-request', async () => {
    const h1 = request('admin', 'card.holder-update', 'demo-0015', { email: 'titular15@example.test', phone: '+58 414 555 0015' });
    const h2 = request('admin', 'card.holder-update', 'demo-0015', { email: 'titular15@example.test' });
    const p1 = request('admin', 'card.pin', 'demo-0015', {});
    const p2 = request('admin', 'card.pin', 'demo-0015', {});
    const c1 = request('admin', 'card.cancel', 'demo-0015', {});
    const b1 = request('admin', 'card.block', 'demo-0015', {});
    await push(server, admin, [h1, h2, p1, p2, c1, b1]);
    const codes = [];
    for (const d of [h1, h2, p1, p2, c1, b1]) codes.push((await outcomeOf(server, d._id)).outcome.code);
    expect(codes).toEqual(['APPLIED', 'NOTHING_TO_UPDATE', 'APPLIED', 'PIN_ALREADY_REQUESTED', 'APPLIED', 'CARD_CANCELLED']);
    const card = await cardDoc(server, 'demo-0015');
    expect(card.holder.email).toBe('titular15@example.test');
    expect(card.status).toBe('CANCELLED');
    // the worker writes a request's audit entry just after its outcome: wait for the last one
    let audit = await auditEntries(server, { companyId: D, origin: 'offline-request', 'details.cardId': 'demo-0015' });
    for (let i = 0; i < 100 && audit.length < 6; i++) {
      await new Promise((r) => setTimeout(r, 50));
      audit = await auditEntries(server, { companyId: D, origin: 'offline-request', 'details.cardId': 'demo-0015' });
    }
    expect(audit.length).toBe(6);

    // the card API shows it, masked, with its history
    const detail = await (await server.api(`/companies/${D}/cards/demo-0015`, { token: admin })).json();
    expect(detail.maskedPan).toMatch(/^[0-9]{6}\*{6}[0-9]{4}$/);
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['card.cancel', 'card.pin', 'card.holder-update']);
  });

  describe('several workers and crashes', () => {
    beforeAll(async () => {
      await requestWorkerOf(server.ctx)!.stop();
    });
    afterAll(() => requestWorkerOf(server.ctx)!.start());

    async function pushMany(n: number, firstCard: number) {
      const docs = [];
      for (let i = 0; i < n; i++) {
        const cardId = `demo-${String(firstCard + (i % 10)).padStart(4, '0')}`;
        docs.push(i < 10 ? request('admin', 'card.block', cardId, {}) : request('admin', i < 20 ? 'card.unblock' : 'card.block', cardId, {}));
      }
      const answer = await push(server, admin, docs);
      expect(answer.body.every((r) => r.ok)).toBeTrue();
      return docs;
    }

    async function expectEachOnce(docs: Array<{ _id: string; cardId: string }>) {
      for (const d of docs) {
        const r = await storedRequest(server, d._id);
        expect(['APPLIED', 'REJECTED']).withContext(d._id).toContain(r.status);
        const card = await cardDoc(server, d.cardId);
        const times = card.appliedEffects.filter((id: string) => id === d._id).length;
        expect(times).withContext(d._id).toBe(r.status === 'APPLIED' ? 1 : 0);
        expect(card.history.filter((h: { id: string }) => h.id === d._id).length).toBe(times);
        const audit = await auditEntries(server, { 'details.requestId': rid(d._id) });
        expect(audit.length).withContext(`audit of ${d._id}`).toBe(1);
        const q = await queueDb(server.ctx).get(queueEntryId(D, rid(d._id)));
        expect(q.state).toBe('DONE');
      }
    }

    it('three workers sweeping at once apply every request once, in arrival order per card', async () => {
      const docs = await pushMany(30, 20);
      const workers = [1, 2, 3].map((i) => new RequestWorker(server.ctx, { workerId: `w${i}` }));
      for (let round = 0; round < 20; round++) {
        await Promise.all(workers.map((w) => w.sweep()));
      }
      await expectEachOnce(docs);
      // arrival order per card: block, then unblock, then block → all applied
      for (const d of docs) expect((await storedRequest(server, d._id)).status).withContext(d._id).toBe('APPLIED');
      for (let i = 20; i < 30; i++) expect((await cardDoc(server, `demo-00${i}`)).status).toBe('BLOCKED');
    });

    it('a worker that dies after writing a whole batch of cards: the next one keeps each card\'s arrival order across a rejection', async () => {
      // per card: block (applies), block (rejected: already blocked), unblock (applies) — in one pass's batch
      const docs = [];
      for (const cardId of ['demo-0080', 'demo-0081', 'demo-0082']) {
        docs.push(request('admin', 'card.block', cardId, {}), request('admin', 'card.block', cardId, {}), request('admin', 'card.unblock', cardId, {}));
      }
      expect((await push(server, admin, docs)).body.every((r) => r.ok)).toBeTrue();
      const dying = new RequestWorker(server.ctx, {
        workerId: 'dying-batch',
        failpoint: (at) => {
          if (at === 'effect') throw new Error('crash after the cards were written');
        },
      });
      await expectAsync(dying.sweep()).toBeRejectedWithError('crash after the cards were written');
      server.clock.offsetMs += 61_000;
      const next = new RequestWorker(server.ctx, { workerId: 'next-batch' });
      for (let i = 0; i < 6; i++) await next.sweep();
      await expectEachOnce(docs);
      const codes = [];
      for (const d of docs) codes.push((await storedRequest(server, d._id)).outcome.code);
      expect(codes).toEqual(['APPLIED', 'ALREADY_BLOCKED', 'APPLIED', 'APPLIED', 'ALREADY_BLOCKED', 'APPLIED', 'APPLIED', 'ALREADY_BLOCKED', 'APPLIED']);
      for (const cardId of ['demo-0080', 'demo-0081', 'demo-0082']) expect((await cardDoc(server, cardId)).status).toBe('ACTIVE');
    });

    it('one pass applies a whole batch in a handful of store calls, not several per request', async () => {
      // what other specs left pending first, so the pass counted holds only these 40
      while ((await new RequestWorker(server.ctx, { workerId: 'before-counted' }).sweep()) > 0);
      const docs = [];
      for (let i = 0; i < 40; i++) docs.push(request('admin', 'card.block', `demo-${String(100 + i).padStart(4, '0')}`, {}));
      expect((await push(server, admin, docs)).body.every((r) => r.ok)).toBeTrue();
      // the real store, each call of a database handle counted
      let calls = 0;
      const counting = <T extends object>(scope: T): T =>
        new Proxy(scope, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver);
            return typeof value === 'function' ? (...args: unknown[]) => (calls++, value.apply(target, args)) : value;
          },
        });
      const store = { ...server.ctx.store, use: (db: string) => counting(server.ctx.store.use(db)) } as typeof server.ctx.store;
      const worker = new RequestWorker({ ...server.ctx, store }, { workerId: 'counted' });
      expect(await worker.sweep()).toBe(40);
      await expectEachOnce(docs);
      // find, claim, requests, cards, card writes, outcomes, audit, pointers, user — about 10 for 40 requests
      expect(calls).toBeLessThanOrEqual(12);
    });

    for (const step of ['claimed', 'effect', 'outcome', 'audit'] as WorkerStep[]) {
      it(`a worker that dies after "${step}" leaves nothing half done: the next one finishes each request once`, async () => {
        const first = { claimed: 40, effect: 50, outcome: 60, audit: 70 }[step];
        const docs = await pushMany(12, first);
        // five workers in turn, each dying at that step on the first request it takes
        let crashes = 0;
        for (let k = 0; k < 5; k++) {
          const dying = new RequestWorker(server.ctx, {
            workerId: `dying-${step}-${k}`,
            // one request at a time, so each dies on exactly the first one it takes
            batchSize: 1,
            failpoint: (at) => {
              if (at === step) {
                crashes++;
                throw new Error(`crash at ${step}`);
              }
            },
          });
          await expectAsync(dying.sweep()).toBeRejectedWithError(`crash at ${step}`);
        }
        expect(crashes).toBe(5);
        const stuck = (await queueDb(server.ctx).find({ selector: { state: 'PENDING', claimedBy: { $regex: `^dying-${step}` } }, limit: 100 })).docs;
        expect(stuck.length).toBe(5);
        // the dead workers' claims hold until their lease ends; then another worker takes them over
        const next = new RequestWorker(server.ctx, { workerId: `next-${step}`, leaseMs: 60_000 });
        for (let i = 0; i < 5; i++) await next.sweep();
        const held = (await queueDb(server.ctx).find({ selector: { state: 'PENDING' }, limit: 100 })).docs;
        expect(held.length).toBeGreaterThanOrEqual(5);
        server.clock.offsetMs += 61_000;
        for (let i = 0; i < 10; i++) await next.sweep();
        await expectEachOnce(docs);
      });
    }
  });
});
