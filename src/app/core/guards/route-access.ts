import type { Permission, Role } from '../../../domain/permissions';

/** Route `data` read by permissionGuard. */
export interface RouteAccess {
  anyOf?: readonly Permission[];
  role?: Role;
}
