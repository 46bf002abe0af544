import type { RxCollection } from 'rxdb';
import { type RxCouchDBReplicationState, replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { Subject, Subscription } from 'rxjs';
import type { DeviceDatabase } from '../db/device-database';
import { REPLICATED_KINDS, type ReplicatedKind } from '../db/doc-types';
import { pullModifierFor } from '../db/pull-modifier';
import { type FetchLike, ReplicationStoppedError, replicationFetch } from './sync-fetch';

export interface CompanySyncOptions {
  /** e.g. `/api/v1/sync` */
  baseUrl: string;
  companyId: string;
  /** The kinds this user may replicate (by permission); the server checks again. */
  kinds: readonly ReplicatedKind[];
  fetch: FetchLike;
  /** Leader election between tabs: only one tab replicates (default true). */
  waitForLeadership?: boolean;
  /** Pull batch size (default 500). */
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
export class CompanySync {
  private readonly states = new Map<ReplicatedKind, RxCouchDBReplicationState<any>>();
  private readonly releases: (() => void)[] = [];
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
    const { fetch, release } = replicationFetch(this.options.fetch, { keepServerRev: kind !== 'requests' });
    const state = replicateCouchDB<any>({
      replicationIdentifier: `ce-sync-${this.options.companyId}-${kind}`,
      collection,
      url: syncUrl(this.options.baseUrl, this.options.companyId, kind),
      fetch: fetch as typeof globalThis.fetch,
      live: true,
      retryTime: this.options.retryTime ?? 15_000,
      waitForLeadership: this.options.waitForLeadership ?? true,
      pull: { batchSize: this.options.batchSize ?? 500, modifier: pullModifierFor(kind, collection.schema.jsonSchema) },
      // Only requests go up; the device never writes server-owned documents (DESIGN.md 5).
      push: kind === 'requests' ? { batchSize: 20 } : undefined,
    });
    this.states.set(kind, state);
    this.releases.push(release);
    this.subscriptions.add(
      state.error$.subscribe((error) => {
        if (!isStopped(error)) this.errorsSubject.next({ kind, error });
      }),
    );
    this.subscriptions.add(state.received$.subscribe(() => this.receivedSubject.next(kind)));
  }

  /** Pull (and push) again the given kinds, from their checkpoints. */
  reSync(kinds: readonly ReplicatedKind[] = this.kinds): void {
    for (const kind of kinds) this.states.get(kind)?.reSync();
  }

  /** Resolves when every replication is in sync (or after `timeoutMs`: false). */
  async awaitInSync(timeoutMs: number, kinds: readonly ReplicatedKind[] = this.kinds): Promise<boolean> {
    const waits = kinds.map((kind) => this.states.get(kind)?.awaitInSync() ?? Promise.resolve(true));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([Promise.all(waits).then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops one kind (e.g. the server said 403): the others go on. */
  async stopKind(kind: ReplicatedKind): Promise<void> {
    const state = this.states.get(kind);
    if (!state) return;
    this.states.delete(kind);
    await state.cancel();
  }

  private pausedFlag = false;

  /** Paused: no pulls, no pushes, no retries (offline). */
  get paused(): boolean {
    return this.pausedFlag;
  }

  async pause(): Promise<void> {
    this.pausedFlag = true;
    await Promise.all([...this.states.values()].map((state) => state.pause()));
  }

  async resume(): Promise<void> {
    this.pausedFlag = false;
    // start() after pause() re-syncs once (RxReplicationState._start).
    await Promise.all([...this.states.values()].map((state) => state.start()));
  }

  async stop(): Promise<void> {
    this.subscriptions.unsubscribe();
    const states = [...this.states.values()];
    this.states.clear();
    await Promise.all(states.map((state) => state.cancel()));
    this.releases.forEach((release) => release());
    this.errorsSubject.complete();
    this.receivedSubject.complete();
  }
}

function isStopped(error: unknown): boolean {
  const text = JSON.stringify((error as { parameters?: unknown })?.parameters ?? '') + String((error as Error)?.message ?? '');
  return text.includes(new ReplicationStoppedError().name);
}
