import type { StatementAnswer, StatementEntryAnswer } from '../../src/domain/transfers/transfer.model';
import { ledgerDb } from '../ledger/ledger.store';
import { startTestServer, type TestServer } from '../testing/test-server';
import { callerOf, CID, type Caller } from './testing/transfer-helpers';

/**
 * The master account statement's balance after each entry comes from the entries before the page's
 * newest instant (the reports view's reduce, cheap by whole months on the embedded store) plus the
 * entries at that instant up to the row. It must equal the statement view's own reduce from the
 * account's first entry through the row (what the page computed before), on every page: across
 * months, at a month's Venezuelan edge, and where many legs share one `at` and a page ends among them.
 */
describe('master account statement: the balance after each entry against the full reduce', () => {
  let server: TestServer;
  let firma2: Caller;
  const account = 'master:ALIM';

  beforeAll(async () => {
    server = await startTestServer();
    firma2 = await callerOf(server, 'firma2');
    const docs: Array<Record<string, unknown>> = [];
    const add = (cause: string, amountCents: number, at: string) =>
      docs.push({ _id: `entry:${cause}:master`, type: 'entry', cause, leg: 'master', account, amountCents, companyId: CID, at });
    add('opening:STMT', 5_000_000, '2025-01-02T12:00:00.000Z');
    for (let m = 1; m <= 6; m++) {
      const month = String(m).padStart(2, '0');
      add(`order:stmt-${m}`, -(10_000 + m), `2025-${month}-10T12:00:00.000Z`);
      // a transfer of 23 lines: 23 master legs at one instant (ids sort "…:1", "…:10", "…:11", …)
      for (let line = 1; line <= 23; line++) add(`transfer:TSTMT${m}:${line}`, -(100 + line), `2025-${month}-15T12:00:00.000Z`);
      add(`lotchunk:LSTMT${m}:0`, 4_000 + m, `2025-${month}-28T12:00:00.000Z`);
    }
    // the first instant of a Venezuelan month (04:00 UTC) and the last of the one before
    add('transfer:TEDGE:1:funding', 777, '2025-07-01T03:59:59.999Z');
    add('transfer:TEDGE:2:funding', 888, '2025-07-01T04:00:00.000Z');
    const answers = (await ledgerDb(server.ctx, CID).bulk({ docs: docs as never })) as Array<{ error?: string; id: string }>;
    for (const a of answers) if (a.error) throw new Error(`${a.id}: ${a.error}`);
  }, 60_000);
  afterAll(async () => server.close());

  async function statement(limit: number): Promise<StatementEntryAnswer[]> {
    const all: StatementEntryAnswer[] = [];
    let before: string | null = null;
    for (let n = 0; n < 500; n++) {
      const res = await server.api(`/companies/${CID}/master-accounts/ALIM/statement?limit=${limit}${before ? `&before=${before}` : ''}`, { token: firma2.token });
      expect(res.status).toBe(200);
      const page = (await res.json()) as StatementAnswer;
      all.push(...page.entries);
      if (!page.next) return all;
      before = page.next;
    }
    throw new Error('too many pages');
  }

  /** The statement view's own reduce from the account's first entry through the row (the former reading). */
  async function fullReduce(e: StatementEntryAnswer): Promise<number> {
    const answer = await ledgerDb(server.ctx, CID).view('statement', 'by_account_time', { startkey: [account], endkey: [account, e.at, e.id], inclusive_end: true, reduce: true });
    return (answer.rows[0]?.value as number | undefined) ?? 0;
  }

  for (const limit of [7, 23, 50]) {
    it(`pages of ${limit}: every balance is the full reduce through its entry`, async () => {
      const entries = await statement(limit);
      expect(entries.length).toBeGreaterThan(6 * 25 + 3);
      expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
      const reference = await Promise.all(entries.map(fullReduce));
      expect(entries.map((e) => e.balanceAfterCents)).toEqual(reference);
      // and it is a running balance: each one minus its amount is the next (older) one's
      for (let i = 0; i + 1 < entries.length; i++) expect(entries[i].balanceAfterCents - entries[i].amountCents).toBe(entries[i + 1].balanceAfterCents);
      expect(entries[entries.length - 1].balanceAfterCents).toBe(entries[entries.length - 1].amountCents); // the oldest: nothing before it
    });
  }
});
