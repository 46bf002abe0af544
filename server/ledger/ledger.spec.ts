import { startTestServer, type TestServer } from '../testing/test-server';
import { DEMO_COMPANY_ID as CID } from '../demo/demo-data';
import { companyDb } from '../store/databases';
import { statusOf } from '../store/documents';
import { allBalances, applyToCachedBalance, balanceOf, postTransaction, UnbalancedTransactionError } from './ledger.service';
import { ledgerDb } from './ledger.store';

describe('ledger', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('opens the demo master accounts from external funding; cached balance = view', async () => {
    const master = await ledgerDb(server.ctx, CID).get('entry:opening:ALIM:master');
    const external = await ledgerDb(server.ctx, CID).get('entry:opening:ALIM:external');
    expect(master.amountCents).toBe(10_000_000);
    expect(external.amountCents).toBe(-10_000_000);
    expect(await balanceOf(server.ctx, CID, 'master:ALIM')).toBe(10_000_000);
    expect(await balanceOf(server.ctx, CID, 'master:REGA')).toBe(0);
    const account = (await server.ctx.store.use(companyDb(CID, 'accounts')).get('account:ALIM')) as unknown as { balanceCents: number; appliedEntries: string[] };
    expect(account.balanceCents).toBe(10_000_000);
    expect(account.appliedEntries).toEqual(['entry:opening:ALIM:master']);
    expect((await allBalances(server.ctx, CID)).total).toBe(0);
  });

  it('refuses transactions whose legs do not sum to zero, repeat a leg, or are not integer cents', async () => {
    const tx = (legs: { leg: string; account: string; amountCents: number }[]) => postTransaction(server.ctx, CID, { cause: 'test:bad', legs });
    await expectAsync(tx([{ leg: 'a', account: 'fees:ALIM', amountCents: 1 }])).toBeRejectedWithError(UnbalancedTransactionError);
    await expectAsync(tx([{ leg: 'a', account: 'fees:ALIM', amountCents: 1 }, { leg: 'a', account: 'tax:ALIM', amountCents: -1 }])).toBeRejectedWithError(UnbalancedTransactionError);
    await expectAsync(tx([{ leg: 'a', account: 'fees:ALIM', amountCents: 0.5 }, { leg: 'b', account: 'tax:ALIM', amountCents: -0.5 }])).toBeRejectedWithError(UnbalancedTransactionError);
    expect(await server.ctx.store.use(companyDb(CID, 'ledger')).find({ selector: { cause: 'test:bad' } }).then((a) => a.docs.length)).toBe(0);
  });

  it('posts each leg once by its deterministic id: a replay changes nothing', async () => {
    const tx = {
      cause: 'test:replay',
      legs: [
        { leg: 'from', account: 'external:funding', amountCents: -1234 },
        { leg: 'to', account: 'fees:TEST', amountCents: 1234 },
        { leg: 'zero', account: 'tax:TEST', amountCents: 0 },
      ],
    };
    expect(await postTransaction(server.ctx, CID, tx)).toEqual({ created: 2, existing: 0 });
    expect(await postTransaction(server.ctx, CID, tx)).toEqual({ created: 0, existing: 2 });
    expect(await balanceOf(server.ctx, CID, 'fees:TEST')).toBe(1234);
    expect((await allBalances(server.ctx, CID)).total).toBe(0);
  });

  it('is append-only at the store: entries cannot be changed or deleted', async () => {
    const db = ledgerDb(server.ctx, CID);
    const entry = await db.get('entry:opening:ALIM:master');
    const update = await db.insert({ ...entry, amountCents: 1 }).then(() => 200, (e) => statusOf(e));
    expect(update).toBe(403);
    const del = await db.destroy(entry._id, entry._rev).then(() => 200, (e) => statusOf(e));
    expect(del).toBe(403);
    expect((await db.get('entry:opening:ALIM:master')).amountCents).toBe(10_000_000);
  });

  it('applies a keyed change to a cached balance once, and never below zero', async () => {
    const accounts = server.ctx.store.use<{ balanceCents: number; appliedEntries?: string[] }>(companyDb(CID, 'accounts'));
    const apply = (key: string, delta: number) => applyToCachedBalance(server.ctx, accounts, 'account:REGA', key, delta, 10);
    expect((await apply('k1', 500)).outcome).toBe('applied');
    expect((await apply('k1', 500)).outcome).toBe('already');
    expect((await apply('k2', -501)).outcome).toBe('insufficient');
    const done = await apply('k3', -500);
    expect(done.outcome).toBe('applied');
    expect(done.doc.balanceCents).toBe(0);
    // 20 concurrent debits of 100 on 1000: exactly 10 succeed
    await apply('k4', 1000);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => apply(`c${i}`, -100).then((r) => r.outcome)));
    expect(outcomes.filter((o) => o === 'applied').length).toBe(10);
    expect((await accounts.get('account:REGA')).balanceCents).toBe(0);
    // trimmed to the last 10 keys
    expect((await accounts.get('account:REGA')).appliedEntries!.length).toBe(10);
  });
});
