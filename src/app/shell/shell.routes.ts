import type { Routes } from '@angular/router';
import { SECTIONS } from '../core/access/features';

/** Children of the authenticated shell; each section is its own lazy chunk. */
export default [
  { path: '', pathMatch: 'full', title: 'shell.home', loadComponent: () => import('./home/home.page') },
  { path: SECTIONS.operations, loadChildren: () => import('../operations/operations.routes') },
  { path: SECTIONS.queries, loadChildren: () => import('../queries/queries.routes') },
  { path: SECTIONS.services, loadChildren: () => import('../services/services.routes') },
  { path: SECTIONS.reports, loadChildren: () => import('../reports/reports.routes') },
  { path: SECTIONS.configuration, loadChildren: () => import('../configuration/configuration.routes') },
  { path: SECTIONS.operator, loadChildren: () => import('../operator/operator.routes') },
  { path: SECTIONS.profile, title: 'nav.profile', loadComponent: () => import('../profile/profile.page') },
] satisfies Routes;
