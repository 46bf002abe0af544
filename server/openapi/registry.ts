import type { RequestHandler, Response, Router } from 'express';
import { idempotencyLayer } from '../idempotency/idempotency.layer';
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
  /**
   * `X-Api-Key` accepted (ERP clients, server/api-keys)? Defaults to the operations tagged with
   * KEY_TAGS; the key's company and permissions still apply.
   */
  apiKey?: boolean;
  /**
   * `own`: the operation handles `Idempotency-Key` itself (document-level, e.g. lot upload, master
   * transfers) and the generic layer (server/idempotency) leaves it alone.
   */
  idempotency?: 'own';
}

/** The operations an ERP may call with an API key (PRODUCT.md "ERP integration"): lots, orders, cards, reports. */
export const KEY_TAGS: ReadonlySet<string> = new Set(['lots', 'orders', 'cards', 'reports']);

export function acceptsApiKey(op: ApiOperation): boolean {
  return op.auth === 'bearer' && (op.apiKey ?? KEY_TAGS.has(op.tag));
}

const WRITES: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch', 'delete']);

/** Writes of signed-in callers take `Idempotency-Key` through the generic layer unless they handle it themselves. */
export function usesIdempotencyLayer(op: ApiOperation): boolean {
  return WRITES.has(op.method) && op.auth !== 'none' && op.idempotency !== 'own';
}

/** The operation a request matched (set by mountOperation), for the middleware that depends on it. */
export function operationOf(res: Response): ApiOperation | undefined {
  return res.locals.apiOperation as ApiOperation | undefined;
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

/**
 * Mounts a declared operation on a router. The request is tagged with its operation first (the
 * auth middleware reads whether it takes API keys), and a write's last handler — the one that does
 * the work, after authentication and permission checks — runs behind the idempotency layer.
 */
export function mountOperation(router: Router, op: ApiOperation, ...handlers: RequestHandler[]): void {
  const tag: RequestHandler = (_req, res, next) => {
    res.locals.apiOperation = op;
    next();
  };
  const work = handlers.at(-1);
  const guards = handlers.slice(0, -1);
  const layered = work && usesIdempotencyLayer(op) ? [...guards, idempotencyLayer, work] : handlers;
  router[op.method](op.path, tag, ...layered);
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
