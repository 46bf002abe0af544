import type { Routes } from '@angular/router';
import { FEATURES } from '../core/access/features';
import { placeholderRoute } from '../shared/placeholder/placeholder-route';

/** Placeholders until the issues that build these screens replace them (same paths, same access). */
export default [
  placeholderRoute(FEATURES.reports),
] satisfies Routes;
