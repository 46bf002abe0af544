import type { ApiKeyPermission } from '../../src/domain/api-keys';

/**
 * An API key as stored (global database `ce_apikeys`, id `apikey:<id>`). The secret is never stored:
 * only the SHA-256 of its 256 random bits (a high-entropy secret needs no slow hash; argon2 on every
 * API call would only slow the ERP down without making a guess any likelier).
 */
export interface ApiKeyDoc {
  _id: string;
  _rev?: string;
  type: 'apikey';
  id: string;
  companyId: string;
  name: string;
  permissions: ApiKeyPermission[];
  /** hex SHA-256 of the secret part */
  secretSha256: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export const API_KEYS_DB = 'ce_apikeys';
export const apiKeyDocId = (id: string) => `apikey:${id}`;

/** The user id an API key acts under (audit entries, `uploadedBy`): never a valid user id (it has a colon). */
export const apiKeyPrincipalId = (id: string) => `apikey:${id}`;
const PRINCIPAL = /^apikey:([a-z0-9]{16})$/;
export function apiKeyIdOfPrincipal(userId: string): string | null {
  return PRINCIPAL.exec(userId)?.[1] ?? null;
}
