import type { DatabaseSpec } from './design';

/**
 * The database layout (docs/architecture.md). Global databases hold what spans companies;
 * each company has its own set, one database per kind of document, so a device replicates
 * exactly its company's cards (say) without the store scanning any other company's changes,
 * and the sync endpoint can grant or refuse a whole database by permission.
 */
export const GLOBAL_DB = {
  users: 'ce_users',
  companies: 'ce_companies',
  sessions: 'ce_sessions',
  tokens: 'ce_tokens',
  audit: 'ce_audit',
} as const;

export const COMPANY_DB_KINDS = [
  'branches',
  'cards',
  'lots',
  'lotrecords',
  'orders',
  'accounts',
  'ledger',
  'requests',
  'transfers', // master transfers and fundings (server/transfers): server only, never replicated
  'holders', // person → current card pointers (server/processing/cards-access.ts): server only, never replicated
] as const;
export type CompanyDbKind = (typeof COMPANY_DB_KINDS)[number];

const COMPANY_ID = /^[a-z][a-z0-9]{2,30}$/;

export function isCompanyId(value: string): boolean {
  return COMPANY_ID.test(value);
}

export function companyDb(companyId: string, kind: CompanyDbKind): string {
  // Ids are checked because they become database names: nothing a client sends may pick a database.
  if (!isCompanyId(companyId)) throw new Error(`invalid company id: ${companyId}`);
  return `co_${companyId}_${kind}`;
}

/** The company and kind of a company database's name; null for any other name. */
export function companyDbOf(name: string): { companyId: string; kind: CompanyDbKind } | null {
  const match = /^co_([a-z][a-z0-9]{2,30})_([a-z]+)$/.exec(name);
  const kind = COMPANY_DB_KINDS.find((k) => k === match?.[2]);
  return match && kind ? { companyId: match[1], kind } : null;
}

/**
 * Design documents and indexes each database needs. Features add theirs here, next to the
 * database they query, so that `ensure` at start creates everything in one place.
 */
const globalSpecs: DatabaseSpec[] = [];
const companySpecs = new Map<CompanyDbKind, Omit<DatabaseSpec, 'name'>>();

export function registerGlobalDatabase(spec: DatabaseSpec): void {
  const existing = globalSpecs.find((s) => s.name === spec.name);
  if (existing) {
    existing.design = [...(existing.design ?? []), ...(spec.design ?? [])];
    existing.indexes = [...(existing.indexes ?? []), ...(spec.indexes ?? [])];
    existing.retired = [...(existing.retired ?? []), ...(spec.retired ?? [])];
  } else {
    globalSpecs.push({ ...spec });
  }
}

export function registerCompanyDatabase(kind: CompanyDbKind, spec: Omit<DatabaseSpec, 'name'>): void {
  const existing = companySpecs.get(kind) ?? {};
  companySpecs.set(kind, {
    design: [...(existing.design ?? []), ...(spec.design ?? [])],
    indexes: [...(existing.indexes ?? []), ...(spec.indexes ?? [])],
    retired: [...(existing.retired ?? []), ...(spec.retired ?? [])],
  });
}

export function globalDatabaseSpecs(): DatabaseSpec[] {
  const named = new Set(globalSpecs.map((s) => s.name));
  const bare = Object.values(GLOBAL_DB)
    .filter((name) => !named.has(name))
    .map((name) => ({ name }));
  return [...globalSpecs, ...bare];
}

export function companyDatabaseSpecs(companyId: string): DatabaseSpec[] {
  return COMPANY_DB_KINDS.map((kind) => ({ name: companyDb(companyId, kind), ...(companySpecs.get(kind) ?? {}) }));
}
