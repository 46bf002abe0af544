import { type ChangeFeed, FIRST_RETRY_MS, startChangeFeed } from './change-feed';
import type { FetchLike } from './sync-fetch';

/**
 * The `_events` long-poll after a failed call: how soon it asks again decides how long a server
 * change waits to reach an open device (issue 4: within seconds). The clock is Jasmine's; the server
 * is a fetch whose answers the test gives.
 */
describe('change feed: retries after a failed long-poll', () => {
  interface Call {
    url: string;
    resolve: (body: unknown) => void;
    reject: (error: unknown) => void;
  }
  let calls: Call[];
  let changed: unknown[];
  let feed: ChangeFeed | null;
  const fetch: FetchLike = (url) =>
    new Promise<Response>((resolve, reject) =>
      // the feed reads only json(); a real Response reads its body through a stream (timers)
      calls.push({ url, resolve: (body) => resolve({ ok: true, status: 200, json: async () => body } as Response), reject }),
    );
  /** lets the feed's awaits run (no timers) */
  const settle = async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  };
  const networkDown = () => new TypeError('Failed to fetch');

  beforeEach(() => {
    calls = [];
    changed = [];
    jasmine.clock().install();
    feed = startChangeFeed({ url: '/api/v1/sync/c1/_events', fetch, isOnline: () => true, onChanged: (kinds) => void changed.push(kinds), retryMs: 10_000 });
  });
  afterEach(() => {
    feed?.stop();
    jasmine.clock().uninstall();
  });

  it('asks again after 1 s, then 2 s, 4 s … up to retryMs, and from 1 s again once the server answered', async () => {
    await settle();
    expect(calls.length).toBe(1);
    calls[0].reject(networkDown()); // e.g. the first call as the network comes back
    await settle();
    jasmine.clock().tick(FIRST_RETRY_MS - 1);
    await settle();
    expect(calls.length).withContext('not before 1 s').toBe(1);
    jasmine.clock().tick(1);
    await settle();
    expect(calls.length).withContext('1 s after the first failure (was retryMs: 10 s)').toBe(2);
    calls[1].reject(networkDown());
    await settle();
    jasmine.clock().tick(2 * FIRST_RETRY_MS - 1);
    await settle();
    expect(calls.length).toBe(2);
    jasmine.clock().tick(1);
    await settle();
    expect(calls.length).withContext('2 s after the second').toBe(3);
    calls[2].resolve({ changed: ['cards'], since: 's1' });
    await settle();
    expect(changed).toEqual([['cards']]);
    expect(calls.length).withContext('the next long-poll at once').toBe(4);
    expect(calls[3].url).toContain('since=s1');
    calls[3].reject(networkDown());
    await settle();
    jasmine.clock().tick(FIRST_RETRY_MS);
    await settle();
    expect(calls.length).withContext('1 s again after an answer').toBe(5);
  });

  it('a poke (the browser is online again) while a call is failing asks again at once, without waiting', async () => {
    await settle();
    expect(calls.length).toBe(1);
    // 'online' fires while the call made just before it is still on its way to failing
    feed!.poke();
    calls[0].reject(networkDown());
    await settle();
    expect(calls.length).withContext('retried without any timer').toBe(2);
    calls[1].resolve({ changed: ['cards'], since: 's1' });
    await settle();
    expect(changed).toEqual([['cards']]);
  });
});
