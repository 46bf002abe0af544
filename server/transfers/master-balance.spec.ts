import type { MasterAccountAnswer } from '../../src/domain/transfers/transfer.model';
import { balanceOf } from '../ledger/ledger.service';
import { ledgerDb } from '../ledger/ledger.store';
import { reportDb } from '../reports/reports.store';
import { startTestServer, type TestServer } from '../testing/test-server';
import { callerOf, CID, fund, NO_LIMITS, setTransferSettings, type Caller } from './testing/transfer-helpers';

/**
 * The master account page's balance is the sum of every entry of `master:<product>`, read through the
 * reports view's reduce (whole months from the rollup on the embedded store) instead of the
 * `balances/by_account` reduce over every entry. It must be the store's own full reduce (`balanceOf`)
 * after entries across several months, within the current month, at a Venezuelan month's edge, after
 * writes made since the rollup last caught up, and after a funding through the API.
 */
describe('master account page: the balance against the store’s full reduce', () => {
  let server: TestServer;
  let firma2: Caller;
  const account = 'master:ALIM';
  let no = 0;

  beforeAll(async () => {
    server = await startTestServer();
    firma2 = await callerOf(server, 'firma2');
  });
  afterAll(async () => server.close());

  const post = async (entries: Array<[number, string]>) => {
    const docs = entries.map(([amountCents, at]) => {
      const cause = `spec-balance:${no++}`;
      return { _id: `entry:${cause}:master`, type: 'entry', cause, leg: 'master', account, amountCents, companyId: CID, at };
    });
    const answers = (await ledgerDb(server.ctx, CID).bulk({ docs: docs as never })) as Array<{ error?: string; id: string }>;
    for (const a of answers) if (a.error) throw new Error(`${a.id}: ${a.error}`);
  };

  async function pageBalance(): Promise<number> {
    const res = await server.api(`/companies/${CID}/master-accounts/ALIM`, { token: firma2.token });
    expect(res.status).toBe(200);
    return ((await res.json()) as MasterAccountAnswer).balanceCents;
  }

  it('equals the full reduce across months, within the current month and after later writes', async () => {
    const now = server.ctx.now();
    const thisMonth = now.toISOString().slice(0, 7);
    const earlier = (ms: number) => new Date(now.getTime() - ms).toISOString();
    // several past months, a month's Venezuelan edge (04:00 UTC), and earlier today
    const past: Array<[number, string]> = [];
    for (let m = 1; m <= 5; m++) for (let i = 0; i < 12; i++) past.push([(i % 3 === 0 ? -1 : 1) * (1_000 + m * 37 + i), `2025-0${m}-${String(2 + i).padStart(2, '0')}T1${i % 10}:00:00.000Z`]);
    past.push([4_321, '2025-06-01T03:59:59.999Z'], [-1_234, '2025-06-01T04:00:00.000Z']);
    past.push([9_999, `${thisMonth}-01T04:00:00.000Z`], [-555, earlier(60_000)]);
    await post(past);
    const first = await pageBalance();
    expect(first).toBe(await balanceOf(server.ctx, CID, account));
    expect(first).not.toBe(0);

    // the rollup answered it (whole months from memory), not a scan
    const ledger = reportDb(server.ctx, CID, 'ledger');
    expect(ledger.rollup).toBeDefined();
    const fromRollup = await ledger.rollup!.reduce(['acct', account], ['acct', account, {}]);
    expect(fromRollup).not.toBeNull();
    expect((fromRollup![0].value as { sum: number }).sum).toBe(first);

    // written after the rollup caught up: the current month and an old one; then a funding by the API
    await post([[777, earlier(1_000)], [-88, '2025-02-20T12:00:00.000Z'], [123_456, now.toISOString()]]);
    expect(await pageBalance()).toBe(await balanceOf(server.ctx, CID, account));
    await setTransferSettings(server, NO_LIMITS);
    const funded = await fund(server, firma2, 50_000);
    expect(funded.status).toBe(201);
    const after = await pageBalance();
    expect(after).toBe(await balanceOf(server.ctx, CID, account));
    expect(after).toBe(first + 777 - 88 + 123_456 + 50_000);
  }, 60_000);
});
