import { inject } from '@angular/core';
import { type CanMatchFn, Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { canAccess } from '../access/access-rules';
import { selectGrantedPermissions } from '../context/context.selectors';
import { selectRole } from '../session/session.selectors';
import type { RouteAccess } from './route-access';

/** Reads `data: RouteAccess` and checks it against the selected company's permissions and the role. */
export const permissionGuard: CanMatchFn = (route) => {
  const store = inject(Store);
  const access = (route.data ?? {}) as RouteAccess;
  const roleOk = !access.role || store.selectSignal(selectRole)() === access.role;
  const permissionOk = canAccess(store.selectSignal(selectGrantedPermissions)(), access.anyOf);
  return (roleOk && permissionOk) || inject(Router).parseUrl('/');
};
