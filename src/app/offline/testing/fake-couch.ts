/**
 * A small in-memory stand-in for the server's CouchDB-protocol sync endpoint
 * (`/api/v1/sync/<companyId>/<kind>/…`), as a fetch function: `_changes` (normal feed), `_all_docs`
 * (GET with keys, POST with keys) and `_bulk_docs`, bearer-token check, a log of every call.
 * Enough to run RxDB's real CouchDB replication in unit tests; the real server has its own tests.
 */
import type { FetchLike } from '../sync/sync-fetch';

interface Row {
  doc: Record<string, unknown>;
  seq: number;
}

export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
  /** documents answered (_changes results, _all_docs rows) or written (_bulk_docs) */
  docs: number;
}

export class FakeCouch {
  private readonly dbs = new Map<string, Map<string, Row>>();
  private seq = 0;
  readonly calls: FakeCall[] = [];
  /** Tokens accepted as `Authorization: Bearer <token>`. */
  readonly validTokens = new Set<string>(['access-1']);
  /** Databases answered with 403 SYNC_FORBIDDEN (the kind's permission removed). */
  readonly forbidden = new Set<string>();
  /** Companies answered with 404 COMPANY_NOT_FOUND (membership removed), `_events` included. */
  readonly companiesGone = new Set<string>();
  /** When set, every call fails like a dead network. */
  offline = false;
  /** `_changes` of these databases ('demo/lots') waits for the promise before it reads (a slow pull). */
  readonly heldPulls = new Map<string, Promise<void>>();
  /** How long `_events` holds an answer when nothing changed (the real server: up to 55 s). */
  eventsWaitMs = 300;

  constructor(readonly base = '/api/v1/sync') {}

  private db(name: string): Map<string, Row> {
    let db = this.dbs.get(name);
    if (!db) this.dbs.set(name, (db = new Map()));
    return db;
  }

  /** Server-side write (the server's own documents): returns the new `_rev`. */
  put(dbName: string, doc: Record<string, unknown> & { _id: string }): string {
    const db = this.db(dbName);
    const previous = db.get(doc._id);
    const generation = previous ? Number(String(previous.doc['_rev']).split('-')[0]) + 1 : 1;
    const rev = `${generation}-${Math.random().toString(16).slice(2, 10)}`;
    db.set(doc._id, { doc: { ...doc, _rev: rev }, seq: ++this.seq });
    return rev;
  }

  /** Server-side delete: leaves CouchDB's stub `{_id, _rev, _deleted: true}`. */
  remove(dbName: string, id: string): void {
    const db = this.db(dbName);
    const previous = db.get(id);
    const generation = previous ? Number(String(previous.doc['_rev']).split('-')[0]) + 1 : 1;
    db.set(id, { doc: { _id: id, _rev: `${generation}-deleted`, _deleted: true }, seq: ++this.seq });
  }

  lastSeq(dbName: string): number {
    let max = 0;
    for (const row of this.db(dbName).values()) max = Math.max(max, row.seq);
    return max;
  }

  get(dbName: string, id: string): Record<string, unknown> | undefined {
    return this.db(dbName).get(id)?.doc;
  }

  docs(dbName: string): Record<string, unknown>[] {
    return [...this.db(dbName).values()].map((row) => row.doc);
  }

  callsTo(dbName: string, endpoint: string): FakeCall[] {
    return this.calls.filter((call) => call.path === `${this.base}/${dbName}/${endpoint}`);
  }

  /** `_events`: which of the company's databases moved since `since` (base64 JSON of seqs); waits briefly when none. */
  private async events(
    companyId: string,
    query: URLSearchParams,
    record: (status: number, docs?: number) => void,
    signal?: AbortSignal,
  ): Promise<Response> {
    const known = JSON.parse(atob(query.get('since') ?? btoa('{}'))) as Record<string, number>;
    const seqs = () => {
      const out: Record<string, number> = {};
      for (const kind of ['cards', 'lots', 'orders', 'branches', 'accounts', 'requests']) out[kind] = this.lastSeq(`${companyId}/${kind}`);
      return out;
    };
    let now = seqs();
    let changed = Object.keys(now).filter((k) => known[k] !== now[k]);
    const end = Date.now() + Math.min(Number(query.get('timeout') ?? 0), this.eventsWaitMs);
    while (changed.length === 0 && Date.now() < end && !signal?.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      now = seqs();
      changed = Object.keys(now).filter((k) => known[k] !== now[k]);
    }
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    record(200, changed.length);
    return json(200, { changed, since: btoa(JSON.stringify(now)) });
  }

