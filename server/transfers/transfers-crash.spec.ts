import { randomUUID } from 'node:crypto';
import { masterAccountDocId } from '../accounts/master-accounts.model';
import { APPLIED_KEEP, entryDocId, ledgerAccount } from '../ledger/ledger.model';
import { applyToCachedBalance, postTransactions } from '../ledger/ledger.service';
import { ledgerDb } from '../ledger/ledger.store';
import { updateDoc } from '../store/documents';
import { startTestServer, type TestServer } from '../testing/test-server';
import { resumeStaleTransfers } from './transfers.feature';
import { feeCause, lineCause, masterKey, requestHashOf, transferDocId, transferIdOf, type TransferDoc } from './transfers.model';
import { accountsDb, cardsDb, transfersDb } from './transfers.store';
import { callerOf, cardCached, CID, demoCard, expectBooksBalance, masterCached, transfer, type Caller } from './testing/transfer-helpers';

/**
 * A crash at any point of a transfer: the state such a crash leaves is built step by step with the
 * same keyed writes the service makes; the resume sweep then finishes it, exactly once.
 */
describe('master transfers after a crash', () => {
  let server: TestServer;
  let firma2: Caller;
  let nextCard = 150;
  const cards: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    firma2 = await callerOf(server, 'firma2');
  });
  afterAll(async () => server.close());

  const FEE = 100; // the demo's ALIM fee

  function pendingDoc(kind: 'credit' | 'debit', key: string, lines: Array<{ cardId: string; amountCents: number }>): TransferDoc {
    const id = transferIdOf(CID, key);
    const longAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    return {
      _id: transferDocId(id),
      type: 'transfer',
      id,
      companyId: CID,
      kind,
      productCode: 'ALIM',
      requestHash: requestHashOf({ by: 'firma2', kind, productCode: 'ALIM', lines }),
      status: 'PENDING',
      phase: 'start',
      amountCents: lines.reduce((a, l) => a + l.amountCents, 0),
      feeCents: FEE,
      lines: lines.map((l) => ({ ...l, maskedPan: '627100******0000', holderName: 'Titular', status: 'PENDING' as const })),
      master: { beforeCents: null, afterCents: null },
      createdBy: 'firma2',
      createdAt: longAgo,
      claimedAt: longAgo,
      completedAt: null,
    };
  }

  const takeFromMaster = (t: TransferDoc, cents: number) =>
    updateDoc(accountsDb(server.ctx, CID), masterAccountDocId('ALIM'), (a) => ({
      ...a,
      balanceCents: a.balanceCents - cents,
      appliedEntries: [...(a.appliedEntries ?? []), masterKey.start(t.id)],
    }));

  const lineTx = (t: TransferDoc, n: number) => {
    const sign = t.kind === 'credit' ? 1 : -1;
    return {
      cause: lineCause(t.id, n),
      legs: [
        { leg: 'master', account: ledgerAccount.master('ALIM'), amountCents: -sign * t.lines[n].amountCents },
        { leg: 'card', account: ledgerAccount.card(t.lines[n].cardId), amountCents: sign * t.lines[n].amountCents },
      ],
    };
  };
  const feeTx = (t: TransferDoc) => ({
    cause: feeCause(t.id),
    legs: [
      { leg: 'master', account: ledgerAccount.master('ALIM'), amountCents: -FEE },
      { leg: 'fees', account: ledgerAccount.fees('ALIM'), amountCents: FEE },
    ],
  });
  const toCard = (t: TransferDoc, n: number, delta: number) =>
    applyToCachedBalance(server.ctx, cardsDb(server.ctx, CID) as never, `card:${t.lines[n].cardId}`, entryDocId(lineCause(t.id, n), 'card'), delta, APPLIED_KEEP.card);

  const newLines = (...amounts: number[]) =>
    amounts.map((amountCents) => {
      const cardId = demoCard(nextCard++);
      cards.push(cardId);
      return { cardId, amountCents };
    });

  /** Crash points of a credit transfer of three cards, each resumed to the same end. */
  const creditCrashes: Array<[string, (t: TransferDoc) => Promise<unknown>]> = [
    ['after the transfer document was created', async () => undefined],
    ['after the master account was debited', (t) => takeFromMaster(t, t.amountCents + FEE)],
    [
      'after the ledger entries were written',
      async (t) => {
        await takeFromMaster(t, t.amountCents + FEE);
        await postTransactions(server.ctx, CID, [lineTx(t, 0), lineTx(t, 1), lineTx(t, 2), feeTx(t)]);
      },
    ],
    [
      'after one of three cards was credited',
      async (t) => {
        await takeFromMaster(t, t.amountCents + FEE);
        await postTransactions(server.ctx, CID, [lineTx(t, 0), lineTx(t, 1), lineTx(t, 2), feeTx(t)]);
        await toCard(t, 0, t.lines[0].amountCents);
      },
    ],
  ];

  for (const [point, crash] of creditCrashes) {
    it(`credit: a crash ${point} is finished once on restart`, async () => {
      const key = randomUUID();
      const lines = newLines(1_000, 2_000, 3_000);
      const t = pendingDoc('credit', key, lines);
      const master = await masterCached(server);
      await transfersDb(server.ctx, CID).insert(t);
      await crash(t);
      await resumeStaleTransfers(server.ctx);
      await resumeStaleTransfers(server.ctx); // a second sweep (or another instance) changes nothing
      const done = await transfersDb(server.ctx, CID).get(t._id);
      expect(done.status).toBe('COMPLETED');
      expect(await masterCached(server)).toBe(master - 6_000 - FEE);
      expect(await Promise.all(lines.map((l) => cardCached(server, l.cardId)))).toEqual([1_000, 2_000, 3_000]);
      const entries = await ledgerDb(server.ctx, CID).find({ selector: { cause: { $gt: `transfer:${t.id}:`, $lt: `transfer:${t.id}:~` } }, limit: 100 });
      expect(entries.docs.length).toBe(8); // 3 lines × 2 legs + the fee's 2
      // the client's retry with the same key gets the finished transfer
      const retry = await transfer(server, firma2, { kind: 'credit', lines }, { key, otp: '000000' });
      expect(retry.status).toBe(201);
      expect(retry.replayed).toBeTrue();
      expect(retry.body.status).toBe('COMPLETED');
      await expectBooksBalance(server, cards);
    });
  }

  it('credit: a master step whose key was trimmed from the account is proven by its ledger entries, not taken twice', async () => {
    const key = randomUUID();
    const lines = newLines(700, 800);
    const t = pendingDoc('credit', key, lines);
    const master = await masterCached(server);
    await transfersDb(server.ctx, CID).insert(t);
    await takeFromMaster(t, t.amountCents + FEE);
    await postTransactions(server.ctx, CID, [lineTx(t, 0), lineTx(t, 1), feeTx(t)]);
    // 2,000 later movements pushed the key out of the account's appliedEntries
    await updateDoc(accountsDb(server.ctx, CID), masterAccountDocId('ALIM'), (a) => ({ ...a, appliedEntries: (a.appliedEntries ?? []).filter((k) => k !== masterKey.start(t.id)) }));
    await resumeStaleTransfers(server.ctx);
    expect((await transfersDb(server.ctx, CID).get(t._id)).status).toBe('COMPLETED');
    expect(await masterCached(server)).toBe(master - 1_500 - FEE);
    expect(await Promise.all(lines.map((l) => cardCached(server, l.cardId)))).toEqual([700, 800]);
    await expectBooksBalance(server, cards);
  });

  it('credit: a transfer the master account can no longer cover is refused on resume, nothing moves', async () => {
    const key = randomUUID();
    const t = pendingDoc('credit', key, newLines(1));
    t.lines[0].amountCents = t.amountCents = (await masterCached(server)) + 1;
    const master = await masterCached(server);
    await transfersDb(server.ctx, CID).insert(t);
    await resumeStaleTransfers(server.ctx);
    const done = await transfersDb(server.ctx, CID).get(t._id);
    expect(done.status).toBe('REFUSED');
    expect(done.refusal?.code).toBe('INSUFFICIENT_FUNDS');
    expect(await masterCached(server)).toBe(master);
  });

  it('debit: crashes between the card debits and the master credit are finished once', async () => {
    // two cards with money
    const lines = newLines(4_000, 5_000);
    expect((await transfer(server, firma2, { kind: 'credit', lines })).status).toBe(201);
    const master = await masterCached(server);
    // crash A: fee taken, first card debited (its entry not yet written)
    const a = pendingDoc('debit', randomUUID(), [{ cardId: lines[0].cardId, amountCents: 1_500 }, { cardId: lines[1].cardId, amountCents: 2_500 }]);
    await transfersDb(server.ctx, CID).insert(a);
    await takeFromMaster(a, FEE);
    await postTransactions(server.ctx, CID, [feeTx(a)]);
    await toCard(a, 0, -1_500);
    // crash B: every card done and the outcomes fixed (phase `lines`), the master not yet credited
    const b = pendingDoc('debit', randomUUID(), [{ cardId: lines[0].cardId, amountCents: 500 }]);
    await transfersDb(server.ctx, CID).insert({ ...b, phase: 'lines', lines: [{ ...b.lines[0], status: 'DONE', balanceAfterCents: 2_000 }] });
    await takeFromMaster(b, FEE);
    await postTransactions(server.ctx, CID, [feeTx(b)]);
    await toCard(b, 0, -500);
    await postTransactions(server.ctx, CID, [lineTx(b, 0)]);

    await resumeStaleTransfers(server.ctx);
    await resumeStaleTransfers(server.ctx);
    for (const t of [a, b]) expect((await transfersDb(server.ctx, CID).get(t._id)).status).toBe('COMPLETED');
    expect(await cardCached(server, lines[0].cardId)).toBe(4_000 - 1_500 - 500);
    expect(await cardCached(server, lines[1].cardId)).toBe(5_000 - 2_500);
    expect(await masterCached(server)).toBe(master - 2 * FEE + 1_500 + 2_500 + 500);
    await expectBooksBalance(server, cards);
  });

  it('a transfer whose worker still holds its lease is left alone by the sweep', async () => {
    const t = { ...pendingDoc('credit', randomUUID(), newLines(1_000)), claimedAt: new Date().toISOString() };
    await transfersDb(server.ctx, CID).insert(t);
    const master = await masterCached(server);
    await resumeStaleTransfers(server.ctx);
    expect((await transfersDb(server.ctx, CID).get(t._id)).status).toBe('PENDING');
    expect(await masterCached(server)).toBe(master);
    // cleanup for the other specs: let it finish
    await updateDoc(transfersDb(server.ctx, CID), t._id, (d) => ({ ...d, claimedAt: new Date(Date.now() - 5 * 60_000).toISOString() }));
    await resumeStaleTransfers(server.ctx);
    expect((await transfersDb(server.ctx, CID).get(t._id)).status).toBe('COMPLETED');
  });

});
