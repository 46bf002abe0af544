import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Store, provideStore } from '@ngrx/store';
import { demoUser, loginAnswer, rootState, signedInSession } from '../testing/fixtures';
import { ContextActions } from '../core/context/context.actions';
import { SessionActions } from '../core/session/session.actions';
import { selectLastSyncAt, selectPendingCount } from '../core/status/status.reducer';
import { LocalDataWiper } from '../core/storage/local-data-wiper';
import { BROWSER_STORAGE, memoryStorage } from '../core/storage/local-store';
import { rootReducers } from '../core/store/root-state';
import { DEXIE_PREFIX, userDatabasePrefix } from './db/database-name';
import { OfflineEngine } from './offline-engine';
import { OfflineLauncher, provideOfflineData } from './offline-launcher';
import { OFFLINE_OPTIONS } from './offline-options';
import { SyncIndicator } from './sync-indicator';
import { FakeCouch, serverCard } from './testing/fake-couch';
import { addDevMode, indexedDbNames, validatingStorage } from './testing/test-db';

/** The engine as the app runs it: NgRx session → device database → status bar and sign-out. */
describe('OfflineEngine (device database for the signed-in user and company)', () => {
  let couch: FakeCouch;
  let store: Store;
  let engine: OfflineEngine;
  const userId = `engine-${Date.now().toString(36)}`;

  beforeEach(() => {
    addDevMode();
    couch = new FakeCouch();
    couch.put('demo/cards', serverCard(0, { companyId: 'demo' }));
    couch.put('demo/cards', serverCard(1, { companyId: 'demo' }));
    TestBed.configureTestingModule({
      providers: [
        provideStore(rootReducers, {
          initialState: rootState({
            session: signedInSession({ user: demoUser({ userId, companies: [{ ...demoUser().companies[0], id: 'demo', permissions: ['cards.view', 'cards.manage'] }] }) }),
            context: { companyId: 'demo', productCode: 'ALIM' },
          }),
        }),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: BROWSER_STORAGE, useValue: memoryStorage() },
        {
          provide: OFFLINE_OPTIONS,
          useValue: { wrapStorage: validatingStorage, multiInstance: false, fetch: couch.fetch, roundIntervalMs: 60_000, outcomePollMs: 50, retryMs: 100 },
        },
        provideOfflineData(),
      ],
    });
    store = TestBed.inject(Store);
    engine = TestBed.inject(OfflineEngine);
    engine.start();
    TestBed.tick();
  });

  afterEach(async () => {
    await engine.wipe(userId, ['demo']);
    TestBed.resetTestingModule();
  });

  async function until(check: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
      TestBed.tick();
    }
  }

  it('opens the database of the user and company, pulls the cards and records the sync time', async () => {
    const db = await engine.ready();
    expect(db).not.toBeNull();
    await until(() => !!store.selectSignal(selectLastSyncAt)());
    expect(await db!.cards.count().exec()).toBe(2);
    expect(engine.pulledAt().cards).toBeDefined();
    expect(TestBed.inject(SyncIndicator).phase()).toBe('synced');
    // the company-wide `_events` long-poll is the only feed (no per-collection long-poll)
    expect(couch.calls.some((call) => call.path.endsWith('/demo/_events'))).toBeTrue();
    expect(couch.calls.filter((call) => call.query.get('feed') === 'longpoll')).toEqual([]);
  });

  it('opens and syncs nothing while a forced password change is pending, then starts once it is done', async () => {
    await engine.ready();
    await until(() => !!store.selectSignal(selectLastSyncAt)());
    await engine.wipe(userId, ['demo']); // back to a device that never synced this user
    couch.calls.length = 0;
    store.dispatch(SessionActions.signedOut({ reason: 'user', revokeToken: null }));
    store.dispatch(SessionActions.loginSucceeded({ answer: loginAnswer({ mustChangePassword: true, user: demoUser({ userId, companies: [{ ...demoUser().companies[0], id: 'demo', permissions: ['cards.view'] }] }) }) }));
    store.dispatch(ContextActions.selected({ companyId: 'demo', productCode: 'ALIM' }));
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      TestBed.tick();
    }
    expect(await engine.ready()).toBeNull();
    expect(couch.calls).toEqual([]); // the server would answer 403 to all of it
    expect((await indexedDbNames()).filter((name) => name.startsWith(DEXIE_PREFIX + userDatabasePrefix(userId)))).toEqual([]);

    store.dispatch(SessionActions.passwordChanged({ answer: loginAnswer({ user: demoUser({ userId, companies: [{ ...demoUser().companies[0], id: 'demo', permissions: ['cards.view'] }] }) }) }));
    await until(() => couch.calls.some((call) => call.path.includes('/demo/cards')));
    const db = await engine.ready();
    expect(db).not.toBeNull();
  });

  it('counts the user’s pending requests into the status store, and back to 0 when the server applied them', async () => {
    const db = (await engine.ready())!;
    await until(() => !!store.selectSignal(selectLastSyncAt)());
    const card = (await db.cards.findOne('card:demo-0001').exec())!.toJSON();
    couch.offline = true;
    await engine.queueRequest(card, 'card.block', {});
    await engine.queueRequest(card, 'card.pin', {});
    await until(() => store.selectSignal(selectPendingCount)() === 2);

    couch.offline = false;
    await engine.syncNow();
    const pushed = couch.docs('demo/requests');
    expect(pushed.length).toBe(2);
    for (const doc of pushed) couch.put('demo/requests', { ...(doc as { _id: string }), status: 'APPLIED', outcome: { code: 'APPLIED', message: 'Aplicada' } });
    await engine.syncNow();
    await until(() => store.selectSignal(selectPendingCount)() === 0);
  });

  it('a card changed on the server while a round is still running is pulled (the announcement is not dropped)', async () => {
    const db = (await engine.ready())!;
    await until(() => !!store.selectSignal(selectLastSyncAt)());
    let release!: () => void;
    couch.heldPulls.set('demo/branches', new Promise<void>((resolve) => (release = resolve)));
    const cardPulls = couch.callsTo('demo/cards', '_changes').length;
    const round = engine.syncNow(); // its branches pull hangs: the round stays running
    await until(() => couch.callsTo('demo/cards', '_changes').length > cardPulls); // this round's cards pull answered
    const events = couch.callsTo('demo', '_events').length;
    couch.put('demo/cards', serverCard(1, { companyId: 'demo', status: 'BLOCKED' }));
    // the `_events` feed announces the change while the round still waits on branches
    await until(() => couch.callsTo('demo', '_events').slice(events).some((call) => call.docs > 0));
    release();
    couch.heldPulls.delete('demo/branches');
    await round;
    const status = async () => (await db.cards.findOne('card:demo-0002').exec())?.toJSON().status;
    const end = Date.now() + 3_000;
    while ((await status()) !== 'BLOCKED' && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await status()).toBe('BLOCKED');
  });

  it('sign-out (LOCAL_DATA_CLEANUPS) closes and removes the user’s databases', async () => {
    const db = (await engine.ready())!;
    await until(() => !!store.selectSignal(selectLastSyncAt)());
    await engine.queueRequest((await db.cards.findOne('card:demo-0001').exec())!.toJSON(), 'card.block', {});
    const prefix = DEXIE_PREFIX + userDatabasePrefix(userId);
    expect((await indexedDbNames()).some((name) => name.startsWith(prefix))).toBeTrue();
    await TestBed.inject(OfflineLauncher).load(); // as after sign-in; the launcher registered the cleanup
    await TestBed.inject(LocalDataWiper).wipe();
    expect(db.closed).toBeTrue();
    expect((await indexedDbNames()).filter((name) => name.startsWith(prefix))).toEqual([]);
    expect(store.selectSignal(selectPendingCount)()).toBe(0);
  });
});
