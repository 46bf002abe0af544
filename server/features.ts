import type { Router } from 'express';
import type { ServerContext } from './context';

/**
 * Each feature folder contributes routes (mounted under /api/v1) and, optionally, work to do once
 * the store is ready (resume unfinished work, seed). Built in server/bootstrap.ts.
 */
export interface RouteMount {
  path: string;
  router: Router;
}

export interface Features {
  routes: RouteMount[];
  /** background workers and the like, stopped on shutdown */
  stop(): Promise<void>;
  /** once the server listens: background work that must not delay the first answer */
  listening?(): void;
}

export type FeatureFactory = (ctx: ServerContext) => Promise<Partial<Features>> | Partial<Features>;
