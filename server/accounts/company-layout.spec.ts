import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { companyDatabaseSpecs, companyDb } from '../store/databases';
import { getOrNull } from '../store/documents';
import { startTestServer, type TestServer } from '../testing/test-server';
import { companyLayoutDigest } from './company-layout';

/**
 * A start completes every company's databases only when the code's layout changed since the last
 * complete pass (its marker, `_local/company-layout` in ce_companies), so a start with thousands of
 * companies does not re-read ten databases of each (BENCHMARKS.md "Server cold start").
 */
describe('company databases at start: completed when the layout changed, skipped when it did not', () => {
  const cards = companyDb(DEMO_COMPANY_ID, 'cards');
  const ddocId = companyDatabaseSpecs(DEMO_COMPANY_ID).find((s) => s.name === cards)!.design![0]._id;
  let dataDir: string;
  beforeAll(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-layout-'))));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const marker = (s: TestServer) => getOrNull(s.ctx.store.use<{ _id: string; digest?: string }>('ce_companies'), '_local/company-layout');
  const ddoc = (s: TestServer) => getOrNull(s.ctx.store.use<{ _id: string }>(cards), ddocId);
  async function removeDdoc(s: TestServer) {
    const db = s.ctx.store.use<{ _id: string }>(cards);
    const doc = await db.get(ddocId);
    await db.destroy(ddocId, doc._rev);
  }

  it('runs on a new store, skips an unchanged layout, and completes every company again when the layout differs', async () => {
    let server = await startTestServer({ DATA_DIR: dataDir });
    try {
      expect((await marker(server))?.digest).toBe(companyLayoutDigest());
      expect(await ddoc(server)).not.toBeNull();
      // a company database that lacks a design document the marker says it has
      await removeDdoc(server);
    } finally {
      await server.close();
    }

    server = await startTestServer({ DATA_DIR: dataDir });
    try {
      expect(await ddoc(server)).withContext('an unchanged layout is not completed again').toBeNull();
      // as an older version of the code would have left it: another layout
      const m = (await marker(server))!;
      await server.ctx.store.use<{ _id: string; digest?: string }>('ce_companies').insert({ ...m, digest: 'an older layout' });
    } finally {
      await server.close();
    }

    server = await startTestServer({ DATA_DIR: dataDir });
    try {
      expect(await ddoc(server)).withContext('a changed layout completes every company').not.toBeNull();
      expect((await marker(server))?.digest).toBe(companyLayoutDigest());
      expect((await (await server.api('/health')).json()).status).toBe('ok');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('the digest is the layout: a view added to a company database changes it', () => {
    const before = companyLayoutDigest();
    expect(companyLayoutDigest()).toBe(before);
    const spec = companyDatabaseSpecs(DEMO_COMPANY_ID).find((s) => s.name === cards)!;
    expect(spec.design!.length).toBeGreaterThan(0);
    const views = spec.design![0].views!;
    const name = '__spec_probe';
    views[name] = { map: 'function (doc) { emit(doc._id, null); }' };
    try {
      expect(companyLayoutDigest()).not.toBe(before);
    } finally {
      delete views[name];
    }
    expect(companyLayoutDigest()).toBe(before);
  });
});
