import type nano from 'nano';
import { mapLimit } from '../common/map-limit';
import { isConflict, statusOf } from './documents';
import { ensureMangoIndexes } from './mango-indexes';

/** A design document as our code declares it: views (map/reduce as source text) and validation. */
export interface DesignDocument {
  _id: `_design/${string}`;
  language?: 'javascript';
  views?: Record<string, { map: string; reduce?: string }>;
  validate_doc_update?: string;
}

export interface MangoIndex {
  name: string;
  fields: string[];
  partialFilter?: nano.MangoSelector;
}

/** What one database needs to exist and be queryable: created idempotently at start. */
export interface DatabaseSpec {
  name: string;
  design?: DesignDocument[];
  indexes?: MangoIndex[];
  /** design documents (views, Mango indexes' `idx-…`) no longer used: deleted if present, so the store stops updating them */
  retired?: Array<`_design/${string}`>;
}

/** What creating databases needs to know of the store: its client, and which store it is (server/store/store.ts). */
export interface StoreHandle {
  kind: 'embedded' | 'couchdb';
  client: nano.ServerScope;
}

/**
 * Creates the database, its design documents and its Mango indexes when missing or different.
 * Nothing here waits for a view or index to be brought up to date: that is the index warmer's
 * work (server/store/index-warmer.ts), in the background once the server listens.
 */
export async function ensureDatabase(store: StoreHandle, spec: DatabaseSpec): Promise<void> {
  try {
    await store.client.db.create(spec.name);
  } catch (err) {
    // 412: it exists — the normal case after the first start.
    if (statusOf(err) !== 412) throw err;
  }
  const db = store.client.use(spec.name);
  if (spec.retired?.length) await retireDesignDocuments(db, spec.retired);
  for (const ddoc of spec.design ?? []) await ensureDesignDocument(db, ddoc);
  if (spec.indexes?.length) await ensureMangoIndexes(store, db, spec.indexes);
}

export async function ensureDesignDocument(db: nano.DocumentScope<unknown>, wanted: DesignDocument): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let current: (DesignDocument & { _rev?: string }) | undefined;
    try {
      current = (await db.get(wanted._id)) as unknown as DesignDocument & { _rev: string };
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    const body = { language: 'javascript' as const, ...wanted };
    if (current && sameDesign(current, body)) return;
    try {
      await db.insert({ ...body, ...(current?._rev ? { _rev: current._rev } : {}) } as never);
      return;
    } catch (err) {
      // Another instance starting at the same time wrote it first: compare again.
      if (!isConflict(err)) throw err;
    }
  }
}

/** One keyed read, one bulk delete of those still there; another instance deleting them first is fine. */
async function retireDesignDocuments(db: nano.DocumentScope<unknown>, ids: string[]): Promise<void> {
  const answer = await db.fetchRevs({ keys: ids });
  const present = (answer.rows as Array<{ id?: string; value?: { rev: string; deleted?: boolean }; error?: string }>).filter(
    (row) => row.id && row.value && !row.value.deleted,
  );
  if (present.length === 0) return;
  await db.bulk({ docs: present.map((row) => ({ _id: row.id!, _rev: row.value!.rev, _deleted: true })) as never[] });
}

function sameDesign(a: DesignDocument, b: DesignDocument): boolean {
  const pick = (d: DesignDocument) =>
    JSON.stringify({ views: d.views ?? null, validate: d.validate_doc_update ?? null });
  return pick(a) === pick(b);
}

/** Ensures many databases with a bounded number in flight (thousands of companies at boot). */
export async function ensureDatabases(store: StoreHandle, specs: DatabaseSpec[], concurrency = 4) {
  await mapLimit(specs, concurrency, (spec) => ensureDatabase(store, spec));
}
