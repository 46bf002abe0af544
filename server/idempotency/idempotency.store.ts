import type { ServerContext } from '../context';
import { registerGlobalDatabase } from '../store/databases';
import { createOnce, getOrNull, isConflict, isNotFound, type Stored } from '../store/documents';

/**
 * One `Idempotency-Key` as used (global database `ce_idempotency`, id `idem:<scope>:<sha256(key)>`).
 * Created once (CouchDB answers 409 to a second create, in this process or any other): whoever
 * creates it runs the operation; everyone else reads it.
 */
export interface IdempotencyRecord {
  _id: string;
  _rev?: string;
  type: 'idempotency';
  /** the company (or `user:<id>` for operations outside one) */
  scope: string;
  /** who sent it first (user id or `apikey:<id>`) */
  principal: string;
  method: string;
  path: string;
  /** SHA-256 of principal, method, path and canonical body: the same key with another request is refused */
  fingerprint: string;
  state: 'in-flight' | 'done';
  startedAt: string;
  /** an in-flight record older than this was left by a crash: a retry may take it over */
  leaseUntil: string;
  /** after this the key may be used again */
  expiresAt: string;
  answer: { status: number; body: unknown; location: string | null } | null;
}

export const IDEMPOTENCY_DB = 'ce_idempotency';

registerGlobalDatabase({ name: IDEMPOTENCY_DB, indexes: [{ name: 'idempotency-by-expiry', fields: ['type', 'expiresAt'] }] });

const db = (ctx: ServerContext) => ctx.store.use<IdempotencyRecord>(IDEMPOTENCY_DB);

export const getRecord = (ctx: ServerContext, id: string) => getOrNull(db(ctx), id);

export const createRecord = (ctx: ServerContext, doc: IdempotencyRecord) => createOnce(db(ctx), doc);

/** Writes `next` over the revision we read; `false` when someone else wrote first (MVCC). */
export async function replaceRecord(ctx: ServerContext, next: Stored<IdempotencyRecord>): Promise<boolean> {
  try {
    await db(ctx).insert(next);
    return true;
  } catch (err) {
    if (isConflict(err)) return false;
    throw err;
  }
}

/** Frees a key whose operation gave no answer worth keeping (5xx): a retry runs it again. */
export async function releaseRecord(ctx: ServerContext, id: string, rev: string): Promise<void> {
  try {
    await db(ctx).destroy(id, rev);
  } catch (err) {
    if (!isConflict(err) && !isNotFound(err)) throw err;
  }
}

/** Deletes up to `limit` records that expired before `nowIso`; answers how many went. */
export async function purgeExpired(ctx: ServerContext, nowIso: string, limit = 500): Promise<number> {
  const answer = await db(ctx).find({
    selector: { type: 'idempotency', expiresAt: { $lt: nowIso } },
    fields: ['_id', '_rev'],
    use_index: 'idx-idempotency-by-expiry',
    limit,
  });
  if (answer.docs.length === 0) return 0;
  // a record re-used meanwhile has a new _rev: its deletion conflicts and it stays, as it should
  const results = await db(ctx).bulk({ docs: answer.docs.map((d) => ({ _id: d._id, _rev: d._rev, _deleted: true })) as never });
  return results.filter((r) => !r.error).length;
}