  readonly fetch: FetchLike = async (url, init) => {
    const parsed = new URL(url, 'http://device.test');
    const method = (init?.method ?? 'GET').toUpperCase();
    const record = (status: number, docs = 0) =>
      this.calls.push({ method, path: parsed.pathname, query: parsed.searchParams, status, docs });
    if (this.offline) {
      record(0);
      throw new TypeError('Failed to fetch');
    }
    const auth = new Headers(init?.headers).get('Authorization') ?? '';
    if (!this.validTokens.has(auth.replace(/^Bearer /, ''))) {
      record(401);
      return json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sesión no válida' } });
    }
    const rest = parsed.pathname.slice(this.base.length + 1).split('/');
    if (this.companiesGone.has(decodeURIComponent(rest[0]))) {
      record(404);
      return json(404, { error: { code: 'COMPANY_NOT_FOUND', message: 'Empresa no encontrada.' } });
    }
    if (rest[1] === '_events') return this.events(rest[0], parsed.searchParams, record, init?.signal ?? undefined);
    const dbName = `${rest[0]}/${rest[1]}`;
    const endpoint = rest[2] ?? '';
    if (this.forbidden.has(dbName)) {
      record(403);
      return json(403, { error: { code: 'SYNC_FORBIDDEN', message: 'No tiene permiso para sincronizar estos datos.' } });
    }
    const db = this.db(dbName);
    const body = init?.body ? JSON.parse(String(init.body)) : null;

    if (endpoint === '_changes') {
      await this.heldPulls.get(dbName);
      const since = Number(parsed.searchParams.get('since') ?? 0) || 0;
      const limit = Number(parsed.searchParams.get('limit') ?? 1e9);
      const rows = [...db.values()].filter((row) => row.seq > since).sort((a, b) => a.seq - b.seq).slice(0, limit);
      const lastSeq = rows.length ? rows[rows.length - 1].seq : Math.max(since, 0);
      record(200, rows.length);
      return json(200, {
        results: rows.map((row) => ({
          seq: row.seq,
          id: row.doc['_id'],
          changes: [{ rev: row.doc['_rev'] }],
          ...(row.doc['_deleted'] ? { deleted: true } : {}),
          doc: structuredClone(row.doc),
        })),
        last_seq: lastSeq,
      });
    }
    if (endpoint === '_all_docs') {
      const keys: string[] = body?.keys ?? JSON.parse(parsed.searchParams.get('keys') ?? '[]');
      const rows = keys.map((key) => {
        const row = db.get(key);
        if (!row) return { key, error: 'not_found' };
        return { id: key, key, value: { rev: row.doc['_rev'] }, doc: structuredClone(row.doc) };
      });
      record(200, rows.length);
      return json(200, { total_rows: db.size, offset: 0, rows });
    }
    if (endpoint === '_bulk_docs' && method === 'POST') {
      const answers = (body.docs as Record<string, unknown>[]).map((doc) => {
        const id = String(doc['_id']);
        const existing = db.get(id);
        if (existing && existing.doc['_rev'] !== doc['_rev']) return { id, error: 'conflict', reason: 'Document update conflict.' };
        const { _rev: _ignored, ...rest } = doc;
        const rev = this.put(dbName, { ...rest, _id: id });
        return { ok: true, id, rev };
      });
      record(201, answers.length);
      return json(201, answers);
    }
    record(404);
    return json(404, { error: 'not_found' });
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Server-shaped documents (server/demo/seed.ts shapes). */
export function serverCard(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> & { _id: string } {
  const cardId = `demo-${String(i + 1).padStart(4, '0')}`;
  const last4 = String(1000 + ((i * 7919) % 9000)).padStart(4, '0');
  const at = '2026-11-20T10:00:00.000Z';
  return {
    _id: `card:${cardId}`,
    type: 'card',
    cardId,
    companyId: 'demo',
    productCode: 'ALIM',
    holder: {
      idType: 'V',
      idNumber: String(10000001 + i),
      firstName: FIRST[i % FIRST.length],
      lastName: LAST[(i * 7) % LAST.length],
      email: `titular${i + 1}@demo.test`,
    },
    maskedPan: `627100******${last4}`,
    last4,
    status: 'ACTIVE',
    plasticStatus: 'DELIVERED',
    balanceCents: 0,
    branchCode: i % 3 === 0 ? '002' : '001',
    issuedAt: at,
    deliveredAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const FIRST = ['María', 'José', 'Ana', 'Luis', 'Carmen', 'Pedro', 'Lucía', 'Andrés', 'Sofía', 'Jesús', 'Valentina', 'Ramón'];
const LAST = ['González', 'Rodríguez', 'Pérez', 'Hernández', 'García', 'Martínez', 'López', 'Díaz', 'Núñez', 'Peña', 'Ávila', 'Castillo', 'Ibáñez'];
