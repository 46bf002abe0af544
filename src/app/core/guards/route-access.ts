import type { Role } from '../../../domain/permissions';
import type { Permission } from '../../../domain/permissions';

/** Route `data` read by permissionGuard. */
export interface RouteAccess {
  anyOf?: readonly Permission[];
  role?: Role;
}
