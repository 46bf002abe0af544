import { z } from 'zod';
import { PERMISSIONS, type Permission, type Role } from '../../src/domain/permissions';
import { PRODUCT_KINDS } from '../../src/domain/session';
import { ACTIVE_STATUSES, type ActiveStatus, type UserStatus } from '../../src/domain/statuses';
import { DEFAULT_TRANSFER_SETTINGS, TransferSettingsSchema } from '../../src/domain/transfers/transfer-settings';

/**
 * The accounts model: companies, their products and branches, and users with their memberships.
 *
 * Layout (deterministic ids, DESIGN.md 1):
 *   ce_companies  company:<companyId> · product:<companyId>:<code> · settings:operators · seed:complete
 *   ce_users      user:<userId>
 *   co_<companyId>_branches  branch:<code>
 */
export const COMPANY_ID_PATTERN = /^[a-z][a-z0-9]{2,30}$/;
/** user ids are normalised to lowercase: 3–30 characters of a-z 0-9 . _ - */
export const USER_ID_PATTERN = /^[a-z0-9._-]{3,30}$/;
export const PRODUCT_CODE_PATTERN = /^[A-Z0-9]{2,10}$/;
export const BRANCH_CODE_PATTERN = /^[A-Za-z0-9]{1,10}$/;
/** Venezuelan RIF-like tax id: a letter and 9 digits (J000000001). */
export const TAX_ID_PATTERN = /^[VEJPG][0-9]{9}$/;

export function normalizeUserId(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isUserId(value: string): boolean {
  return USER_ID_PATTERN.test(value);
}

export const userDocId = (userId: string) => `user:${userId}`;
export const companyDocId = (companyId: string) => `company:${companyId}`;
export const productDocId = (companyId: string, code: string) => `product:${companyId}:${code}`;
export const branchDocId = (code: string) => `branch:${code}`;
export const OPERATOR_SETTINGS_ID = 'settings:operators';


const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const basisPoints = z.number().int().min(0).max(10_000);
const text = (max: number) => z.string().trim().min(1).max(max);

export const CompanyInputSchema = z.strictObject({
  id: z.string().regex(COMPANY_ID_PATTERN, 'Identificador de empresa inválido.'),
  taxId: z.string().regex(TAX_ID_PATTERN, 'RIF inválido.'),
  legalName: text(200),
  tradeName: text(200),
  address: text(400),
  phone: text(40),
  contact: z.strictObject({ name: text(120), email: z.email().max(254), phone: text(40).optional() }),
  authorizationPolicy: z.strictObject({ signaturesRequired: z.number().int().min(0).max(2) }),
  newDeviceCodeRequired: z.boolean().default(true),
  status: z.enum(ACTIVE_STATUSES).default('active'),
});
export type CompanyInput = z.input<typeof CompanyInputSchema>;

export const ProductInputSchema = z.strictObject({
  code: z.string().regex(PRODUCT_CODE_PATTERN, 'Código de producto inválido.'),
  name: text(120),
  kind: z.enum(PRODUCT_KINDS),
  /** placeholder BIN (first 6 digits of the cards' numbers); the issuer assigns the real one */
  bin: z.string().regex(/^[0-9]{6}$/),
  limits: z.strictObject({
    maxLoadCents: cents,
    maxRechargeCents: cents,
    maxRecordsPerFile: z.number().int().min(1).max(10_000_000),
    dailyCardsIssued: z.number().int().min(1).nullable().default(null),
    dailyAmountCents: cents.nullable().default(null),
    monthlyAmountCents: cents.nullable().default(null),
  }),
  fees: z.strictObject({
    issuanceFeeCents: cents,
    commissionBasisPoints: basisPoints,
    taxBasisPoints: basisPoints,
  }),
  /** master transfers: fee per transfer and limits (src/domain/transfers/transfer-settings.ts) */
  transfers: TransferSettingsSchema.default(DEFAULT_TRANSFER_SETTINGS),
  status: z.enum(ACTIVE_STATUSES).default('active'),
});
export type ProductInput = z.input<typeof ProductInputSchema>;

/** What the operator may change on an existing product: name, fee schedule and tax, limits, transfer settings (each part whole). */
export const ProductPatchSchema = z.strictObject({
  name: ProductInputSchema.shape.name.optional(),
  fees: ProductInputSchema.shape.fees.optional(),
  limits: ProductInputSchema.shape.limits.optional(),
  transfers: TransferSettingsSchema.optional(),
});
export type ProductPatch = z.output<typeof ProductPatchSchema>;

export const BranchInputSchema = z.strictObject({
  code: z.string().regex(BRANCH_CODE_PATTERN),
  name: text(120),
  city: text(80).optional(),
  address: text(400).optional(),
  // the SUC lot's fields (LOT-FILES.md), so a branch edited by hand keeps what a lot loaded
  state: text(40).optional(),
  phone: z.string().regex(/^\+?[0-9]{7,15}$/, 'Teléfono: de 7 a 15 dígitos, opcionalmente precedidos de "+".').optional(),
  contact: text(60).optional(),
});
export type BranchInput = z.input<typeof BranchInputSchema>;

/** A branch created by hand: the same code rule as the SUC lot (A-Z 0-9, upper-cased) and its lengths. */
export const BranchCreateSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{1,10}$/, 'Código de sucursal: de 1 a 10 caracteres A-Z y 0-9.'),
  name: text(60),
  address: text(120).optional(),
  city: text(40).optional(),
  state: text(40).optional(),
  phone: BranchInputSchema.shape.phone,
  contact: text(60).optional(),
});
export type BranchCreate = z.output<typeof BranchCreateSchema>;

