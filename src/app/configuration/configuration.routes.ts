import type { Routes } from '@angular/router';
import { FEATURES } from '../core/access/features';
import { featureRoute } from '../lots/feature-route';
import { placeholderRoute } from '../shared/placeholder/placeholder-route';

/** Downloads is built; the others are placeholders until the issues that build these screens replace them (same paths, same access). */
export default [
  placeholderRoute(FEATURES.companyInfo),
  placeholderRoute(FEATURES.users),
  placeholderRoute(FEATURES.branches),
  featureRoute(FEATURES.downloads, () => import('./downloads/downloads.page')),
  featureRoute(FEATURES.apiKeys, () => import('./api-keys/api-keys.page')),
] satisfies Routes;
