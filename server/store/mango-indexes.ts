import type nano from 'nano';
import type { MangoIndex, StoreHandle } from './design';
import { getOrNull, isConflict } from './documents';

/**
 * Mango indexes, created when missing or different and never built here.
 *
 * `POST /{db}/_index` on Apache CouchDB 3 writes the index's design document and answers; the index
 * is built by the first `_find` that uses it (or CouchDB's background indexer). PouchDB Server's
 * `_index` (pouchdb-find 7.3.1) also builds the whole index before it answers — even for an index
 * that already exists — so a start after a bulk of documents written while the server was stopped
 * waited minutes for every index (BENCHMARKS.md "Reports"). Hence: the existing indexes are listed
 * first (`GET /{db}/_index`, design documents only) and only a missing or changed one is written.
 * On the embedded store it is written as the design document `_index` itself would write (the
 * CouchDB Mango layout pouchdb-find reads back), so nothing is built before the server listens;
 * the index warmer (index-warmer.ts) brings it up to date afterwards, and a `_find` arriving before
 * that still answers correctly: the store brings the index up to date before reading it.
 */
export async function ensureMangoIndexes(store: StoreHandle, db: nano.DocumentScope<unknown>, wanted: MangoIndex[]): Promise<void> {
  const existing = await listIndexes(store, db.config.db);
  for (const index of wanted) {
    const ddocId = `_design/${mangoDdocName(index)}`;
    const found = existing.find((e) => e.ddoc === ddocId && e.name === index.name);
    if (found && sameDefinition(found.def, index)) continue;
    if (store.kind === 'couchdb') {
      await db.createIndex({
        index: { fields: index.fields, ...(index.partialFilter ? { partial_filter_selector: index.partialFilter } : {}) },
        name: index.name,
        ddoc: mangoDdocName(index),
        type: 'json',
      });
    } else {
      await writeEmbeddedIndex(db, ddocId, index);
    }
  }
}

/** One design document per index, as the features have always declared them. */
export const mangoDdocName = (index: MangoIndex) => `idx-${index.name}`;

interface ListedIndex {
  ddoc: string | null;
  name: string;
  def: { fields: Array<Record<string, string>>; partial_filter_selector?: unknown };
}

async function listIndexes(store: StoreHandle, dbName: string): Promise<ListedIndex[]> {
  const answer = (await store.client.relax({ db: dbName, path: '_index', method: 'GET' })) as { indexes: ListedIndex[] };
  return answer.indexes ?? [];
}

function sameDefinition(def: ListedIndex['def'], index: MangoIndex): boolean {
  const fields = def.fields.map((f) => Object.keys(f)[0]);
  if (JSON.stringify(fields) !== JSON.stringify(index.fields)) return false;
  return JSON.stringify(def.partial_filter_selector ?? null) === JSON.stringify(index.partialFilter ?? null);
}

/**
 * The design document pouchdb-find's `createIndex` writes (language `query`; the view's map holds the
 * fields, `options.def` the definition as given), written without the build that follows it there.
 */
async function writeEmbeddedIndex(db: nano.DocumentScope<unknown>, ddocId: string, index: MangoIndex): Promise<void> {
  const def = { fields: index.fields, ...(index.partialFilter ? { partial_filter_selector: index.partialFilter } : {}) };
  const view = { map: { fields: Object.fromEntries(index.fields.map((f) => [f, 'asc'])) }, reduce: '_count', options: { def } };
  for (let attempt = 0; attempt < 5; attempt++) {
    const rev = (await getOrNull(db as nano.DocumentScope<object>, ddocId))?._rev;
    try {
      await db.insert({ _id: ddocId, ...(rev ? { _rev: rev } : {}), language: 'query', views: { [index.name]: view } } as never);
      return;
    } catch (err) {
      // another instance starting at the same time wrote it first: read and write again
      if (!isConflict(err)) throw err;
    }
  }
}
