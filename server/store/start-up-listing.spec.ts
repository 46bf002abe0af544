import type nano from 'nano';
import { createCompany } from '../accounts/accounts.service';
import { DEMO_COMPANY, DEMO_COMPANY_ID as CID } from '../demo/demo-data';
import { createLogger } from '../logger';
import { startTestServer, type TestServer } from '../testing/test-server';
import { companyDatabaseSpecs, companyDb } from './databases';
import { createIndexWarmer } from './index-warmer';
import { createStartUpListing } from './start-up-listing';

/**
 * The start-up listing (start-up-listing.ts) on the real embedded store: the index warmer and the
 * holder-set warm-up share one `_all_dbs` and read each company database's size once; the warmer
 * still warms exactly the databases big enough, and one queued again after the start is read live.
 */
describe('start-up listing shared by the warm-ups', () => {
  const OTHER = 'clisting01';
  let server: TestServer;
  beforeAll(async () => {
    // the server's own warm-ups off: the spec drives a listing and a warmer of its own over the same store
    server = await startTestServer({ INDEX_WARMER: 'off', HOLDER_SET_WARMUP: 'off' });
    expect(await createCompany(server.ctx, { ...DEMO_COMPANY, id: OTHER, taxId: 'J000000003', legalName: 'Listado C.A.' })).toBe('created');
  });
  afterAll(async () => server.close());

  /** The real client, with the database-level reads counted (every call goes through to the store). */
  function counted(client: nano.ServerScope) {
    const infoReads: string[] = [];
    const warmReads: string[] = [];
    let lists = 0;
    const db = {
      ...client.db,
      list: () => (lists++, client.db.list()),
      get: (name: string) => (infoReads.push(name), client.db.get(name)),
    };
    const use = (name: string) => {
      const scope = client.use(name);
      return {
        ...scope,
        view: (...args: Parameters<typeof scope.view>) => (warmReads.push(name), scope.view(...args)),
        find: (query: nano.MangoQuery) => (warmReads.push(name), scope.find(query)),
      };
    };
    const wrapped = { ...client, db, use } as unknown as nano.ServerScope;
    return { client: wrapped, infoReads, warmReads, lists: () => lists };
  }

  it('one `_all_dbs` and one size read per database for both; what is warmed is chosen by size as before', async () => {
    const store = counted(server.ctx.store.client);
    const listing = createStartUpListing(store.client);
    // 150 documents: the demo company's cards database (≈ 200) is big enough, the other's (empty) is not
    const warmer = createIndexWarmer(store.client, createLogger('silent'), listing, 150);
    warmer.warm([...companyDatabaseSpecs(CID), ...companyDatabaseSpecs(OTHER)]);
    warmer.start();
    const holders = await listing.sizes('holders'); // the holder-set warm-up's question, while the warmer works
    await warmer.idle();

    expect(holders.get(CID)?.docs).toBe((await server.ctx.store.client.db.get(companyDb(CID, 'holders'))).doc_count);
    expect(holders.get(CID)!.docs).toBeGreaterThanOrEqual(200); // the demo's holders, one pointer each
    expect(holders.get(OTHER)?.docs).toBe(0);
    expect(store.lists()).toBe(1);
    const twice = store.infoReads.filter((name, i) => store.infoReads.indexOf(name) !== i);
    expect(twice).toEqual([]);
    expect(store.infoReads).toContain(companyDb(CID, 'holders'));
    expect(store.infoReads).toContain(companyDb(OTHER, 'cards'));
    expect(store.warmReads).toContain(companyDb(CID, 'cards'));
    expect(store.warmReads.filter((name) => name.startsWith(`co_${OTHER}_`))).toEqual([]);

    // queued again after the start (a processed lot): its size is read live, not from the listing
    const before = store.infoReads.length;
    warmer.warm(companyDatabaseSpecs(OTHER).filter((s) => s.name === companyDb(OTHER, 'cards')));
    await warmer.idle();
    expect(store.infoReads.slice(before)).toEqual([companyDb(OTHER, 'cards')]);
    await warmer.stop();
    listing.stop();
  });
});
