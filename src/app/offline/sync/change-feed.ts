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
  /** wait after a failure before polling again */
  retryMs?: number;
}

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

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
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
      try {
        const query = new URLSearchParams({ timeout: String(timeoutMs) });
        if (since) query.set('since', since);
        const response = await options.fetch(`${options.url}?${query}`, { signal: inFlight.signal });
        const body = (await response.json()) as { changed: ReplicatedKind[]; since: string };
        since = body.since;
        await options.onChanged(body.changed);
      } catch (error) {
        if (stopped) return;
        if (error instanceof SyncHttpError && (error.status === 404 || error.status === 405 || error.status === 501)) {
          timerMode = true;
          continue;
        }
        // The session is over or access was revoked: the engine decides; the feed stops.
        if (error instanceof SyncAuthError && error.problem !== 'forbidden' && error.problem !== 'kind-revoked') return;
        if ((error as Error)?.name !== 'AbortError') await sleep(retryMs);
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
      // A sleeping feed wakes; a waiting long-poll is restarted with the same `since`.
      if (wake) wake();
      else inFlight?.abort();
    },
  };
  void loop();
  return feed;
}
