import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { balanceOf } from '../ledger/ledger.service';
import { startEmbeddedStore, type EmbeddedStore } from '../store/embedded-server';
import { startTestServer, type TestServer } from '../testing/test-server';
import {
  CID,
  callerOf,
  cardCached,
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
 * Two server instances behind a load balancer, one store (the COUCHDB_URL deployment): what keeps
 * a master account from overdrawing and a key from moving money twice is the store's MVCC on the
 * account and transfer documents, not anything held in one process. Requests alternate between
 * the instances; the code is asked from one and the transfer sent to the other.
 */
describe('master transfers on two server instances sharing one store', () => {
  let storeDir: string;
  let store: EmbeddedStore;
  let a: TestServer;
  let b: TestServer;
  const users: Caller[] = [];

  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-shared-store-'));
    store = await startEmbeddedStore(storeDir);
    // instances of one deployment share their configuration, the signing key included
    const env = { COUCHDB_URL: store.url, JWT_SECRET: randomBytes(48).toString('base64'), API_RATE_PER_MINUTE: '100000' };
    a = await startTestServer(env);
    b = await startTestServer(env);
    for (let i = 1; i <= 50; i++) users.push(await newTransferUser(i % 2 ? a : b, `inst${String(i).padStart(2, '0')}`));
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await store?.close();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  it('50 concurrent transfers spread over both instances, against a balance that covers 10: exactly 10 succeed', async () => {
    await setTransferSettings(a, { feeCents: 100, minAmountCents: 1, maxAmountCents: null, dailyAmountCents: null, dailyCount: null, weeklyAmountCents: null, weeklyCount: null });
    const balance = await masterCached(a);
    const feesBefore = await balanceOf(a.ctx, CID, 'fees:ALIM');
    const tenth = Math.floor(balance / 10);
    const amount = tenth - 100;
    const codes = await Promise.all(users.map((u, i) => codeFor(i % 2 ? a : b, u, 'transfer')));
    const answers = await Promise.all(
      users.map((u, i) => transfer(i % 2 ? b : a, u, { kind: 'credit', lines: [{ cardId: demoCard(101 + i), amountCents: amount }] }, { otp: codes[i] })),
    );
    const ok = answers.filter((x) => x.status === 201);
    expect(ok.length).toBe(10);
    for (const r of answers.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('INSUFFICIENT_FUNDS');
    }
    expect(await masterCached(b)).toBe(balance - 10 * tenth);
    expect(await balanceOf(b.ctx, CID, 'master:ALIM')).toBe(balance - 10 * tenth);
    expect(await balanceOf(b.ctx, CID, 'fees:ALIM')).toBe(feesBefore + 1_000);
    let credited = 0;
    for (let i = 0; i < 50; i++) if ((await cardCached(a, demoCard(101 + i))) === amount) credited++;
    expect(credited).toBe(10);
    await expectBooksBalance(a, Array.from({ length: 50 }, (_, i) => demoCard(101 + i)));
  }, 240_000);

  it('one Idempotency-Key sent 6 times at once to both instances moves money once and answers the same transfer', async () => {
    const firma = users[0];
    await setTransferSettings(b, { feeCents: 0, minAmountCents: 1, maxAmountCents: null, dailyAmountCents: null, dailyCount: null, weeklyAmountCents: null, weeklyCount: null });
    // the account may have been emptied by the other spec: firma2 funds it through instance b
    expect((await fund(b, await callerOf(b, 'firma2'), 1_000_000)).status).toBe(201);
    const before = await masterCached(a);
    const amount = 5_000;
    const key = randomUUID();
    const otp = await codeFor(a, firma, 'transfer');
    const body = { kind: 'credit' as const, lines: [{ cardId: demoCard(160), amountCents: amount }] };
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => transfer(i % 2 ? b : a, firma, body, { key, otp })));
    expect(burst.map((x) => x.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(burst.map((x) => x.body.id)).size).toBe(1);
    expect(burst.filter((x) => !x.replayed).length).toBe(1);
    expect(await cardCached(b, demoCard(160))).toBe(amount);
    expect(await masterCached(b)).toBe(before - amount);
    await expectBooksBalance(a, [demoCard(160)]);
  }, 120_000);
});
