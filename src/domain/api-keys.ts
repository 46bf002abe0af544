import type { Permission } from './permissions';

/**
 * ERP API keys (PRODUCT.md "ERP integration"): one company, a subset of these permissions, shown
 * once. A key holds only what a machine may do without a person: upload lots and confirm its own
 * (step-up with the key itself), read lots, orders and cards, delete its own lots. Signing,
 * authorizing, generating and paying orders, transfers and administration stay with people
 * (four-eyes rule, one-time codes), so no key can ever hold them.
 */
export const API_KEY_PERMISSIONS = ['lots.upload', 'lots.delete', 'orders.view', 'cards.view', 'reports.view'] as const satisfies readonly Permission[];

export type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];

/** Who manages a company's API keys. */
export const API_KEYS_MANAGER: Permission = 'company.manage';

export function isApiKeyPermission(value: unknown): value is ApiKeyPermission {
  return typeof value === 'string' && (API_KEY_PERMISSIONS as readonly string[]).includes(value);
}

/** `cek_<id>_<secret>`: the id (public, shown in lists) finds the key; the secret is only ever hashed. */
export const API_KEY_ID_PATTERN = /^[a-z0-9]{16}$/;
export const API_KEY_PATTERN = /^cek_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** `Idempotency-Key` header: what a client makes once per operation (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,200}$/;

export interface ApiKeySummary {
  id: string;
  companyId: string;
  name: string;
  /** the first characters of the key, to recognise it: `cek_<id>_` */
  prefix: string;
  permissions: ApiKeyPermission[];
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface CreatedApiKey {
  /** the whole key: shown once, never stored nor retrievable again */
  key: string;
  apiKey: ApiKeySummary;
}
