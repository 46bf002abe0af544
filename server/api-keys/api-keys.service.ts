import { randomBytes } from 'node:crypto';
import { API_KEY_ID_PATTERN, API_KEY_PERMISSIONS, type ApiKeyPermission, type ApiKeySummary, type CreatedApiKey } from '../../src/domain/api-keys';
import type { UserDoc } from '../accounts/accounts.model';
import { permissionsIn } from '../accounts/accounts.service';
import { recordAudit } from '../audit/audit.service';
import type { RequestMeta } from '../auth/auth.service';
import { verifyStepUpPassword } from '../auth/auth.service';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { forgetApiKey, sha256Hex } from './api-key-auth';
import { apiKeyDocId, type ApiKeyDoc } from './api-keys.model';
import * as store from './api-keys.store';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function newKeyId(): string {
  // 16 of 36 symbols ≈ 82 bits: ids never collide in practice, and createOnce refuses if one did
  const bytes = randomBytes(16);
  return [...bytes].map((b) => ID_ALPHABET[b % 36]).join('');
}

export function summaryOf(doc: ApiKeyDoc): ApiKeySummary {
  return {
    id: doc.id,
    companyId: doc.companyId,
    name: doc.name,
    prefix: `cek_${doc.id}_`,
    permissions: [...doc.permissions],
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    lastUsedAt: doc.lastUsedAt,
    revokedAt: doc.revokedAt,
    revokedBy: doc.revokedBy,
  };
}

export interface CreateInput {
  name: string;
  permissions: ApiKeyPermission[];
  password: string;
}

/**
 * A new key for the company: its permissions are a subset of what the creator holds there and of
 * what keys may hold at all; the creator's password again (step-up). The whole key is in the answer
 * only: the store keeps its SHA-256.
 */
export async function createApiKey(ctx: ServerContext, creator: UserDoc, companyId: string, input: CreateInput, meta: RequestMeta): Promise<CreatedApiKey> {
  const audit = (outcome: 'ok' | 'refused', reason?: string, details: Record<string, unknown> = {}) =>
    recordAudit(ctx, { userId: creator.userId, companyId, action: 'apikeys.create', outcome, reason, details: { name: input.name, permissions: input.permissions, ...details }, ...meta });
  try {
    const wanted = [...new Set(input.permissions)];
    const granted = permissionsIn(creator, companyId) ?? [];
    const notHeld = wanted.filter((p) => !granted.includes(p));
    if (notHeld.length) throw forbidden(`No puede dar a una clave permisos que usted no tiene: ${notHeld.join(', ')}.`, 'PERMISSION_NOT_HELD');
    await verifyStepUpPassword(ctx, creator.userId, input.password, meta);
    const id = newKeyId();
    const secret = randomBytes(32).toString('base64url');
    const doc: ApiKeyDoc = {
      _id: apiKeyDocId(id),
      type: 'apikey',
      id,
      companyId,
      name: input.name,
      permissions: API_KEY_PERMISSIONS.filter((p) => wanted.includes(p)),
      secretSha256: sha256Hex(secret),
      createdAt: ctx.now().toISOString(),
      createdBy: creator.userId,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    if ((await store.insertApiKey(ctx, doc)) !== 'created') throw new Error('API key id collision');
    await audit('ok', undefined, { keyId: id });
    return { key: `cek_${id}_${secret}`, apiKey: summaryOf(doc) };
  } catch (err) {
    if (err instanceof DomainError) await audit('refused', err.code);
    throw err;
  }
}

export async function listApiKeys(ctx: ServerContext, companyId: string): Promise<ApiKeySummary[]> {
  return (await store.listApiKeys(ctx, companyId)).map(summaryOf);
}

/** Revokes a key of the company (idempotent: revoking a revoked key answers it as it is). */
export async function revokeApiKey(ctx: ServerContext, by: UserDoc, companyId: string, keyId: string, meta: RequestMeta): Promise<ApiKeySummary> {
  const missing = () => notFound('Clave de API no encontrada.', 'API_KEY_NOT_FOUND');
  if (!API_KEY_ID_PATTERN.test(keyId)) throw missing();
  const known = await store.getApiKey(ctx, keyId);
  if (!known || known.companyId !== companyId) throw missing();
  const at = ctx.now().toISOString();
  const updated = await store.updateApiKey(ctx, keyId, (d) => (d.revokedAt ? null : { ...d, revokedAt: at, revokedBy: by.userId }));
  forgetApiKey(ctx, keyId);
  await recordAudit(ctx, { userId: by.userId, companyId, action: 'apikeys.revoke', outcome: 'ok', details: { keyId, name: known.name }, ...meta });
  return summaryOf(updated!);
}
