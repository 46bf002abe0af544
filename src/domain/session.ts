import type { Permission } from './permissions';

/** What the sign-in answer tells the client about the user (API.md "Sign-in"). */
/** What a product is for (a meal, gift or payroll program). */
export const PRODUCT_KINDS = ['meal', 'gift', 'payroll', 'other'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export interface CompanyProductSummary {
  code: string;
  name: string;
  kind: ProductKind;
}

export interface CompanyMembership {
  id: string;
  taxId: string;
  name: string;
  products: CompanyProductSummary[];
  permissions: Permission[];
}

export interface SessionUser {
  userId: string;
  name: string;
  email?: string;
  role: 'operator' | 'company';
  companies: CompanyMembership[];
}

export interface LoginAnswer {
  accessToken: string;
  refreshToken: string;
  mustChangePassword: boolean;
  user: SessionUser;
}

export interface RefreshAnswer {
  accessToken: string;
  refreshToken: string;
}

/** Password policy (PRODUCT.md chapter 1): shared so the form tells the rule before the server does. */
export const PASSWORD_POLICY = { minLength: 8, maxLength: 64, historySize: 5, maxAgeDays: 90 } as const;
