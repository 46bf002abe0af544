import type nano from 'nano';

/** CouchDB's answer statuses we treat as domain facts rather than failures. */
export function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number };
  return e?.statusCode ?? e?.status;
}
export const isConflict = (err: unknown) => statusOf(err) === 409;
export const isNotFound = (err: unknown) => statusOf(err) === 404;

/** A document as stored: our fields plus CouchDB's. */
export type Stored<T> = T & { _id: string; _rev: string };

export async function getOrNull<T extends object>(db: nano.DocumentScope<T>, id: string): Promise<Stored<T> | null> {
  try {
    return (await db.get(id)) as unknown as Stored<T>;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * Exactly-once by deterministic id (DESIGN.md 1): creating an `_id` that exists answers 409,
 * which means the effect already happened.
 */
export async function createOnce<T extends object>(
  db: nano.DocumentScope<T>,
  doc: T & { _id: string },
): Promise<'created' | 'exists'> {
  try {
    await db.insert(doc);
    return 'created';
  } catch (err) {
    if (isConflict(err)) return 'exists';
    throw err;
  }
}

/**
 * Read-check-write under MVCC (DESIGN.md 2). `change` sees the current document and returns the
 * next one, or `null` to leave it as it is; on 409 the document is re-read and `change` runs again
 * on the fresh copy, so invariants checked inside it hold across processes.
 */
export async function updateDoc<T extends object>(
  db: nano.DocumentScope<T>,
  id: string,
  change: (current: Stored<T>) => (T & { _id: string; _rev: string }) | null,
  maxAttempts = 50,
): Promise<Stored<T> | null> {
  for (let attempt = 1; ; attempt++) {
    const current = (await db.get(id)) as unknown as Stored<T>;
    const next = change(current);
    if (!next) return current;
    try {
      const answer = await db.insert(next);
      return { ...next, _rev: answer.rev } as Stored<T>;
    } catch (err) {
      if (!isConflict(err) || attempt >= maxAttempts) throw err;
      // Back off a little so concurrent writers do not retry in lock-step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 5)));
    }
  }
}

/** Several documents by id in one call (`_all_docs?include_docs=true`); missing or deleted ones are absent. */
export async function fetchDocs<T extends object>(db: nano.DocumentScope<T>, ids: readonly string[]): Promise<Map<string, Stored<T>>> {
  const out = new Map<string, Stored<T>>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const answer = await db.fetch({ keys: unique });
  for (const row of answer.rows as Array<{ id?: string; doc?: Stored<T> | null }>) {
    if (row.doc) out.set(row.doc._id, row.doc);
  }
  return out;
}

/** One `_bulk_docs` (non-atomic): per document, in order, its new `_rev` or CouchDB's error (`conflict`, `forbidden`…). */
export async function bulkWrite<T extends object>(
  db: nano.DocumentScope<T>,
  docs: ReadonlyArray<T & { _id: string }>,
): Promise<Array<{ id: string; rev?: string; error?: string; reason?: string }>> {
  if (docs.length === 0) return [];
  const answer = await db.bulk({ docs: docs as T[] });
  // Rows are matched to documents by id, not by position: PouchDB Server does not always answer
  // `_bulk_docs` in the order of the request (seen under load: each claim given its neighbour's rev).
  const byId = new Map<string, (typeof answer)[number]>();
  for (const row of answer) if (row.id !== undefined && !byId.has(row.id)) byId.set(row.id, row);
  const unique = byId.size === docs.length && docs.every((d) => byId.has(d._id));
  return docs.map((doc, i) => {
    const row = unique ? byId.get(doc._id)! : answer[i];
    return { id: doc._id, rev: row.error ? undefined : row.rev, error: row.error, reason: row.reason };
  });
}

/**
 * Many documents by id in one request (`_bulk_get`); missing and deleted ones are absent from the
 * map. Not `_all_docs?keys=`: PouchDB Server answers that with one index scan per key (≈ 9× slower
 * than `_bulk_get`'s direct reads, measured); CouchDB 3 serves both.
 */
export async function getMany<T extends object>(db: nano.DocumentScope<T>, ids: string[]): Promise<Map<string, Stored<T>>> {
  const out = new Map<string, Stored<T>>();
  if (ids.length === 0) return out;
  const answer = (await db.server.relax({
    db: (db as unknown as { config: { db: string } }).config.db,
    method: 'POST',
    path: '_bulk_get',
    body: { docs: ids.map((id) => ({ id })) },
  })) as { results: Array<{ id: string; docs: Array<{ ok?: Stored<T> & { _deleted?: boolean }; error?: unknown }> }> };
  for (const result of answer.results) {
    const doc = result.docs[0]?.ok;
    if (doc && !doc._deleted) out.set(result.id, doc);
  }
  return out;
}
