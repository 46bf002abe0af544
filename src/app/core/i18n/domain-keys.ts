import type { Permission, Role } from '../../../domain/permissions';
import type { CompanyProductSummary } from '../../../domain/session';
import type { MessageKey } from './es';

// Template-literal types: the compiler fails here if the catalogue misses a permission, role or kind.
export const permissionKey = (permission: Permission): MessageKey => `permission.${permission}`;
export const roleKey = (role: Role): MessageKey => `role.${role}`;
export const productKindKey = (kind: CompanyProductSummary['kind']): MessageKey => `productKind.${kind}`;
