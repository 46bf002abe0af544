import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Store, provideStore } from '@ngrx/store';
import type { Permission } from '../../domain/permissions';
import { SessionActions } from '../core/session/session.actions';
import { selectPendingCount } from '../core/status/status.reducer';
import { BROWSER_STORAGE, memoryStorage } from '../core/storage/local-store';
import { rootReducers } from '../core/store/root-state';
import { demoUser, rootState, signedInSession } from '../testing/fixtures';
import { DEXIE_PREFIX, deviceDatabaseName } from './db/database-name';
import type { DeviceDatabase } from './db/device-database';
import { OfflineEngine } from './offline-engine';
import { OFFLINE_OPTIONS } from './offline-options';
import { SyncIndicator } from './sync-indicator';
import { FakeCouch, serverCard } from './testing/fake-couch';
import { addDevMode, indexedDbNames, validatingStorage } from './testing/test-db';

/**
 * Revocation (docs/architecture.md "Revocation"): only the server's explicit "no access" removes
 * local data — 403 on a kind → that collection; 401 after a refused refresh or 404 for the company →
 * the whole database of the user and company. A network failure removes nothing.
 */
describe('OfflineEngine revocation (real RxDB on Dexie, fake sync endpoint)', () => {
  let couch: FakeCouch;
  let store: Store;
  let engine: OfflineEngine;
  let indicator: SyncIndicator;
  let userId: string;
  let counter = 0;

  beforeEach(() => {
    addDevMode();
    userId = `revoke-${Date.now().toString(36)}-${counter++}`;
    couch = new FakeCouch();
    couch.put('demo/cards', serverCard(0));
    couch.put('demo/cards', serverCard(1));
    couch.put('demo/branches', { _id: 'branch:001', type: 'branch', code: '001', name: 'Principal' });
    TestBed.configureTestingModule({
      providers: [
        provideStore(rootReducers, {
          initialState: rootState({
            session: signedInSession({
              user: demoUser({ userId, companies: [{ ...demoUser().companies[0], id: 'demo', permissions: ['cards.view', 'cards.manage'] }] }),
            }),
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
      ],
    });
    store = TestBed.inject(Store);
    engine = TestBed.inject(OfflineEngine);
    indicator = TestBed.inject(SyncIndicator);
    engine.start();
    TestBed.tick();
  });

  afterEach(async () => {
    await engine.wipe(userId, ['demo']);
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
    TestBed.resetTestingModule();
  });

  async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
      TestBed.tick();
    }
  }

  /** Opened, first round done: 2 cards and 1 branch on the device. */
  async function synced(): Promise<DeviceDatabase> {
    const db = (await engine.ready())!;
    await until(async () => (await db.cards.count().exec()) === 2 && (await db.branches.count().exec()) === 1);
    return db;
  }

  const databaseFiles = async () => {
    const prefix = DEXIE_PREFIX + deviceDatabaseName(userId, 'demo');
    return (await indexedDbNames()).filter((name) => name.startsWith(prefix));
  };

  it('403 on cards (cards.view removed): removes the cards only; branches, requests and the database stay', async () => {
    const db = await synced();
    couch.offline = true;
    await engine.queueRequest((await db.cards.findOne('card:demo-0001').exec())!.toJSON(), 'card.block', {});
    couch.offline = false;
    couch.forbidden.add('demo/cards');
    couch.put('demo/cards', serverCard(2));
    void engine.syncNow();
    await until(() => indicator.revocation() !== null);
    const open = engine.database()!;
    expect(open).toBe(db);
    expect(await open.cards.count().exec()).toBe(0);
    expect(await open.branches.count().exec()).toBe(1);
    expect(await open.requests.count().exec()).toBe(1);
    expect(indicator.revocation()).toEqual(jasmine.objectContaining({ scope: 'kind', kind: 'cards', unsentRequests: 0 }));
    expect(indicator.phase()).not.toBe('revoked');
    expect((await databaseFiles()).length).toBeGreaterThan(0);
  }, 20_000);

  it('401 that the refresh cannot cure (refresh → 401): stops syncing, removes the database, counts the unsent requests', async () => {
    const db = await synced();
    couch.offline = true;
    const card = (await db.cards.findOne('card:demo-0001').exec())!.toJSON();
    await engine.queueRequest(card, 'card.block', {});
    await engine.queueRequest(card, 'card.pin', {});
    await until(() => store.selectSignal(selectPendingCount)() === 2);
    couch.offline = false;
    couch.validTokens.clear(); // the session was revoked on the server
    void engine.syncNow();
    const http = TestBed.inject(HttpTestingController);
    await until(() => {
      for (const req of http.match((r) => r.url.endsWith('/auth/refresh'))) {
        req.flush({ error: { code: 'UNAUTHENTICATED', message: 'Sesión no válida' } }, { status: 401, statusText: 'Unauthorized' });
      }
      return indicator.revocation() !== null;
    });
    expect(indicator.revocation()).toEqual(jasmine.objectContaining({ scope: 'session', companyId: 'demo', kind: null, unsentRequests: 2 }));
    expect(indicator.phase()).toBe('revoked');
    expect(db.closed).toBeTrue();
    expect(await databaseFiles()).toEqual([]);
    const notice = document.querySelector('.mat-mdc-snack-bar-container')?.textContent ?? '';
    expect(notice).toContain('2 solicitudes no se pudieron enviar: su acceso fue revocado');
  }, 20_000);

  it('404 COMPANY_NOT_FOUND (membership removed): removes the whole database of the user and company', async () => {
    const db = await synced();
    couch.companiesGone.add('demo');
    void engine.syncNow();
    await until(() => indicator.revocation() !== null);
    await until(async () => (await databaseFiles()).length === 0);
    expect(indicator.revocation()).toEqual(jasmine.objectContaining({ scope: 'company', unsentRequests: 0 }));
    expect(db.closed).toBeTrue();
    expect(engine.database()).toBeNull();
  }, 20_000);

  it('a permission lost while the app was closed: the profile loaded at start drops the kind, and its documents go', async () => {
    const db = await synced();
    const withPermissions = (permissions: Permission[]) =>
      demoUser({ userId, companies: [{ ...demoUser().companies[0], id: 'demo', permissions }] });
    // The app starts again with the saved session; the server's profile no longer grants cards.view.
    // The fake endpoint still serves cards: nothing but the profile may decide it.
    store.dispatch(SessionActions.userLoaded({ user: withPermissions(['cards.manage']) }));
    await until(() => engine.database() !== null && engine.database() !== db);
    const reopened = engine.database()!;
    await until(async () => (await reopened.cards.count().exec()) === 0);
    expect(await reopened.branches.count().exec()).toBe(1);
    expect(indicator.revocation()).toEqual(jasmine.objectContaining({ scope: 'kind', kind: 'cards', unsentRequests: 0 }));
    expect(couch.calls.filter((call) => call.path.includes('/demo/cards/')).length).toBeGreaterThan(0); // synced before…
    const cardCallsBefore = couch.calls.filter((call) => call.path.includes('/demo/cards/')).length;
    await engine.syncNow();
    expect(couch.calls.filter((call) => call.path.includes('/demo/cards/')).length).toBe(cardCallsBefore); // …never after
    expect(await reopened.cards.count().exec()).toBe(0);
  }, 20_000);

  it('the same permissions at the next start keep every document', async () => {
    const db = await synced();
    store.dispatch(SessionActions.userLoaded({ user: demoUser({ userId, companies: [{ ...demoUser().companies[0], id: 'demo', permissions: ['cards.view', 'cards.manage', 'lots.upload'] }] }) }));
    await until(() => engine.database() !== null && engine.database() !== db);
    const reopened = engine.database()!;
    expect(await reopened.cards.count().exec()).toBe(2);
    expect(indicator.revocation()).toBeNull();
  }, 20_000);

  it('a network failure or an unreachable server removes nothing', async () => {
    const db = await synced();
    couch.offline = true;
    couch.put('demo/cards', serverCard(2));
    await engine.syncNow(); // fails (or finds nothing new): either way nothing may be removed
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(couch.calls.some((call) => call.status === 0)).toBeTrue(); // the device did try, and failed
    expect(indicator.revocation()).toBeNull();
    expect(db.closed).toBeFalse();
    expect(await db.cards.count().exec()).toBe(2);
    expect(await db.branches.count().exec()).toBe(1);
    expect((await databaseFiles()).length).toBeGreaterThan(0);
  }, 20_000);
});
