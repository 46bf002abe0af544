import type { Routes } from '@angular/router';
import { FEATURES } from '../core/access/features';
import { featureRoute } from '../lots/feature-route';

/** Chapter 8 — the reports catalogue and one report (filters, table, chart, exports), `reports.view`. */
export default [
  featureRoute(FEATURES.reports, () => import('./catalogue/reports-catalogue.page')),
  featureRoute(FEATURES.reports, () => import('./report/report.page'), { path: ':reportId' }),
] satisfies Routes;
