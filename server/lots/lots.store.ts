import type nano from 'nano';
import type { LotStatus, LotType } from '../../src/domain/statuses';
import {
  LOT_CHUNK_SIZE,
  lotDocId,
  lotErrorsDocId,
  lotRecordsDocId,
  lotResultsDocId,
  type LotDoc,
  type LotErrorsChunkDoc,
  type LotRecordsChunkDoc,
  type LotResultsChunkDoc,
} from '../../src/domain/lots/lot.model';
import type { ServerContext } from '../context';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import { bulkWrite, createOnce, getOrNull, statusOf, updateDoc, type Stored } from '../store/documents';

/**
 * CouchDB access for lots (docs/lots-design.md "Where things live"). Nothing here decides anything.
 *
 *   co_<cid>_lots        lot:<lotId> · idem:<companyId>:<key>
 *   co_<cid>_lotrecords  records:<lotId>:<chunk> · errors:<lotId>:<chunk> · results:<lotId>:<chunk>
 */
registerCompanyDatabase('lots', {
  indexes: [
    { name: 'lots-by-uploaded', fields: ['type', 'uploadedAt'] },
    { name: 'lots-by-status', fields: ['type', 'status', 'uploadedAt'] },
    { name: 'lots-by-sha256', fields: ['type', 'fileSha256', 'uploadedAt'] },
    { name: 'lots-by-confirmed', fields: ['type', 'productCode', 'confirmedAt'] },
  ],
});
export interface IdempotencyDoc {
  _id: string;
  _rev?: string;
  type: 'idempotency';
  companyId: string;
  key: string;
  fingerprint: string;
  lotId: string;
  createdAt: string;
  answer: { status: number; body: unknown } | null;
}

export const idempotencyDocId = (companyId: string, key: string) => `idem:${companyId}:${key}`;

const lotsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<LotDoc>(companyDb(companyId, 'lots'));
const recordsDb = <T extends object>(ctx: ServerContext, companyId: string) =>
  ctx.store.use<T>(companyDb(companyId, 'lotrecords'));

// ---- lot documents --------------------------------------------------------------------------------

export const getLot = (ctx: ServerContext, companyId: string, lotId: string) =>
  getOrNull(lotsDb(ctx, companyId), lotDocId(lotId));

export const insertLot = (ctx: ServerContext, doc: LotDoc) => createOnce(lotsDb(ctx, companyId(doc)), doc);
const companyId = (doc: LotDoc) => doc.companyId;

/** MVCC read-check-write of one lot; `change` sees the fresh copy (null: leave it). */
export const updateLot = (ctx: ServerContext, cid: string, lotId: string, change: (lot: Stored<LotDoc>) => LotDoc | null) =>
  updateDoc(lotsDb(ctx, cid), lotDocId(lotId), (l) => change(l) as Stored<LotDoc> | null);

async function findAll<T>(db: nano.DocumentScope<T>, query: nano.MangoQuery, max = 100_000): Promise<T[]> {
  const out: T[] = [];
  let bookmark: string | undefined;
  for (;;) {
    const answer = await db.find({ ...query, limit: 1000, ...(bookmark ? { bookmark } : {}) });
    out.push(...(answer.docs as T[]));
    if (answer.docs.length < 1000 || out.length >= max) return out;
    bookmark = answer.bookmark;
  }
}

export interface LotFilter {
  status?: LotStatus;
  lotType?: LotType;
  /** ISO instants, uploadedAt in [from, to) */
  from?: string;
  to?: string;
}

export async function listLots(ctx: ServerContext, cid: string, filter: LotFilter, max = 5000): Promise<Stored<LotDoc>[]> {
  const uploadedAt: Record<string, string> = { $gt: '' };
  if (filter.from) uploadedAt.$gte = filter.from;
  if (filter.to) uploadedAt.$lt = filter.to;
  if (filter.from) delete uploadedAt.$gt;
  const selector: nano.MangoSelector = filter.status
    ? { type: 'lot', status: filter.status, uploadedAt }
    : { type: 'lot', uploadedAt };
  if (filter.lotType) selector.lotType = filter.lotType;
  const sort: nano.SortOrder[] = filter.status
    ? [{ type: 'desc' }, { status: 'desc' }, { uploadedAt: 'desc' }]
    : [{ type: 'desc' }, { uploadedAt: 'desc' }];
  return findAll(lotsDb(ctx, cid) as nano.DocumentScope<Stored<LotDoc>>, { selector, sort }, max);
}

