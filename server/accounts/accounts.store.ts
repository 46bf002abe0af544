import type nano from 'nano';
import type { ServerContext } from '../context';
import { companyDb, GLOBAL_DB, registerGlobalDatabase } from '../store/databases';
import { createOnce, getOrNull, isConflict, updateDoc, type Stored } from '../store/documents';
import {
  branchDocId,
  companyDocId,
  OPERATOR_SETTINGS_ID,
  productDocId,
  userDocId,
  type BranchDoc,
  type CompanyDoc,
  type OperatorSettingsDoc,
  type ProductDoc,
  type UserDoc,
} from './accounts.model';

/** CouchDB access for companies, products, branches and users. Nothing here decides anything. */
registerGlobalDatabase({
  name: GLOBAL_DB.companies,
  indexes: [
    { name: 'companies-by-type', fields: ['type', 'id'] },
    { name: 'products-by-company', fields: ['type', 'companyId', 'code'] },
    { name: 'companies-by-taxid', fields: ['type', 'taxId'] },
  ],
});
registerGlobalDatabase({
  name: GLOBAL_DB.users,
  indexes: [
    { name: 'users-by-email', fields: ['type', 'email'] },
    { name: 'users-by-role', fields: ['type', 'role'] },
  ],
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyScope = nano.DocumentScope<any>;
const companiesDb = <T extends object = { _id: string; type: string }>(ctx: ServerContext) =>
  ctx.store.use<T>(GLOBAL_DB.companies);
const usersDb = (ctx: ServerContext) => ctx.store.use<UserDoc>(GLOBAL_DB.users);
const branchesDb = (ctx: ServerContext, companyId: string) =>
  ctx.store.use<BranchDoc>(companyDb(companyId, 'branches'));

async function findAll<T>(db: AnyScope, selector: nano.MangoSelector, sort?: nano.SortOrder[]) {
  const out: T[] = [];
  let bookmark: string | undefined;
  for (;;) {
    const answer = await db.find({ selector, limit: 1000, ...(sort ? { sort } : {}), ...(bookmark ? { bookmark } : {}) });
    out.push(...(answer.docs as T[]));
    if (answer.docs.length < 1000) return out;
    bookmark = answer.bookmark;
  }
}

// ---- companies and products -----------------------------------------------------------------

export const getCompany = (ctx: ServerContext, companyId: string) =>
  getOrNull(companiesDb(ctx), companyDocId(companyId)) as Promise<Stored<CompanyDoc> | null>;

export const insertCompany = (ctx: ServerContext, doc: CompanyDoc) =>
  createOnce(companiesDb<CompanyDoc>(ctx), doc);

export const updateCompany = (ctx: ServerContext, companyId: string, change: (c: Stored<CompanyDoc>) => CompanyDoc | null) =>
  updateDoc(companiesDb<CompanyDoc>(ctx), companyDocId(companyId), (c) =>
    change(c) as Stored<CompanyDoc> | null,
  );

export const listCompanies = (ctx: ServerContext) =>
  findAll<Stored<CompanyDoc>>(companiesDb(ctx), { type: 'company', id: { $gt: null } }, [
    { type: 'asc' },
    { id: 'asc' },
  ]);

export async function findCompanyByTaxId(ctx: ServerContext, taxId: string): Promise<Stored<CompanyDoc>[]> {
  return findAll(companiesDb(ctx), { type: 'company', taxId });
}

export const getProduct = (ctx: ServerContext, companyId: string, code: string) =>
  getOrNull(companiesDb(ctx), productDocId(companyId, code)) as Promise<Stored<ProductDoc> | null>;

export const insertProduct = (ctx: ServerContext, doc: ProductDoc) =>
  createOnce(companiesDb<ProductDoc>(ctx), doc);

export async function listProducts(ctx: ServerContext, companyIds: string[]): Promise<Stored<ProductDoc>[]> {
  if (companyIds.length === 0) return [];
  return findAll(companiesDb(ctx), { type: 'product', companyId: { $in: companyIds }, code: { $gt: null } });
}

export const getOperatorSettings = (ctx: ServerContext) =>
  getOrNull(companiesDb(ctx), OPERATOR_SETTINGS_ID) as Promise<Stored<OperatorSettingsDoc> | null>;

export const insertOperatorSettings = (ctx: ServerContext, doc: OperatorSettingsDoc) =>
  createOnce(companiesDb<OperatorSettingsDoc>(ctx), doc);

// ---- branches ---------------------------------------------------------------------------------

export const insertBranch = (ctx: ServerContext, companyId: string, doc: BranchDoc) =>
  createOnce(branchesDb(ctx, companyId), doc);

export const getBranch = (ctx: ServerContext, companyId: string, code: string) =>
  getOrNull(branchesDb(ctx, companyId), branchDocId(code));

/** Every branch of a company (a few hundred at most), ordered by code. */
export async function listBranches(ctx: ServerContext, companyId: string): Promise<Stored<BranchDoc>[]> {
  const answer = await branchesDb(ctx, companyId).list({ include_docs: true, startkey: 'branch:', endkey: 'branch:\ufff0' });
  return answer.rows.map((r) => r.doc).filter((d): d is Stored<BranchDoc> => !!d && d.type === 'branch');
}

export const updateBranch = (ctx: ServerContext, companyId: string, code: string, change: (b: Stored<BranchDoc>) => BranchDoc | null) =>
  updateDoc(branchesDb(ctx, companyId), branchDocId(code), (b) => change(b) as Stored<BranchDoc> | null);

// ---- users ------------------------------------------------------------------------------------

export const getUser = (ctx: ServerContext, userId: string) => getOrNull(usersDb(ctx), userDocId(userId));

export const insertUser = (ctx: ServerContext, doc: UserDoc) => createOnce(usersDb(ctx), doc);

/** MVCC read-check-write on one user (failed-attempt counter, lockout, password): retried on 409. */
export const updateUser = (ctx: ServerContext, userId: string, change: (u: Stored<UserDoc>) => UserDoc | null) =>
  updateDoc(usersDb(ctx), userDocId(userId), (u) => change(u) as Stored<UserDoc> | null);

/** Company users holding a membership of the company (operators belong to none). */
export async function listUsersOfCompany(ctx: ServerContext, companyId: string): Promise<Stored<UserDoc>[]> {
  const users = await findAll<Stored<UserDoc>>(usersDb(ctx), {
    type: 'user',
    role: 'company',
    memberships: { $elemMatch: { companyId } },
  });
  return users.sort((a, b) => a.userId.localeCompare(b.userId));
}

export async function findUsersByEmail(ctx: ServerContext, email: string): Promise<Stored<UserDoc>[]> {
  return findAll(usersDb(ctx), { type: 'user', email });
}

export const updateProduct = (ctx: ServerContext, companyId: string, code: string, change: (p: Stored<ProductDoc>) => ProductDoc | null) =>
  updateDoc(companiesDb<ProductDoc>(ctx), productDocId(companyId, code), (p) => change(p) as Stored<ProductDoc> | null);

/**
 * A start-up pass over every company that need not run again once it ran to the end (completing
 * the databases to a layout, a one-time backfill): its marker is a `_local` document of the companies
 * database — never replicated, and never listed with the companies.
 */
export const getStartUpPassMarker = <T extends object>(ctx: ServerContext, pass: string) =>
  getOrNull(companiesDb<T & { _id: string }>(ctx), `_local/${pass}`) as Promise<(T & { _rev: string }) | null>;

export async function putStartUpPassMarker<T extends object>(ctx: ServerContext, pass: string, marker: T): Promise<void> {
  const db = companiesDb<T & { _id: string }>(ctx);
  for (let attempt = 0; attempt < 5; attempt++) {
    const old = await getStartUpPassMarker<T>(ctx, pass);
    try {
      await db.insert({ ...marker, _id: `_local/${pass}`, ...(old ? { _rev: old._rev } : {}) });
      return;
    } catch (err) {
      if (!isConflict(err)) throw err; // another instance finished the same pass at the same moment
    }
  }
}
