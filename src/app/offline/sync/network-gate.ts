import { type FetchLike, ReplicationStoppedError, isNetworkFailure } from './sync-fetch';

/** The first wait before a read that failed on the network is sent again; doubling up to the cap. */
export const READ_RETRY_FIRST_MS = 500;
export const READ_RETRY_MAX_MS = 4_000;

/**
 * Holds sync calls while the device is offline (or its session expired) and lets them through when
 * it is opened again; stop() fails the held ones with ReplicationStoppedError. Used instead of RxDB's
 * replication pause(), which can skip queued pushes (see CompanySync.pause()).
 *
 * A read (GET `_changes`, POST `_all_docs`) that fails on the network is sent again here, after
 * 0.5 s, 1 s, 2 s … 4 s or as soon as the gate opens, instead of failing into RxDB: RxDB waits its
 * whole `retryTime` (10 s) after a failed pull when the browser says it is online, and nothing —
 * not resume(), not reSync() — shortens that wait. The first call as the network comes back often
 * fails (Chromium reports online before its network is up), so a server change written just after
 * reconnection waited up to 10 s for RxDB's retry (BENCHMARKS.md runs N, O: 8.3 s, 5.7 s). Writes
 * (`_bulk_docs`) still fail into RxDB, which re-reads before writing again.
 */
export class NetworkGate {
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private wakers = new Set<() => void>();
  private closed = false;
  private stopped = false;

  wrap(base: FetchLike): FetchLike {
    return async (url, init) => {
      for (let attempt = 0; ; attempt++) {
        await this.pass();
        try {
          return await base(url, init);
        } catch (error) {
          if (this.stopped || !isRead(url, init) || !isNetworkFailure(error) || init?.signal?.aborted) throw error;
          await this.retryWait(Math.min(READ_RETRY_MAX_MS, READ_RETRY_FIRST_MS * 2 ** attempt));
        }
      }
    };
  }

  /** Resolves at once while open; otherwise when opened (rejects when stopped). */
  pass(): Promise<void> {
    if (this.stopped) return Promise.reject(new ReplicationStoppedError());
    if (!this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((w) => w.resolve());
    this.wakeRetries();
  }

  stop(): void {
    this.stopped = true;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((w) => w.reject(new ReplicationStoppedError()));
    this.wakeRetries();
  }

  /** `ms`, or less when the gate opens (the network is back) or stops. */
  private retryWait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private wakeRetries(): void {
    const wakers = [...this.wakers];
    this.wakers.clear();
    wakers.forEach((wake) => wake());
  }
}

/** Calls that only read: sending them twice changes nothing on the server. */
function isRead(url: string, init?: RequestInit): boolean {
  const method = (init?.method ?? 'GET').toUpperCase();
  return method === 'GET' || (method === 'POST' && /\/_all_docs(\?|$)/.test(url));
}
