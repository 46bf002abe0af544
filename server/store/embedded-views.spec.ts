import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import nano from 'nano';
import { startEmbeddedStore, type EmbeddedStore } from './embedded-server';

/**
 * The embedded store builds JavaScript views with PouchDB, patched (patches/pouchdb+9.0.0.patch) to
 * compile a view's map function once per build in one sandbox, as CouchDB's couchjs does, instead
 * of a new V8 context per document. These specs hold the patch to CouchDB's results and sandbox.
 */
describe('embedded store: JavaScript views', () => {
  const docs = 300;
  let store: EmbeddedStore;
  let dir: string;
  let db: nano.DocumentScope<{ type: string; account?: string; amountCents?: number }>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-views-'));
    store = await startEmbeddedStore(dir);
    const server = nano(store.url);
    await server.db.create('views');
    db = server.use('views');
    const rows = Array.from({ length: docs }, (_, i) => ({
      _id: `entry:${String(i).padStart(4, '0')}`,
      type: 'entry',
      account: `card:${i % 3}`,
      amountCents: i,
    }));
    await db.bulk({ docs: [...rows, { _id: 'other', type: 'note' }] });
    await db.insert({
      _id: '_design/test',
      views: {
        by_account: { map: "function (doc) { if (doc.type === 'entry') emit(doc.account, doc.amountCents); }", reduce: '_sum' },
        // A map that throws for some documents: CouchDB skips those documents, the rest are indexed.
        throwing: { map: "function (doc) { if (doc.amountCents % 2) throw new Error('odd'); emit(doc._id, null); }" },
        // What a map function can see: nothing of Node's, and no emit left over from another document.
        sandbox: { map: "function (doc) { if (doc._id === 'other') emit([typeof require, typeof process], 1); }" },
      },
    } as never);
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compiles each map function once per build, not once per document', async () => {
    await db.insert({ _id: '_design/count', views: { ids: { map: 'function (doc) { emit(doc._id, null); }' } } } as never);
    const contexts = spyOn(vm, 'runInNewContext').and.callThrough();
    const built = await db.view('count', 'ids', {});
    expect(built.rows.length).toBe(docs + 1);
    // PouchDB alone made one sandbox per document here (301).
    expect(contexts.calls.count()).toBeLessThan(5);
  });

  it('answers what CouchDB answers: sums per key, skipped documents, an isolated sandbox', async () => {
    const sums = await db.view('test', 'by_account', { group: true });
    const expected = [0, 1, 2].map((r) => ({
      key: `card:${r}`,
      value: Array.from({ length: docs }, (_, i) => i).filter((i) => i % 3 === r).reduce((a, b) => a + b, 0),
    }));
    expect(sums.rows as unknown[]).toEqual(expected);

    const thrown = await db.view('test', 'throwing', {});
    expect(thrown.rows.length).toBe(docs / 2 + 1); // the even entries and 'other' (no amount: NaN % 2 is falsy)

    const sandbox = await db.view('test', 'sandbox', {});
    expect(sandbox.rows.map((r) => r.key as unknown)).toEqual([['undefined', 'undefined']]);
  });
});
