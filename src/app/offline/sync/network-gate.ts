import { type FetchLike, ReplicationStoppedError } from './sync-fetch';

/**
 * Holds sync calls while the device is offline (or its session expired) and lets them through when
 * it is opened again; stop() fails the held ones with ReplicationStoppedError. Used instead of RxDB's
 * replication pause(), which can skip queued pushes (see CompanySync.pause()).
 */
export class NetworkGate {
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private closed = false;
  private stopped = false;

  wrap(base: FetchLike): FetchLike {
    return async (url, init) => {
      await this.pass();
      return base(url, init);
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
  }

  stop(): void {
    this.stopped = true;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((w) => w.reject(new ReplicationStoppedError()));
  }
}
