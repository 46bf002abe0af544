import type nano from 'nano';
import { isConflict, statusOf } from './documents';

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
}

export async function ensureDatabase(client: nano.ServerScope, spec: DatabaseSpec): Promise<void> {
  try {
    await client.db.create(spec.name);
  } catch (err) {
    // 412: it exists — the normal case after the first start.
    if (statusOf(err) !== 412) throw err;
  }
  const db = client.use(spec.name);
  for (const ddoc of spec.design ?? []) await ensureDesignDocument(db, ddoc);
  for (const index of spec.indexes ?? []) {
    await db.createIndex({
      index: { fields: index.fields, ...(index.partialFilter ? { partial_filter_selector: index.partialFilter } : {}) },
      name: index.name,
      ddoc: `idx-${index.name}`,
      type: 'json',
    });
  }
}

async function ensureDesignDocument(db: nano.DocumentScope<unknown>, wanted: DesignDocument): Promise<void> {
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

function sameDesign(a: DesignDocument, b: DesignDocument): boolean {
  const pick = (d: DesignDocument) =>
    JSON.stringify({ views: d.views ?? null, validate: d.validate_doc_update ?? null });
  return pick(a) === pick(b);
}

/** Ensures many databases with a bounded number in flight (thousands of companies at boot). */
export async function ensureDatabases(client: nano.ServerScope, specs: DatabaseSpec[], concurrency = 4) {
  const queue = [...specs];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) await ensureDatabase(client, spec);
    }),
  );
}
