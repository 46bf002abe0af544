import { createHash, timingSafeEqual } from 'node:crypto';
import { API_KEY_PATTERN } from '../../src/domain/api-keys';
import { DomainError } from '../common/domain-error';
import type { ServerContext } from '../context';
import type { Stored } from '../store/documents';
import { apiKeyIdOfPrincipal, type ApiKeyDoc } from './api-keys.model';
import * as store from './api-keys.store';

/** A revocation reaches other server processes within this time (as sessions do, server/auth). */
const CACHE_MS = 5_000;
/** `lastUsedAt` is written at most this often per key: no store write on every API call. */
const LAST_USED_EVERY_MS = 60_000;

interface Cached {
  doc: Stored<ApiKeyDoc> | null;
  until: number;
}
const caches = new WeakMap<ServerContext, Map<string, Cached>>();
const cacheOf = (ctx: ServerContext) => {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new Map()));
  return c;
};

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const invalidApiKey = () => new DomainError('unauthenticated', 'INVALID_API_KEY', 'La clave de API no es válida o fue revocada.');

/** Drops what this process remembers of a key (after a revocation here). */
export function forgetApiKey(ctx: ServerContext, id: string): void {
  cacheOf(ctx).delete(id);
}

async function keyDoc(ctx: ServerContext, id: string): Promise<Stored<ApiKeyDoc> | null> {
  const cache = cacheOf(ctx);
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && hit.until > now) return hit.doc;
  const doc = await store.getApiKey(ctx, id);
  cache.set(id, { doc, until: now + CACHE_MS });
  return doc;
}

function secretMatches(doc: ApiKeyDoc, secret: string): boolean {
  const a = Buffer.from(sha256Hex(secret), 'hex');
  const b = Buffer.from(doc.secretSha256, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type ApiKeyCheck = { ok: true; key: Stored<ApiKeyDoc> } | { ok: false; reason: 'malformed' | 'unknown' | 'wrong_secret' | 'revoked'; key?: Stored<ApiKeyDoc> };

/** Checks an `X-Api-Key` value: well formed, known, secret right, not revoked. */
export async function checkApiKey(ctx: ServerContext, raw: string): Promise<ApiKeyCheck> {
  const match = API_KEY_PATTERN.exec(raw);
  if (!match) return { ok: false, reason: 'malformed' };
  const doc = await keyDoc(ctx, match[1]);
  if (!doc) return { ok: false, reason: 'unknown' };
  if (!secretMatches(doc, match[2])) return { ok: false, reason: 'wrong_secret' };
  if (doc.revokedAt) return { ok: false, reason: 'revoked', key: doc };
  return { ok: true, key: doc };
}

/** Records the use of a key, at most once a minute per key (a write per call would make every call contend). */
export async function touchApiKey(ctx: ServerContext, doc: Stored<ApiKeyDoc>): Promise<void> {
  const now = ctx.now();
  const last = doc.lastUsedAt ? Date.parse(doc.lastUsedAt) : 0;
  if (now.getTime() - last < LAST_USED_EVERY_MS) return;
  doc.lastUsedAt = now.toISOString(); // the cached copy: the next calls of this minute skip the write
  await store.updateApiKey(ctx, doc.id, (d) =>
    d.lastUsedAt && now.getTime() - Date.parse(d.lastUsedAt) < LAST_USED_EVERY_MS ? null : { ...d, lastUsedAt: now.toISOString() },
  );
}

/**
 * Step-up for a key (lot confirmation, deletion): a machine has no password, so the `password`
 * field carries the key itself, checked like the header. Refused as a wrong password is.
 */
export async function verifyApiKeyStepUp(ctx: ServerContext, principalUserId: string, password: string): Promise<void> {
  const id = apiKeyIdOfPrincipal(principalUserId);
  const check = id ? await checkApiKey(ctx, password) : null;
  if (!check?.ok || check.key.id !== id) {
    throw new DomainError('forbidden', 'INVALID_PASSWORD', 'Con una clave de API, el campo password debe llevar la misma clave.');
  }
}

export function isApiKeyPrincipal(userId: string): boolean {
  return apiKeyIdOfPrincipal(userId) !== null;
}
