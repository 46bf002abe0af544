import type { Routes } from '@angular/router';
import { FEATURES } from '../core/access/features';
import { featureRoute } from '../lots/feature-route';

/** Configuración (PRODUCT.md chapter 2): general information, users, branches, downloads. */
export default [
  featureRoute(FEATURES.companyInfo, () => import('./company/company-info.page')),
  featureRoute(FEATURES.users, () => import('./users/users.page')),
  featureRoute(FEATURES.branches, () => import('./branches/branches.page')),
  featureRoute(FEATURES.downloads, () => import('./downloads/downloads.page')),
  featureRoute(FEATURES.apiKeys, () => import('./api-keys/api-keys.page')),
] satisfies Routes;
