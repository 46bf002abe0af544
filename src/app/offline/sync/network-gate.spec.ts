import { NetworkGate, READ_RETRY_FIRST_MS } from './network-gate';
import { type FetchLike, ReplicationStoppedError } from './sync-fetch';

/**
 * A sync read that fails on the network is sent again by the gate, soon, instead of failing into
 * RxDB (which would wait its whole retryTime, 10 s, before pulling again). Jasmine's clock; the
 * server is a fetch whose answers the test gives.
 */
describe('NetworkGate: reads that fail on the network', () => {
  let calls: { url: string; method: string; resolve: () => void; reject: (error: unknown) => void }[];
  const base: FetchLike = (url, init) =>
    new Promise<Response>((resolve, reject) =>
      calls.push({ url, method: init?.method ?? 'GET', resolve: () => resolve(new Response('{}')), reject }),
    );
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const networkDown = () => new TypeError('Failed to fetch');

  beforeEach(() => {
    calls = [];
    jasmine.clock().install();
  });
  afterEach(() => jasmine.clock().uninstall());

  it('sends a failed pull again after 0.5 s, and RxDB sees only the answer', async () => {
    const gate = new NetworkGate();
    let answered = false;
    let failed: unknown = null;
    gate.wrap(base)('/api/v1/sync/c1/cards/_changes?since=3').then(() => (answered = true), (error) => (failed = error));
    await settle();
    calls[0].reject(networkDown());
    await settle();
    jasmine.clock().tick(READ_RETRY_FIRST_MS - 1);
    await settle();
    expect(calls.length).toBe(1);
    jasmine.clock().tick(1);
    await settle();
    expect(calls.length).withContext('sent again').toBe(2);
    calls[1].resolve();
    await settle();
    expect(failed).toBeNull();
    expect(answered).toBeTrue();
  });

  it('offline meanwhile (gate closed): the retry waits for the network and goes as soon as the gate opens', async () => {
    const gate = new NetworkGate();
    let answered = false;
    gate.wrap(base)('/api/v1/sync/c1/cards/_changes?since=3').then(() => (answered = true));
    await settle();
    gate.close(); // the failure made the app offline
    calls[0].reject(networkDown());
    await settle();
    jasmine.clock().tick(60_000);
    await settle();
    expect(calls.length).withContext('nothing sent while closed').toBe(1);
    gate.open(); // the feed found the server again
    await settle();
    expect(calls.length).withContext('at once, no timer').toBe(2);
    calls[1].resolve();
    await settle();
    expect(answered).toBeTrue();
  });

  it('a gate opened during the wait cuts it short', async () => {
    const gate = new NetworkGate();
    gate.wrap(base)('/api/v1/sync/c1/cards/_changes?since=3').catch(() => undefined);
    await settle();
    calls[0].reject(networkDown());
    await settle();
    gate.close();
    gate.open();
    await settle();
    expect(calls.length).toBe(2);
  });

  it('writes and HTTP errors fail into RxDB as before; stop() ends a waiting retry', async () => {
    const gate = new NetworkGate();
    let writeError: unknown = null;
    gate.wrap(base)('/api/v1/sync/c1/requests/_bulk_docs', { method: 'POST' }).catch((error) => (writeError = error));
    await settle();
    calls[0].reject(networkDown());
    await settle();
    expect(writeError).toEqual(jasmine.any(TypeError));

    let otherError: unknown = null;
    gate.wrap(base)('/api/v1/sync/c1/cards/_changes?since=3').catch((error) => (otherError = error));
    await settle();
    calls[1].reject(new Error('sync HTTP 500'));
    await settle();
    expect(otherError).toEqual(jasmine.any(Error));
    expect(calls.length).toBe(2);

    let stopped: unknown = null;
    gate.wrap(base)('/api/v1/sync/c1/requests/_all_docs', { method: 'POST' }).catch((error) => (stopped = error));
    await settle();
    calls[2].reject(networkDown());
    await settle();
    gate.stop();
    await settle();
    expect(stopped).toEqual(jasmine.any(ReplicationStoppedError));
    expect(calls.length).toBe(3);
  });
});
