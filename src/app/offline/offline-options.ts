import { InjectionToken } from '@angular/core';
import type { StorageWrapper } from './db/device-database';
import type { FetchLike } from './sync/sync-fetch';

/** Knobs of the offline engine; production uses the defaults, tests override. */
export interface OfflineOptions {
  /** Dev/test only: e.g. the ajv validator around the storage (never in production code). */
  wrapStorage?: StorageWrapper;
  /** RxDB multi-tab support with leader election (default true). */
  multiInstance: boolean;
  /** Base of the sync endpoint. */
  syncBaseUrl: string;
  /** Plain fetch under the token handling (tests pass a fake server). */
  fetch?: FetchLike;
  /** A sync round every this many ms while online, when the server has no `_events` feed. */
  roundIntervalMs: number;
  /** Give up waiting for a round after this long (it goes on in the background). */
  roundTimeoutMs: number;
  /** Wait before RxDB retries a failed pull or push (it also retries when the browser goes online). */
  retryMs: number;
  /** After a request is queued, pull requests again after this long to fetch its outcome. */
  outcomePollMs: number;
}

export const DEFAULT_OFFLINE_OPTIONS: OfflineOptions = {
  multiInstance: true,
  syncBaseUrl: '/api/v1/sync',
  roundIntervalMs: 30_000,
  roundTimeoutMs: 60_000,
  outcomePollMs: 3_000,
  retryMs: 10_000,
};

export const OFFLINE_OPTIONS = new InjectionToken<Partial<OfflineOptions>>('OFFLINE_OPTIONS');
