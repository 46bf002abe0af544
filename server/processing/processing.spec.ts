import { lotResultsDocId, type LotDoc, type LotResultsChunkDoc } from '../../src/domain/lots/lot.model';
import { startTestServer, type TestServer } from '../testing/test-server';
import { companyDb } from '../store/databases';
import { allBalances } from '../ledger/ledger.service';
import { amountRecord, emiRecord, emiRecords, insertLot, repRecord, sucRecord } from '../orders/testing/lot-fixtures';
import { CID, generate, pay, waitFor } from '../orders/testing/order-helpers';
import { isLuhnValid, issueCardNumber, luhnCheckDigit } from './card-numbers';
import type { PersonCardDoc, ProcessedCardDoc } from './processing.model';
import { entryDocId } from '../ledger/ledger.model';
import { pointersDb } from './cards-access';
import { processorOf } from './processing.feature';
import { wakeProcessor } from './wake';

describe('lot processing', () => {
  let server: TestServer;
  const lots = () => server.ctx.store.use<LotDoc>(companyDb(CID, 'lots'));
  const cards = () => server.ctx.store.use<ProcessedCardDoc>(companyDb(CID, 'cards'));
  const lotOf = async (id: string) => (await lots().get(`lot:${id}`)) as unknown as LotDoc;
  const cardOf = async (id: string) => (await cards().get(`card:${id}`)) as unknown as ProcessedCardDoc;
  const resultsOf = async (lotId: string, chunk = 0) =>
    ((await server.ctx.store.use<LotResultsChunkDoc>(companyDb(CID, 'lotrecords')).get(lotResultsDocId(lotId, chunk))) as unknown as LotResultsChunkDoc).results;
  const master = async () => ((await server.ctx.store.use<{ balanceCents: number }>(companyDb(CID, 'accounts')).get('account:ALIM')) as unknown as { balanceCents: number }).balanceCents;
  const processed = (lotId: string) => waitFor(`${lotId} PROCESSED`, async () => (await lotOf(lotId)).status === 'PROCESSED', 60_000);
  async function orderAndPay(lotId: string) {
    const [order] = await generate(server, 'firma1', [lotId]);
    if (order.status === 'PENDING_PAYMENT') {
      const paid = await pay(server, 'firma2', order.id);
      if (paid.status !== 200) throw new Error(JSON.stringify(paid.body));
    }
    await processed(lotId);
    return order;
  }
  async function ledgerEntryCount() {
    return (await server.ctx.store.use(companyDb(CID, 'ledger')).list()).rows.filter((r) => r.id.startsWith('entry:')).length;
  }
  async function expectBooksBalanced() {
    const { byAccount, total } = await allBalances(server.ctx, CID);
    expect(total).withContext('sum of all entries').toBe(0);
    expect(byAccount.get('master:ALIM')).withContext('master cache = view').toBe(await master());
    const all = await cards().list({ include_docs: true });
    for (const row of all.rows) {
      const card = row.doc as unknown as ProcessedCardDoc;
      if (!row.id.startsWith('card:')) continue;
      expect(card.balanceCents).withContext(`${row.id} cache = view`).toBe(byAccount.get(`card:${card.cardId}`) ?? 0);
    }
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('card numbers: BIN + 9 random digits + Luhn digit, kept only masked with a random token', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(isLuhnValid('79927398713')).toBeTrue();
    expect(isLuhnValid('79927398710')).toBeFalse();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = issueCardNumber('627100');
      expect(n.maskedPan).toMatch(/^627100\*{6}[0-9]{4}$/);
      expect(n.maskedPan.endsWith(n.last4)).toBeTrue();
      expect(n.panToken).toMatch(/^tok_[A-Za-z0-9_-]{24}$/);
      seen.add(n.panToken);
    }
    expect(seen.size).toBe(200);
    expect(() => issueCardNumber('62710')).toThrow();
  });

  let nextPerson = 40_000_000;
  const person = () => ++nextPerson;
  /** Issues one card per amount (an EMI lot ordered and paid); answers the lot id and the people. */
  async function issue(amounts: number[]) {
    const people = amounts.map(() => person());
    const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: people.map((p, i) => emiRecord(p, amounts[i])) });
    await orderAndPay(lotId);
    return { lotId, people, card: (i: number) => `${lotId}-${i + 2}` };
  }
  const nobody = 49_999_999;

  it('EMI issues ACTIVE cards at the bank with their initial loads, through the ledger', async () => {
    const [ana, beto, caro] = [person(), person(), person()];
    const emiLot = await insertLot(server.ctx, {
      lotType: 'EMI',
      records: [emiRecord(ana, 100_000, { email: 'ana@example.com' }), emiRecord(beto, 0), emiRecord(caro, 25_050)],
    });
    const order = await orderAndPay(emiLot);
    const lot = await lotOf(emiLot);
    expect(lot.processing).toEqual(jasmine.objectContaining({ nextChunk: 1, done: 3, rejected: 0, claimedBy: null }));
    expect((await resultsOf(emiLot)).map((r) => r.status)).toEqual(['DONE', 'DONE', 'DONE']);
    const a = await cardOf(`${emiLot}-2`);
    expect(a.holder).toEqual(jasmine.objectContaining({ idType: 'V', idNumber: String(ana), firstName: 'María José', email: 'ana@example.com' }));
    expect(a.maskedPan).toMatch(/^627100\*{6}[0-9]{4}$/);
    expect(a.status).toBe('ACTIVE');
    expect(a.plasticStatus).toBe('AT_BANK');
    expect(a.balanceCents).toBe(100_000);
    expect(a.emboss).toEqual({ line1: 'ALIMENTOS DEMO', line2: 'EMPLEADO' });
    expect((await cardOf(`${emiLot}-3`)).balanceCents).toBe(0);
    expect((await cardOf(`${emiLot}-4`)).balanceCents).toBe(25_050);
    const summary = await waitFor('order summary', async () => ((await server.ctx.store.use(companyDb(CID, 'orders')).get(`order:${order.id}`)) as any).processing?.finishedAt && ((await server.ctx.store.use(companyDb(CID, 'orders')).get(`order:${order.id}`)) as any).processing);
    expect(summary.done).toBe(3);
    expect(summary.lots[emiLot]).toEqual(jasmine.objectContaining({ done: 3, rejected: 0 }));
    await expectBooksBalanced();
  });

  it('EMI for a person who already holds a live card of the product is rejected', async () => {
    const first = await issue([1000]);
    const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: [emiRecord(first.people[0], 1000), emiRecord(person(), 1000)] });
    await orderAndPay(lotId);
    const results = await resultsOf(lotId);
    expect(results[0]).toEqual(jasmine.objectContaining({ status: 'REJECTED', reason: 'La persona ya tiene una tarjeta vigente de este producto.' }));
    expect(results[1].status).toBe('DONE');
    await expectAsync(cards().get(`card:${lotId}-2`)).toBeRejected();
    await expectBooksBalanced();
  });

  it('REC credits the person’s card; a person without a card is rejected with a reason', async () => {
    const issued = await issue([100_000, 0]);
    const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(issued.people[0], 10_000), amountRecord(issued.people[1], 5_000), amountRecord(nobody, 700)] });
    await orderAndPay(lotId);
    const results = await resultsOf(lotId);
    expect(results.map((r) => r.status)).toEqual(['DONE', 'DONE', 'REJECTED']);
    expect(results[2].reason).toBe('La persona no tiene una tarjeta vigente de este producto.');
    expect((await cardOf(issued.card(0))).balanceCents).toBe(110_000);
    expect((await cardOf(issued.card(1))).balanceCents).toBe(5_000);
    await expectBooksBalanced();
  });

  it('REC also reaches cards issued before (demo cards, found through the cards view)', async () => {
    const before = (await cardOf('demo-0007')).balanceCents;
    const lotId = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(10_000_007, 1_500)] });
    await orderAndPay(lotId);
    expect((await resultsOf(lotId))[0]).toEqual(jasmine.objectContaining({ status: 'DONE', cardId: 'demo-0007' }));
    expect((await cardOf('demo-0007')).balanceCents).toBe(before + 1_500);
  });

  it('CAR debits cards back to the master account; a short balance is rejected "Saldo insuficiente"', async () => {
    const issued = await issue([60_000, 25_050]);
    const lotId = await insertLot(server.ctx, { lotType: 'CAR', records: [amountRecord(issued.people[0], 50_000), amountRecord(issued.people[1], 30_000), amountRecord(nobody, 100)] });
    const before = await master();
    const [order] = await generate(server, 'firma1', [lotId]);
    expect(order.status).toBe('PAID'); // nothing to bill: paid at once
    await processed(lotId);
    const results = await resultsOf(lotId);
    expect(results.map((r) => r.status)).toEqual(['DONE', 'REJECTED', 'REJECTED']);
    expect(results[1].reason).toBe('Saldo insuficiente');
    expect((await cardOf(issued.card(0))).balanceCents).toBe(10_000);
    expect((await cardOf(issued.card(1))).balanceCents).toBe(25_050);
    expect(await master()).toBe(before + 50_000);
    await expectBooksBalanced();
  });

  it('REP marks the old card replaced and issues a new plastic with its balance; later recharges reach the new card', async () => {
    const issued = await issue([60_000]);
    const lotId = await insertLot(server.ctx, { lotType: 'REP', records: [repRecord(issued.people[0], 'R', '002'), repRecord(nobody)] });
    await orderAndPay(lotId);
    const results = await resultsOf(lotId);
    expect(results[0]).toEqual(jasmine.objectContaining({ status: 'DONE', cardId: `${lotId}-2` }));
    expect(results[1].status).toBe('REJECTED');
    const old = await cardOf(issued.card(0));
    expect(old.status).toBe('CANCELLED');
    expect(old.replacedBy).toBe(`${lotId}-2`);
    expect(old.balanceCents).toBe(0);
    const fresh = await cardOf(`${lotId}-2`);
    expect(fresh).toEqual(jasmine.objectContaining({ status: 'ACTIVE', plasticStatus: 'AT_BANK', balanceCents: 60_000, branchCode: '002', replaces: issued.card(0) }));
    expect(fresh.holder.idNumber).toBe(String(issued.people[0]));
    const rec = await insertLot(server.ctx, { lotType: 'REC', records: [amountRecord(issued.people[0], 1_000)] });
    await orderAndPay(rec);
    expect((await cardOf(`${lotId}-2`)).balanceCents).toBe(61_000);
    await expectBooksBalanced();
  });

  it('REP re-run after a crash between cancelling the old card and moving the pointer: finishes the replacement once', async () => {
    const issued = await issue([45_000]);
    const lotId = await insertLot(server.ctx, { lotType: 'REP', records: [repRecord(issued.people[0], 'R', '002')] });
    const newCardId = `${lotId}-2`;
    // the state step 1 leaves: the old card cancelled as replaced by this record, its balance taken
    // out (keyed), the ledger move, the new plastic and the pointer not written yet
    const old = (await cards().get(`card:${issued.card(0)}`)) as unknown as ProcessedCardDoc & { _rev: string };
    await cards().insert({
      ...old,
      status: 'CANCELLED',
      cancelReason: 'REPLACED',
      replacedBy: newCardId,
      replacedByLot: { reason: 'R', balanceMovedCents: 45_000, at: new Date().toISOString() },
      balanceCents: 0,
      appliedEntries: [...(old.appliedEntries ?? []), entryDocId(`lot:${lotId}:2`, 'old')],
    });
    await orderAndPay(lotId);
    expect((await resultsOf(lotId))[0]).toEqual(jasmine.objectContaining({ status: 'DONE', cardId: newCardId }));
    expect(await cardOf(newCardId)).toEqual(jasmine.objectContaining({ status: 'ACTIVE', balanceCents: 45_000, replaces: issued.card(0) }));
    const pointer = (await pointersDb(server.ctx, CID).get(`person:ALIM:V${issued.people[0]}`)) as unknown as PersonCardDoc;
    expect(pointer.cardId).toBe(newCardId);
    expect(pointer.cancelled).toBeUndefined();
    await expectBooksBalanced();
  });

  it('SUC creates and updates branches', async () => {
    const lotId = await insertLot(server.ctx, { lotType: 'SUC', records: [sucRecord('003', 'Maracay'), sucRecord('002', 'Valencia Norte', 'Valencia')] });
    await orderAndPay(lotId);
    const branches = server.ctx.store.use(companyDb(CID, 'branches'));
    expect(((await branches.get('branch:003')) as any).name).toBe('Maracay');
    expect(((await branches.get('branch:002')) as any).name).toBe('Valencia Norte');
    expect(((await branches.get('branch:002')) as any).state).toBe('Aragua');
  });

  it('re-running processed chunks (as after a crash) applies nothing twice', async () => {
    const issued = await issue(Array.from({ length: 1_200 }, (_, i) => (i % 5) * 1000));
    const rec = await insertLot(server.ctx, { lotType: 'REC', records: issued.people.slice(0, 10).map((p) => amountRecord(p, 700)) });
    await orderAndPay(rec);
    const car = await insertLot(server.ctx, { lotType: 'CAR', records: issued.people.slice(0, 10).map((p) => amountRecord(p, 1200)) });
    await orderAndPay(car);
    const rep = await insertLot(server.ctx, { lotType: 'REP', records: issued.people.slice(20, 25).map((p) => repRecord(p)) });
    await orderAndPay(rep);
    const replayed = [issued.lotId, rec, car, rep];

    const entriesBefore = await ledgerEntryCount();
    const snapshot = async () => (await cards().list({ include_docs: true })).rows.map((r) => [r.id, (r.doc as any).balanceCents, (r.doc as any).status]);
    const cardsBefore = await snapshot();
    const masterBefore = await master();
    const lotsBefore = await Promise.all(replayed.map(lotOf));
    const records = server.ctx.store.use(companyDb(CID, 'lotrecords'));
    for (const lot of lotsBefore) {
      const fresh = (await lots().get(`lot:${lot.id}`)) as unknown as LotDoc & { _rev: string };
      for (let c = 0; c < fresh.processing!.nextChunk; c++) {
        const results = await records.get(lotResultsDocId(lot.id, c));
        await records.destroy(results._id, results._rev);
      }
      await lots().insert({ ...fresh, status: 'PROCESSING', processing: { ...fresh.processing!, nextChunk: 0, done: 0, rejected: 0, finishedAt: null } });
    }
    wakeProcessor(server.ctx);
    for (const lot of lotsBefore) await processed(lot.id);
    expect(await ledgerEntryCount()).toBe(entriesBefore);
    expect(await master()).toBe(masterBefore);
    expect(await snapshot()).toEqual(cardsBefore);
    for (const lot of lotsBefore) {
      const again = await lotOf(lot.id);
      expect(again.processing!.done).withContext(lot.id).toBe(lot.processing!.done);
      expect(again.processing!.rejected).withContext(lot.id).toBe(lot.processing!.rejected);
    }
    await expectBooksBalanced();
  });

  it('works through many chunks, resumes from nextChunk, and respects another worker’s live lease', async () => {
    const lotId = await insertLot(server.ctx, { lotType: 'EMI', records: emiRecords(2_500, 41_000_000, (i) => (i % 7) * 100) });
    // claimed a moment ago by a worker that then died: nobody touches it during the lease
    const [order] = await generate(server, 'firma1', [lotId]);
    const ordered = (await lots().get(`lot:${lotId}`)) as unknown as LotDoc & { _rev: string };
    expect(ordered.orderId).toBe(order.id);
    const at = new Date().toISOString();
    await lots().insert({ ...ordered, status: 'PROCESSING', processing: { claimedBy: 'w-dead', claimedAt: at, nextChunk: 1, done: 0, rejected: 0, startedAt: at, finishedAt: null } });
    wakeProcessor(server.ctx);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await lotOf(lotId)).processing!.claimedBy).toBe('w-dead');
    expect((await lotOf(lotId)).processing!.nextChunk).toBe(1);
    server.clock.offsetMs = 61_000; // the lease runs out
    try {
      wakeProcessor(server.ctx);
      await processed(lotId);
    } finally {
      server.clock.offsetMs = 0;
    }
    const done = await lotOf(lotId);
    // chunk 0 was "done" by the dead worker in this story: resumed from chunk 1, it is not redone
    expect(done.processing!.nextChunk).toBe(3);
    expect(done.processing!.done).toBe(1_500);
    await expectAsync(server.ctx.store.use(companyDb(CID, 'lotrecords')).get(lotResultsDocId(lotId, 0))).toBeRejected();
    expect((await cardOf(`${lotId}-1002`)).balanceCents).toBe((1000 % 7) * 100);
    expect(processorOf(server.ctx)!.stats.chunks).toBeGreaterThanOrEqual(2);
  });

  it('no full card number appears in any document of any database', async () => {
    await issue(Array.from({ length: 500 }, () => 100));
    const dbs = (await server.ctx.store.client.db.list()).filter((n) => /^(ce|co)_/.test(n));
    let scanned = 0;
    for (const name of dbs) {
      const all = await server.ctx.store.use(name).list({ include_docs: true });
      const text = JSON.stringify(all.rows.map((r) => r.doc));
      scanned += all.rows.length;
      const runs = text.match(/(?<![0-9])[0-9]{13,19}(?![0-9])/g) ?? [];
      const pans = runs.filter((r) => r.length === 16 && /^62710[01]/.test(r) && isLuhnValid(r));
      expect(pans).withContext(name).toEqual([]);
    }
    expect(scanned).toBeGreaterThan(1000);
    const issued = await cards().find({ selector: { type: 'card', lotId: { $gt: null } }, limit: 10_000 });
    for (const c of issued.docs as unknown as ProcessedCardDoc[]) expect(c.maskedPan).toMatch(/^62710[01]\*{6}[0-9]{4}$/);
  });
});
