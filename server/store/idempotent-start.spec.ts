import { Writable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type nano from 'nano';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { createLogger } from '../logger';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { startEmbeddedStore, type EmbeddedStore } from './embedded-server';
import { companyDatabaseSpecs, companyDb, globalDatabaseSpecs } from './databases';
import { mangoDdocName } from './mango-indexes';

/**
 * Issue 2: "Databases, design documents and Mango indexes are created idempotently at start." A
 * second start over the same store — and two instances starting at the same moment over one store
 * (the COUCHDB_URL deployment) — create no database, design document or index twice, rewrite none
 * (every `_rev` stays as it was), seed nothing twice and log no error or warning.
 */

/** Every database of the store with the id and revision of each of its design documents. */
async function designSnapshot(client: nano.ServerScope): Promise<Record<string, Record<string, string>>> {
  const snapshot: Record<string, Record<string, string>> = {};
  for (const name of (await client.db.list()).sort()) {
    const rows = (await client.use(name).list({ startkey: '_design/', endkey: '_design0' })).rows;
    snapshot[name] = Object.fromEntries(rows.map((r) => [r.id, r.value.rev]));
  }
  return snapshot;
}

/** A logger that keeps every line at warn level or above, to show a start logged nothing wrong. */
function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger('warn', sink), lines };
}

/** What the code declares for the demo store: global databases and the demo company's, with their design documents. */
function declaredDesign(): Record<string, string[]> {
  return Object.fromEntries(
    [...globalDatabaseSpecs(), ...companyDatabaseSpecs(DEMO_COMPANY_ID)].map((s) => [
      s.name,
      [...(s.design ?? []).map((d) => d._id), ...(s.indexes ?? []).map((i) => `_design/${mangoDdocName(i)}`)].sort(),
    ]),
  );
}

const countDocs = async (client: nano.ServerScope, db: string) =>
  (await client.use(db).list()).rows.filter((r) => !r.id.startsWith('_design/')).length;

describe('idempotent start: databases, design documents and Mango indexes', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('a second start over the same DATA_DIR rewrites nothing and logs no error or warning', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-restart-'));
    dirs.push(dataDir);
    const first = capturedLogger();
    let server: TestServer = await startTestServer({ DATA_DIR: dataDir }, { log: first.log });
    await server.ctx.store.warmer.idle();
    const before = await designSnapshot(server.ctx.store.client);
    const users = await countDocs(server.ctx.store.client, 'ce_users');
    await server.close();

    const second = capturedLogger();
    server = await startTestServer({ DATA_DIR: dataDir }, { log: second.log });
    try {
      await server.ctx.store.warmer.idle();
      const after = await designSnapshot(server.ctx.store.client);
      // every database the code declares, with exactly its design documents (views and one per Mango index)
      const declared = declaredDesign();
      for (const [db, ids] of Object.entries(declared)) expect(Object.keys(after[db] ?? {}).sort()).withContext(db).toEqual(ids);
      expect(Object.keys(after).sort()).toEqual(Object.keys(declared).sort());
      // same revisions: nothing written again
      expect(after).toEqual(before);
      expect(await countDocs(server.ctx.store.client, 'ce_users')).toBe(users);
      expect(first.lines).toEqual([]);
      expect(second.lines).toEqual([]);
      await signIn(server, 'admin', 'Admin#2026');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('two instances starting at once over one store settle on one copy of everything, without errors; a third start changes nothing', async () => {
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-shared-start-'));
    dirs.push(storeDir);
    const store: EmbeddedStore = await startEmbeddedStore(storeDir);
    const env = { COUCHDB_URL: store.url, JWT_SECRET: randomBytes(48).toString('base64') };
    const logs = [capturedLogger(), capturedLogger(), capturedLogger()];
    const servers: TestServer[] = [];
    try {
      const started = await Promise.allSettled([startTestServer(env, { log: logs[0].log }), startTestServer(env, { log: logs[1].log })]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(['ok', 'ok']);
      for (const s of servers) expect(await (await s.api('/health')).json()).toEqual({ status: 'ok', store: 'couchdb' });
      const client = servers[0].ctx.store.client;

      const afterBoth = await designSnapshot(client);
      const declared = declaredDesign();
      expect(Object.keys(afterBoth).sort()).toEqual(Object.keys(declared).sort());
      for (const [db, ids] of Object.entries(declared)) expect(Object.keys(afterBoth[db] ?? {}).sort()).withContext(db).toEqual(ids);
      // written once: the instance that lost a race read the winner's copy instead of writing its own
      for (const [db, ddocs] of Object.entries(afterBoth)) {
        for (const [id, rev] of Object.entries(ddocs)) expect(rev).withContext(`${db}/${id}`).toMatch(/^1-/);
      }
      // the demo seeded once (deterministic ids): 5 users, 200 cards, 2 branches
      expect(await countDocs(client, 'ce_users')).toBe(5);
      expect(await countDocs(client, companyDb(DEMO_COMPANY_ID, 'cards'))).toBe(200);
      expect(await countDocs(client, companyDb(DEMO_COMPANY_ID, 'branches'))).toBe(2);

      // a third instance (a restart behind the load balancer) rewrites nothing
      servers.push(await startTestServer(env, { log: logs[2].log }));
      await Promise.all(servers.map((s) => s.ctx.store.warmer.idle()));
      expect(await designSnapshot(client)).toEqual(afterBoth);
      for (const s of servers) await signIn(s, 'firma1', 'Firma1#2026');
      expect(logs.map((l) => l.lines)).toEqual([[], [], []]);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      await store.close();
    }
  }, 180_000);
});
