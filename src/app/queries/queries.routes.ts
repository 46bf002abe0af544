import type { Routes } from '@angular/router';
import { FEATURES } from '../core/access/features';
import { featureRoute } from '../lots/feature-route';

/** Chapter 4 — queries: service orders and lots, each with a detail page under the same access. */
export default [
  featureRoute(FEATURES.serviceOrders, () => import('../orders/list/orders.page')),
  featureRoute(FEATURES.serviceOrders, () => import('../orders/detail/order-detail.page'), {
    path: `${FEATURES.serviceOrders.segment}/:orderId`,
  }),
  featureRoute(FEATURES.lots, () => import('../lots/query/lots.page')),
  featureRoute(FEATURES.lots, () => import('../lots/detail/lot-detail.page'), { path: `${FEATURES.lots.segment}/:lotId` }),
] satisfies Routes;
