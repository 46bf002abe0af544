import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import type { Permission } from '../../../domain/permissions';
import type { ProductKind } from '../../../domain/session';
import type { ActiveStatus, UserStatus } from '../../../domain/statuses';
import { API_BASE } from '../../core/config';

/** The company as GET /companies/{id} answers it (server/accounts/companies.service.ts). */
export interface CompanyData {
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
export type CompanyPatch = Partial<Pick<CompanyData, 'tradeName' | 'address' | 'phone' | 'contact' | 'authorizationPolicy' | 'newDeviceCodeRequired'>>;
export type OperatorCompanyPatch = CompanyPatch & Partial<Pick<CompanyData, 'legalName' | 'status'>>;
export type NewCompany = Omit<CompanyData, 'status' | 'createdAt' | 'updatedAt'>;

export interface Branch {
  code: string;
  name: string;
  address: string | null;
  city: string | null;
  state: string | null;
  phone: string | null;
  contact: string | null;
  createdAt: string;
  updatedAt: string;
}
export type BranchFields = Omit<Branch, 'code' | 'createdAt' | 'updatedAt'>;

export interface CompanyUser {
  userId: string;
  name: string;
  email: string | null;
  status: UserStatus;
  locked: boolean;
  mustChangePassword: boolean;
  permissions: Permission[];
  otherCompanies: number;
  createdAt: string;
  updatedAt: string;
}
export interface NewUser {
  userId: string;
  name: string;
  email: string;
  permissions: Permission[];
}

/**
 * A product as the server answers it: every field of its schema. Groups (`fees`, `limits`, and any a
 * later issue adds) are objects of numbers; screens render them generically.
 */
export interface Product {
  code: string;
  name: string;
  kind: ProductKind;
  bin: string;
  status: ActiveStatus;
  updatedAt?: string;
  [group: string]: unknown;
}

const items = <T>(o: Observable<{ items: T[] }>) => o.pipe(map((a) => a.items));

/** Company configuration and user administration (API: /companies/{id}, /branches, /users). */
@Injectable({ providedIn: 'root' })
export class ConfigApi {
  private readonly http = inject(HttpClient);
  private company(companyId: string) {
    return `${API_BASE}/companies/${encodeURIComponent(companyId)}`;
  }

  getCompany(companyId: string): Observable<CompanyData> {
    return this.http.get<CompanyData>(this.company(companyId));
  }
  updateCompany(companyId: string, patch: CompanyPatch): Observable<CompanyData> {
    return this.http.patch<CompanyData>(this.company(companyId), patch);
  }
  products(companyId: string): Observable<Product[]> {
    return items(this.http.get<{ items: Product[] }>(`${this.company(companyId)}/products`));
  }

  branches(companyId: string): Observable<Branch[]> {
    return items(this.http.get<{ items: Branch[] }>(`${this.company(companyId)}/branches`));
  }
  createBranch(companyId: string, branch: Partial<BranchFields> & { code: string; name: string }): Observable<Branch> {
    return this.http.post<Branch>(`${this.company(companyId)}/branches`, branch);
  }
  updateBranch(companyId: string, code: string, patch: Partial<BranchFields>): Observable<Branch> {
    return this.http.patch<Branch>(`${this.company(companyId)}/branches/${encodeURIComponent(code)}`, patch);
  }

  users(companyId: string): Observable<CompanyUser[]> {
    return items(this.http.get<{ items: CompanyUser[] }>(`${this.company(companyId)}/users`));
  }
  createUser(companyId: string, user: NewUser): Observable<{ user: CompanyUser; temporaryPassword: string }> {
    return this.http.post<{ user: CompanyUser; temporaryPassword: string }>(`${this.company(companyId)}/users`, user);
  }
  updateUser(companyId: string, userId: string, patch: Partial<Omit<NewUser, 'userId'>>): Observable<CompanyUser> {
    return this.http.patch<CompanyUser>(`${this.company(companyId)}/users/${encodeURIComponent(userId)}`, patch);
  }
  setBlocked(companyId: string, userId: string, blocked: boolean): Observable<CompanyUser> {
    return this.http.post<CompanyUser>(`${this.company(companyId)}/users/${encodeURIComponent(userId)}/${blocked ? 'block' : 'unblock'}`, {});
  }
  unlock(userId: string): Observable<unknown> {
    return this.http.post(`${API_BASE}/users/${encodeURIComponent(userId)}/unlock`, {});
  }
  resetPassword(userId: string): Observable<{ temporaryPassword: string }> {
    return this.http.post<{ temporaryPassword: string }>(`${API_BASE}/users/${encodeURIComponent(userId)}/password-reset`, {});
  }
}

/** Operator-only routes: every company, company creation and status, products. */
@Injectable({ providedIn: 'root' })
export class OperatorApi {
  private readonly http = inject(HttpClient);

  companies(): Observable<CompanyData[]> {
    return items(this.http.get<{ items: CompanyData[] }>(`${API_BASE}/operator/companies`));
  }
  createCompany(company: NewCompany): Observable<CompanyData> {
    return this.http.post<CompanyData>(`${API_BASE}/operator/companies`, company);
  }
  updateCompany(companyId: string, patch: OperatorCompanyPatch): Observable<CompanyData> {
    return this.http.patch<CompanyData>(`${API_BASE}/operator/companies/${encodeURIComponent(companyId)}`, patch);
  }
  createProduct(companyId: string, product: Record<string, unknown>): Observable<Product> {
    return this.http.post<Product>(`${API_BASE}/operator/companies/${encodeURIComponent(companyId)}/products`, product);
  }
  updateProduct(companyId: string, code: string, patch: Record<string, unknown>): Observable<Product> {
    return this.http.patch<Product>(`${API_BASE}/companies/${encodeURIComponent(companyId)}/products/${encodeURIComponent(code)}`, patch);
  }
}
