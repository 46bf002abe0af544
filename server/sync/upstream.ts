import type { ServerContext } from '../context';

/**
 * Raw HTTP to the store for the sync endpoint (nano buffers and retries; here we need AbortSignals,
 * longpoll and query strings passed as CouchDB expects them). `store.url` carries the credentials;
 * fetch refuses URLs with credentials, so they become a Basic header.
 */
interface Upstream {
  base: string;
  authorization: string | null;
}
const upstreams = new WeakMap<ServerContext, Upstream>();

function upstreamOf(ctx: ServerContext): Upstream {
  let up = upstreams.get(ctx);
  if (!up) {
    const url = new URL(ctx.store.url);
    const authorization = url.username
      ? 'Basic ' + Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')
      : null;
    url.username = '';
    url.password = '';
    up = { base: url.toString().replace(/\/+$/, ''), authorization };
    upstreams.set(ctx, up);
  }
  return up;
}

export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`store answered ${status}`);
  }
}

/** One JSON call to the store. `path` starts with the database name, already validated. */
export async function storeJson<T>(
  ctx: ServerContext,
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const up = upstreamOf(ctx);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (up.authorization) headers.authorization = up.authorization;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${up.base}/${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: init.signal,
  });
  const text = await res.text();
  const body = text.trim() ? JSON.parse(text) : null;
  if (res.status >= 400) throw new UpstreamError(res.status, body);
  return body as T;
}

export const qs = (params: Record<string, string | number | boolean | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

export interface ChangeRow {
  id: string;
  seq: unknown;
  changes: Array<{ rev: string }>;
  deleted?: boolean;
  doc?: Record<string, unknown> & { _id: string; _deleted?: boolean };
}
export interface ChangesAnswer {
  results: ChangeRow[];
  last_seq: unknown;
  pending?: number;
}

export async function dbUpdateSeq(ctx: ServerContext, db: string, signal?: AbortSignal): Promise<string> {
  const info = await storeJson<{ update_seq: unknown }>(ctx, encodeURIComponent(db), { signal });
  return typeof info.update_seq === 'string' ? info.update_seq : JSON.stringify(info.update_seq);
}

/** A seq as the store wants it back in `since` (opaque strings for CouchDB, numbers for PouchDB Server). */
export const seqParam = (seq: unknown): string => (typeof seq === 'string' ? seq : JSON.stringify(seq));
