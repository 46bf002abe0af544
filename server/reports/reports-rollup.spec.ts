import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCompany } from '../accounts/accounts.service';
import { DEMO_COMPANY, DEMO_COMPANY_ID } from '../demo/demo-data';
import type { LedgerTransaction } from '../ledger/ledger.model';
import { entryDocs } from '../ledger/ledger.service';
import { createLogger } from '../logger';
import { issueCardNumber } from '../processing/card-numbers';
import { issuedCardDoc } from '../processing/card-docs';
import type { ProcessedCardDoc } from '../processing/processing.model';
import { companyDb } from '../store/databases';
import { openStore, type Store } from '../store/store';
import { startTestServer, type TestServer } from '../testing/test-server';
import { reduceRange, reportDb, type ReportScope } from './reports.store';

/**
 * The reduction rollup (server/store/view-rollup.ts) behind `reduceRange` on the embedded store,
 * against the real store: its answers are the store's own reduce (the view queried with reduce=true:
 * the reference), in total and grouped, for ranges that fall on bucket bounds and ranges that cut
 * them, after inserts, after card changes and deletions, after a restart from its snapshot with
 * writes made while the server was stopped (and changes it had applied but not snapshotted: a crash),
 * and with a damaged snapshot — and one company's answers never hold another's rows.
 */
