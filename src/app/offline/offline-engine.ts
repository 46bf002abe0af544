import { DestroyRef, type EffectRef, Injectable, Injector, type Signal, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { type Subscription, combineLatest, firstValueFrom } from 'rxjs';
import type { Permission } from '../../domain/permissions';
import type { CardRequestKind, CardRequestPayload } from '../../domain/requests';
import { selectSelectedCompany } from '../core/context/context.selectors';
import { DeviceId } from '../core/device/device-id';
import { TokenRefresher } from '../core/http/token-refresher';
import { Translator } from '../core/i18n/translator';
import { selectMustChangePassword, selectUser } from '../core/session/session.selectors';
import { StatusActions } from '../core/status/status.actions';
import { selectOnline } from '../core/status/status.reducer';
import { deviceDatabaseName } from './db/database-name';
import { type DeviceDatabase, openDeviceDatabase } from './db/device-database';
import { type LocalCard, type LocalRequest, REPLICATED_KINDS, type ReplicatedKind } from './db/doc-types';
import { clearCollection, removeCompanyDatabase, wipeUserDatabases } from './db/wipe';
import { DEFAULT_OFFLINE_OPTIONS, OFFLINE_OPTIONS, type OfflineOptions } from './offline-options';
import { type RequestAuthor, pendingCount$, queueCardRequest } from './requests/request-queue';
import { SyncIndicator, type SyncRevocation } from './sync-indicator';
import { CompanySync, kindOfSyncUrl } from './sync/company-sync';
import { type ChangeFeed, startChangeFeed } from './sync/change-feed';
import { TabChannel, type TabMessage } from './sync/tab-channel';
import { replicatedKinds } from '../../domain/sync-kinds';
import { type FetchLike, type SyncAuthProblem, authorizedFetch, isNetworkFailure } from './sync/sync-fetch';

/** Who is signed in and in which company: one device database per (user, company). */
export interface OfflineContext {
  userId: string;
  companyId: string;
  permissions: readonly Permission[];
}

interface OpenSession {
  key: string;
  context: OfflineContext;
  db: DeviceDatabase;
  sync: CompanySync;
  subscriptions: Subscription[];
  feed: ChangeFeed | null;
  timers: Set<ReturnType<typeof setTimeout>>;
  /** The user's requests still PENDING on the device (kept current for a revocation's count). */
  pendingCount: number;
  /** Access revoked: the database is being (or was) removed; nothing else is started on it. */
  revoked: boolean;
  revokedKinds: Set<ReplicatedKind>;
  /** An outcome poll of `requests` is scheduled. */
  outcomePollDue: boolean;
  fetch: FetchLike;
  /** This tab replicates (RxDB leader election); the others follow it (sync/tab-channel.ts). */
  leader: boolean;
  tabs: TabChannel | null;
  phaseEcho: EffectRef | null;
}

export const META_SYNC = 'sync';
export const metaPulled = (kind: ReplicatedKind) => `pulled:${kind}`;

/**
 * The device side of offline-first: opens the signed-in user's database for the selected company,
 * keeps it replicated, counts the user's pending requests for the status bar, queues new requests,
 * and wipes the user's databases at sign-out. Lazy: loaded after sign-in by OfflineLauncher.
 */
@Injectable({ providedIn: 'root' })
export class OfflineEngine {
  private readonly store = inject(Store);
  private readonly injector = inject(Injector);
  private readonly refresher = inject(TokenRefresher);
  private readonly deviceId = inject(DeviceId);
  private readonly indicator = inject(SyncIndicator);
  private readonly options: OfflineOptions = { ...DEFAULT_OFFLINE_OPTIONS, ...(inject(OFFLINE_OPTIONS, { optional: true }) ?? {}) };
  private readonly user = this.store.selectSignal(selectUser);
  /** A pending forced change: the server refuses every other call, so nothing is opened or synced yet. */
  private readonly mustChangePassword = this.store.selectSignal(selectMustChangePassword);
  private readonly company = this.store.selectSignal(selectSelectedCompany);
  private readonly online = this.store.selectSignal(selectOnline);

  private readonly databaseSignal = signal<DeviceDatabase | null>(null);
  private readonly contextSignal = signal<OfflineContext | null>(null);
  /** The open device database (null while signed out or opening). */
  readonly database: Signal<DeviceDatabase | null> = this.databaseSignal.asReadonly();
  readonly context: Signal<OfflineContext | null> = this.contextSignal.asReadonly();
  /** When the last complete sync ended (ISO), for "as of" labels. */
  readonly lastSyncAt = signal<string | null>(null);
  /** When each kind was last pulled completely (ISO). */
  readonly pulledAt = signal<Partial<Record<ReplicatedKind, string>>>({});

  private current: OpenSession | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private started = false;
  private roundRunning = false;
  private readonly target = computed<OfflineContext | null>(() => {
    const user = this.user();
    const company = this.company();
    if (!user || !company || this.mustChangePassword()) return null;
    return { userId: user.userId, companyId: company.id, permissions: company.permissions };
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => void this.enqueue(() => this.close()));
  }

  /** Follows the session: opens, switches or closes the database as the user and company change. */
  start(): void {
    if (this.started) return;
    this.started = true;
    effect(
      () => {
        const target = this.target();
        untracked(() => this.switchTo(target));
      },
      { injector: this.injector },
    );
    // Offline: pause the replications (no retry loop against a dead network); the `_events` feed
    // keeps probing and, when the server answers again, the app is online and they resume.
    effect(
      () => {
        const online = this.online();
        untracked(() => {
          const session = this.current;
          if (!session) return;
          if (online) {
            void session.sync.resume();
            session.feed?.poke();
          } else {
            void session.sync.pause();
          }
        });
      },
      { injector: this.injector },
    );
  }

  /** Resolves with the database once it is open for the current user and company. */
  async ready(): Promise<DeviceDatabase | null> {
    await this.queue;
    return this.databaseSignal();
  }

  /** Queue a card request (offline or not) and push it as soon as the network allows. */
  async queueRequest<K extends CardRequestKind>(
    card: Pick<LocalCard, 'cardId' | 'rev'>,
    kind: K,
    payload: CardRequestPayload<K>,
  ): Promise<LocalRequest> {
    await this.queue;
    const session = this.current;
    if (!session) throw new Error('No device database open');
    const author: RequestAuthor = { userId: session.context.userId, companyId: session.context.companyId, deviceId: this.deviceId.get() };
    const request = await queueCardRequest(session.db, author, card, kind, payload);
    // The push is live (RxDB pushes local writes at once); the outcome is pulled a moment later —
    // one poll for a burst of requests (a field delivery run queues many), not one each.
    if (!session.outcomePollDue) {
      session.outcomePollDue = true;
      this.later(session, () => {
        session.outcomePollDue = false;
        session.sync.reSync(['requests']);
      }, this.options.outcomePollMs);
    }
    return request;
  }

  /** Sign-out: stop syncing, close and delete every database of the user on this device. */
  async wipe(userId: string, companyIds: readonly string[]): Promise<void> {
    await this.enqueue(async () => {
      await this.close();
      await wipeUserDatabases(userId, companyIds, this.options.wrapStorage);
    });
  }

  /** One sync round of every kind now (the UI's "Sincronizar"). */
  syncNow(): Promise<boolean> {
    return this.runRound();
  }

  // ---------------------------------------------------------------------------------------------

  private switchTo(target: OfflineContext | null): void {
    const key = target ? `${target.userId}\n${target.companyId}\n${[...target.permissions].sort().join(',')}` : null;
    if ((this.current?.key ?? null) === key) return;
    void this.enqueue(async () => {
      if ((this.current?.key ?? null) === key) return;
      await this.close();
      if (target && key) await this.open(target, key);
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch((error: unknown) => console.error('offline engine', error));
    return run;
  }

  private async open(context: OfflineContext, key: string): Promise<void> {
    const db = await openDeviceDatabase(deviceDatabaseName(context.userId, context.companyId), {
      wrapStorage: this.options.wrapStorage,
      multiInstance: this.options.multiInstance,
    });
    const dropped = await this.dropUngrantedKinds(db, context.permissions);
    const owner: { session: OpenSession | null } = { session: null };
    const fetch = authorizedFetch({
      tokens: { current: () => this.refresher.accessToken(), refresh: () => firstValueFrom(this.refresher.refresh()) },
      fetch: this.reachabilityTracking(this.options.fetch ?? ((url, init) => globalThis.fetch(url, init))),
      onAuthProblem: (problem, url) => owner.session && this.onAuthProblem(problem, url, owner.session),
    });
    const sync = new CompanySync(db, {
      baseUrl: this.options.syncBaseUrl,
      companyId: context.companyId,
      kinds: replicatedKinds(context.permissions),
      fetch,
      waitForLeadership: this.options.multiInstance,
      retryTime: this.options.retryMs,
    });
    const session: OpenSession = { key, context, db, sync, fetch, subscriptions: [], feed: null, timers: new Set(), pendingCount: 0, revoked: false, revokedKinds: new Set(), outcomePollDue: false, leader: false, tabs: null, phaseEcho: null };
    owner.session = session;
    this.current = session;

    const meta = db.meta.find().$;
    session.subscriptions.push(
      combineLatest([pendingCount$(db, context.userId), meta]).subscribe(([pendingCount, metaDocs]) => {
        const pulled: Partial<Record<ReplicatedKind, string>> = {};
        let lastSyncAt: string | null = null;
        for (const doc of metaDocs) {
          if (doc._id === META_SYNC) lastSyncAt = doc.at;
          else if (doc._id.startsWith('pulled:')) pulled[doc._id.slice(7) as ReplicatedKind] = doc.at;
        }
        session.pendingCount = pendingCount;
        this.lastSyncAt.set(lastSyncAt);
        this.pulledAt.set(pulled);
        this.store.dispatch(StatusActions.syncStatusChanged({ lastSyncAt, pendingCount }));
      }),
      sync.errors$.subscribe(() => {
        if (this.indicator.phase() !== 'expired' && this.indicator.phase() !== 'revoked') this.indicator.phase.set('error');
      }),
    );
    this.contextSignal.set(context);
    this.databaseSignal.set(db);
    this.indicator.phase.set('idle');
    for (const kind of dropped) this.announce({ scope: 'kind', companyId: context.companyId, kind, unsentRequests: 0, at: new Date().toISOString() });
    sync.start();
    if (!this.online()) void sync.pause();
    if (!this.options.multiInstance) {
      this.lead(session);
      return;
    }
    // Several tabs: RxDB's leader election picks the one that replicates (sync.start() waits for it
    // too); the others follow it over a BroadcastChannel and ask for its phase now.
    session.tabs = new TabChannel(db.name, (message) => this.onTabMessage(session, message));
    session.tabs.post({ type: 'phase?' });
    void db.waitForLeadership().then(
      () => this.current === session && !session.revoked && this.lead(session),
      () => undefined,
    );
  }

  /** This tab replicates: the `_events` feed and the rounds run here, and the other tabs are told the phase. */
  private lead(session: OpenSession): void {
    const { sync, context } = session;
    session.leader = true;
    if (session.tabs) {
      const tabs = session.tabs;
      session.phaseEcho = effect(
        () => tabs.post({ type: 'phase', phase: this.indicator.phase(), revocation: this.indicator.revocation() }),
        { injector: this.injector },
      );
    }
    // One long-poll for the whole company; its first answer names every kind (the first round).
    session.feed = startChangeFeed({
      url: `${this.options.syncBaseUrl}/${encodeURIComponent(context.companyId)}/_events`,
      fetch: session.fetch,
      // navigator.onLine, not the store's flag: an unreachable server is probed again by the feed itself.
      isOnline: () => navigator.onLine && this.indicator.phase() !== 'expired' && !session.revoked,
      onChanged: (changed) => this.runRound(changed ? changed.filter((kind) => sync.kinds.includes(kind)) : undefined),
      fallbackIntervalMs: this.options.roundIntervalMs,
      retryMs: this.options.retryMs,
    });
  }

  /** Messages from the app's other tabs on the same database. */
  private onTabMessage(session: OpenSession, message: TabMessage): void {
    if (this.current !== session) return;
    if (session.leader) {
      if (message.type === 'phase?') session.tabs?.post({ type: 'phase', phase: this.indicator.phase(), revocation: this.indicator.revocation() });
      else if (message.type === 'round?') void this.runRound();
      return;
    }
    if (message.type !== 'phase') return;
    if (message.phase === 'revoked') {
      // the leader removed this database: leave it, and say why
      session.revoked = true;
      void this.enqueue(async () => {
        if (this.current === session) await this.close();
        this.indicator.revocation.set(message.revocation);
        this.indicator.phase.set('revoked');
      });
      return;
    }
    this.indicator.revocation.set(message.revocation);
    this.indicator.phase.set(message.phase);
  }

  private async close(): Promise<void> {
    const session = this.current;
    if (!session) return;
    this.current = null;
    session.feed?.stop();
    session.phaseEcho?.destroy();
    session.tabs?.close();
    session.timers.forEach((timer) => clearTimeout(timer));
    session.subscriptions.forEach((subscription) => subscription.unsubscribe());
    this.databaseSignal.set(null);
    this.contextSignal.set(null);
    this.lastSyncAt.set(null);
    this.pulledAt.set({});
    this.indicator.phase.set('idle');
    this.store.dispatch(StatusActions.syncStatusChanged({ lastSyncAt: null, pendingCount: 0 }));
    await session.sync.stop();
    await session.db.close();
  }

  /**
   * Re-sync the given kinds (all when omitted) and, when every replication is in sync with no error,
   * record the time: the device was up to date then.
   */
  private async runRound(kinds?: readonly ReplicatedKind[]): Promise<boolean> {
    const session = this.current;
    if (session && !session.leader && !session.revoked) {
      session.tabs?.post({ type: 'round?' });
      return false;
    }
    if (!session || session.revoked || !navigator.onLine || this.indicator.phase() === 'expired') return false;
    if (this.roundRunning) {
      // A change announced during a round may be newer than pulls the round already made: dropping it
      // left it unseen until the next change. RxDB queues this pull after the ones in flight.
      if (!session.sync.paused) session.sync.reSync(kinds ?? session.sync.kinds);
      return false;
    }
    this.roundRunning = true;
    let failed = false;
    const watch = session.sync.errors$.subscribe(() => (failed = true));
    try {
      this.indicator.phase.set('syncing');
      // A round is asked for (feed answered, user pressed "Sincronizar"): the network is worth a try.
      if (session.sync.paused) await session.sync.resume();
      session.sync.reSync(kinds ?? session.sync.kinds);
      const inSync = await session.sync.awaitInSync(this.options.roundTimeoutMs);
      if (this.current !== session) return false;
      if (inSync && !failed) {
        const at = new Date().toISOString();
        await session.db.meta.bulkUpsert([
          { _id: META_SYNC, at },
          ...session.sync.kinds.map((kind) => ({ _id: metaPulled(kind), at })),
        ]);
        if (this.indicator.phase() === 'syncing') this.indicator.phase.set('synced');
        return true;
      }
      if (this.indicator.phase() === 'syncing') this.indicator.phase.set('error');
      // Still unreachable: stop RxDB's retry loops until the feed finds the server again.
      if (!this.online()) void session.sync.pause();
      return false;
    } finally {
      watch.unsubscribe();
      this.roundRunning = false;
    }
  }

  /**
   * The server refused a sync call. Only an explicit answer that access is gone removes data
   * (docs/architecture.md "Revocation"); a network failure or an unreachable server never gets here.
   */
  private onAuthProblem(problem: SyncAuthProblem, url: string, session: OpenSession): void {
    if (session.revoked) return;
    switch (problem) {
      case 'expired':
        if (this.current !== session) return;
        // Keep the database open: reading and queuing go on; the queue is pushed after the next sign-in.
        this.indicator.phase.set('expired');
        void session.sync.pause();
        return;
      case 'revoked':
      case 'company-revoked':
        void this.revokeCompany(session, problem === 'revoked' ? 'session' : 'company');
        return;
      case 'kind-revoked':
      case 'forbidden': {
        const kind = kindOfSyncUrl(url, this.options.syncBaseUrl, session.context.companyId);
        if (!kind) return;
        if (problem === 'forbidden') void session.sync.stopKind(kind);
        else void this.revokeKind(session, kind);
        return;
      }
    }
  }

  /**
   * 401 after a refused refresh (session revoked, user blocked) or 404 from the company's sync (no
   * longer a member): stop everything and remove the whole database of this user and company. The
   * user's unsent requests go with it — counted and shown, never dropped silently.
   */
  private async revokeCompany(session: OpenSession, scope: 'session' | 'company'): Promise<void> {
    session.revoked = true;
    const unsentRequests = session.pendingCount;
    session.feed?.stop();
    const name = session.db.name;
    // the other tabs on this database leave it before it is removed
    const revocation: SyncRevocation = { scope, companyId: session.context.companyId, kind: null, unsentRequests, at: new Date().toISOString() };
    session.tabs?.post({ type: 'phase', phase: 'revoked', revocation });
    await this.enqueue(async () => {
      // Closed already (signed out meanwhile) or re-opened on the same database: close it, then remove.
      if (this.current === session || this.current?.db.name === name) await this.close();
      else await session.sync.stop().catch(() => undefined);
      if (!session.db.closed) await session.db.close();
      await removeCompanyDatabase(name, this.options.wrapStorage);
    }).catch((error: unknown) => console.error('offline engine: revocation', error));
    this.announce(revocation);
  }

  /**
   * A permission lost while the app was closed: the profile the server sent at start (User Loaded)
   * no longer grants these kinds, so they are never synced again and no 403 would ever remove what
   * they left on the device. Permissions on a device only ever come from the server, so a kind they
   * do not grant is one the server took away.
   */
  private async dropUngrantedKinds(db: DeviceDatabase, permissions: readonly Permission[]): Promise<ReplicatedKind[]> {
    const granted = replicatedKinds(permissions);
    const dropped: ReplicatedKind[] = [];
    for (const kind of REPLICATED_KINDS) {
      if (granted.includes(kind) || (await db[kind].count().exec()) === 0) continue;
      await clearCollection(db, kind);
      dropped.push(kind);
    }
    return dropped;
  }

  /** 403 on one kind (its permission removed): stop it and remove only that collection's documents. */
  private async revokeKind(session: OpenSession, kind: ReplicatedKind): Promise<void> {
    if (session.revokedKinds.has(kind)) return;
    session.revokedKinds.add(kind);
    const unsentRequests = kind === 'requests' ? session.pendingCount : 0;
    await this.enqueue(async () => {
      await session.sync.stopKind(kind);
      if (this.current !== session || session.db.closed) return;
      // Live queries leave the old collection first, then subscribe to the new, empty one.
      this.databaseSignal.set(null);
      try {
        await clearCollection(session.db, kind);
      } finally {
        if (this.current === session && !session.db.closed) this.databaseSignal.set(session.db);
      }
    }).catch((error: unknown) => console.error('offline engine: revocation', error));
    this.announce({ scope: 'kind', companyId: session.context.companyId, kind, unsentRequests, at: new Date().toISOString() });
  }

  private announce(revocation: SyncRevocation): void {
    this.indicator.revocation.set(revocation);
    if (revocation.scope !== 'kind') this.indicator.phase.set('revoked');
    const translator = this.injector.get(Translator);
    const text =
      revocation.unsentRequests === 1
        ? translator.t('offline.revokedUnsentOne')
        : revocation.unsentRequests > 1
        ? translator.t('offline.revokedUnsent', { count: revocation.unsentRequests })
        : translator.t(revocation.scope === 'kind' ? 'offline.revokedKind' : 'offline.revoked');
    try {
      this.injector.get(MatSnackBar).open(text, translator.t('offline.revokedDismiss'));
    } catch (error) {
      console.warn('offline engine: revocation notice', error);
    }
  }

  /** Sync calls keep the online indicator honest, as the HTTP interceptor does for API calls. */
  private reachabilityTracking(base: FetchLike): FetchLike {
    return async (url, init) => {
      try {
        const response = await base(url, init);
        if (!this.online()) this.store.dispatch(StatusActions.apiReachable());
        return response;
      } catch (error) {
        if (isNetworkFailure(error)) {
          if (this.online()) this.store.dispatch(StatusActions.apiUnreachable());
          // already offline (a round tried anyway): hold the sync calls again until the server answers
          else void this.current?.sync.pause();
        }
        throw error;
      }
    };
  }

  private later(session: OpenSession, task: () => void, ms: number): void {
    const timer = setTimeout(() => {
      session.timers.delete(timer);
      if (this.current === session) task();
    }, ms);
    session.timers.add(timer);
  }
}
