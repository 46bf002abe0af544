import type { RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { ServerContext } from '../context';
import type { RouteMount } from '../features';

/**
 * Every API operation is declared once, with the zod schemas its handler parses; the route is
 * mounted from the declaration and the OpenAPI document is generated from it, so the two cannot drift.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiOperation {
  method: HttpMethod;
  /** Express path relative to /api/v1, e.g. `/users/:userId/unlock` */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** `bearer-limited`: also callable with the token of a user who must change their password */
  auth: 'none' | 'bearer' | 'bearer-limited';
  body?: z.ZodType;
  query?: z.ZodType;
  success: { status: number; description: string; schema?: z.ZodType };
  /** statuses of the error answers this operation can give (bodies are always ApiError) */
  errors: number[];
}

const operations = new Map<string, ApiOperation>();

export function defineOperation<O extends ApiOperation>(op: O): O {
  const key = `${op.method} ${op.path}`;
  const known = operations.get(key);
  if (known && known !== op) throw new Error(`operation declared twice: ${key}`);
  operations.set(key, op);
  return op;
}

export function apiOperations(): ApiOperation[] {
  return [...operations.values()];
}

/** Mounts a declared operation on a router. */
export function mountOperation(router: Router, op: ApiOperation, ...handlers: RequestHandler[]): void {
  router[op.method](op.path, ...handlers);
}

/** The feature routers mounted for a server, kept so the document can be checked against them. */
export const mountedFeatureRoutes = new WeakMap<ServerContext, RouteMount[]>();

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

/** "METHOD /path" of every route an Express router really serves (walks nested routers). */
export function routesOfRouter(router: unknown, prefix = ''): string[] {
  const found: string[] = [];
  for (const layer of (router as { stack?: LayerLike[] }).stack ?? []) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') found.push(`${method} ${join(prefix, layer.route.path)}`);
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '';
      found.push(...routesOfRouter(layer.handle, join(prefix, mount)));
    }
  }
  return found;
}

function join(a: string, b: string): string {
  const joined = `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}
