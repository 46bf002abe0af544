import type { Routes } from '@angular/router';
import { FEATURES } from '../core/access/features';
import { featureRoute } from '../lots/feature-route';

/** The operator's section: the console (companies, products, users, payments and invoices). */
export default [
  featureRoute(FEATURES.operatorConsole, () => import('./operator.page')),
  featureRoute(FEATURES.operatorPlastics, () => import('../cards/plastics/operator-plastics.page')),
] satisfies Routes;
