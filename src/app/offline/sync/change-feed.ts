import type { ReplicatedKind } from '../db/doc-types';
import { type FetchLike, SyncAuthError, SyncHttpError } from './sync-fetch';

/**
 * What starts a sync round. The device holds ONE long-poll for the whole company —
 * `GET /api/v1/sync/<companyId>/_events?since=&timeout=` answers which databases changed since the
 * opaque `since` (server/sync/sync.routes.ts) — instead of a `_changes` long-poll per collection
 * (browsers allow 6 connections per host). Each answer triggers `onChanged(changed)`; the first
 * call, with no `since`, names every readable kind. A server without `_events` (404) gets a round
 * on a timer instead. Offline, the feed sleeps until the network comes back.
 */
export interface ChangeFeedOptions {
  /** `/api/v1/sync/<companyId>/_events` */
  url: string;
  fetch: FetchLike;
  /** `null`: unknown (timer mode), re-sync everything */
  onChanged: (changed: ReplicatedKind[] | null) => Promise<unknown> | void;
  isOnline: () => boolean;
  /** long-poll timeout asked of the server (≤ 55 s) */
  timeoutMs?: number;
  /** rounds on a timer when the server has no `_events` */
  fallbackIntervalMs?: number;
  /** wait after a failure before polling again: 1 s after the first, doubling up to this */
  retryMs?: number;
}

/** The first retry after a failed long-poll: a network that just came back often fails the first call. */
export const FIRST_RETRY_MS = 1_000;

export interface ChangeFeed {
  stop(): void;
  /** Ask again now (network back, app in the foreground). */
  poke(): void;
}

export function startChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const timeoutMs = options.timeoutMs ?? 50_000;
  const retryMs = options.retryMs ?? 10_000;
  let stopped = false;
  let since: string | null = null;
  let inFlight: AbortController | null = null;
  let wake: (() => void) | null = null;
  /** a poke that came while neither sleeping nor waiting on the server: the next sleep is skipped */
  let poked = false;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (poked) {
        poked = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function loop(): Promise<void> {
    let timerMode = false;
    while (!stopped) {
      if (!options.isOnline()) {
        await sleep(retryMs);
        continue;
      }
      if (timerMode) {
        await options.onChanged(null);
        await sleep(options.fallbackIntervalMs ?? 30_000);
        continue;
      }
      inFlight = new AbortController();
      poked = false;
      try {
        const query = new URLSearchParams({ timeout: String(timeoutMs) });
        if (since) query.set('since', since);
        const response = await options.fetch(`${options.url}?${query}`, { signal: inFlight.signal });
        const body = (await response.json()) as { changed: ReplicatedKind[]; since: string };
        since = body.since;
        failures = 0;
        await options.onChanged(body.changed);
      } catch (error) {
        if (stopped) return;
        if (error instanceof SyncHttpError && (error.status === 404 || error.status === 405 || error.status === 501)) {
          timerMode = true;
          continue;
        }
        // The session is over or access was revoked: the engine decides; the feed stops.
        if (error instanceof SyncAuthError && error.problem !== 'forbidden' && error.problem !== 'kind-revoked') return;
        // A failed call (often the first one as the network comes back) is retried after 1 s, 2 s,
        // 4 s … up to retryMs — not after retryMs at once: a server change waited up to 10 s for it
        // (BENCHMARKS.md run N). An 'online' event or the app coming to the foreground retries now.
        if ((error as Error)?.name !== 'AbortError') await sleep(Math.min(retryMs, FIRST_RETRY_MS * 2 ** failures++));
      } finally {
        inFlight = null;
      }
    }
  }

  const onOnline = () => feed.poke();
  const onVisible = () => {
    if (document.visibilityState === 'visible') feed.poke();
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);

  const feed: ChangeFeed = {
    stop() {
      stopped = true;
      inFlight?.abort();
      wake?.();
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
    },
    poke() {
      // A sleeping feed wakes; a waiting long-poll is restarted with the same `since`; a call that
      // is failing right now retries at once instead of sleeping.
      if (wake) wake();
      else if (inFlight) {
        poked = true;
        inFlight.abort();
      } else poked = true;
    },
  };
  void loop();
  return feed;
}