/** Lots of the company with this file content, oldest first. */
export async function lotsWithSha256(ctx: ServerContext, cid: string, sha256: string): Promise<Stored<LotDoc>[]> {
  return findAll(lotsDb(ctx, cid) as nano.DocumentScope<Stored<LotDoc>>, {
    selector: { type: 'lot', fileSha256: sha256, uploadedAt: { $gt: '' } },
    sort: [{ type: 'asc' }, { fileSha256: 'asc' }, { uploadedAt: 'asc' }],
  });
}

/** Lots of a product confirmed in [from, to) (ISO instants), for the daily and monthly limits. */
export async function lotsConfirmedBetween(ctx: ServerContext, cid: string, productCode: string, from: string, to: string) {
  return findAll(lotsDb(ctx, cid) as nano.DocumentScope<Stored<LotDoc>>, {
    selector: { type: 'lot', productCode, confirmedAt: { $gte: from, $lt: to } },
  });
}

// ---- daily and monthly limits: reservations under MVCC ----------------------------------------------------

/**
 * `limits:<productCode>:<yyyy-mm>` in co_<cid>_lots: what each confirmed lot of the product took
 * from the month's limits (and from its UTC day's). Every confirmation changes this one document
 * with a revision check, so two racing confirmations cannot both see the room one of them takes.
 */
export interface LimitUsageDoc {
  _id: string;
  _rev?: string;
  type: 'limit-usage';
  productCode: string;
  /** yyyy-mm (UTC) */
  month: string;
  lots: Record<string, LimitUsageEntry>;
}

export interface LimitUsageEntry {
  /** yyyy-mm-dd (UTC) the lot was confirmed (reserved) */
  day: string;
  cards: number;
  cents: number;
  /** when the reservation was written (a confirmation that never completed is let go after a while) */
  at: string;
}

export const limitUsageDocId = (productCode: string, month: string) => `limits:${productCode}:${month}`;

const usageDb = (ctx: ServerContext, cid: string) => ctx.store.use<LimitUsageDoc>(companyDb(cid, 'lots'));

export const getLimitUsage = (ctx: ServerContext, cid: string, productCode: string, month: string) =>
  getOrNull(usageDb(ctx, cid), limitUsageDocId(productCode, month));

export const createLimitUsage = (ctx: ServerContext, cid: string, doc: LimitUsageDoc) => createOnce(usageDb(ctx, cid), doc);

export const updateLimitUsage = (
  ctx: ServerContext,
  cid: string,
  productCode: string,
  month: string,
  change: (d: Stored<LimitUsageDoc>) => LimitUsageDoc | null,
) => updateDoc(usageDb(ctx, cid), limitUsageDocId(productCode, month), (d) => change(d) as Stored<LimitUsageDoc> | null);

/** Fresh status and confirmation of some lots (missing ones absent). */
export async function lotStatuses(ctx: ServerContext, cid: string, lotIds: string[]): Promise<Map<string, Pick<LotDoc, 'status' | 'confirmedAt'>>> {
  const out = new Map<string, Pick<LotDoc, 'status' | 'confirmedAt'>>();
  if (lotIds.length === 0) return out;
  const answer = await lotsDb(ctx, cid).fetch({ keys: lotIds.map(lotDocId) });
  for (const row of answer.rows as Array<{ doc?: LotDoc | null }>) {
    if (row.doc) out.set(row.doc.id, { status: row.doc.status, confirmedAt: row.doc.confirmedAt });
  }
  return out;
}

// ---- idempotency ----------------------------------------------------------------------------------

export const getIdempotency = (ctx: ServerContext, cid: string, key: string) =>
  getOrNull(ctx.store.use<IdempotencyDoc>(companyDb(cid, 'lots')), idempotencyDocId(cid, key));

export const insertIdempotency = (ctx: ServerContext, doc: IdempotencyDoc) =>
  createOnce(ctx.store.use<IdempotencyDoc>(companyDb(doc.companyId, 'lots')), doc);

