import type { Routes } from '@angular/router';
import { ACCESS } from '../core/access/access-rules';
import { FEATURES } from '../core/access/features';
import { permissionGuard } from '../core/guards/permission.guard';
import { featureRoute } from '../lots/feature-route';

/**
 * Servicios. Card query and pending requests read the device database (offline-first); the master
 * transfer is online-only.
 */
export default [
  featureRoute(FEATURES.masterTransfer, () => import('../transfers/transfer/master-transfer.page')),
  {
    path: FEATURES.cards.segment,
    canMatch: [permissionGuard],
    data: { anyOf: ACCESS.cards },
    children: [
      { path: '', title: FEATURES.cards.labelKey, loadComponent: () => import('../cards/roster/cards-roster.page') },
      { path: 'entrega', title: 'delivery.title', loadComponent: () => import('../cards/delivery/field-delivery.page') },
      { path: ':cardId', title: 'cards.detailTitle', loadComponent: () => import('../cards/detail/card-detail.page') },
    ],
  },
  {
    path: FEATURES.pendingRequests.segment,
    title: FEATURES.pendingRequests.labelKey,
    canMatch: [permissionGuard],
    data: { anyOf: ACCESS.pendingRequests },
    loadComponent: () => import('../requests/pending-requests.page'),
  },
] satisfies Routes;