describe('reports: the reduction rollup answers the store’s own reduce', () => {
  const CID = DEMO_COMPANY_ID;
  const OTHER = 'corol000001';
  const HIGH = '\ufff0';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-rollup-'));
  let server: TestServer | null = null;
  const start = () => startTestServer({ DATA_DIR: dataDir });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // ---- data ----------------------------------------------------------------------------------------
  const months = ['2025-02', '2025-03', '2025-04'];
  let txNo = 0;
  /** `n` transactions: card credits (recharges), every 7th a debit back to the master account */
  const transactions = (cid: string, n: number, tag: string): Array<{ at: string; tx: LedgerTransaction }> =>
    Array.from({ length: n }, () => {
      const i = txNo++;
      const cents = 100 + (i % 41) * 25;
      const card = `card:${cid}-c${i % 60}`;
      const at = `${months[i % 3]}-${String(3 + (i % 25)).padStart(2, '0')}T1${i % 10}:00:00.000Z`;
      const legs = i % 7 === 0
        ? [{ leg: 'card', account: card, amountCents: -cents }, { leg: 'master', account: 'master:ALIM', amountCents: cents }]
        : [{ leg: 'master', account: 'master:ALIM', amountCents: -cents }, { leg: 'card', account: card, amountCents: cents }];
      return { at, tx: { cause: `spec:${tag}:${i}`, legs } };
    });
  const postEntries = async (store: Pick<Store, 'use'>, cid: string, n: number, tag: string) => {
    const docs = transactions(cid, n, tag).flatMap(({ at, tx }) => entryDocs(cid, [tx], at));
    const answers = await store.use(companyDb(cid, 'ledger')).bulk({ docs });
    expect(answers.filter((a) => 'error' in a && a.error).length).toBe(0);
  };
  let cardNo = 0;
  const postCards = async (store: Pick<Store, 'use'>, cid: string, n: number) => {
    const docs = Array.from({ length: n }, () => {
      const i = cardNo++;
      return issuedCardDoc({
        companyId: cid, productCode: i % 4 === 0 ? 'TRAN' : 'ALIM', cardId: `${cid}-r${i}`,
        holder: { idType: 'V', idNumber: String(80_000_000 + i), firstName: 'Ana', lastName: 'Pérez' },
        number: issueCardNumber('627100'), amountCents: 0, appliedEntry: null, branchCode: `00${1 + (i % 5)}`,
        at: `${months[i % 3]}-${String(2 + (i % 26)).padStart(2, '0')}T0${i % 10}:30:00.000Z`, lotId: 'spec-rollup', line: i, orderId: null, emboss: { line1: null, line2: null },
      });
    });
    const answers = await store.use<ProcessedCardDoc>(companyDb(cid, 'cards')).bulk({ docs });
    expect(answers.filter((a) => 'error' in a && a.error).length).toBe(0);
  };
  /** status, plastic and replacement changes to every `every`-th card, deletion of every `del`-th */
  const changeCards = async (store: Pick<Store, 'use'>, cid: string, round: number, every: number, del: number) => {
    const db = store.use<ProcessedCardDoc>(companyDb(cid, 'cards'));
    const all = (await db.list({ startkey: 'card:', endkey: 'card;', include_docs: true })).rows.map((r) => r.doc as ProcessedCardDoc & { _rev: string; replacement?: unknown });
    const docs: object[] = [];
    all.forEach((card, i) => {
      if (i % del === round % del) docs.push({ _id: card._id, _rev: card._rev, _deleted: true });
      else if (i % every === round % every) {
        docs.push({
          ...card,
          status: round % 2 ? 'BLOCKED' : 'CANCELLED',
          plasticStatus: 'DELIVERED',
          ...(i % 3 === 0 ? { replacement: { requestedAt: `2025-04-2${round % 8}T12:00:00.000Z`, reason: round % 2 ? 'LOST' : 'DAMAGED' } } : {}),
        });
      }
    });
    const answers = await db.bulk({ docs: docs as never[] });
    expect(answers.filter((a) => 'error' in a && a.error).length).toBe(0);
  };

  // ---- the comparison -------------------------------------------------------------------------------
  const CARD_RANGES: Array<[unknown[], unknown[], number?]> = [
    [['status', ''], ['status', HIGH], 2], // cards-by-status
    [['plastic', ''], ['plastic', HIGH], 2],
    [['issued', '', ''], ['issued', '', HIGH]], // the cardholders count
    [['issued', '', '2025-03-09T00:00:00.000Z'], ['issued', '', '2025-04-11T04:00:00.000Z']], // cuts the only bucket
    [['month', '2025-02', '2025-02-15T04:00:00.000Z'], ['month', '2025-04', '2025-05-01T04:00:00.000Z'], 2], // cuts February
    [['branch', '002', ''], ['branch', '002', HIGH]],
    [['replaced', '', ''], ['replaced', '', HIGH]],
    [['reason', 'LOST', ''], ['reason', 'LOST', HIGH]],
    [[], [{}]], // every row, the excluded holder rows included
    [[], [{}], 1],
    [['holder', '80000003', ''], ['holder', '80000003', HIGH]], // excluded: the view alone
  ];
  const LEDGER_RANGES: Array<[unknown[], unknown[], number?]> = [
    [['credit', '', '', ''], ['credit', '', HIGH, HIGH], 3], // the recharges chart
    [['credit', '', '2025-02', '2025-02-01T04:00:00.000Z'], ['credit', '', '2025-04', '2025-05-01T04:00:00.000Z']], // a year's count, aligned
    [['credit', '', '2025-03', '2025-03-15T04:00:00.000Z'], ['credit', '', '2025-04', '2025-04-10T04:00:00.000Z'], 3], // cuts both ends
    [['debit', '', '', ''], ['debit', '', HIGH, HIGH], 3],
    [['acct', 'master:ALIM', '', ''], ['acct', 'master:ALIM', '2025-04', '2025-04-01T04:00:00.000Z']], // an opening balance
    [['acct', 'master:ALIM', '', ''], ['acct', 'master:ALIM', '2025-04', '2025-04-18T04:00:00.000Z'], 3], // the statement chart
    [['acct', '', '', ''], ['acct', HIGH], 2], // every account: crosses the excluded card accounts
    [[], [{}]],
    [['acct', `card:${CID}-c7`, '', ''], ['acct', `card:${CID}-c7`, '2025-04', '2025-04-12T04:00:00.000Z']], // a card's balance: the view alone
  ];

  const native = async (db: ReportScope, start: unknown[], end: unknown[], level?: number) =>
    (await db.view('reports', 'rows', { startkey: start, endkey: end, reduce: true, inclusive_end: false, ...(level ? { group_level: level } : {}) })).rows;

  /** every range: the rollup's answer (and reduceRange's) equals the store's own reduce; answers how many the rollup itself answered */
  const expectSame = async (s: TestServer, cid: string) => {
    let answered = 0;
    for (const [kind, ranges] of [['cards', CARD_RANGES], ['ledger', LEDGER_RANGES]] as const) {
      const db = reportDb(s.ctx, cid, kind);
      expect(db.rollup).withContext(kind).toBeDefined();
      for (const [start, end, level] of ranges) {
        const what = `${cid} ${kind} ${JSON.stringify(start)}…${JSON.stringify(end)} level ${level ?? '-'}`;
        const reference = await native(db, start, end, level);
        const fromRollup = await db.rollup!.reduce(start, end, level);
        if (fromRollup) {
          answered++;
          expect(fromRollup).withContext(what).toEqual(reference as never);
        }
        expect(await reduceRange(db, start, end, level)).withContext(what).toEqual(reference as never);
      }
    }
    return answered;
  };
  const answerable = CARD_RANGES.length - 1 + LEDGER_RANGES.length - 1; // all but the excluded ranges

  it('equals the store’s reduce after inserts, card changes and deletions, across a restart from its snapshot with writes while stopped, and with a damaged snapshot', async () => {
    // 1. first life: two companies' cards and ledger entries
    server = await start();
    await createCompany(server.ctx, { ...DEMO_COMPANY, id: OTHER, taxId: 'J000000003', legalName: 'Otra Rollup C.A.' });
    await postCards(server.ctx.store, CID, 900);
    await postEntries(server.ctx.store, CID, 1_500, 'a');
    await postCards(server.ctx.store, OTHER, 200);
    await postEntries(server.ctx.store, OTHER, 300, 'o');
    expect(await expectSame(server, CID)).toBe(answerable);
    expect(await expectSame(server, OTHER)).toBe(answerable);
    // no other company's rows: each company's totals are its own
    const [mine] = await reduceRange(reportDb(server.ctx, CID, 'ledger'), ['credit', '', '', ''], ['credit', '', HIGH, HIGH]);
    const [theirs] = await reduceRange(reportDb(server.ctx, OTHER, 'ledger'), ['credit', '', '', ''], ['credit', '', HIGH, HIGH]);
    expect((mine.value as { count: number }).count + (theirs.value as { count: number }).count).toBe(
      ((await native(reportDb(server.ctx, CID, 'ledger'), ['credit', '', '', ''], ['credit', '', HIGH, HIGH]))[0].value as { count: number }).count +
        ((await native(reportDb(server.ctx, OTHER, 'ledger'), ['credit', '', '', ''], ['credit', '', HIGH, HIGH]))[0].value as { count: number }).count,
    );
    expect((theirs.value as { count: number }).count).toBeLessThan((mine.value as { count: number }).count);

    // 2. more writes, then card changes and deletions (the rollup takes each card's old rows out)
    await postEntries(server.ctx.store, CID, 400, 'b');
    await postCards(server.ctx.store, CID, 150);
    expect(await expectSame(server, CID)).toBe(answerable);
    await changeCards(server.ctx.store, CID, 1, 5, 23);
    expect(await expectSame(server, CID)).toBe(answerable);
    await changeCards(server.ctx.store, CID, 2, 4, 31); // again: cards changed twice, replacements
    expect(await expectSame(server, CID)).toBe(answerable);
    const cards = reportDb(server.ctx, CID, 'cards').rollup!;
    const ledger = reportDb(server.ctx, CID, 'ledger').rollup!;
    expect(cards.state().documents).toBeGreaterThan(900);
    expect(cards.state().broken).toBeNull();
    expect(ledger.state().documents).toBe(0); // append-only: no per-document memory

    // documents whose map throws (a date the map cannot read) emit no row, in the store as in the rollup
    const { _rev: _, ...model } = (await reportDb(server.ctx, CID, 'cards').get(`card:${CID}-r5`)) as { _rev: string };
    await reportDb(server.ctx, CID, 'cards').insert({ ...model, _id: 'card:spec-bad-date', issuedAt: 'not a date' } as object);
    await reportDb(server.ctx, CID, 'ledger').insert({ _id: 'entry:spec-bad:card', type: 'entry', cause: 'spec-bad', leg: 'card', account: 'master:ALIM', amountCents: 5, companyId: CID, at: 'not a date' } as object);
    expect(await expectSame(server, CID)).toBe(answerable);

    // further behind than a query waits for: the view answers (by slices) while the rollup catches up
    ledger.inlineCatchUpMax = 100;
    await postEntries(server.ctx.store, CID, 150, 'far');
    const far: [unknown[], unknown[], number] = [['credit', '', '', ''], ['credit', '', HIGH, HIGH], 3];
    expect(await ledger.reduce(...far)).toBeNull();
    expect(await reduceRange(reportDb(server.ctx, CID, 'ledger'), ...far)).toEqual((await native(reportDb(server.ctx, CID, 'ledger'), ...far)) as never);
    await ledger.catchUp();
    expect(await ledger.reduce(...far)).toEqual((await native(reportDb(server.ctx, CID, 'ledger'), ...far)) as never);
    ledger.inlineCatchUpMax = Number.POSITIVE_INFINITY;

    // 3. a snapshot, then changes applied in memory only (lost with the process, as in a crash)
    await Promise.all([cards.snapshot(), ledger.snapshot()]);
    const snapSeq = { cards: cards.state().seq, ledger: ledger.state().seq };
    await postEntries(server.ctx.store, CID, 200, 'c');
    await changeCards(server.ctx.store, CID, 3, 6, 37);
    expect(await expectSame(server, CID)).toBe(answerable);
    await server.close();
    server = null;

    // writes while the server is stopped
    const stopped = await openStore({ storeDir: path.join(dataDir, 'store'), log: createLogger('silent') });
    await postEntries(stopped, CID, 300, 'd');
    await postCards(stopped, CID, 40);
    await changeCards(stopped, CID, 4, 7, 41);
    await stopped.close();

    // 4. restart: from the snapshot and the changes since its seq
    server = await start();
    expect(await expectSame(server, CID)).toBe(answerable);
    for (const kind of ['cards', 'ledger'] as const) {
      const state = reportDb(server.ctx, CID, kind).rollup!.state();
      expect(state.source).withContext(kind).toBe('snapshot');
      expect(Number(state.seq)).withContext(kind).toBeGreaterThan(Number(snapSeq[kind]));
    }
    expect(await expectSame(server, OTHER)).toBe(answerable);

    // 5. a damaged snapshot (one bucket's count changed; the digest no longer matches): ignored, rebuilt
    await reportDb(server.ctx, CID, 'cards').rollup!.snapshot();
    const local = server.ctx.store.use<{ _rev: string }>(companyDb(CID, 'cards'));
    const head = (await local.get('_local/rollup:reports:rows')) as unknown as { gen: string; parts: number };
    const part = (await local.get(`_local/rollup:reports:rows:${head.gen}:0`)) as unknown as { _rev: string; buckets: Array<[unknown[], number, number]> };
    part.buckets[0][1] += 5;
    part.buckets[0][2] += 5;
    await local.insert(part as never);
    await server.close();
    server = null;
    server = await start();
    expect(await expectSame(server, CID)).toBe(answerable);
    expect(reportDb(server.ctx, CID, 'cards').rollup!.state().source).toBe('changes');
    expect(reportDb(server.ctx, CID, 'ledger').rollup!.state().source).toBe('snapshot');
  }, 300_000);
});