export const updateIdempotency = (
  ctx: ServerContext,
  cid: string,
  key: string,
  change: (d: Stored<IdempotencyDoc>) => IdempotencyDoc | null,
) => updateDoc(ctx.store.use<IdempotencyDoc>(companyDb(cid, 'lots')), idempotencyDocId(cid, key), (d) => change(d) as Stored<IdempotencyDoc> | null);

// ---- records, errors, results chunks -----------------------------------------------------------------

/**
 * Writes chunk documents with _bulk_docs. Ids are deterministic, so a re-run (crash resume) meets
 * 409 for chunks already there: those are overwritten with the fresh content (same file → same content).
 */
export async function putChunks(ctx: ServerContext, cid: string, docs: (LotRecordsChunkDoc | LotErrorsChunkDoc)[]): Promise<void> {
  if (docs.length === 0) return;
  const db = recordsDb<LotRecordsChunkDoc | LotErrorsChunkDoc>(ctx, cid);
  const answers = await bulkWrite(db as unknown as nano.DocumentScope<object>, docs);
  const conflicted = docs.filter((_, i) => answers[i]?.error === 'conflict');
  const failed = answers.filter((a) => a.error && a.error !== 'conflict');
  if (failed.length > 0) throw new Error(`lot chunks not written (${failed[0].error}: ${failed[0].reason})`);
  if (conflicted.length === 0) return;
  const existing = await db.fetchRevs({ keys: conflicted.map((d) => d._id) });
  const retry = conflicted.map((d, i) => {
    const row = existing.rows[i] as { value?: { rev: string } };
    return { ...d, ...(row.value?.rev ? { _rev: row.value.rev } : {}) };
  });
  const again = await db.bulk({ docs: retry });
  const still = again.filter((a) => a.error);
  if (still.length > 0) throw new Error(`lot chunks not rewritten (${still[0].error}: ${still[0].reason})`);
}

async function getChunks<T>(ctx: ServerContext, cid: string, ids: string[]): Promise<(T | null)[]> {
  if (ids.length === 0) return [];
  const answer = await recordsDb<object>(ctx, cid).fetch({ keys: ids });
  return answer.rows.map((row) => ('doc' in row && row.doc ? (row.doc as T) : null));
}

export const getRecordChunks = (ctx: ServerContext, cid: string, lotId: string, chunks: number[]) =>
  getChunks<LotRecordsChunkDoc>(ctx, cid, chunks.map((c) => lotRecordsDocId(lotId, c)));
export const getErrorChunks = (ctx: ServerContext, cid: string, lotId: string, chunks: number[]) =>
  getChunks<LotErrorsChunkDoc>(ctx, cid, chunks.map((c) => lotErrorsDocId(lotId, c)));
export const getResultChunks = (ctx: ServerContext, cid: string, lotId: string, chunks: number[]) =>
  getChunks<LotResultsChunkDoc>(ctx, cid, chunks.map((c) => lotResultsDocId(lotId, c)));

/** Every error chunk of a lot, in order (streamed one page of documents at a time). */
export async function* errorChunksOf(ctx: ServerContext, cid: string, lotId: string, errorCount: number): AsyncGenerator<LotErrorsChunkDoc> {
  const chunks = Math.ceil(errorCount / LOT_CHUNK_SIZE);
  for (let start = 0; start < chunks; start += 10) {
    const ids = Array.from({ length: Math.min(10, chunks - start) }, (_, i) => start + i);
    for (const doc of await getErrorChunks(ctx, cid, lotId, ids)) if (doc) yield doc;
  }
}

// ---- company data the validator needs ----------------------------------------------------------------

/** Codes of the company's branches. */
export async function branchCodes(ctx: ServerContext, cid: string): Promise<Set<string>> {
  const db = ctx.store.use(companyDb(cid, 'branches'));
  const out = new Set<string>();
  let startkey = 'branch:';
  for (;;) {
    const answer = await db.list({ startkey, endkey: 'branch:\ufff0', limit: 1001 });
    const rows = answer.rows;
    for (const row of rows.slice(0, 1000)) out.add(row.id.slice('branch:'.length));
    if (rows.length <= 1000) return out;
    startkey = rows[1000].id;
  }
}

export function isStoreConflict(err: unknown): boolean {
  return statusOf(err) === 409;
}
