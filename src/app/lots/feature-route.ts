import type { Route } from '@angular/router';
import type { Feature } from '../core/access/features';
import { permissionGuard } from '../core/guards/permission.guard';
import type { RouteAccess } from '../core/guards/route-access';

/** A lazy, permission-guarded route to a feature's screen (same path and access as the menu entry). */
export function featureRoute(feature: Feature, loadComponent: Route['loadComponent'], extra: Partial<Route> = {}): Route {
  const access: RouteAccess = { anyOf: feature.anyOf, role: feature.role };
  return {
    path: feature.segment,
    title: feature.labelKey,
    canMatch: [permissionGuard],
    data: access,
    loadComponent,
    ...extra,
  };
}
