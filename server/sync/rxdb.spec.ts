import { randomUUID } from 'node:crypto';
import { createRxDatabase, type RxDatabase } from 'rxdb';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { newCardRequest } from '../../src/domain/requests';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { startTestServer, type TestServer } from '../testing/test-server';
import { DEVICE_ID, tokenOf } from './sync.testing';

/**
 * The device's replication, for real: RxDB's CouchDB replication plugin (as the PWA uses it) against
 * the sync endpoint, with a fetch that adds the bearer token. Memory storage stands in for Dexie.
 */
const anyDoc = (extra: Record<string, unknown> = {}) => ({
  version: 0,
  primaryKey: 'id',
  type: 'object' as const,
  properties: { id: { type: 'string', maxLength: 100 }, ...extra },
  required: ['id'],
});

describe('RxDB CouchDB replication against the sync endpoint', () => {
  let server: TestServer;
  let db: RxDatabase;
  let token: string;
  const fetchWithBearer = (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };

  beforeAll(async () => {
    server = await startTestServer();
    token = await tokenOf(server, 'admin', 'Admin#2026');
    db = await createRxDatabase({ name: `device${randomUUID().replace(/-/g, '')}`, storage: getRxStorageMemory(), multiInstance: false });
    await db.addCollections({ cards: { schema: anyDoc() }, requests: { schema: anyDoc() }, branches: { schema: anyDoc() } });
  });
  afterAll(async () => {
    await db?.close();
    await server.close();
  });

  const url = (kind: string) => `${server.url}/api/v1/sync/${DEMO_COMPANY_ID}/${kind}/`;

  it('pulls the 200 demo cards (no design document, no validation error) and the branches', async () => {
    const errors: unknown[] = [];
    for (const kind of ['cards', 'branches'] as const) {
      const rs = replicateCouchDB({
        replicationIdentifier: `${kind}-pull`,
        collection: db.collections[kind],
        url: url(kind),
        fetch: fetchWithBearer as typeof fetch,
        live: false,
        waitForLeadership: false,
        pull: { batchSize: 30 },
      });
      rs.error$.subscribe((e) => errors.push(e));
      await rs.awaitInitialReplication();
      await rs.cancel();
    }
    expect(errors).toEqual([]);
    const cards = await db.collections.cards.find().exec();
    expect(cards.length).toBe(200);
    expect(cards.every((c) => c.primary.startsWith('card:'))).toBeTrue();
    expect(cards.every((c) => /^[0-9]{6}\*{6}[0-9]{4}$/.test(c.get('maskedPan')))).toBeTrue();
    expect((await db.collections.branches.find().exec()).length).toBeGreaterThan(0);
  });

  it('pushes a request that comes back APPLIED (live), and the block reaches the cards replica', async () => {
    const errors: unknown[] = [];
    const requests = replicateCouchDB({
      replicationIdentifier: 'requests-sync',
      collection: db.collections.requests,
      url: url('requests'),
      fetch: fetchWithBearer as typeof fetch,
      live: true,
      waitForLeadership: false,
      retryTime: 500,
      pull: { batchSize: 20 },
      push: { batchSize: 20 },
    });
    const cards = replicateCouchDB({
      replicationIdentifier: 'cards-live',
      collection: db.collections.cards,
      url: url('cards'),
      fetch: fetchWithBearer as typeof fetch,
      live: true,
      waitForLeadership: false,
      retryTime: 500,
      pull: { batchSize: 50 },
    });
    requests.error$.subscribe((e) => errors.push(e));
    cards.error$.subscribe((e) => errors.push(e));
    await requests.awaitInitialReplication();
    await cards.awaitInitialReplication();

    const { _id, ...rest } = newCardRequest({
      clientRequestId: randomUUID(),
      kind: 'card.block',
      payload: {},
      userId: 'admin',
      companyId: DEMO_COMPANY_ID,
      deviceId: DEVICE_ID,
      cardId: 'demo-0100',
      seenCardRev: null,
    });
    await db.collections.requests.insert({ id: _id, ...rest });

    const deadline = Date.now() + 20_000;
    let status = 'PENDING';
    let cardStatus = 'ACTIVE';
    while ((status === 'PENDING' || cardStatus !== 'BLOCKED') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await db.collections.requests.findOne(_id).exec())?.get('status');
      cardStatus = (await db.collections.cards.findOne('card:demo-0100').exec())?.get('status');
    }
    expect(status).toBe('APPLIED');
    expect(cardStatus).toBe('BLOCKED');
    const local = await db.collections.requests.findOne(_id).exec();
    expect(local!.get('outcome')).toEqual({ code: 'APPLIED', message: 'Aplicada.' });
    expect(errors).toEqual([]);
    await requests.cancel();
    await cards.cancel();
  });

  it('a push whose answer was lost (the phone lost the network): the request is not resent forever, its outcome arrives', async () => {
    // The first _bulk_docs reaches the server, but its answer never reaches the device.
    let lost = false;
    const lossyFetch = async (input: string | URL | Request, init: RequestInit = {}) => {
      const answer = await fetchWithBearer(input, init);
      if (!lost && String(input).includes('/_bulk_docs')) {
        lost = true;
        throw new TypeError('network connection lost');
      }
      return answer;
    };
    const errors: unknown[] = [];
    const requests = replicateCouchDB({
      replicationIdentifier: 'requests-lossy',
      collection: db.collections.requests,
      url: url('requests'),
      fetch: lossyFetch as typeof fetch,
      live: true,
      waitForLeadership: false,
      retryTime: 300,
      pull: { batchSize: 20 },
      push: { batchSize: 20 },
    });
    requests.error$.subscribe((e) => errors.push(e));
    await requests.awaitInitialReplication();
    const { _id, ...rest } = newCardRequest({
      clientRequestId: randomUUID(),
      kind: 'card.holder-update',
      payload: { phone: '+58 414 555 0101' },
      userId: 'admin',
      companyId: DEMO_COMPANY_ID,
      deviceId: DEVICE_ID,
      cardId: 'demo-0101',
      seenCardRev: null,
    });
    await db.collections.requests.insert({ id: _id, ...rest });

    const deadline = Date.now() + 20_000;
    let status = 'PENDING';
    while (status === 'PENDING' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      await requests.reSync();
      status = (await db.collections.requests.findOne(_id).exec())?.get('status');
    }
    expect(lost).toBeTrue();
    expect(status).toBe('APPLIED');
    // only the lost answer itself was an error; no refused retry afterwards
    expect(errors.length).toBeLessThanOrEqual(1);
    await requests.cancel();
  });
});
