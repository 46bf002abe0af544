import { balanceOf } from '../ledger/ledger.service';
import { startTestServer, type TestServer } from '../testing/test-server';
import {
  callerOf,
  cardCached,
  CID,
  codeFor,
  demoCard,
  expectBooksBalance,
  fund,
  masterCached,
  newTransferUser,
  setTransferSettings,
  transfer,
  type Caller,
} from './testing/transfer-helpers';

/**
 * 50 people press "confirm" at once against one master account: the MVCC write of the account
 * document decides, so exactly as many transfers go through as the balance (or the limit) covers.
 */
describe('master transfers under concurrent requests', () => {
  let server: TestServer;
  const users: Caller[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 1; i <= 50; i++) users.push(await newTransferUser(server, `conc${String(i).padStart(2, '0')}`));
  }, 120_000);
  afterAll(async () => server.close());

  it('50 concurrent transfers against a balance that covers 10: exactly 10 succeed, the balance is exactly right', async () => {
    await setTransferSettings(server, { feeCents: 100, minAmountCents: 1, maxAmountCents: null, dailyAmountCents: null, dailyCount: null, weeklyAmountCents: null, weeklyCount: null });
    const balance = await masterCached(server);
    const feesBefore = await balanceOf(server.ctx, CID, 'fees:ALIM');
    const tenth = Math.floor(balance / 10);
    const amount = tenth - 100; // each transfer takes amount + fee: ten of them take (almost) all, an 11th does not fit
    const left = balance - 10 * tenth;
    const codes = await Promise.all(users.map((u) => codeFor(server, u, 'transfer')));
    const answers = await Promise.all(
      users.map((u, i) => transfer(server, u, { kind: 'credit', lines: [{ cardId: demoCard(i + 1), amountCents: amount }] }, { otp: codes[i] })),
    );
    const ok = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(ok.length).toBe(10);
    expect(refused.length).toBe(40);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('INSUFFICIENT_FUNDS');
    }
    expect(await masterCached(server)).toBe(left);
    expect(await balanceOf(server.ctx, CID, 'master:ALIM')).toBe(left);
    expect(await balanceOf(server.ctx, CID, 'fees:ALIM')).toBe(feesBefore + 1_000);
    let credited = 0;
    for (let i = 0; i < 50; i++) {
      const cents = await cardCached(server, demoCard(i + 1));
      expect([0, amount]).toContain(cents); // cards 1–50 are this spec's only
      if (cents === amount) credited++;
    }
    expect(credited).toBe(10);
    await expectBooksBalance(server, Array.from({ length: 50 }, (_, i) => demoCard(i + 1)));
  });

  it('20 concurrent transfers against a daily count limit with 5 left: exactly 5 succeed', async () => {
    const firma2 = await callerOf(server, 'firma2');
    expect((await fund(server, firma2, 1_000_000)).status).toBe(201);
    const account = await server.api(`/companies/${CID}/master-accounts/ALIM`, { token: firma2.token }).then((r) => r.json());
    const used = account.usage.dayCount as number;
    await setTransferSettings(server, { feeCents: 0, minAmountCents: 1, maxAmountCents: null, dailyAmountCents: null, dailyCount: used + 5, weeklyAmountCents: null, weeklyCount: null });
    const before = await masterCached(server);
    const twenty = users.slice(0, 20);
    const codes = await Promise.all(twenty.map((u) => codeFor(server, u, 'transfer')));
    const answers = await Promise.all(
      twenty.map((u, i) => transfer(server, u, { kind: 'credit', lines: [{ cardId: demoCard(100 + i), amountCents: 100 }] }, { otp: codes[i] })),
    );
    expect(answers.filter((a) => a.status === 201).length).toBe(5);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.length).toBe(15);
    for (const r of refused) expect(r.body.error.code).toBe('DAILY_COUNT_LIMIT');
    expect(await masterCached(server)).toBe(before - 500);
    await expectBooksBalance(server, Array.from({ length: 20 }, (_, i) => demoCard(100 + i)));
  });
});
