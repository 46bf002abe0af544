import { createHmac, createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { IDEMPOTENCY_KEY_PATTERN } from '../../src/domain/api-keys';
import { conflict, invalid } from '../common/domain-error';
import type { ServerContext } from '../context';
import { jwtSecret } from '../auth/jwt';
import type { Stored } from '../store/documents';
import * as store from './idempotency.store';
import type { IdempotencyRecord } from './idempotency.store';

/** How long a used key is remembered (Stripe keeps them 24 h too). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** An operation still "in flight" after this was cut short by a crash: a retry may run it again. */
export const IDEMPOTENCY_LEASE_MS = 10 * 60_000;

/** Answers that mean "not decided, try again" are not kept: the retry runs the operation anew. */
const keepable = (status: number) => status < 500 && status !== 429;

/** Property names whose value must never be written to the store (an answer carrying one is not kept). */
const SECRET_PROPERTY = /^(key|secret|password|token|accessToken|refreshToken|otp|pan)$/i;

function holdsSecret(value: unknown, depth = 0): boolean {
  if (depth > 6 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => holdsSecret(v, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(
    ([k, v]) => (SECRET_PROPERTY.test(k) && typeof v === 'string') || holdsSecret(v, depth + 1),
  );
}

/** JSON with sorted keys: `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function hasBody(req: Request): boolean {
  const length = Number(req.get('content-length') ?? 0);
  return length > 0 || req.get('transfer-encoding') !== undefined;
}

/**
 * A keyed hash (HMAC with the server secret) rather than a bare SHA-256: a body may hold a password
 * (step-up), and a bare hash of a weak password could be reversed from a copy of the store.
 */
function fingerprintOf(ctx: ServerContext, principal: string, req: Request): string {
  const body = req.body === undefined ? null : req.body;
  return createHmac('sha256', jwtSecret(ctx))
    .update(`idempotency\n${principal}\n${req.method}\n${req.baseUrl}${req.path}\n${canonical(body)}`)
    .digest('hex');
}

const inProgress = () =>
  conflict('IDEMPOTENCY_IN_PROGRESS', 'Una solicitud con esta Idempotency-Key aún está en curso: espere su respuesta y reintente.');
const reused = () =>
  conflict('IDEMPOTENCY_KEY_REUSED', 'Esta Idempotency-Key ya se usó con otra solicitud (otro cuerpo, ruta o usuario). Use una clave nueva.');

function replay(res: Response, record: IdempotencyRecord): void {
  const answer = record.answer!;
  res.setHeader('Idempotent-Replayed', 'true');
  if (answer.location) res.setHeader('Location', answer.location);
  if (answer.body === null) res.status(answer.status).end();
  else res.status(answer.status).json(answer.body);
}

/**
 * Generic `Idempotency-Key` for writes (PRODUCT.md "ERP integration"), mounted by mountOperation
 * right before the handler that does the work — after authentication and permission checks, so a
 * stored answer is only ever replayed to a caller allowed to make the request.
 *
 * The first request creates `idem:<company>:<sha256(key)>` (create-once: CouchDB MVCC decides
 * between concurrent duplicates, in one process or many); it runs, and its answer is kept. A retry
 * with the same request gets that answer again (`Idempotent-Replayed: true`); the same key with
 * another request gets 409 IDEMPOTENCY_KEY_REUSED; a duplicate arriving while the first still runs
 * gets 409 IDEMPOTENCY_IN_PROGRESS with Retry-After. 5xx answers are not kept (the retry runs).
 */
export const idempotencyLayer: RequestHandler = async (req, res, next) => {
  const key = req.get('idempotency-key');
  const ctx = res.locals.serverContext as ServerContext | undefined;
  const auth = res.locals.auth as { userId: string } | undefined;
  if (key === undefined || !ctx || !auth) return next();
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw invalid('IDEMPOTENCY_KEY', 'La cabecera Idempotency-Key debe tener de 1 a 200 caracteres: letras, dígitos, _ - : .');
  }
  if (req.body === undefined && hasBody(req) && !req.is('application/json')) {
    throw invalid('IDEMPOTENCY_UNSUPPORTED', 'Idempotency-Key solo se admite aquí con un cuerpo JSON.');
  }
  const companyId = res.locals.companyId as string | undefined;
  const scope = companyId ?? `user:${auth.userId}`;
  const id = `idem:${scope}:${createHash('sha256').update(key).digest('hex')}`;
  const fingerprint = fingerprintOf(ctx, auth.userId, req);
  const now = ctx.now();
  const fresh: IdempotencyRecord = {
    _id: id,
    type: 'idempotency',
    scope,
    principal: auth.userId,
    method: req.method,
    path: `${req.baseUrl}${req.path}`,
    fingerprint,
    state: 'in-flight',
    startedAt: now.toISOString(),
    leaseUntil: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString(),
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
    answer: null,
  };

  let claimed: Stored<IdempotencyRecord> | null = null;
  if ((await store.createRecord(ctx, fresh)) === 'created') {
    claimed = (await store.getRecord(ctx, id))!;
  } else {
    const known = await store.getRecord(ctx, id);
    if (!known) throw inProgress(); // released by a failed first attempt this instant: the client retries
    const expired = Date.parse(known.expiresAt) <= now.getTime();
    const abandoned = known.state === 'in-flight' && Date.parse(known.leaseUntil) <= now.getTime();
    if (expired || (abandoned && known.fingerprint === fingerprint)) {
      // Take it over with the revision we read: of concurrent retries, MVCC lets exactly one through.
      const next = { ...fresh, _rev: known._rev } as Stored<IdempotencyRecord>;
      if (!(await store.replaceRecord(ctx, next))) throw inProgress();
      claimed = (await store.getRecord(ctx, id))!;
    } else if (known.fingerprint !== fingerprint) {
      throw reused();
    } else if (known.state === 'in-flight') {
      res.setHeader('Retry-After', '1');
      throw inProgress();
    } else {
      replay(res, known);
      return;
    }
  }

  // Keep the first answer before it leaves: a client that retries after a lost answer finds it.
  const record = claimed;
  let settled = false;
  const settle = async (status: number, body: unknown, keep: boolean) => {
    if (settled) return;
    settled = true;
    try {
      if (keep && keepable(status) && !holdsSecret(body)) {
        const location = (res.getHeader('location') as string | undefined) ?? null;
        const done = { ...record, state: 'done' as const, answer: { status, body: body ?? null, location } };
        if (!(await store.replaceRecord(ctx, done))) ctx.log.warn({ id }, 'idempotency record changed under its owner');
      } else {
        await store.releaseRecord(ctx, id, record._rev);
      }
    } catch (err) {
      // The answer still goes out; the record stays in flight until its lease ends, then a retry runs.
      ctx.log.error({ err, id }, 'could not keep the idempotent answer');
    }
  };
  const sendJson = res.json.bind(res);
  res.json = (body: unknown) => {
    void settle(res.statusCode, body, true).then(() => sendJson(body));
    return res;
  };
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    if (settled) return end(...args);
    // no body (204): kept; a body that is not JSON (a file) is not: released, so a retry runs again
    const bodiless = args.length === 0 || typeof args[0] === 'function';
    void settle(res.statusCode, null, bodiless).then(() => end(...args));
    return res;
  }) as Response['end'];
  next();
};
