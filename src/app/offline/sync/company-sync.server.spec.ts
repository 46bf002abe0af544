import type { DeviceDatabase } from '../db/device-database';
import { queueCardRequest } from '../requests/request-queue';
import { DEMO_COMPANY, type DemoUserId, type SignedIn, apiCard, signIn } from '../testing/real-server';
import { openTestDatabase } from '../testing/test-db';
import { CompanySync } from './company-sync';
import { type FetchLike, type SyncAuthProblem, authorizedFetch } from './sync-fetch';
import type { ReplicatedKind } from '../db/doc-types';

/**
 * The device's replication and request queue against the REAL sync endpoint: karma.conf.js starts
 * dist/server on a fresh store with the demo data (framework `ce-server`) and proxies `/api/` to it.
 * The requests worker of that server applies what is pushed. Each test uses cards of its own.
 */
describe('CompanySync against the real server', () => {
  let timeout: number;
  beforeAll(() => {
    // the first spec waits for the server to start; pushes wait for its worker
    timeout = jasmine.DEFAULT_TIMEOUT_INTERVAL;
    jasmine.DEFAULT_TIMEOUT_INTERVAL = 120_000;
  });
  afterAll(() => (jasmine.DEFAULT_TIMEOUT_INTERVAL = timeout));

  let db: DeviceDatabase;
  let cleanup: () => Promise<void>;
  let sync: CompanySync | null;
  let calls: { url: string; method: string; status: number; docs: number }[];
  let problems: SyncAuthProblem[];

  beforeEach(async () => {
    ({ db, cleanup } = await openTestDatabase());
    sync = null;
    calls = [];
    problems = [];
  });

  afterEach(async () => {
    await sync?.stop();
    await cleanup();
  });

  /** The browser's fetch, logged: what went over the wire and how many documents came back. */
  const loggingFetch: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    const entry = { url, method: init?.method ?? 'GET', status: response.status, docs: 0 };
    calls.push(entry);
    if (/\/_changes\?/.test(url) && response.ok) {
      const body = (await response.clone().json()) as { results: unknown[] };
      entry.docs = body.results.length;
    }
    return response;
  };

  function start(session: SignedIn, kinds: ReplicatedKind[], companyId = DEMO_COMPANY, retryTime = 300, fetch: FetchLike = loggingFetch): CompanySync {
    sync = new CompanySync(db, {
      baseUrl: '/api/v1/sync',
      companyId,
      kinds,
      fetch: authorizedFetch({ tokens: session.tokens, fetch, onAuthProblem: (problem) => problems.push(problem) }),
      waitForLeadership: false,
      retryTime,
    });
    sync.start();
    return sync;
  }

  const author = (session: SignedIn) => ({ userId: session.userId, companyId: DEMO_COMPANY, deviceId: '5f0c2c55-3a4b-4d59-9d7e-2b1f6f2b9a10' });

  /** Pull `requests` until none of the user's is PENDING on the device (the server's worker applies them). */
  async function untilSettled(userId: DemoUserId, timeoutMs = 60_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    let pending = -1;
    while (Date.now() < end) {
      sync!.reSync(['requests']);
      await sync!.awaitInSync(10_000, ['requests']);
      pending = await db.requests.count({ selector: { userId, status: 'PENDING' } }).exec();
      if (pending === 0) return 0;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return pending;
  }

  it('pulls every card of the company, never the design documents, and a second round downloads nothing again', async () => {
    const firma1 = await signIn('firma1');
    const raw = await (await fetch(`/api/v1/sync/${DEMO_COMPANY}/cards/_changes?include_docs=true&limit=1000`, { headers: { Authorization: `Bearer ${firma1.accessToken}` } })).json();
    start(firma1, ['cards']);
    expect(await sync!.awaitInSync(30_000)).toBeTrue();
    expect(raw.results.length).toBeGreaterThanOrEqual(200);
    expect(await db.cards.count().exec()).toBe(raw.results.filter((r: { deleted?: boolean }) => !r.deleted).length);
    const card = await db.cards.findOne('card:demo-0001').exec();
    expect(card?.maskedPan).toMatch(/^[0-9]{6}\*{6}[0-9]{4}$/);
    expect(card?.rev).toMatch(/^\d+-/);

    const before = calls.length;
    sync!.reSync();
    expect(await sync!.awaitInSync(10_000)).toBeTrue();
    const again = calls.slice(before).filter((c) => c.url.includes('/_changes?'));
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((c) => c.docs === 0)).withContext('nothing downloaded twice').toBeTrue();
    // a new replication with the same identifier resumes from its checkpoint
    await sync!.stop();
    calls = [];
    start(firma1, ['cards']);
    expect(await sync!.awaitInSync(10_000)).toBeTrue();
    expect(calls.filter((c) => c.url.includes('/_changes?')).every((c) => c.docs === 0 && !/since=0(&|$)/.test(c.url))).toBeTrue();
  });

  it('pushes a queued block; the server applies it, the outcome and the blocked card come back', async () => {
    const firma1 = await signIn('firma1');
    start(firma1, ['cards', 'requests']);
    await sync!.awaitInSync(30_000);
    const card = (await db.cards.findOne('card:demo-0010').exec())!.toJSON();
    expect(card.status).toBe('ACTIVE');
    const request = await queueCardRequest(db, author(firma1), card, 'card.block', {});
    expect(await untilSettled('firma1')).toBe(0);
    const local = (await db.requests.findOne(request._id).exec())!;
    expect(local.status).toBe('APPLIED');
    expect((await apiCard(firma1, 'demo-0010')).status).toBe('BLOCKED');
    sync!.reSync(['cards']);
    await sync!.awaitInSync(10_000);
    expect((await db.cards.findOne('card:demo-0010').exec())?.status).toBe('BLOCKED');
    // pushed once: the outcome pulled back is not pushed again
    expect(calls.filter((c) => c.url.includes('/requests/_bulk_docs')).length).toBe(1);
  });

  it('a user without cards.manage gets the request rejected with the server’s Spanish reason', async () => {
    const carga = await signIn('carga');
    start(carga, ['cards', 'requests']);
    await sync!.awaitInSync(30_000);
    const card = (await db.cards.findOne('card:demo-0011').exec())!.toJSON();
    const request = await queueCardRequest(db, author(carga), card, 'card.block', {});
    expect(await untilSettled('carga')).toBe(0);
    const local = (await db.requests.findOne(request._id).exec())!;
    expect(local.status).toBe('REJECTED');
    expect(local.outcome?.code).toBe('NO_PERMISSION');
    expect(local.outcome?.message).toMatch(/permiso/i);
    expect((await apiCard(carga, 'demo-0011')).status).toBe('ACTIVE');
  });

  it('a kind the user may not read answers 403 SYNC_FORBIDDEN (that collection is revoked), the others go on', async () => {
    const carga = await signIn('carga'); // cards.view, no orders.view
    start(carga, ['cards', 'orders']);
    const refused = new Promise<void>((resolve) => sync!.errors$.subscribe(({ kind }) => kind === 'orders' && resolve()));
    await refused;
    expect(problems).toContain('kind-revoked');
    await sync!.stopKind('orders');
    expect(await sync!.awaitInSync(30_000)).toBeTrue();
    expect(await db.cards.count().exec()).toBeGreaterThanOrEqual(200);
  });

  it('another company answers 404 COMPANY_NOT_FOUND: the device reads it as a lost membership', async () => {
    const firma1 = await signIn('firma1');
    start(firma1, ['cards'], 'cotra0000001');
    const refused = new Promise<void>((resolve) => sync!.errors$.subscribe(() => resolve()));
    await refused;
    expect(problems).toContain('company-revoked');
    expect(await db.cards.count().exec()).toBe(0);
  });

  // BENCHMARKS.md runs N and O: a server change written 1.5 s after the device came back online took
  // 8.3 s and 5.7 s to show. The first pull as the network returns can fail (the browser says online
  // before its network is up); RxDB then waits its whole retryTime (10 s in production) before
  // pulling again, and no reSync() shortens that wait.
  it('a pull that fails on the network as it comes back is sent again within a second, not after RxDB’s 10 s retry', async () => {
    const firma1 = await signIn('firma1');
    let failNext = false;
    const failures: number[] = [];
    const flakyFetch: FetchLike = (url, init) => {
      if (failNext && url.includes('/cards/_changes?')) {
        failNext = false;
        failures.push(performance.now());
        return Promise.reject(new TypeError('Failed to fetch'));
      }
      return loggingFetch(url, init);
    };
    start(firma1, ['cards'], DEMO_COMPANY, 10_000, flakyFetch);
    expect(await sync!.awaitInSync(30_000)).toBeTrue();
    const errors: unknown[] = [];
    sync!.errors$.subscribe((error) => errors.push(error));
    failNext = true;
    const before = calls.length;
    const t0 = performance.now();
    sync!.reSync(['cards']);
    expect(await sync!.awaitInSync(3_000)).withContext('in sync again within 3 s (was: after the 10 s retry)').toBeTrue();
    const elapsed = performance.now() - t0;
    expect(failures.length).withContext('the pull did fail once').toBe(1);
    expect(calls.slice(before).filter((c) => c.url.includes('/cards/_changes?') && c.status === 200).length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(3_000);
    expect(errors).withContext('a network failure that was retried is no sync error').toEqual([]);
  });

  // The stall of bench/offline-sync.mjs (1,000 requests queued offline; some never pushed, no error,
  // not even after a reload): see CompanySync.pause(). A busy device, made deterministic.
  it('pushes every request queued offline, even when rounds were asked for meanwhile (busy device)', async () => {
    await cleanup();
    ({ db, cleanup } = await openTestDatabase(undefined, { slowMetaMs: 40 }));
    const firma2 = await signIn('firma2');
    start(firma2, ['cards', 'requests']);
    await sync!.awaitInSync(30_000);
    await sync!.pause();
    const cards = (await db.cards.find({ selector: { status: 'ACTIVE' } }).exec()).map((doc) => doc.toJSON()).filter((c) => c.cardId >= 'demo-0120');
    expect(cards.length).toBeGreaterThanOrEqual(40);
    // several push batches (100 each); a card blocked twice gets the second one rejected
    const queued = 250;
    for (let i = 0; i < queued; i++) await queueCardRequest(db, author(firma2), cards[i % cards.length], 'card.block', {});
    sync!.reSync(['requests']); // the outcome poll / `_events` feed, while offline
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(calls.filter((c) => c.url.includes('/requests/_bulk_docs')).length).withContext('nothing leaves while paused').toBe(0);
    await sync!.resume();
    expect(await untilSettled('firma2', 100_000)).withContext('requests never pushed').toBe(0);
    const outcomes = (await db.requests.find({ selector: { userId: 'firma2' } }).exec()).map((doc) => doc.status);
    expect(outcomes.length).toBe(queued);
    expect(outcomes.filter((status) => status === 'APPLIED').length).toBe(cards.length);
  });
});
