import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { json } from '../orders/testing/order-helpers';
import { callerOf, CID, fund, demoCard, expectBooksBalance, masterCached, NO_LIMITS, setTransferSettings, transfer, type Caller } from './testing/transfer-helpers';
import { periodsOf } from '../../src/domain/transfers/transfer-rules';

/** Each product limit at, below and above its bound, through the API (the server decides). */
describe('master transfer limits', () => {
  let server: TestServer;
  let firma2: Caller;
  let card = 20;
  const cards: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    firma2 = await callerOf(server, 'firma2');
  });
  afterAll(async () => server.close());

  /** One credit of `amounts` (one card each); answers the status and the error code. */
  async function credit(...amounts: number[]): Promise<[number, string | null]> {
    const lines = amounts.map((amountCents) => ({ cardId: demoCard(card++), amountCents }));
    cards.push(...lines.map((l) => l.cardId));
    const before = await masterCached(server);
    const res = await transfer(server, firma2, { kind: 'credit', lines });
    if (res.status !== 201) expect(await masterCached(server)).withContext('a refused transfer moves nothing').toBe(before);
    return [res.status, res.status === 201 ? null : res.body.error.code];
  }

  async function usage() {
    return (await json(await server.api(`/companies/${CID}/master-accounts/ALIM`, { token: firma2.token }))).usage;
  }

  it('minimum and maximum amount per movement', async () => {
    await setTransferSettings(server, { ...NO_LIMITS, minAmountCents: 500, maxAmountCents: 2_000 });
    expect(await credit(499)).toEqual([400, 'AMOUNT_BELOW_MIN']);
    expect(await credit(500)).toEqual([201, null]);
    expect(await credit(501)).toEqual([201, null]);
    expect(await credit(1_999)).toEqual([201, null]);
    expect(await credit(2_000)).toEqual([201, null]);
    expect(await credit(2_001)).toEqual([400, 'AMOUNT_ABOVE_MAX']);
    // one bad line refuses the whole transfer
    expect(await credit(1_000, 2_001)).toEqual([400, 'AMOUNT_ABOVE_MAX']);
    const refused = await auditEntries(server, { action: 'transfer.execute', outcome: 'refused', reason: 'AMOUNT_ABOVE_MAX' });
    expect(refused.length).toBe(2);
    await expectBooksBalance(server, cards);
  });

  it('daily amount and daily count', async () => {
    let used = await usage();
    await setTransferSettings(server, { ...NO_LIMITS, dailyAmountCents: used.dayAmountCents + 1_000 });
    expect(await credit(999)).toEqual([201, null]); // below
    expect(await credit(2)).toEqual([409, 'DAILY_AMOUNT_LIMIT']); // above
    expect(await credit(1)).toEqual([201, null]); // exactly at the limit
    expect(await credit(1)).toEqual([409, 'DAILY_AMOUNT_LIMIT']);
    used = await usage();
    await setTransferSettings(server, { ...NO_LIMITS, dailyCount: used.dayCount + 3 });
    expect(await credit(100)).toEqual([201, null]);
    expect(await credit(100, 100, 100)).toEqual([409, 'DAILY_COUNT_LIMIT']); // movements are counted, not transfers
    expect(await credit(100, 100)).toEqual([201, null]); // at
    expect(await credit(100)).toEqual([409, 'DAILY_COUNT_LIMIT']);
    await expectBooksBalance(server, cards);
  });

  it('weekly amount and weekly count; a new day starts the daily counters again, not the weekly ones', async () => {
    let used = await usage();
    await setTransferSettings(server, { ...NO_LIMITS, weeklyAmountCents: used.weekAmountCents + 1_000, dailyAmountCents: used.dayAmountCents + 600 });
    expect(await credit(500)).toEqual([201, null]);
    expect(await credit(101)).toEqual([409, 'DAILY_AMOUNT_LIMIT']);
    // another day of the same week (Sunday goes back to Saturday)
    const sunday = new Date(Date.now() - 4 * 3_600_000).getUTCDay() === 0;
    server.clock.offsetMs = (sunday ? -1 : 1) * 86_400_000;
    try {
      firma2 = await callerOf(server, 'firma2');
      expect(periodsOf(server.ctx.now()).week).toBe(periodsOf(new Date()).week);
      expect((await usage()).dayAmountCents).toBe(0);
      expect(await credit(501)).toEqual([409, 'WEEKLY_AMOUNT_LIMIT']); // above
      expect(await credit(499)).toEqual([201, null]); // below
      expect(await credit(1)).toEqual([201, null]); // at
      expect(await credit(1)).toEqual([409, 'WEEKLY_AMOUNT_LIMIT']);
      used = await usage();
      await setTransferSettings(server, { ...NO_LIMITS, weeklyCount: used.weekCount + 2 });
      expect(await credit(100)).toEqual([201, null]);
      expect(await credit(100, 100)).toEqual([409, 'WEEKLY_COUNT_LIMIT']);
      expect(await credit(100)).toEqual([201, null]);
      expect(await credit(100)).toEqual([409, 'WEEKLY_COUNT_LIMIT']);
    } finally {
      server.clock.offsetMs = 0;
      firma2 = await callerOf(server, 'firma2');
    }
    await expectBooksBalance(server, cards);
  });

  it('the fee is charged once per transfer and must be covered by the master account', async () => {
    await setTransferSettings(server, { ...NO_LIMITS, feeCents: 250 });
    const before = await masterCached(server);
    expect(await credit(1_000, 2_000)).toEqual([201, null]);
    expect(await masterCached(server)).toBe(before - 3_250);
    // the balance covers the amount but not amount + fee
    await setTransferSettings(server, { ...NO_LIMITS, feeCents: 1 });
    const all = await masterCached(server);
    expect(await credit(all)).toEqual([409, 'INSUFFICIENT_FUNDS']);
    expect(await credit(all - 1)).toEqual([201, null]);
    expect(await masterCached(server)).toBe(0);
    await expectBooksBalance(server, cards);
    expect((await fund(server, firma2, 10_000_000)).status).toBe(201); // for the other specs of this file
  });
});
