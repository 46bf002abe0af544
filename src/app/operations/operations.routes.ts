import type { Routes } from '@angular/router';
import { FEATURES } from '../core/access/features';
import { featureRoute } from '../lots/feature-route';

/** Chapter 3 — operations. Every screen is its own lazy chunk, guarded like its menu entry. */
export default [
  featureRoute(FEATURES.lotUpload, () => import('../lots/upload/lot-upload.page')),
  featureRoute(FEATURES.lotTray, () => import('../lots/tray/lot-tray.page')),
  featureRoute(FEATURES.lotAuthorization, () => import('../lots/authorization/lot-authorization.page')),
  featureRoute(FEATURES.serviceOrderCreate, () => import('../orders/create/order-create.page')),
  featureRoute(FEATURES.masterAccount, () => import('../transfers/master-account/master-account.page')),
] satisfies Routes;
