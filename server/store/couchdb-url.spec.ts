import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedStore, type EmbeddedStore } from './embedded-server';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * With COUCHDB_URL set the server uses that store over HTTP with the credentials in the URL and
 * starts no store of its own. Apache CouchDB is not installable on this machine, so the remote store
 * here is a PouchDB Server in another listener: what this proves is our side of the protocol (URL,
 * credentials, database layout created remotely), not CouchDB's.
 */
describe('COUCHDB_URL: a store reached over HTTP', () => {
  let remote: EmbeddedStore;
  let remoteDir: string;
  let server: TestServer;

  beforeAll(async () => {
    remoteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-remote-store-'));
    remote = await startEmbeddedStore(remoteDir);
    server = await startTestServer({ COUCHDB_URL: remote.url });
  });
  afterAll(async () => {
    await server.close();
    await remote.close();
    fs.rmSync(remoteDir, { recursive: true, force: true });
  });

  it('reports the CouchDB store, keeps nothing locally and creates the layout remotely', async () => {
    expect(await (await server.api('/health')).json()).toEqual({ status: 'ok', store: 'couchdb' });
    expect(fs.existsSync(path.join(server.dataDir, 'store'))).toBeFalse();

    const dbs: string[] = await (await fetch(`${remote.url.replace(/\/\/[^@]+@/, '//')}/_all_dbs`, {
      headers: { authorization: 'Basic ' + Buffer.from(new URL(remote.url).username + ':' + new URL(remote.url).password).toString('base64') },
    })).json();
    expect(dbs).toEqual(jasmine.arrayContaining(['ce_users', 'ce_companies', 'ce_audit', 'co_cdemo000001_cards']));
  });

  it('signs in against data seeded in the remote store', async () => {
    const answer = await signIn(server, 'admin', 'Admin#2026');
    expect(answer.user.companies[0].taxId).toBe('J000000001');
  });
});