/** Editing a branch: everything but its code; `null` clears an optional field. */
export const BranchPatchSchema = z
  .strictObject({
    name: text(60).optional(),
    address: text(120).nullable().optional(),
    city: text(40).nullable().optional(),
    state: text(40).nullable().optional(),
    phone: BranchInputSchema.shape.phone.unwrap().nullable().optional(),
    contact: text(60).nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Indique al menos un dato a cambiar.');
export type BranchPatch = z.output<typeof BranchPatchSchema>;

export const MembershipSchema = z.strictObject({
  companyId: z.string().regex(COMPANY_ID_PATTERN),
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
});

/** What a company's own manager (company.manage) may change: its contact data and its policies. */
const companyPatchShape = {
  tradeName: CompanyInputSchema.shape.tradeName.optional(),
  address: CompanyInputSchema.shape.address.optional(),
  phone: CompanyInputSchema.shape.phone.optional(),
  contact: CompanyInputSchema.shape.contact.optional(),
  authorizationPolicy: CompanyInputSchema.shape.authorizationPolicy.optional(),
  newDeviceCodeRequired: z.boolean().optional(),
};
export const CompanyPatchSchema = z
  .strictObject(companyPatchShape)
  .refine((p) => Object.keys(p).length > 0, 'Indique al menos un dato a cambiar.');
export type CompanyPatch = z.output<typeof CompanyPatchSchema>;

/** The operator may also change the legal name and switch the company on or off (the tax id stays). */
export const OperatorCompanyPatchSchema = z
  .strictObject({
    ...companyPatchShape,
    legalName: CompanyInputSchema.shape.legalName.optional(),
    status: z.enum(ACTIVE_STATUSES).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Indique al menos un dato a cambiar.');
export type OperatorCompanyPatch = z.output<typeof OperatorCompanyPatchSchema>;

/** A new company user: the password is generated (one-time) by the server, never chosen here. */
export const UserCreateSchema = z.strictObject({
  userId: z
    .string()
    .trim()
    .toLowerCase()
    .regex(USER_ID_PATTERN, 'El usuario debe tener de 3 a 30 caracteres: letras, números, punto, guion o guion bajo.'),
  name: text(120),
  email: z.email('Correo no válido.').max(254).toLowerCase(),
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
});
export type UserCreate = z.output<typeof UserCreateSchema>;

export const UserPatchSchema = z
  .strictObject({
    name: text(120).optional(),
    email: z.email('Correo no válido.').max(254).toLowerCase().optional(),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Indique al menos un dato a cambiar.');
export type UserPatch = z.output<typeof UserPatchSchema>;

export interface CompanyDoc {
  _id: string;
  _rev?: string;
  type: 'company';
  id: string;
  taxId: string;
  legalName: string;
  tradeName: string;
  address: string;
  phone: string;
  contact: { name: string; email: string; phone?: string };
  authorizationPolicy: { signaturesRequired: number };
  newDeviceCodeRequired: boolean;
  status: ActiveStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ProductDoc extends z.output<typeof ProductInputSchema> {
  _id: string;
  _rev?: string;
  type: 'product';
  companyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface BranchDoc extends z.output<typeof BranchInputSchema> {
  _id: string;
  _rev?: string;
  type: 'branch';
  createdAt: string;
  updatedAt: string;
}

export interface Membership {
  companyId: string;
  permissions: Permission[];
}

export interface KnownDevice {
  /** SHA-256 of the device id the app generated; the id itself is not kept */
  hash: string;
  addedAt: string;
}

export interface UserDoc {
  _id: string;
  _rev?: string;
  type: 'user';
  userId: string;
  role: Role;
  name: string;
  /** lowercase; recovery looks users up by it */
  email: string | null;
  passwordHash: string;
  /** the last hashes, newest first, the current one included (PASSWORD_POLICY.historySize) */
  passwordHistory: string[];
  passwordChangedAt: string;
  mustChangePassword: boolean;
  failedAttempts: number;
  lockedAt: string | null;
  status: UserStatus;
  memberships: Membership[];
  devices: KnownDevice[];
  createdAt: string;
  updatedAt: string;
}

export interface OperatorSettingsDoc {
  _id: typeof OPERATOR_SETTINGS_ID;
  _rev?: string;
  type: 'settings';
  newDeviceCodeRequired: boolean;
}

export type CompaniesDbDoc = CompanyDoc | ProductDoc | OperatorSettingsDoc | { _id: string; type: string };
