import type { RxCollection } from 'rxdb';
import { type RxCouchDBReplicationState, replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { Subject, Subscription } from 'rxjs';
import type { DeviceDatabase } from '../db/device-database';
import { REPLICATED_KINDS, type ReplicatedKind } from '../db/doc-types';
import { pullModifierFor } from '../db/pull-modifier';
import { type FetchLike, ReplicationStoppedError, replicationFetch } from './sync-fetch';
import { NetworkGate } from './network-gate';

export interface CompanySyncOptions {
  /** e.g. `/api/v1/sync` */
  baseUrl: string;
  companyId: string;
  /** The kinds this user may replicate (by permission); the server checks again. */
  kinds: readonly ReplicatedKind[];
  fetch: FetchLike;
  /** Leader election between tabs: only one tab replicates (default true). */
  waitForLeadership?: boolean;
  /** Pull batch size (default 1000, the endpoint's largest page). */
  batchSize?: number;
  /** Wait before RxDB retries a failed pull or push (default 15 s). */
  retryTime?: number;
}

export interface SyncError {
  kind: ReplicatedKind;
  error: unknown;
}

/** `/api/v1/sync/<companyId>/<kind>/` — the CouchDB-protocol endpoint of one company database. */
export function syncUrl(baseUrl: string, companyId: string, kind: ReplicatedKind): string {
  return `${baseUrl}/${encodeURIComponent(companyId)}/${kind}/`;
}

/** The kind a sync URL addresses (`…/sync/<companyId>/<kind>/…`), or null. */
export function kindOfSyncUrl(url: string, baseUrl: string, companyId: string): ReplicatedKind | null {
  const path = new URL(url, 'http://device.invalid').pathname;
  const prefix = `${new URL(baseUrl, 'http://device.invalid').pathname}/${encodeURIComponent(companyId)}/`;
  if (!path.startsWith(prefix)) return null;
  const kind = path.slice(prefix.length).split('/')[0];
  return (REPLICATED_KINDS as readonly string[]).includes(kind) ? (kind as ReplicatedKind) : null;
}

/**
 * The replications of one company database set: pull-only for server data, push (of the user's own
 * requests) and pull (their outcome) for `requests`. Nothing here holds a connection open: a sync
 * round is `reSync()`, triggered by the `_events` watcher, a timer, a new request or the network
 * coming back. Checkpoints are RxDB's, so an interrupted pull resumes where it stopped.
 */
/**
 * The checkpoint's name of one kind's replication. A collection whose schema version went up gets a
 * new one, so its pull starts over and fills the new fields (cards v1: lot and order ids); version 0
 * keeps the original name (no re-pull for kinds that never changed).
 */
export function replicationIdentifierOf(companyId: string, kind: ReplicatedKind, schemaVersion: number): string {
  return `ce-sync-${companyId}-${kind}${schemaVersion ? `-v${schemaVersion}` : ''}`;
}

export class CompanySync {
  private readonly states = new Map<ReplicatedKind, RxCouchDBReplicationState<any>>();
  private readonly releases = new Map<ReplicatedKind, () => void>();
  /** Closed while paused: every sync call waits here (see pause()). */
  private readonly gate = new NetworkGate();
  private readonly subscriptions = new Subscription();
  private readonly errorsSubject = new Subject<SyncError>();
  private readonly receivedSubject = new Subject<ReplicatedKind>();
  readonly errors$ = this.errorsSubject.asObservable();
  /** A kind whose documents changed on the device through a pull. */
  readonly received$ = this.receivedSubject.asObservable();

  constructor(
    private readonly db: DeviceDatabase,
    private readonly options: CompanySyncOptions,
  ) {}

  get kinds(): ReplicatedKind[] {
    return [...this.states.keys()];
  }

  start(): void {
    for (const kind of this.options.kinds) this.startKind(kind);
  }

  private startKind(kind: ReplicatedKind): void {
    if (this.states.has(kind)) return;
    const collection = this.db[kind] as RxCollection<any>;
    const { fetch, release } = replicationFetch(this.gate.wrap(this.options.fetch), { keepServerRev: kind !== 'requests' });
    const state = replicateCouchDB<any>({
      replicationIdentifier: replicationIdentifierOf(this.options.companyId, kind, collection.schema.version),
      collection,
      url: syncUrl(this.options.baseUrl, this.options.companyId, kind),
      fetch: fetch as typeof globalThis.fetch,
      live: true,
      retryTime: this.options.retryTime ?? 15_000,
      waitForLeadership: this.options.waitForLeadership ?? true,
      pull: { batchSize: this.options.batchSize ?? 1000, modifier: pullModifierFor(kind, collection.schema.jsonSchema) },
      // Only requests go up; the device never writes server-owned documents (DESIGN.md 5).
      push: kind === 'requests' ? { batchSize: 100 } : undefined,
    });
    this.states.set(kind, state);
    this.releases.set(kind, release);
    this.subscriptions.add(
      state.error$.subscribe((error) => {
        // a call that failed as the device went offline is no sync error: it waits for the network
        if (!isStopped(error) && !this.pausedFlag) this.errorsSubject.next({ kind, error });
      }),
    );
    this.subscriptions.add(state.received$.subscribe(() => this.receivedSubject.next(kind)));
  }

  /** Pull (and push) again the given kinds, from their checkpoints. Nothing while paused. */
  reSync(kinds: readonly ReplicatedKind[] = this.kinds): void {
    if (this.pausedFlag) return;
    for (const kind of kinds) this.states.get(kind)?.reSync();
  }

  /** Resolves when every replication is in sync (or after `timeoutMs`: false). */
  async awaitInSync(timeoutMs: number, kinds: readonly ReplicatedKind[] = this.kinds): Promise<boolean> {
    // paused: the held calls complete only after resume(), so this round is not going to end now
    if (this.pausedFlag) return false;
    const waits = kinds.map((kind) => this.states.get(kind)?.awaitInSync() ?? Promise.resolve(true));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onPause: (() => void) | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const paused = new Promise<boolean>((resolve) => this.pauseListeners.add((onPause = () => resolve(false))));
    try {
      return await Promise.race([Promise.all(waits).then(() => true), timeout, paused]);
    } finally {
      clearTimeout(timer);
      if (onPause) this.pauseListeners.delete(onPause);
    }
  }

  private readonly pauseListeners = new Set<() => void>();

  /** Stops one kind (e.g. the server said 403): the others go on. */
  async stopKind(kind: ReplicatedKind): Promise<void> {
    const state = this.states.get(kind);
    if (!state) return;
    this.states.delete(kind);
    await state.cancel();
    this.releases.get(kind)?.();
    this.releases.delete(kind);
  }

  private pausedFlag = false;

  /** Paused: no pulls, no pushes, no retries (offline). */
  get paused(): boolean {
    return this.pausedFlag;
  }

  /**
   * Offline (or the session expired): every sync call waits at the gate until resume(); RxDB's
   * replications are NOT paused. RxDB 17.6's `pause()` loses pushes: while paused, a push cycle
   * (started by a reSync, or already running) sends nothing — masterWrite() answers "no conflicts"
   * without calling the handler — and drops those documents from its batch; a later cycle of the
   * same run, finding nothing left to send, still stores the upstream checkpoint past them
   * (upstream.ts persistToMaster, `docIds.length === 0` → rememberCheckpointBeforeReturn). The
   * checkpoint is persisted, so they are never pushed, not even after a reload. A held call loses
   * nothing: the push simply completes later. (company-sync.spec.ts reproduces it.)
   */
  async pause(): Promise<void> {
    this.pausedFlag = true;
    this.gate.close();
    this.pauseListeners.forEach((listener) => listener());
  }

  async resume(): Promise<void> {
    if (!this.pausedFlag) return;
    this.pausedFlag = false;
    this.gate.open();
    // what was written meanwhile, and what changed on the server
    for (const state of this.states.values()) state.reSync();
  }

  async stop(): Promise<void> {
    this.subscriptions.unsubscribe();
    const states = [...this.states.values()];
    this.states.clear();
    this.gate.stop();
    await Promise.all(states.map((state) => state.cancel()));
    this.releases.forEach((release) => release());
    this.releases.clear();
    this.errorsSubject.complete();
    this.receivedSubject.complete();
  }
}

function isStopped(error: unknown): boolean {
  const text = JSON.stringify((error as { parameters?: unknown })?.parameters ?? '') + String((error as Error)?.message ?? '');
  return text.includes(new ReplicationStoppedError().name);
}
