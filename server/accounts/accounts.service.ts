import { PERMISSIONS, type Permission } from '../../src/domain/permissions';
import type { CompanyMembership, SessionUser } from '../../src/domain/session';
import { hashPassword } from '../auth/passwords';
import { ensureCompanyDatabases } from '../bootstrap';
import { conflict, invalid } from '../common/domain-error';
import type { ServerContext } from '../context';
import type { Stored } from '../store/documents';
import {
  BranchInputSchema,
  branchDocId,
  CompanyInputSchema,
  companyDocId,
  isUserId,
  MembershipSchema,
  normalizeUserId,
  ProductInputSchema,
  productDocId,
  userDocId,
  type BranchInput,
  type CompanyDoc,
  type CompanyInput,
  type Membership,
  type ProductInput,
  type UserDoc,
} from './accounts.model';
import * as store from './accounts.store';

/**
 * Companies, products, branches and users: the rules. Creation is exactly-once by deterministic id
 * (a second create of the same id answers "exists", which seeding treats as done).
 */
export async function createCompany(ctx: ServerContext, input: CompanyInput): Promise<'created' | 'exists'> {
  const data = CompanyInputSchema.parse(input);
  const at = ctx.now().toISOString();
  // Databases first: a company doc never exists without its databases (a crash in between is
  // repaired by the next create or the start-up pass, both idempotent).
  await ensureCompanyDatabases(ctx, data.id);
  return store.insertCompany(ctx, { _id: companyDocId(data.id), type: 'company', ...data, createdAt: at, updatedAt: at });
}

export async function createProduct(ctx: ServerContext, companyId: string, input: ProductInput) {
  const data = ProductInputSchema.parse(input);
  if (!(await store.getCompany(ctx, companyId))) throw invalid('UNKNOWN_COMPANY', 'La empresa no existe.');
  const at = ctx.now().toISOString();
  return store.insertProduct(ctx, {
    _id: productDocId(companyId, data.code),
    type: 'product',
    companyId,
    ...data,
    createdAt: at,
    updatedAt: at,
  });
}

export async function createBranch(ctx: ServerContext, companyId: string, input: BranchInput) {
  const data = BranchInputSchema.parse(input);
  const at = ctx.now().toISOString();
  return store.insertBranch(ctx, companyId, { _id: branchDocId(data.code), type: 'branch', ...data, createdAt: at, updatedAt: at });
}

export async function setCompanyDeviceCodePolicy(ctx: ServerContext, companyId: string, required: boolean) {
  await store.updateCompany(ctx, companyId, (c) =>
    c.newDeviceCodeRequired === required ? null : { ...c, newDeviceCodeRequired: required, updatedAt: ctx.now().toISOString() },
  );
}

export interface NewUser {
  userId: string;
  role: 'operator' | 'company';
  name: string;
  email: string | null;
  password: string;
  /** true when someone else sets the password: the user must change it at first sign-in */
  mustChangePassword: boolean;
  memberships?: Membership[];
}

/** Creates a user; the caller checks the password policy when the password comes from a person. */
export async function createUser(ctx: ServerContext, input: NewUser): Promise<'created' | 'exists'> {
  const userId = normalizeUserId(input.userId);
  if (!isUserId(userId)) throw invalid('INVALID_USER_ID', 'El usuario debe tener de 3 a 30 caracteres: letras, números, punto, guion o guion bajo.');
  const memberships = (input.memberships ?? []).map((m) => MembershipSchema.parse(m));
  if (input.role === 'operator' && memberships.length > 0) throw invalid('INVALID_MEMBERSHIP', 'Un operador no pertenece a empresas.');
  for (const m of memberships) {
    if (!(await store.getCompany(ctx, m.companyId))) throw invalid('UNKNOWN_COMPANY', 'La empresa no existe.');
  }
  if (await store.getUser(ctx, userId)) return 'exists';
  const hash = await hashPassword(ctx, input.password);
  const at = ctx.now().toISOString();
  const doc: UserDoc = {
    _id: userDocId(userId),
    type: 'user',
    userId,
    role: input.role,
    name: input.name,
    email: input.email ? input.email.trim().toLowerCase() : null,
    passwordHash: hash,
    passwordHistory: [hash],
    passwordChangedAt: at,
    mustChangePassword: input.mustChangePassword,
    failedAttempts: 0,
    lockedAt: null,
    status: 'active',
    memberships,
    devices: [],
    createdAt: at,
    updatedAt: at,
  };
  return store.insertUser(ctx, doc);
}

export async function assertUserIsNew(ctx: ServerContext, userId: string) {
  if (await store.getUser(ctx, userId)) throw conflict('USER_EXISTS', 'El usuario ya existe.');
}

/** Companies the user may act for, with products and permissions (operators: all, every permission). */
export async function membershipsOf(ctx: ServerContext, user: UserDoc): Promise<CompanyMembership[]> {
  let companies: Stored<CompanyDoc>[];
  let permissionsOf: (companyId: string) => Permission[];
  if (user.role === 'operator') {
    companies = await store.listCompanies(ctx);
    permissionsOf = () => [...PERMISSIONS];
  } else {
    const found = await Promise.all(user.memberships.map((m) => store.getCompany(ctx, m.companyId)));
    companies = found.filter((c): c is Stored<CompanyDoc> => !!c);
    permissionsOf = (id) => [...(user.memberships.find((m) => m.companyId === id)?.permissions ?? [])];
  }
  companies = companies.filter((c) => c.status === 'active');
  const products = await store.listProducts(ctx, companies.map((c) => c.id));
  return companies.map((c) => ({
    id: c.id,
    taxId: c.taxId,
    name: c.legalName,
    products: products
      .filter((p) => p.companyId === c.id && p.status === 'active')
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((p) => ({ code: p.code, name: p.name, kind: p.kind })),
    permissions: permissionsOf(c.id),
  }));
}

export async function sessionUserOf(ctx: ServerContext, user: UserDoc): Promise<SessionUser> {
  return {
    userId: user.userId,
    name: user.name,
    ...(user.email ? { email: user.email } : {}),
    role: user.role,
    companies: await membershipsOf(ctx, user),
  };
}

/** Permissions a user holds in one company; operators hold all of them everywhere. */
export function permissionsIn(user: UserDoc, companyId: string): Permission[] | null {
  if (user.role === 'operator') return [...PERMISSIONS];
  return user.memberships.find((m) => m.companyId === companyId)?.permissions ?? null;
}
