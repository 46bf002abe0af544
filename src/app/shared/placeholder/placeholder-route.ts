import type { Route } from '@angular/router';
import type { Feature } from '../../core/access/features';
import { permissionGuard } from '../../core/guards/permission.guard';
import type { RouteAccess } from '../../core/guards/route-access';

/** A lazy, permission-guarded route to the placeholder page; a later issue swaps in the real screen. */
export function placeholderRoute(feature: Feature): Route {
  const access: RouteAccess = { anyOf: feature.anyOf, role: feature.role };
  return {
    path: feature.segment,
    title: feature.labelKey,
    canMatch: [permissionGuard],
    data: {
      ...access,
      titleKey: feature.labelKey,
      descriptionKey: feature.descriptionKey,
      icon: feature.icon,
    },
    loadComponent: () => import('./placeholder.page'),
  };
}
