import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  clientRequestIdOf,
  pushedCardRequestSchema,
  REQUEST_REJECTION_REASONS,
} from '../../src/domain/requests';
import { requireAuth } from '../auth/auth.middleware';
import { forbidden, invalid, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { companyDb } from '../store/databases';
import { defineOperation, mountOperation } from '../openapi/registry';
import { enqueueRequests } from '../requests/request-queue.store';
import { wakeRequestWorker } from '../requests/wake';
import { replicatedKinds } from '../../src/domain/sync-kinds';
import { companyAccess, isSyncKind, kindAccess, PUSH_KINDS, SYNC_KINDS, type SyncKind } from './sync-access';
import { dbUpdateSeq, qs, seqParam, storeJson, type ChangeRow, type ChangesAnswer } from './upstream';

/**
 * /api/v1/sync/:companyId/:kind/… — the CouchDB replication protocol as RxDB's CouchDB replication
 * plugin speaks it (node_modules/rxdb/src/plugins/replication-couchdb/index.ts), and nothing more:
 *
 *   GET  _changes   feed=normal|longpoll, since, limit, include_docs, style, heartbeat, timeout, seq_interval
 *   POST _all_docs  {keys, include_docs, deleted}        (push: "what does the server hold?")
 *   GET  _all_docs  ?keys=[…]&include_docs=true          (push: conflicts)
 *   POST _bulk_docs {docs}                               (push; `requests` only)
 *
 * Every call: bearer token (requireAuth: signature, expiry, session family not revoked, user active),
 * the user belongs to the company (operators: every company), the permission of the kind
 * (sync-access.ts). Pull-only kinds refuse every write with 403. Design documents never leave: they
 * are taken out of `_changes` and `_all_docs`. In `requests` a device sees only its own user's
 * documents. Answers are parsed to apply those filters (CouchDB's `filter=_selector` would do it in
 * the store, but PouchDB Server's `_changes` ignores a selector in the body, so the filter runs here
 * for both stores — see docs/architecture.md "Sync"). Longpoll: heartbeats are written while waiting
 * and the store request is aborted when the client goes away.
 */
export const SYNC_PREFIX = '/sync/:companyId';

const MAX_LONGPOLL_MS = 55_000;
const MAX_SCAN_ROUNDS = 50;
const MAX_KEYS = 1000;
const MAX_PUSH_DOCS = 100;

const seqString = z.string().min(1).max(2000);
const ChangesQuery = z.strictObject({
  since: seqString.default('0'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  feed: z.enum(['normal', 'longpoll']).default('normal'),
  include_docs: z.enum(['true', 'false']).default('false'),
  style: z.enum(['main_only', 'all_docs']).default('main_only'),
  heartbeat: z.union([z.literal('true'), z.coerce.number().int().min(1000).max(60_000)]).optional(),
  timeout: z.coerce.number().int().min(0).max(MAX_LONGPOLL_MS).optional(),
  seq_interval: z.coerce.number().int().min(1).max(10_000).optional(),
});

const AllDocsQuery = z.strictObject({
  keys: z.string().max(200_000).optional(),
  include_docs: z.enum(['true', 'false']).optional(),
});
const AllDocsBody = z.strictObject({
  keys: z.array(z.string().max(300)).max(MAX_KEYS),
  include_docs: z.boolean().optional(),
  deleted: z.literal('ok').optional(),
});
const BulkDocsBody = z.strictObject({
  // Empty is what RxDB sends when every document of a push was already on the server (a push whose
  // answer was lost): CouchDB answers [] and so must we, or the device retries forever.
  docs: z.array(z.record(z.string(), z.unknown())).max(MAX_PUSH_DOCS),
  new_edits: z.literal(true).optional(),
});

const kindParam = z.enum(SYNC_KINDS);
export const changesOp = defineOperation({
  method: 'get',
  path: `${SYNC_PREFIX}/:kind/_changes`,
  operationId: 'syncChanges',
  summary:
    'Replicación (protocolo CouchDB, RxDB): cambios de co_<empresa>_<kind> sin documentos de diseño; en requests solo los del usuario. feed=normal o longpoll',
  tag: 'sync',
  auth: 'bearer',
  query: ChangesQuery,
  success: { status: 200, description: 'Respuesta _changes de CouchDB: {results, last_seq}' },
  errors: [400, 401, 403, 404],
});
export const allDocsPostOp = defineOperation({
  method: 'post',
  path: `${SYNC_PREFIX}/:kind/_all_docs`,
  operationId: 'syncAllDocsByKeys',
  summary: 'Replicación: documentos por clave (keys obligatorias); ni documentos de diseño ni solicitudes de otros usuarios',
  tag: 'sync',
  auth: 'bearer',
  body: AllDocsBody,
  success: { status: 200, description: 'Respuesta _all_docs de CouchDB: {rows}' },
  errors: [400, 401, 403, 404],
});
export const allDocsGetOp = defineOperation({
  method: 'get',
  path: `${SYNC_PREFIX}/:kind/_all_docs`,
  operationId: 'syncAllDocsByKeysGet',
  summary: 'Replicación: documentos por clave (?keys=[…] obligatorio)',
  tag: 'sync',
  auth: 'bearer',
  query: AllDocsQuery,
  success: { status: 200, description: 'Respuesta _all_docs de CouchDB: {rows}' },
  errors: [400, 401, 403, 404],
});
export const bulkDocsOp = defineOperation({
  method: 'post',
  path: `${SYNC_PREFIX}/:kind/_bulk_docs`,
  operationId: 'syncBulkDocs',
  summary:
    'Replicación: subir solicitudes nuevas (solo kind=requests; el resto es de solo lectura → 403). Cada documento se valida; el rechazado vuelve como {id, error:"forbidden", reason}; uno ya recibido como {error:"conflict"}',
  tag: 'sync',
  auth: 'bearer',
  body: BulkDocsBody,
  success: { status: 201, description: 'Respuesta _bulk_docs de CouchDB, un resultado por documento' },
  errors: [400, 401, 403, 404, 413],
});
export const eventsOp = defineOperation({
  method: 'get',
  path: `${SYNC_PREFIX}/_events`,
  operationId: 'syncEvents',
  summary:
    'Una sola espera (long-poll) sobre todas las bases de la empresa que el usuario puede leer: dice cuáles cambiaron desde `since`',
  tag: 'sync',
  auth: 'bearer',
  query: z.strictObject({ since: z.string().max(4000).optional(), timeout: z.coerce.number().int().min(0).max(MAX_LONGPOLL_MS).optional() }),
  success: {
    status: 200,
    description: 'Las colecciones que cambiaron y el nuevo `since`',
    schema: z.strictObject({ changed: z.array(kindParam), since: z.string() }),
  },
  errors: [400, 401, 404],
});

// ------------------------------------------------------------------ filters

type Keep = (row: { id: string; doc?: Record<string, unknown> | null; deleted?: boolean }) => boolean;

function keepFor(kind: SyncKind, userId: string): Keep {
  return (row) => {
    if (row.id.startsWith('_design/') || row.id.startsWith('_local/')) return false;
    if (kind !== 'requests') return true;
    // a tombstone carries no owner; requests are never deleted by us, so none is sent
    return !!row.doc && !row.doc._deleted && row.doc.userId === userId;
  };
}

// ------------------------------------------------------------------ _changes

interface ChangesParams {
  db: string;
  since: string;
  limit: number;
  style: string;
  keep: Keep;
}

/** Up to `limit` kept changes after `since`, reading further pages when filters removed some. */
async function scanChanges(ctx: ServerContext, p: ChangesParams, signal: AbortSignal): Promise<{ results: ChangeRow[]; last_seq: unknown }> {
  const results: ChangeRow[] = [];
  let since: string = p.since;
  let lastSeq: unknown = p.since;
  for (let round = 0; round < MAX_SCAN_ROUNDS && results.length < p.limit; round++) {
    const want = p.limit - results.length;
    const page = await storeJson<ChangesAnswer>(
      ctx,
      `${encodeURIComponent(p.db)}/_changes?${qs({ feed: 'normal', style: p.style, include_docs: true, since, limit: want })}`,
      { signal },
    );
    for (const row of page.results) if (p.keep(row)) results.push(row);
    lastSeq = page.last_seq;
    since = seqParam(page.last_seq);
    if (page.results.length < want) break;
  }
  return { results, last_seq: lastSeq };
}

async function handleChanges(ctx: ServerContext, req: Request, res: Response): Promise<void> {
  const target = await kindAccess(ctx, res, req.params.companyId, req.params.kind);
  const query = ChangesQuery.parse(req.query);
  const keep = keepFor(target.kind, target.userId);
  const client = new AbortController();
  res.on('close', () => client.abort());
  const shape = (answer: { results: ChangeRow[]; last_seq: unknown }) => ({
    results: answer.results.map((r) => {
      if (query.include_docs === 'true') return r;
      const { doc: _doc, ...rest } = r;
      return rest;
    }),
    last_seq: answer.last_seq,
  });

  let since = query.since;
  if (since === 'now') since = await dbUpdateSeq(ctx, target.db, client.signal);
  const params: ChangesParams = { db: target.db, since, limit: query.limit, style: query.style, keep };
  const first = await scanChanges(ctx, params, client.signal);
  if (query.feed === 'normal' || first.results.length > 0) {
    res.json(shape(first));
    return;
  }

  // longpoll: nothing yet. Answer headers now, write heartbeats, wait on the store.
  const deadline = Date.now() + Math.min(query.timeout ?? MAX_LONGPOLL_MS, MAX_LONGPOLL_MS);
  res.status(200).setHeader('content-type', 'application/json');
  res.flushHeaders();
  const beatMs = typeof query.heartbeat === 'number' ? query.heartbeat : query.heartbeat === 'true' ? 10_000 : 0;
  const beat = beatMs ? setInterval(() => res.write('\n'), Math.min(beatMs, 30_000)) : null;
  try {
    let lastSeq: unknown = first.last_seq;
    while (!client.signal.aborted && Date.now() < deadline) {
      const signal = AbortSignal.any([client.signal, AbortSignal.timeout(Math.max(1, deadline - Date.now()))]);
      let page: ChangesAnswer;
      try {
        page = await storeJson<ChangesAnswer>(
          ctx,
          `${encodeURIComponent(target.db)}/_changes?${qs({ feed: 'longpoll', style: query.style, include_docs: true, since: seqParam(lastSeq), limit: query.limit, heartbeat: 10_000 })}`,
          { signal },
        );
      } catch (err) {
        if (signal.aborted) break;
        throw err;
      }
      lastSeq = page.last_seq;
      const kept = page.results.filter(keep);
      if (kept.length > 0) {
        res.end(JSON.stringify(shape({ results: kept, last_seq: lastSeq })));
        return;
      }
    }
    if (!client.signal.aborted) res.end(JSON.stringify({ results: [], last_seq: lastSeq }));
  } catch (err) {
    ctx.log.warn({ err: String(err) }, 'sync longpoll failed after headers; closing');
    res.destroy();
  } finally {
    if (beat) clearInterval(beat);
  }
}

// ------------------------------------------------------------------ _all_docs

interface AllDocsRow {
  id?: string;
  key: string;
  value?: { rev: string; deleted?: boolean };
  doc?: Record<string, unknown> | null;
  error?: string;
}

async function allDocsByKeys(ctx: ServerContext, req: Request, res: Response, keys: string[], includeDocs: boolean): Promise<void> {
  const target = await kindAccess(ctx, res, req.params.companyId, req.params.kind);
  const keep = keepFor(target.kind, target.userId);
  const answer = await storeJson<{ rows: AllDocsRow[] }>(ctx, `${encodeURIComponent(target.db)}/_all_docs?include_docs=true`, {
    method: 'POST',
    body: { keys },
  });
  const rows = answer.rows.map((row) => {
    if (row.error || !row.id) return { key: row.key, error: row.error ?? 'not_found' };
    const visible = keep({ id: row.id, doc: row.doc ?? (row.value?.deleted ? { _deleted: true } : null), deleted: row.value?.deleted });
    const tombstone = !!row.value?.deleted && target.kind !== 'requests' && !row.id.startsWith('_design/');
    if (!visible && !tombstone) return { key: row.key, error: 'not_found' };
    if (!includeDocs) {
      const { doc: _doc, ...rest } = row;
      return rest;
    }
    return row;
  });
  res.json({ total_rows: rows.length, offset: 0, rows });
}

// ------------------------------------------------------------------ _bulk_docs

interface BulkResult {
  id: string;
  rev?: string;
  ok?: boolean;
  error?: string;
  reason?: string;
}

async function handleBulkDocs(ctx: ServerContext, req: Request, res: Response): Promise<void> {
  const target = await kindAccess(ctx, res, req.params.companyId, req.params.kind);
  if (!PUSH_KINDS.includes(target.kind)) throw forbidden('Estos datos son de solo lectura en el dispositivo.', 'SYNC_PULL_ONLY');
  const body = BulkDocsBody.parse(req.body);

  const results: Array<BulkResult | null> = body.docs.map(() => null);
  const accepted: Array<{ index: number; doc: Record<string, unknown> }> = [];
  const seen = new Set<string>();
  body.docs.forEach((doc, index) => {
    const id = typeof doc._id === 'string' ? doc._id : '';
    const refuse = (reason: string) => (results[index] = { id, error: 'forbidden', reason });
    const parsed = pushedCardRequestSchema.safeParse(doc);
    if (!parsed.success || !clientRequestIdOf(id)) return refuse(REQUEST_REJECTION_REASONS.INVALID_REQUEST);
    if (doc.userId !== target.userId) return refuse('La solicitud no pertenece a este usuario.');
    if (doc.companyId !== target.companyId) return refuse('La solicitud no pertenece a esta empresa.');
    if (seen.has(id)) return (results[index] = { id, error: 'conflict', reason: 'Document update conflict.' });
    seen.add(id);
    accepted.push({ index, doc: { ...doc, status: 'PENDING' } });
  });
  if (accepted.length < body.docs.length) {
    ctx.log.warn({ companyId: target.companyId, userId: target.userId, refused: body.docs.length - accepted.length }, 'sync push: documents refused');
  }

  // Pointer first (DESIGN.md 3): a request never sits in a company database unknown to the workers.
  await enqueueRequests(
    ctx,
    accepted.map(({ doc }) => ({
      companyId: target.companyId,
      requestId: clientRequestIdOf(doc._id as string)!,
      docId: doc._id as string,
      userId: target.userId,
      cardId: doc.cardId as string,
      kind: doc.kind as string,
    })),
  );
  if (accepted.length > 0) {
    const answer = await storeJson<BulkResult[]>(ctx, `${encodeURIComponent(target.db)}/_bulk_docs`, {
      method: 'POST',
      body: { docs: accepted.map((a) => a.doc) },
    });
    accepted.forEach((a, i) => (results[a.index] = answer[i] ?? { id: a.doc._id as string, error: 'unknown_error' }));
    wakeRequestWorker(ctx);
  }
  res.status(201).json(results);
}

// ------------------------------------------------------------------ _events

const encodeSince = (seqs: Record<string, string>) => Buffer.from(JSON.stringify(seqs)).toString('base64url');
function decodeSince(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

async function handleEvents(ctx: ServerContext, req: Request, res: Response): Promise<void> {
  const target = await companyAccess(ctx, res, req.params.companyId);
  const query = (eventsOp.query as z.ZodType<{ since?: string; timeout?: number }>).parse(req.query);
  const kinds = replicatedKinds(target.granted);
  const known = decodeSince(query.since);
  const client = new AbortController();
  res.on('close', () => client.abort());
  const dbOf = (k: SyncKind) => companyDb(target.companyId, k);

  const current = async () => {
    const seqs: Record<string, string> = {};
    await Promise.all(kinds.map(async (k) => (seqs[k] = await dbUpdateSeq(ctx, dbOf(k), client.signal))));
    return seqs;
  };
  // A kind changed when its feed has a change after the seq the device knows. CouchDB's update_seq is
  // opaque: two reads of an unchanged clustered database may answer different strings (another shard
  // copy), so comparing them would wake devices for nothing, over and over; its feed does not.
  const movedSince = async (k: SyncKind) => {
    if (typeof known[k] !== 'string') return true;
    try {
      const page = await storeJson<ChangesAnswer>(ctx, `${encodeURIComponent(dbOf(k))}/_changes?${qs({ feed: 'normal', since: known[k], limit: 1 })}`, {
        signal: client.signal,
      });
      return page.results.length > 0;
    } catch (err) {
      if (client.signal.aborted) throw err;
      return true; // a seq the store does not take: the device reads that kind again from its own checkpoint
    }
  };
  const changedKinds = async () => {
    const moved = await Promise.all(kinds.map(movedSince));
    return kinds.filter((_, i) => moved[i]);
  };
  // the token is read before the check, so a change between the two is announced again next time
  const answer = async () => {
    const seqs = await current();
    return { changed: await changedKinds(), since: encodeSince(seqs) };
  };

  const first = await answer();
  if (first.changed.length > 0 || query.timeout === 0) {
    res.json(first);
    return;
  }
  // fan-in: one longpoll per readable database; the first that moves ends the wait
  const wait = new AbortController();
  const signal = AbortSignal.any([client.signal, wait.signal, AbortSignal.timeout(query.timeout ?? MAX_LONGPOLL_MS)]);
  await Promise.race(
    kinds.map((k) =>
      storeJson(ctx, `${encodeURIComponent(dbOf(k))}/_changes?${qs({ feed: 'longpoll', since: known[k], limit: 1, heartbeat: 10_000 })}`, {
        signal,
      }).catch(() => undefined),
    ),
  );
  wait.abort();
  if (client.signal.aborted) return;
  res.json(await answer());
}

// ------------------------------------------------------------------ router

export function syncRouter(ctx: ServerContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  // the API's JSON parser (64 kB) skips /sync; a push may carry signatures (≤ 100 kB each)
  const pushBody = express.json({ limit: '12mb', strict: true, type: ['application/json'] });
  const smallBody = express.json({ limit: '256kb', strict: true, type: ['application/json'] });

  mountOperation(router, eventsOp, auth, (req, res) => handleEvents(ctx, req, res));
  mountOperation(router, changesOp, auth, (req, res) => handleChanges(ctx, req, res));
  mountOperation(router, allDocsPostOp, auth, smallBody, async (req, res) => {
    const body = AllDocsBody.parse(req.body);
    await allDocsByKeys(ctx, req, res, body.keys, body.include_docs === true);
  });
  mountOperation(router, allDocsGetOp, auth, async (req, res) => {
    const query = AllDocsQuery.parse(req.query);
    let keys: unknown;
    try {
      keys = JSON.parse(query.keys ?? 'null');
    } catch {
      keys = null;
    }
    const parsed = z.array(z.string().max(300)).max(MAX_KEYS).safeParse(keys);
    if (!parsed.success) throw invalid('SYNC_KEYS_REQUIRED', 'Indique las claves (keys) de los documentos.');
    await allDocsByKeys(ctx, req, res, parsed.data, query.include_docs === 'true');
  });
  mountOperation(router, bulkDocsOp, auth, async (req, res, next) => {
    // pull-only kinds are refused before the body is read
    await kindAccess(ctx, res, req.params.companyId, req.params.kind).then((t) => {
      if (!PUSH_KINDS.includes(t.kind)) throw forbidden('Estos datos son de solo lectura en el dispositivo.', 'SYNC_PULL_ONLY');
    });
    pushBody(req, res, (err?: unknown) => (err ? next(err) : handleBulkDocs(ctx, req, res).catch(next)));
  });
  // Anything else under a sync database: writes are refused (403), other reads are not offered (404).
  router.all(`${SYNC_PREFIX}/:kind{/*rest}`, auth, async (req, res) => {
    const kind = String(req.params.kind);
    if (!isSyncKind(kind)) throw notFound('Base de datos no sincronizable.', 'SYNC_KIND_NOT_FOUND');
    await kindAccess(ctx, res, req.params.companyId, kind);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw forbidden('Escritura no permitida por sincronización.', 'SYNC_WRITE_FORBIDDEN');
    throw notFound('Operación de sincronización no disponible.', 'SYNC_NOT_SUPPORTED');
  });
  return router;
}

